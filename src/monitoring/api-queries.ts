import { HEALTH_ROUTES, METRICS, METRIC_LABELS, PROBE_PATHS, ROUTES, UNMATCHED_ROUTE, routeLabel } from '../contract';
import { KUBE_STATE_LABELS, KUBE_STATE_METRICS } from './kube-state-metrics';
import { anyOf, type LabelMatchers, num, selector } from './promql';

/**
 * The PromQL queries over the model server's metrics that both the alert rules and the dashboard
 * use, built from `model-server/metric-names.ts`: a dashboard panel and the alert it explains
 * evaluate the same text.
 */

/** The series of one deployment of the API: the scrape job and the namespace its pods run in. */
export interface ScrapeTarget {
  /** `namespace` target label (the pods' namespace). */
  readonly namespace: string;
  /**
   * `job` target label. Managed Prometheus sets it to the PodMonitoring's name, prometheus-operator
   * to the Service's name; the Monitoring construct names both after the app, so it is the app name.
   */
  readonly job: string;
}

/** The route template of the prediction endpoint, as the server labels it. */
export const PREDICT_ROUTE = ROUTES.predict;

/**
 * Route labels that are not API traffic, left out of the request rate and error ratio: the health
 * and readiness routes, the Deployment's and the compatible protocols' (`/v2/health/*`,
 * `/v2/models/:model/ready`, `/ping`, `/health`: a 503 while the model loads is not a client error),
 * the scrape endpoint, and `unmatched` (404s for unknown paths, e.g. scanners on the load balancer,
 * would otherwise dilute the ratio).
 */
export const NON_API_ROUTES: readonly string[] = [
  ...HEALTH_ROUTES.map(routeLabel),
  PROBE_PATHS.metrics,
  UNMATCHED_ROUTE,
];

const L = METRIC_LABELS;

/** Matchers for the API's own series. */
export function targetMatchers(t: ScrapeTarget): LabelMatchers {
  return { namespace: t.namespace, job: t.job };
}

function clientTraffic(t: ScrapeTarget, extra: LabelMatchers = {}): LabelMatchers {
  return { ...targetMatchers(t), [L.route]: { op: '!~', value: anyOf(NON_API_ROUTES) }, ...extra };
}

/** Requests per second of client traffic, by route and status code. */
export function requestRate(t: ScrapeTarget, window: string): string {
  return `sum by (${L.route}, ${L.statusCode}) (rate(${selector(METRICS.httpRequests.name, clientTraffic(t))}[${window}]))`;
}

/** Load-shedding reasons answered with 503 (the in-flight caps); they have their own alert. */
const SHED_503_REASONS = ['in_flight'];

/**
 * Share of client requests answered with a 5xx status (0–1), per namespace and job, leaving out the
 * 503s of load shedding: a flood must raise the shedding alert, not pass for a failing server. The
 * shed counter is subtracted (`or … * 0` keeps the result when no shed series exists yet).
 */
export function errorRatio(t: ScrapeTarget, window: string): string {
  const errors = selector(METRICS.httpRequests.name, clientTraffic(t, { [L.statusCode]: { op: '=~', value: '5..' } }));
  const shed = selector(METRICS.requestsShed.name, {
    ...targetMatchers(t),
    [L.reason]: { op: '=~', value: anyOf(SHED_503_REASONS) },
  });
  const all = selector(METRICS.httpRequests.name, clientTraffic(t));
  const errorRate = `sum by (namespace, job) (rate(${errors}[${window}]))`;
  return (
    `(${errorRate} - (sum by (namespace, job) (rate(${shed}[${window}])) or ${errorRate} * 0))` +
    ` / sum by (namespace, job) (rate(${all}[${window}]))`
  );
}

