import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { checkInteger, checkLabels, checkName, propError } from './prop-checks';

export interface ApiDisruptionBudgetProps {
  /** PDB name (DNS-1123 subdomain). */
  readonly name: string;
  /** Labels of the PDB object. */
  readonly labels: Readonly<Record<string, string>>;
  /** Labels selecting the pods it protects (the Deployment's selector). */
  readonly selectorLabels: Readonly<Record<string, string>>;
  /**
   * Pods that voluntary disruptions (node drains, GKE upgrades) may take down at once. Zero is
   * refused: it would block every node drain.
   * @default 1
   */
  readonly maxUnavailable?: number;
  /**
   * `AlwaysAllow` lets a drain evict pods that are not ready anyway (crash-looping), so a broken pod
   * cannot stall a node upgrade; `IfHealthyBudget` counts them against the budget.
   * @default AlwaysAllow
   */
  readonly unhealthyPodEvictionPolicy?: 'AlwaysAllow' | 'IfHealthyBudget';
}

/**
 * A `policy/v1` PodDisruptionBudget for the API pods. cdk8s-plus-27 has no PDB construct, so this
 * uses the bundled L1 `k8s.KubePodDisruptionBudget`.
 */
export class ApiDisruptionBudget extends Construct {
  readonly resource: kplus.k8s.KubePodDisruptionBudget;
  readonly maxUnavailable: number;

  constructor(scope: Construct, id: string, props: ApiDisruptionBudgetProps) {
    super(scope, id);
    const owner = 'ApiDisruptionBudget';
    checkName(owner, 'name', props.name, 'dns1123-subdomain');
    checkLabels(owner, 'labels', props.labels);
    checkLabels(owner, 'selectorLabels', props.selectorLabels);
    if (Object.keys(props.selectorLabels).length === 0) {
      throw propError(
        owner,
        'selectorLabels',
        'must not be empty (an empty selector matches every pod)',
        props.selectorLabels,
      );
    }
    this.maxUnavailable = checkInteger(owner, 'maxUnavailable', props.maxUnavailable ?? 1, 1, 1000);
    const policy = props.unhealthyPodEvictionPolicy ?? 'AlwaysAllow';
    if (policy !== 'AlwaysAllow' && policy !== 'IfHealthyBudget') {
      throw propError(owner, 'unhealthyPodEvictionPolicy', 'must be AlwaysAllow or IfHealthyBudget', policy);
    }
    this.resource = new kplus.k8s.KubePodDisruptionBudget(this, 'Resource', {
      metadata: { name: props.name, labels: { ...props.labels } },
      spec: {
        maxUnavailable: kplus.k8s.IntOrString.fromNumber(this.maxUnavailable),
        selector: { matchLabels: { ...props.selectorLabels } },
        unhealthyPodEvictionPolicy: policy,
      },
    });
  }
}
