/**
 * The model server's HTTP routes (path parameters written `{name}`, as OpenAPI writes them): the server mounts exactly these, the Deployment probes them, the
 * alert rules and the dashboard label their queries with them, and the OpenAPI document lists them.
 * A rename here is one edit and a compile error wherever it matters.
 */
export const ROUTES = {
  /** Score one comment or a batch. */
  predict: '/v1/predict',
  /** The original system's path for the same operation. */
  predictLegacy: '/predict',
  /** What the loaded model is (name, version, labels, metrics). */
  model: '/v1/model',
  /** Liveness probe: the process answers. */
  health: '/healthz',
  /** Readiness probe: a model is loaded and the server is not draining. */
  ready: '/readyz',
  /** Prometheus exposition. */
  metrics: '/metrics',
  /** The OpenAPI 3.1 document of this API. */
  openapi: '/openapi.json',
  /** Perspective API's `comments:analyze` (a literal colon: Google's custom-method syntax). */
  perspectiveAnalyze: '/v1alpha1/comments:analyze',
  /** Open Inference Protocol (KServe V2): server metadata, liveness and readiness. */
  oipServer: '/v2',
  oipLive: '/v2/health/live',
  oipReady: '/v2/health/ready',
  /** Open Inference Protocol: model metadata, model readiness and inference (`{model}` is the model name). */
  oipModel: '/v2/models/{model}',
  oipModelReady: '/v2/models/{model}/ready',
  oipInfer: '/v2/models/{model}/infer',
  /** MLflow's scoring-server protocol: scoring, ping, health and version. */
  mlflowInvocations: '/invocations',
  mlflowPing: '/ping',
  mlflowHealth: '/health',
  mlflowVersion: '/version',
} as const;

/** Name of a route (`predict`, `health`…). */
export type RouteName = keyof typeof ROUTES;

/** Path of a route. */
export type RoutePath = (typeof ROUTES)[RouteName];

/** The probe and scrape paths, as the Deployment and the monitoring objects name them. */
export const PROBE_PATHS = {
  liveness: ROUTES.health,
  readiness: ROUTES.ready,
  metrics: ROUTES.metrics,
} as const;

/**
 * Routes that only say whether the server (or its model) is up: probes of Kubernetes and of the
 * compatible protocols' clients (Open Inference Protocol health and model readiness, MLflow's
 * `/ping` and `/health`). They answer 503 while the model loads or the pod drains, by design, so the
 * error-ratio alert leaves them out of client traffic.
 */
export const HEALTH_ROUTES = [
  ROUTES.health,
  ROUTES.ready,
  ROUTES.oipLive,
  ROUTES.oipReady,
  ROUTES.oipModelReady,
  ROUTES.mlflowPing,
  ROUTES.mlflowHealth,
] as const;

/**
 * The `route` label the server records for a route: the Express (path-to-regexp 8) form of its
 * path, `{name}` parameters as `:name` and a literal colon (Google's custom-method syntax,
 * `comments:analyze`) escaped. The server mounts routes with this same string.
 */
export function routeLabel(path: string): string {
  return path.replace(/:/g, '\\:').replace(/\{(\w+)\}/g, ':$1');
}
