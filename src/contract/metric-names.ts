/**
 * The model server's Prometheus metric and label names, in one place. `metrics.ts` registers exactly
 * these, and the monitoring code (alert rules, dashboards) builds its queries from them, so a rename
 * here is seen everywhere. Names follow https://prometheus.io/docs/practices/naming/: snake_case, a
 * unit suffix (`_seconds`), `_total` on counters, `_info` on a constant-1 gauge carrying labels.
 */

/** Label names, each with a bounded set of values. */
export const METRIC_LABELS = {
  /** HTTP method, upper case (`GET`, `POST`). */
  method: 'method',
  /** The route template (`/v1/predict`), never the raw URL; `unmatched` for unknown paths. */
  route: 'route',
  /** HTTP status code as a string (`200`, `401`). */
  statusCode: 'status_code',
  /** A model label (`toxic`, `insult`…): the model's own label names. */
  label: 'label',
  /** `positive` when the text was predicted to have the label, `negative` otherwise. */
  outcome: 'outcome',
  /** Why a model load, a token or a request was refused (`MODEL_LOAD_FAILURE_REASONS`, `AUTH_FAILURE_REASONS`, `SHED_REASONS`). */
  reason: 'reason',
  /** Model name from the artifact. */
  modelName: 'name',
  /** Model version from the artifact. */
  modelVersion: 'version',
} as const;

/** Values of `route` for requests no route matched. */
export const UNMATCHED_ROUTE = 'unmatched';

/** Values of `reason` on `model_load_failures_total`. */
export const MODEL_LOAD_FAILURE_REASONS = [
  /** The model URI could not be resolved to a storage URI (e.g. a registry alias). */
  'resolve',
  /** No object at the URI. */
  'not_found',
  /** The store failed (network, permissions). */
  'storage',
  /** The object is not JSON (corrupt or partially written). */
  'invalid_json',
  /** JSON, but not a valid model artifact (schema version, dimensions, values). */
  'invalid_artifact',
  /** A valid artifact that lacks a label the serving model has (clients asking for it would break). */
  'incompatible',
] as const;
export type ModelLoadFailureReason = (typeof MODEL_LOAD_FAILURE_REASONS)[number];

/** Values of `reason` on `auth_failures_total`. */
export const AUTH_FAILURE_REASONS = [
  /** No `Authorization: Bearer` header, or an empty token. */
  'missing',
  /** Not a compact JWS, or a header that is not JSON. */
  'malformed',
  /** An algorithm other than the pinned HS256 (`none`, HS512, RS256…). */
  'algorithm',
  /** A `kid` no configured key has. */
  'unknown_kid',
  /** The signature does not match. */
  'signature',
  /** `exp` is in the past. */
  'expired',
  /** `nbf` is in the future. */
  'not_yet_valid',
  /** A required claim is missing or `iss`/`aud`/`sub`/age is wrong. */
  'claims',
] as const;
export type AuthFailureReason = (typeof AUTH_FAILURE_REASONS)[number];

/** Values of `reason` on `http_requests_shed_total`. */
export const SHED_REASONS = [
  /** The replica had `server.maxInFlight` requests in flight (503). */
  'in_flight',
  /** The caller's token bucket was empty (429). */
  'rate_limited',
] as const;
export type ShedReason = (typeof SHED_REASONS)[number];

/** One metric: what `metrics.ts` registers and what monitoring code may query. */
export interface MetricDescriptor {
  readonly name: string;
  readonly type: 'counter' | 'gauge' | 'histogram';
  readonly help: string;
  readonly labelNames: readonly string[];
  /** Histogram bucket upper bounds, in the metric's unit. */
  readonly buckets?: readonly number[];
}

/** Request latency buckets (seconds); 0.5 is there so "slower than 500 ms" is an exact bucket. */
export const HTTP_DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

/** Scoring latency buckets (seconds): from one comment (tens of µs) to a large batch. */
export const PREDICTION_DURATION_BUCKETS = [
  0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1,
] as const;

/**
 * Buckets of the calibrated probability a label gets (0–1): tenths, plus 0.05 and 0.95 so the confident
 * ends stand apart, and 0.5 (the default threshold) as a bound.
 */
export const PREDICTION_SCORE_BUCKETS = [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1] as const;

/**
 * A prediction is low-confidence when its confidence, max(p, 1 - p) for the calibrated probability p of a
 * label, is below this: 0.4 < p < 0.6. The original system's retraining signal ("confidence < 0.6").
 */
