import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { checkInteger, checkLabels, checkName, propError } from './prop-checks';

/** How the API scales when an HPA owns the replica count. */
export interface ApiAutoscalerOptions {
  /**
   * Fewest replicas, also the floor during quiet hours.
   * @default 2
   */
  readonly minReplicas?: number;
  /**
   * Most replicas.
   * @default 10
   */
  readonly maxReplicas?: number;
  /**
   * Target average CPU utilisation, percent of the CPU request.
   * @default 70
   */
  readonly targetCpuPercent?: number;
  /**
   * Scale-up behaviour.
   * @default no stabilisation; per 15 s add the larger of 100% of the pods or 4 pods (Kubernetes' own scale-up default)
   */
  readonly scaleUp?: kplus.ScalingRules;
  /**
   * Scale-down behaviour.
   * @default 5 min stabilisation window; remove at most 50% of the pods per minute
   */
  readonly scaleDown?: kplus.ScalingRules;
}

export interface ApiAutoscalerProps extends ApiAutoscalerOptions {
  /** The Deployment to scale. It must not set `replicas`: the HPA owns the count. */
  readonly target: kplus.Deployment;
  /** HPA name (DNS-1123 subdomain). */
  readonly name: string;
  /** Labels of the HPA object. */
  readonly labels: Readonly<Record<string, string>>;
}

/** Default scale-up: react at once, double (or +4 pods) every 15 s, as Kubernetes does without `behavior`. */
export const DEFAULT_SCALE_UP: kplus.ScalingRules = {
  stabilizationWindow: Duration.seconds(0),
  strategy: kplus.ScalingStrategy.MAX_CHANGE,
  policies: [
    { replicas: kplus.Replicas.percent(100), duration: Duration.seconds(15) },
    { replicas: kplus.Replicas.absolute(4), duration: Duration.seconds(15) },
  ],
};

/**
 * Default scale-down: wait 5 min of lower recommendations (Kubernetes' window), then shed at most half
 * the pods per minute, so a traffic dip does not drop the warm pods all at once.
 */
export const DEFAULT_SCALE_DOWN: kplus.ScalingRules = {
  stabilizationWindow: Duration.minutes(5),
  strategy: kplus.ScalingStrategy.MAX_CHANGE,
  policies: [{ replicas: kplus.Replicas.percent(50), duration: Duration.minutes(1) }],
};

/**
 * A `autoscaling/v2` HorizontalPodAutoscaler on average CPU utilisation with an explicit `behavior`
 * (cdk8s-plus's defaults differ from Kubernetes', so both directions are set on purpose). Creating
 * it marks the target as autoscaled, which makes cdk8s-plus leave `spec.replicas` out of the
 * Deployment: a fixed count there would be re-applied by every `kubectl apply` and fight the HPA.
 */
export class ApiAutoscaler extends Construct {
  readonly hpa: kplus.HorizontalPodAutoscaler;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly targetCpuPercent: number;

  constructor(scope: Construct, id: string, props: ApiAutoscalerProps) {
    super(scope, id);
    const owner = 'ApiAutoscaler';
    checkName(owner, 'name', props.name, 'dns1123-subdomain');
    checkLabels(owner, 'labels', props.labels);
    this.minReplicas = checkInteger(owner, 'minReplicas', props.minReplicas ?? 2, 1, 1000);
    this.maxReplicas = checkInteger(owner, 'maxReplicas', props.maxReplicas ?? 10, 1, 1000);
    if (this.maxReplicas < this.minReplicas) {
      throw propError(owner, 'maxReplicas', `must be >= minReplicas (${this.minReplicas})`, this.maxReplicas);
    }
    this.targetCpuPercent = checkInteger(owner, 'targetCpuPercent', props.targetCpuPercent ?? 70, 1, 100);
    if (props.target.replicas !== undefined) {
      throw propError(
        owner,
        'target.replicas',
        'must be unset on an autoscaled Deployment (the HPA owns it)',
        props.target.replicas,
      );
    }
    this.hpa = new kplus.HorizontalPodAutoscaler(this, 'Resource', {
      metadata: { name: props.name, labels: { ...props.labels } },
      target: props.target,
      minReplicas: this.minReplicas,
      maxReplicas: this.maxReplicas,
      metrics: [kplus.Metric.resourceCpu(kplus.MetricTarget.averageUtilization(this.targetCpuPercent))],
      scaleUp: props.scaleUp ?? DEFAULT_SCALE_UP,
      scaleDown: props.scaleDown ?? DEFAULT_SCALE_DOWN,
    });
  }
}
