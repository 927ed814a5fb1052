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
  labelPositiveShare,
  lowConfidenceShare,
  predictLatencyQuantile,
  readiness,
  targetMatchers,
  scoreDrift,
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
export type AlertId =
  | 'latency'
  | 'errors'
  | 'notReady'
  | 'replicas'
  | 'loadFailures'
  | 'shedding'
  | 'hpaAtMax'
  | 'toxicRate'
  | 'lowConfidence'
  | 'scoreDrift';

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
  /** The drift signals' thresholds. */
  readonly drift?: DriftAlertOptions;
}

/** Thresholds of the drift alerts (docs/monitoring.md#drift-signals). */
export interface DriftAlertOptions {
  /** The model label whose positive share is the toxic rate. @default toxic */
  readonly toxicLabel?: string;
  /** Toxic rate (0–1, exclusive) above which to alert after 10 minutes. @default 0.3 */
  readonly toxicRateThreshold?: number;
  /** Share of low-confidence predictions (0–1, exclusive) at or above which to alert after 10 minutes. @default 0.8 */
  readonly lowConfidenceShareThreshold?: number;
  /** PSI of the scores against the training baseline above which to alert after 15 minutes. @default 0.2 */
  readonly psiThreshold?: number;
  /** Fewest comments of a label in a pod's drift window for its PSI to count. @default 500 */
  readonly psiMinComments?: number;
}

/** The drift thresholds with their defaults applied and checked; throws naming the bad option. */
export function resolveDriftOptions(o: DriftAlertOptions = {}): Required<DriftAlertOptions> {
  const owner = 'toxicityAlerts';
  const r = {
    toxicLabel: o.toxicLabel ?? 'toxic',
    toxicRateThreshold: o.toxicRateThreshold ?? 0.3,
    lowConfidenceShareThreshold: o.lowConfidenceShareThreshold ?? 0.8,
    psiThreshold: o.psiThreshold ?? 0.2,
    psiMinComments: o.psiMinComments ?? 500,
  };
  if (!/^[A-Za-z0-9_]+$/.test(r.toxicLabel)) {
    throw new Error(
      `${owner}: 'drift.toxicLabel' must be a model label (letters, digits, _), got ${JSON.stringify(r.toxicLabel)}`,
    );
  }
  for (const key of ['toxicRateThreshold', 'lowConfidenceShareThreshold'] as const) {
    if (!(r[key] > 0 && r[key] < 1))
      throw new Error(`${owner}: 'drift.${key}' must be between 0 and 1 (exclusive), got ${r[key]}`);
  }
  if (!(r.psiThreshold > 0) || !Number.isFinite(r.psiThreshold)) {
    throw new Error(`${owner}: 'drift.psiThreshold' must be a positive number, got ${r.psiThreshold}`);
  }
  if (!Number.isInteger(r.psiMinComments) || r.psiMinComments < 1) {
    throw new Error(`${owner}: 'drift.psiMinComments' must be a positive integer, got ${r.psiMinComments}`);
  }
  return r;
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

/** The alerts of the API, in a fixed order (the HPA alert only with an HPA, last). */
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
    ...driftAlerts(t, resolveDriftOptions(options.drift), runbook, where),
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

/** The three drift signals: toxic rate, low-confidence share, PSI against the training baseline. */
function driftAlerts(
  t: ScrapeTarget,
  d: Required<DriftAlertOptions>,
  runbook: (name: string) => string,
  where: string,
): AlertDefinition[] {
  return [
    {
      id: 'toxicRate',
      name: 'ToxicityApiHighToxicRate',
      quantity: labelPositiveShare(t, d.toxicLabel, ALERT_RATE_WINDOW),
      operator: '>',
      threshold: num(d.toxicRateThreshold),
      for: Duration.minutes(10),
      severity: 'warning',
      summary: `More than ${num(d.toxicRateThreshold * 100)}% of comments predicted ${d.toxicLabel}`,
      description:
        `{{ $value | humanizePercentage }} of the comments scored by ${where} were predicted ${d.toxicLabel} over the last ` +
        `${ALERT_RATE_WINDOW}, above ${num(d.toxicRateThreshold * 100)}% for 10 minutes: a raid, or input the model was not trained for.`,
      runbookUrl: runbook('ToxicityApiHighToxicRate'),
      source: 'model-server',
    },
    {
      id: 'lowConfidence',
      name: 'ToxicityApiLowConfidencePredictions',
      quantity: lowConfidenceShare(t, ALERT_RATE_WINDOW),
      operator: '>=',
      threshold: num(d.lowConfidenceShareThreshold),
      for: Duration.minutes(10),
      severity: 'warning',
      summary: `${num(d.lowConfidenceShareThreshold * 100)}% or more of the predictions have a confidence below 0.6`,
      description:
        `{{ $value | humanizePercentage }} of the comments scored by ${where} for label {{ $labels.label }} had a ` +
        `confidence max(p, 1-p) below 0.6 over the last ${ALERT_RATE_WINDOW}, for 10 minutes: the model no longer ` +
        'separates the input it gets (the original system retrained on this signal).',
      runbookUrl: runbook('ToxicityApiLowConfidencePredictions'),
      source: 'model-server',
    },
    {
      id: 'scoreDrift',
      name: 'ToxicityApiScoreDrift',
      quantity: scoreDrift(t, d.psiMinComments),
      operator: '>',
      threshold: num(d.psiThreshold),
      for: Duration.minutes(15),
      severity: 'warning',
      summary: `Score distribution drifted from the training baseline (PSI above ${num(d.psiThreshold)})`,
      description:
        `The scores ${where} gave for label {{ $labels.label }} over its drift window have a population stability ` +
        `index of {{ $value }} against the model's training baseline (pods with at least ${d.psiMinComments} comments), ` +
        `above ${num(d.psiThreshold)} for 15 minutes.`,
      runbookUrl: runbook('ToxicityApiScoreDrift'),
      source: 'model-server',
    },
  ];
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