/** The `q` quantile (0–1) of `/v1/predict` request duration in seconds, from the histogram's buckets. */
export function predictLatencyQuantile(t: ScrapeTarget, q: number, window: string): string {
  if (!(q > 0 && q < 1)) throw new Error(`predictLatencyQuantile: 'q' must be in (0, 1), got ${q}`);
  const buckets = selector(`${METRICS.httpRequestDuration.name}_bucket`, {
    ...targetMatchers(t),
    [L.route]: PREDICT_ROUTE,
  });
  return `histogram_quantile(${num(q)}, sum by (namespace, job, le) (rate(${buckets}[${window}])))`;
}

/** 1 per pod with a model loaded and not draining, 0 otherwise (one series per scraped pod). */
export function readiness(t: ScrapeTarget): string {
  return `max by (namespace, job, instance) (${selector(METRICS.ready.name, targetMatchers(t))})`;
}

/** Rejected model loads over `window`, by reason, summed over pods. */
export function modelLoadFailures(t: ScrapeTarget, window: string): string {
  return `sum by (namespace, job, ${L.reason}) (increase(${selector(METRICS.modelLoadFailures.name, targetMatchers(t))}[${window}]))`;
}

/** API requests refused by load shedding per second (503 at the in-flight caps, 429 over a client's rate), by reason. */
export function shedRate(t: ScrapeTarget, window: string): string {
  return `sum by (namespace, job, ${L.reason}) (rate(${selector(METRICS.requestsShed.name, targetMatchers(t))}[${window}]))`;
}

/** Models loaded over `window`, summed over pods. */
export function modelLoads(t: ScrapeTarget, window: string): string {
  return `sum by (namespace, job) (increase(${selector(METRICS.modelLoads.name, targetMatchers(t))}[${window}]))`;
}

/** Pods serving each model name and version. */
export function modelVersions(t: ScrapeTarget): string {
  return `count by (${L.modelName}, ${L.modelVersion}) (${selector(METRICS.modelInfo.name, targetMatchers(t))})`;
}

/** Comments scored per second, by model label and outcome. */
export function predictionRate(t: ScrapeTarget, window: string): string {
  return `sum by (${L.label}, ${L.outcome}) (rate(${selector(METRICS.predictions.name, targetMatchers(t))}[${window}]))`;
}

/** Share of scored comments predicted positive, per model label (0–1). */
export function positiveShare(t: ScrapeTarget, window: string): string {
  const positives = selector(METRICS.predictions.name, { ...targetMatchers(t), [L.outcome]: 'positive' });
  const all = selector(METRICS.predictions.name, targetMatchers(t));
  return `sum by (${L.label}) (rate(${positives}[${window}])) / sum by (${L.label}) (rate(${all}[${window}]))`;
}

/**
 * Share (0–1) of the comments predicted positive for `label` (the toxic rate), per namespace and job:
 * the high-toxic-rate alert's quantity.
 */
export function labelPositiveShare(t: ScrapeTarget, label: string, window: string): string {
  const positives = selector(METRICS.predictions.name, {
    ...targetMatchers(t),
    [L.label]: label,
    [L.outcome]: 'positive',
  });
  const all = selector(METRICS.predictions.name, { ...targetMatchers(t), [L.label]: label });
  return `sum by (namespace, job) (rate(${positives}[${window}])) / sum by (namespace, job) (rate(${all}[${window}]))`;
}

/**
 * Share (0–1) of the comments whose confidence max(p, 1 - p) was below 0.6, per namespace, job and
 * calibrated label: low-confidence counter over the score histogram's count.
 */
export function lowConfidenceShare(t: ScrapeTarget, window: string): string {
  const low = selector(METRICS.lowConfidencePredictions.name, targetMatchers(t));
  const all = selector(`${METRICS.predictionScore.name}_count`, targetMatchers(t));
  const by = `namespace, job, ${L.label}`;
  return `sum by (${by}) (rate(${low}[${window}])) / sum by (${by}) (rate(${all}[${window}]))`;
}

/**
 * The score PSI against the training baseline per namespace, job and label, averaged over the pods whose
 * drift window holds at least `minComments` comments of the label (fewer make the PSI noise).
 */
