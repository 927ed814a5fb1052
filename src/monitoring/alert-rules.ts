import { Duration } from 'cdk8s';
import { stringify } from 'yaml';
import { HTTP_DURATION_BUCKETS, METRICS, METRIC_LABELS } from '../contract';
import {
  type ScrapeTarget,
  PREDICT_ROUTE,
  availableReplicas,
  desiredReplicas,
  errorRatio,
  hpaCurrentReplicas,
  hpaMaxReplicas,
  predictLatencyQuantile,
  readiness,
  targetMatchers,
  shedRate,
} from './api-queries';
import { num, promDuration, selector } from './promql';

/**
 * The API's alerts as data. Each alert is a quantity (PromQL), a comparison and a threshold, so tests
 * can query the quantity alone against a real Prometheus and generate series just over and just
 * under the threshold for `promtool test rules`.
 * Rule format: https://prometheus.io/docs/prometheus/latest/configuration/alerting_rules/.
 */

/** Which alert, independent of its (configurable) name text. */
export type AlertId = 'latency' | 'errors' | 'notReady' | 'replicas' | 'loadFailures' | 'shedding' | 'hpaAtMax';

/** An alerting rule in Prometheus' rule-file format (also the `rules[]` items of Rules and PrometheusRule). */
export interface PrometheusAlertingRule {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

/** A rule group in Prometheus' rule-file format. */
export interface PrometheusRuleGroup {
  readonly name: string;
  readonly interval: string;
  readonly rules: readonly PrometheusAlertingRule[];
}

export interface AlertDefinition {
  readonly id: AlertId;
  /** Alert name (`alertname`), also the runbook heading in docs/monitoring.md. */
  readonly name: string;
  /** PromQL whose value is compared with the threshold; its labels become the alert's labels. */
  readonly quantity: string;
  readonly operator: '>' | '<' | '>=' | '==';
  /** A number or a PromQL expression on the right of the comparison. */
  readonly threshold: string;
  /** How long the comparison must hold before the alert fires. */
  readonly for: Duration;
  readonly severity: 'critical' | 'warning';
  /** Go-template annotations (`{{ $labels.x }}`, `{{ $value | humanize }}`). */
  readonly summary: string;
  readonly description: string;
  readonly runbookUrl: string;
  /** Where the series come from. */
  readonly source: 'model-server' | 'kube-state-metrics';
}

export interface ToxicityAlertsOptions {
  /** The API's scrape job and namespace. */
  readonly target: ScrapeTarget;
  /** The Deployment's name (kube-state-metrics `deployment` label). */
  readonly deploymentName: string;
  /** The PodDisruptionBudget's `maxUnavailable`: more unavailable pods than this is an alert. */
  readonly maxUnavailable: number;
  /** The HPA's name in autoscaled mode; leave out in static mode (no HPA, no HPA alert). */
  readonly hpaName?: string;
  /** Page holding the runbook; `#<alert name in lower case>` is appended. */
  readonly runbookUrl: string;
  /**
   * P95 latency of `/v1/predict` above which to alert. Must be a bucket bound of
   * `http_request_duration_seconds` so "P95 above it" is exact, not interpolated.
   * @default Duration.millis(500)
   */
  readonly latencyThreshold?: Duration;
  /**
   * Share of 5xx answers (0–1, exclusive) above which to alert.
   * @default 0.05
   */
  readonly errorRatioThreshold?: number;
}

/** Window of the rate() and histogram_quantile() in the latency and error alerts. */
export const ALERT_RATE_WINDOW = '5m';
/** Window in which a rejected model load counts. */
export const LOAD_FAILURE_WINDOW = '15m';

/**
 * Rejected model loads per reason within `window`, summed over pods, for the load-failure alert.
 * A series seen in the window before this one counts its `increase()`. A series with no sample there
 * (first scraped within the last `window`) counts its current value instead: the server starts every
 * reason at 0, but a pod whose first load fails at start-up does so before its first scrape, so
 * Prometheus first sees that series at 1 and `increase()` finds no growth in it. `unless` and `or`
 * match on all labels except the metric name (one-to-one matching,
 * https://prometheus.io/docs/prometheus/latest/querying/operators/#logical-set-binary-operators), so
 * each pod's series is counted once, by whichever branch applies to it. The earlier window is a range
 * (`present_over_time`), not an instant `offset`: a failed scrape writes stale markers, and with an
 * instant lookup one missed scrape would make an old series at 1 look new a window later.
 */
export function recentModelLoadFailures(t: ScrapeTarget, window: string): string {
  const failures = selector(METRICS.modelLoadFailures.name, targetMatchers(t));
  return (
    `sum by (namespace, job, ${METRIC_LABELS.reason}) ` +
    `((${failures} unless present_over_time(${failures}[${window}] offset ${window})) or increase(${failures}[${window}]))`
  );
}

/** The six alerts of the API, in a fixed order (the HPA alert only with an HPA). */
export function toxicityAlerts(options: ToxicityAlertsOptions): AlertDefinition[] {
  const owner = 'toxicityAlerts';
  const t = options.target;
  const latency = options.latencyThreshold ?? Duration.millis(500);
  const latencySeconds = latency.toMilliseconds() / 1000;
  if (!(HTTP_DURATION_BUCKETS as readonly number[]).includes(latencySeconds)) {
    throw new Error(
      `${owner}: 'latencyThreshold' must be a bucket bound of the request duration histogram ` +
        `(${HTTP_DURATION_BUCKETS.map((b) => `${b * 1000}ms`).join(', ')}), got ${latency.toMilliseconds()}ms`,
    );
  }
  if (latencySeconds === HTTP_DURATION_BUCKETS[HTTP_DURATION_BUCKETS.length - 1]) {
    throw new Error(
      `${owner}: 'latencyThreshold' must be below the last bucket bound (above it nothing is measured), got ${latency.toMilliseconds()}ms`,
    );
  }
  const ratio = options.errorRatioThreshold ?? 0.05;
  if (!(ratio > 0 && ratio < 1)) {
    throw new Error(`${owner}: 'errorRatioThreshold' must be between 0 and 1 (exclusive), got ${ratio}`);
  }
  if (!Number.isInteger(options.maxUnavailable) || options.maxUnavailable < 0) {
    throw new Error(`${owner}: 'maxUnavailable' must be a non-negative integer, got ${options.maxUnavailable}`);
  }
  if (!/^https?:\/\/[^\s#]+$|^[^\s#:]+$/.test(options.runbookUrl)) {
    throw new Error(
      `${owner}: 'runbookUrl' must be a URL or path without a fragment, got ${JSON.stringify(options.runbookUrl)}`,
    );
  }
  const runbook = (name: string) => `${options.runbookUrl}#${name.toLowerCase()}`;
  const where = '{{ $labels.job }} in {{ $labels.namespace }}';
  const alerts: AlertDefinition[] = [
    {
      id: 'latency',
      name: 'ToxicityApiHighLatency',
      quantity: predictLatencyQuantile(t, 0.95, ALERT_RATE_WINDOW),
      operator: '>',
      threshold: num(latencySeconds),
      for: Duration.minutes(5),
      severity: 'warning',
      summary: `P95 latency of ${PREDICT_ROUTE} above ${latency.toMilliseconds()}ms`,
      description:
        `P95 latency of ${PREDICT_ROUTE} on ${where} is {{ $value | humanize }}s over the last ${ALERT_RATE_WINDOW}, ` +
        `above ${latency.toMilliseconds()}ms for 5 minutes.`,
      runbookUrl: runbook('ToxicityApiHighLatency'),
      source: 'model-server',
    },
    {
      id: 'errors',
      name: 'ToxicityApiHighErrorRatio',
      quantity: errorRatio(t, ALERT_RATE_WINDOW),
      operator: '>',
      threshold: num(ratio),
      for: Duration.minutes(5),
      severity: 'critical',
      summary: `More than ${num(ratio * 100)}% of API requests fail with 5xx`,
      description:
        `{{ $value | humanizePercentage }} of API requests to ${where} answered 5xx over the last ` +
        `${ALERT_RATE_WINDOW}, above ${num(ratio * 100)}% for 5 minutes.`,
      runbookUrl: runbook('ToxicityApiHighErrorRatio'),
      source: 'model-server',
    },
    {
      id: 'notReady',
      name: 'ToxicityApiModelNotReady',
      quantity: readiness(t),
      operator: '==',
      threshold: '0',
      for: Duration.minutes(2),
      severity: 'critical',
      summary: 'A model server pod has no ready model',
      description:
        'Pod {{ $labels.instance }} of ' +
        where +
        ' has reported not ready (no valid model loaded, or draining) for 2 minutes.',
      runbookUrl: runbook('ToxicityApiModelNotReady'),
      source: 'model-server',
    },
    {
      id: 'replicas',
      name: 'ToxicityApiReplicasBelowBudget',
      quantity: availableReplicas(t.namespace, options.deploymentName),
      operator: '<',
      threshold:
        options.maxUnavailable === 0
          ? desiredReplicas(t.namespace, options.deploymentName)
          : `${desiredReplicas(t.namespace, options.deploymentName)} - ${options.maxUnavailable}`,
      for: Duration.minutes(10),
      severity: 'critical',
      summary: 'Fewer API replicas available than the disruption budget allows',
      description:
        'Deployment {{ $labels.deployment }} in {{ $labels.namespace }} has {{ $value }} available replicas, ' +
        `more than ${options.maxUnavailable} below the desired count, for 10 minutes.`,
      runbookUrl: runbook('ToxicityApiReplicasBelowBudget'),
      source: 'kube-state-metrics',
    },
    {
      id: 'loadFailures',
      name: 'ToxicityApiModelLoadFailures',
      quantity: recentModelLoadFailures(t, LOAD_FAILURE_WINDOW),
      operator: '>',
      threshold: '0',
      for: Duration.seconds(0),
      severity: 'warning',
      summary: 'The model server rejected a new model',
      description:
        `Pods of ${where} rejected a model load ({{ $labels.reason }}) in the last ${LOAD_FAILURE_WINDOW}; ` +
        'the previous model, if any, keeps serving.',
      runbookUrl: runbook('ToxicityApiModelLoadFailures'),
      source: 'model-server',
    },
    {
      id: 'shedding',
      name: 'ToxicityApiSheddingLoad',
      quantity: shedRate(t, ALERT_RATE_WINDOW),
      operator: '>',
      threshold: '0',
      for: Duration.minutes(10),
      severity: 'warning',
      summary: 'The API has been refusing requests to protect itself for 10 minutes',
      description:
        `Pods of ${where} refused {{ $value | humanize }} requests per second ({{ $labels.reason }}: ` +
        'in_flight is 503 at the in-flight caps, rate_limited is 429 over a client rate) for 10 minutes.',
      runbookUrl: runbook('ToxicityApiSheddingLoad'),
      source: 'model-server',
    },
  ];
  if (options.hpaName !== undefined) {
    alerts.push({
      id: 'hpaAtMax',
      name: 'ToxicityApiHpaAtMaxReplicas',
      quantity: hpaCurrentReplicas(t.namespace, options.hpaName),
      operator: '>=',
      threshold: hpaMaxReplicas(t.namespace, options.hpaName),
      for: Duration.minutes(15),
      severity: 'warning',
      summary: 'The API autoscaler has been at its maximum for 15 minutes',
      description:
        'HPA {{ $labels.horizontalpodautoscaler }} in {{ $labels.namespace }} has run {{ $value }} replicas, ' +
        'its maximum, for 15 minutes: it cannot add capacity.',
      runbookUrl: runbook('ToxicityApiHpaAtMaxReplicas'),
      source: 'kube-state-metrics',
    });
  }
  return alerts;
}

/** The full `expr` of an alert: quantity, comparison, threshold. */
export function alertExpr(a: AlertDefinition): string {
  return `${a.quantity} ${a.operator} ${a.threshold}`;
}

/** One alert as a Prometheus alerting rule. */
export function alertingRule(a: AlertDefinition): PrometheusAlertingRule {
  return {
    alert: a.name,
    expr: alertExpr(a),
    for: a.for.toMilliseconds() === 0 ? '0s' : promDuration(a.for),
    labels: { severity: a.severity },
    annotations: { summary: a.summary, description: a.description, runbook_url: a.runbookUrl },
  };
}

/** A rule group holding the alerts, evaluated every `interval`. */
export function alertRuleGroup(
  name: string,
  alerts: readonly AlertDefinition[],
  interval: Duration,
): PrometheusRuleGroup {
  if (alerts.length === 0) throw new Error(`alertRuleGroup: group ${JSON.stringify(name)} has no alerts`);
  return { name, interval: promDuration(interval), rules: alerts.map(alertingRule) };
}

/** A rule file as Prometheus and promtool read it (`groups:` at the top). */
export function renderRuleFile(groups: readonly PrometheusRuleGroup[]): string {
  return stringify({ groups }, { lineWidth: 0 });
}