export const LOW_CONFIDENCE_BELOW = 0.6;

const L = METRIC_LABELS;

/** Every metric the server registers besides prom-client's default process metrics. */
export const METRICS = {
  httpRequestDuration: {
    name: 'http_request_duration_seconds',
    type: 'histogram',
    help: 'Time from request start to response end, by route template, method and status code.',
    labelNames: [L.method, L.route, L.statusCode],
    buckets: HTTP_DURATION_BUCKETS,
  },
  httpRequests: {
    name: 'http_requests_total',
    type: 'counter',
    help: 'HTTP requests answered, by route template, method and status code.',
    labelNames: [L.method, L.route, L.statusCode],
  },
  httpRequestsInFlight: {
    name: 'http_requests_in_flight',
    type: 'gauge',
    help: 'HTTP requests being processed now.',
    labelNames: [],
  },
  requestsShed: {
    name: 'http_requests_shed_total',
    type: 'counter',
    help: 'API requests refused to protect the replica: 503 at the in-flight cap, 429 over a client rate, by reason.',
    labelNames: [L.reason],
  },
  authFailures: {
    name: 'auth_failures_total',
    type: 'counter',
    help: 'Requests refused with 401, by reason.',
    labelNames: [L.reason],
  },
  predictions: {
    name: 'model_predictions_total',
    type: 'counter',
    help: 'Comments scored, by model label and outcome (positive or negative).',
    labelNames: [L.label, L.outcome],
  },
  predictionDuration: {
    name: 'model_prediction_duration_seconds',
    type: 'histogram',
    help: 'Time spent scoring one request (all its comments), excluding HTTP and JSON work.',
    labelNames: [],
    buckets: PREDICTION_DURATION_BUCKETS,
  },
  predictionScore: {
    // A probability has no unit, so no unit suffix (https://prometheus.io/docs/practices/naming/).
    name: 'model_prediction_score',
    type: 'histogram',
    help: 'Calibrated probability returned for each comment, by model label (labels without calibration are not observed).',
    labelNames: [L.label],
    buckets: PREDICTION_SCORE_BUCKETS,
  },
  lowConfidencePredictions: {
    name: 'model_low_confidence_predictions_total',
    type: 'counter',
    help: 'Comments whose confidence max(p, 1-p) for the label was below 0.6 (calibrated labels only; divide by model_prediction_score_count for the share).',
    labelNames: [L.label],
  },
  scorePsi: {
    name: 'model_score_psi',
    type: 'gauge',
    help: "Population stability index of the label's scores over the drift window against the training baseline carried in the model (labels without a baseline, or with no comment in the window, are absent).",
    labelNames: [L.label],
  },
  scorePsiWindow: {
    name: 'model_score_psi_window_comments',
    type: 'gauge',
    help: 'Comments of the label in the drift window model_score_psi is computed over (since the model was loaded, at most the window).',
    labelNames: [L.label],
  },
  modelInfo: {
    name: 'model_info',
    type: 'gauge',
    help: 'Always 1 for the model being served; its labels name it.',
    labelNames: [L.modelName, L.modelVersion],
  },
  modelLoadedTimestamp: {
    name: 'model_loaded_timestamp_seconds',
    type: 'gauge',
    help: 'Unix time the model being served was loaded (0 before the first load).',
    labelNames: [],
  },
  modelLoads: {
    name: 'model_loads_total',
    type: 'counter',
    help: 'Models loaded and swapped in (the first load included).',
    labelNames: [],
  },
  modelLoadFailures: {
    name: 'model_load_failures_total',
    type: 'counter',
    help: 'Model loads rejected (the previous model, if any, kept serving), by reason.',
    labelNames: [L.reason],
  },
  eventLoopActive: {
    name: 'nodejs_eventloop_active_seconds_total',
    type: 'counter',
    help: 'Time the event loop spent running callbacks rather than waiting for I/O (rate() is the event-loop utilisation, 0-1: a measure of load that excludes idle wake-ups).',
    labelNames: [],
  },
  ready: {
    name: 'model_server_ready',
    type: 'gauge',
    help: '1 when /readyz answers 200 (a model is loaded and the server is not draining), else 0.',
    labelNames: [],
  },
} as const satisfies Record<string, MetricDescriptor>;

/** Prefix of prom-client's default process and Node.js metrics (`process_cpu_seconds_total`, `nodejs_heap_…`). */
export const DEFAULT_METRIC_PREFIXES = ['process_', 'nodejs_'] as const;
