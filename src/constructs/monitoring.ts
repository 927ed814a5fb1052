import { ApiObject, Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import {
  type AlertDefinition,
  alertRuleGroup,
  type DriftAlertOptions,
  resolveDriftOptions,
  type GrafanaDashboard,
  promDuration,
  type PrometheusRuleGroup,
  type RuleTestContext,
  type ScrapeTarget,
  toxicityAlerts,
  toxicityDashboard,
} from '../monitoring';
import type { ApiDisruptionBudget } from './api-disruption-budget';
import type { GmpRules, PodMonitor, PodMonitoring, PrometheusRule } from './monitoring-resources';
import { checkLabels, checkName, checkSeconds, propError } from './prop-checks';
import { ToxicityApi } from './toxicity-api';

/** Which Prometheus scrapes the pods and evaluates the rules. */
export type MonitoringFlavour = 'managed' | 'operator';

export interface MonitoringProps {
  /** The API to monitor: its Deployment, Service, HPA, labels and port. */
  readonly api: ToxicityApi;
  /** Its PodDisruptionBudget: more unavailable replicas than it allows is an alert. */
  readonly disruptionBudget: ApiDisruptionBudget;
  /**
   * `managed`: GKE Managed Service for Prometheus (PodMonitoring + Rules, `monitoring.googleapis.com/v1`);
   * `operator`: prometheus-operator (PodMonitor + PrometheusRule, `monitoring.coreos.com/v1`).
   * @default managed
   */
  readonly flavour?: MonitoringFlavour;
  /**
   * Scrape and rule evaluation interval, 5–75 s (the alerts' 5 m rate windows need 4 samples).
   * @default Duration.seconds(30)
   */
  readonly scrapeInterval?: Duration;
  /**
   * P95 latency of `/v1/predict` to alert above; a bucket bound of the request histogram.
   * @default Duration.millis(500)
   */
  readonly latencyThreshold?: Duration;
  /**
   * Share of 5xx answers (0–1) to alert above.
   * @default 0.05
   */
  readonly errorRatioThreshold?: number;
  /**
   * Thresholds of the drift alerts (toxic rate, low-confidence share, PSI against the training baseline).
   * @default toxic rate 0.3, low-confidence share 0.8, PSI 0.2 over at least 500 comments
   */
  readonly drift?: DriftAlertOptions;
  /**
   * Page of the runbook (`runbook_url` annotations get `#<alert>` appended).
   * @default docs/monitoring.md
   */
  readonly runbookUrl?: string;
  /**
   * Labels added to the scrape and rule objects, e.g. the `release` label a prometheus-operator
   * `Prometheus` selects PodMonitors and PrometheusRules by.
   * @default {}
   */
  readonly extraLabels?: Readonly<Record<string, string>>;
  /**
   * Namespace of the dashboard ConfigMap (where Grafana's sidecar looks for dashboards).
   * @default the chart's namespace
   */
  readonly dashboardNamespace?: string;
}

/**
 * Monitoring of the toxicity API as Kubernetes objects: a scrape configuration selecting the API pods'
 * `http` port and `/metrics`, the alert rules, and the Grafana dashboard as a ConfigMap labelled for
 * Grafana's dashboard sidecar (`grafana_dashboard: "1"`). Both flavours name the scrape object after
 * the app, so the `job` label is the app name either way (GMP sets `job` to the PodMonitoring name,
 * prometheus-operator to the Service name), and the rules select `{namespace, job}`.
 */
/** The pod label whose value is the scrape job (prometheus-operator's `jobLabel`). */
const JOB_LABEL = 'app.kubernetes.io/name';

export class Monitoring extends Construct {
  /** Label and value Grafana's sidecar looks for on dashboard ConfigMaps (kube-prometheus-stack default). */
  static readonly DASHBOARD_LABEL = { grafana_dashboard: '1' } as const;

  readonly flavour: MonitoringFlavour;
  readonly scrapeTarget: ScrapeTarget;
  readonly alerts: readonly AlertDefinition[];
  readonly ruleGroup: PrometheusRuleGroup;
  readonly dashboard: GrafanaDashboard;
  /** What `alertRuleTests` needs to generate promtool tests for these alerts. */
  readonly ruleTestContext: RuleTestContext;
  /** PodMonitoring or PodMonitor. */
  readonly scrape: ApiObject;
  /** Rules or PrometheusRule. */
  readonly rules: ApiObject;
  readonly dashboardConfigMap: kplus.ConfigMap;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const owner = 'Monitoring';
    const api = props.api;
    const flavour = props.flavour ?? 'managed';
    if (flavour !== 'managed' && flavour !== 'operator') {
      throw propError(owner, 'flavour', 'must be managed or operator', flavour);
    }
    this.flavour = flavour;
    const namespace = Chart.of(this).namespace;
    if (namespace === undefined) {
      throw propError(
        owner,
        'scope',
        'must be in a chart with a namespace (rules and scrape selectors need it)',
        namespace,
      );
    }
    const intervalSeconds = checkSeconds(owner, 'scrapeInterval', props.scrapeInterval ?? Duration.seconds(30), 5, 75);
    const extraLabels = checkLabels(owner, 'extraLabels', props.extraLabels ?? {});
    const dashboardNamespace =
      props.dashboardNamespace === undefined
        ? namespace
        : checkName(owner, 'dashboardNamespace', props.dashboardNamespace, 'dns1123-label');
    const name = api.deployment.name;
    if (flavour === 'operator' && api.labels[JOB_LABEL] !== name) {
      throw propError(
        owner,
        `api.labels.${JOB_LABEL}`,
        `must be the Deployment name (${name}): prometheus-operator takes the job label from it`,
        api.labels[JOB_LABEL],
      );
    }
    const interval = promDuration(Duration.seconds(intervalSeconds));
    const timeout = promDuration(Duration.seconds(Math.min(intervalSeconds, 10)));
    this.scrapeTarget = { namespace, job: name };
    const hpa = api.autoscaler;
    const drift = resolveDriftOptions(props.drift);

    this.alerts = toxicityAlerts({
      target: this.scrapeTarget,
      deploymentName: name,
      maxUnavailable: props.disruptionBudget.maxUnavailable,
      ...(hpa ? { hpaName: hpa.hpa.name } : {}),
      runbookUrl: props.runbookUrl ?? 'docs/monitoring.md',
      ...(props.latencyThreshold ? { latencyThreshold: props.latencyThreshold } : {}),
      ...(props.errorRatioThreshold !== undefined ? { errorRatioThreshold: props.errorRatioThreshold } : {}),
      drift,
    });
    this.ruleGroup = alertRuleGroup(name, this.alerts, Duration.seconds(intervalSeconds));
    this.ruleTestContext = {
      target: this.scrapeTarget,
      deploymentName: name,
      maxUnavailable: props.disruptionBudget.maxUnavailable,
      ...(hpa ? { hpaName: hpa.hpa.name } : {}),
      drift,
    };

    const metadata = { name, labels: { ...api.labels, ...extraLabels } };
    const rulesMetadata = { ...metadata, name: `${name}-alerts` };
    const groups = [this.ruleGroup];
    if (flavour === 'managed') {
      const podMonitoring: PodMonitoring = {
        apiVersion: 'monitoring.googleapis.com/v1',
        kind: 'PodMonitoring',
        metadata,
        spec: {
          selector: { matchLabels: { ...api.selectorLabels } },
          endpoints: [
            { port: ToxicityApi.ADMIN_PORT_NAME, path: ToxicityApi.METRICS_PATH, scheme: 'http', interval, timeout },
          ],
        },
      };
      const rules: GmpRules = {
        apiVersion: 'monitoring.googleapis.com/v1',
        kind: 'Rules',
        metadata: rulesMetadata,
        spec: { groups },
      };
      this.scrape = new ApiObject(this, 'PodMonitoring', podMonitoring);
      this.rules = new ApiObject(this, 'Rules', rules);
    } else {
      const podMonitor: PodMonitor = {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'PodMonitor',
        metadata,
        spec: {
          // The job label is the app name, as with GMP's PodMonitoring (the alert rules select by it).
          jobLabel: JOB_LABEL,
          // The pods' admin port: no Service exposes it.
          selector: { matchLabels: { ...api.selectorLabels } },
          namespaceSelector: { matchNames: [namespace] },
          podMetricsEndpoints: [
            {
              port: ToxicityApi.ADMIN_PORT_NAME,
              path: ToxicityApi.METRICS_PATH,
              scheme: 'http',
              interval,
              scrapeTimeout: timeout,
            },
          ],
        },
      };
      const rules: PrometheusRule = {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'PrometheusRule',
        metadata: rulesMetadata,
        spec: { groups },
      };
      this.scrape = new ApiObject(this, 'PodMonitor', podMonitor);
      this.rules = new ApiObject(this, 'PrometheusRule', rules);
    }

    const autoscaler = hpa ? { name: hpa.hpa.name, targetCpuPercent: hpa.targetCpuPercent } : undefined;
    this.dashboard = toxicityDashboard({
      target: this.scrapeTarget,
      title: `Toxicity API (${name})`,
      deploymentName: name,
      ...(autoscaler ? { autoscaler } : {}),
      cpuRequestMillis: cpuRequestMillis(api),
      latencyThresholdSeconds: (props.latencyThreshold ?? Duration.millis(500)).toMilliseconds() / 1000,
      errorRatioThreshold: props.errorRatioThreshold ?? 0.05,
      drift,
    });
    this.dashboardConfigMap = new kplus.ConfigMap(this, 'Dashboard', {
      metadata: {
        name: `${name}-dashboard`,
        namespace: dashboardNamespace,
        labels: { ...api.labels, ...Monitoring.DASHBOARD_LABEL },
      },
      data: { [`${name}.json`]: `${JSON.stringify(this.dashboard, null, 2)}\n` },
    });
  }
}

/** The API container's CPU request in millicores, read from the Deployment. */
function cpuRequestMillis(api: ToxicityApi): number {
  const amount = api.deployment.containers[0]?.resources?.cpu?.request?.amount;
  const match = amount === undefined ? null : /^(\d+)m$|^(\d+(?:\.\d+)?)$/.exec(amount);
  if (!match) throw propError('Monitoring', 'api', 'must have a CPU request on its container', amount);
  return match[1] !== undefined ? Number(match[1]) : Math.round(Number(match[2]) * 1000);
}