export function scoreDrift(t: ScrapeTarget, minComments: number): string {
  const psi = selector(METRICS.scorePsi.name, targetMatchers(t));
  const window = selector(METRICS.scorePsiWindow.name, targetMatchers(t));
  return `avg by (namespace, job, ${L.label}) (${psi} and on (namespace, job, instance, ${L.label}) (${window} >= ${num(minComments)}))`;
}

/** The `q` quantile of the time spent scoring one request (model only, no HTTP). */
export function scoringLatencyQuantile(t: ScrapeTarget, q: number, window: string): string {
  const buckets = selector(`${METRICS.predictionDuration.name}_bucket`, targetMatchers(t));
  return `histogram_quantile(${num(q)}, sum by (le) (rate(${buckets}[${window}])))`;
}

/** Pods whose `/readyz` answers 200 at the last scrape. */
export function readyPods(t: ScrapeTarget): string {
  return `sum(${selector(METRICS.ready.name, targetMatchers(t))})`;
}

/**
 * Average CPU use of the server processes as a percentage of the container's CPU request: what the
 * HPA compares with its target (the HPA reads the container's cgroup; the Node.js process is the only
 * process in it). From prom-client's default `process_cpu_seconds_total`.
 */
export function cpuPercentOfRequest(t: ScrapeTarget, cpuRequestMillis: number, window: string): string {
  if (!(Number.isInteger(cpuRequestMillis) && cpuRequestMillis > 0)) {
    throw new Error(`cpuPercentOfRequest: 'cpuRequestMillis' must be a positive integer, got ${cpuRequestMillis}`);
  }
  const cpu = selector('process_cpu_seconds_total', targetMatchers(t));
  return `avg(rate(${cpu}[${window}])) * 100 / ${num(cpuRequestMillis / 1000)}`;
}

/** kube-state-metrics matchers for the Deployment. */
function deploymentMatchers(namespace: string, deployment: string): LabelMatchers {
  return { [KUBE_STATE_LABELS.namespace]: namespace, [KUBE_STATE_LABELS.deployment]: deployment };
}

function hpaMatchers(namespace: string, hpa: string): LabelMatchers {
  return { [KUBE_STATE_LABELS.namespace]: namespace, [KUBE_STATE_LABELS.horizontalPodAutoscaler]: hpa };
}

const BY_DEPLOYMENT = `max by (${KUBE_STATE_LABELS.namespace}, ${KUBE_STATE_LABELS.deployment})`;
const BY_HPA = `max by (${KUBE_STATE_LABELS.namespace}, ${KUBE_STATE_LABELS.horizontalPodAutoscaler})`;

/** Available replicas of the Deployment (kube-state-metrics; `max` folds duplicate exporters). */
export function availableReplicas(namespace: string, deployment: string): string {
  return `${BY_DEPLOYMENT} (${selector(KUBE_STATE_METRICS.deploymentAvailableReplicas, deploymentMatchers(namespace, deployment))})`;
}

/** Desired replicas of the Deployment (set by the HPA in autoscaled mode). */
export function desiredReplicas(namespace: string, deployment: string): string {
  return `${BY_DEPLOYMENT} (${selector(KUBE_STATE_METRICS.deploymentSpecReplicas, deploymentMatchers(namespace, deployment))})`;
}

/** Current replicas the HPA reports. */
export function hpaCurrentReplicas(namespace: string, hpa: string): string {
  return `${BY_HPA} (${selector(KUBE_STATE_METRICS.hpaCurrentReplicas, hpaMatchers(namespace, hpa))})`;
}

/** The HPA's `maxReplicas`. */
export function hpaMaxReplicas(namespace: string, hpa: string): string {
  return `${BY_HPA} (${selector(KUBE_STATE_METRICS.hpaMaxReplicas, hpaMatchers(namespace, hpa))})`;
}

/** The HPA's `minReplicas`. */
export function hpaMinReplicas(namespace: string, hpa: string): string {
  return `${BY_HPA} (${selector(KUBE_STATE_METRICS.hpaMinReplicas, hpaMatchers(namespace, hpa))})`;
}
