import type { PrometheusRuleGroup } from '../monitoring';

/**
 * The custom resources the Monitoring construct emits, typed by hand (no `cdk8s import`: it needs the
 * internet). Only the fields used here are declared.
 * - Managed Service for Prometheus (`monitoring.googleapis.com/v1`): PodMonitoring and Rules, from the
 *   operator's Go types (GoogleCloudPlatform/prometheus-engine, pkg/operator/apis/monitoring/v1).
 * - prometheus-operator (`monitoring.coreos.com/v1`): PodMonitor and PrometheusRule
 *   (https://prometheus-operator.dev/docs/api-reference/api/); tests check these against the
 *   `@kubernetes-models/prometheus-operator` schemas.
 */

export interface ObjectMetaLite {
  readonly name: string;
  readonly namespace?: string;
  readonly labels?: Readonly<Record<string, string>>;
}

export interface MatchLabelsSelector {
  readonly matchLabels: Readonly<Record<string, string>>;
}

/** GMP PodMonitoring `spec.endpoints[]` (ScrapeEndpoint). */
export interface GmpScrapeEndpoint {
  /** Container port name or number. */
  readonly port: string | number;
  readonly path: string;
  readonly scheme: 'http' | 'https';
  /** Prometheus duration. */
  readonly interval: string;
  /** Prometheus duration, at most `interval`. */
  readonly timeout: string;
}

export interface PodMonitoringSpec {
  readonly selector: MatchLabelsSelector;
  readonly endpoints: readonly GmpScrapeEndpoint[];
}

export interface PodMonitoring {
  readonly apiVersion: 'monitoring.googleapis.com/v1';
  readonly kind: 'PodMonitoring';
  readonly metadata: ObjectMetaLite;
  readonly spec: PodMonitoringSpec;
}

/** Same rule-group shape for GMP `Rules` and prometheus-operator `PrometheusRule`. */
export interface RulesSpec {
  readonly groups: readonly PrometheusRuleGroup[];
}

export interface GmpRules {
  readonly apiVersion: 'monitoring.googleapis.com/v1';
  readonly kind: 'Rules';
  readonly metadata: ObjectMetaLite;
  readonly spec: RulesSpec;
}

/**
 * prometheus-operator PodMonitor `spec.podMetricsEndpoints[]`. A PodMonitor (not a ServiceMonitor):
 * the metrics are on the pods' admin port, which no Service exposes.
 */
export interface PodMetricsEndpoint {
  /** Name of the container port. */
  readonly port: string;
  readonly path: string;
  readonly scheme: 'http' | 'https';
  readonly interval: string;
  readonly scrapeTimeout: string;
}

export interface PodMonitorSpec {
  /** Pod label whose value becomes the `job` label (else prometheus-operator uses `<namespace>/<name>`). */
  readonly jobLabel: string;
  readonly selector: MatchLabelsSelector;
  readonly namespaceSelector: { readonly matchNames: readonly string[] };
  readonly podMetricsEndpoints: readonly PodMetricsEndpoint[];
}

export interface PodMonitor {
  readonly apiVersion: 'monitoring.coreos.com/v1';
  readonly kind: 'PodMonitor';
  readonly metadata: ObjectMetaLite;
  readonly spec: PodMonitorSpec;
}

export interface PrometheusRule {
  readonly apiVersion: 'monitoring.coreos.com/v1';
  readonly kind: 'PrometheusRule';
  readonly metadata: ObjectMetaLite;
  readonly spec: RulesSpec;
}

/** Any of the four. */
export type MonitoringResource = PodMonitoring | GmpRules | PodMonitor | PrometheusRule;
