import { ROUTES, routeLabel } from '../src/contract';

/**
 * The route table of the model server: every path (from the contract), the methods it answers, and
 * which listener serves it. The app factories register routes from it, the `405 Allow` answers and the OpenAPI document's
 * paths are built from it, so a route cannot exist in one and not the others.
 */

/** Which listener serves a route: the public API port, or the admin port (kubelet probes, collectors). */
export type Listener = 'public' | 'admin';

export interface RouteSpec {
  readonly path: string;
  /** The methods answered (HEAD comes with GET); others get 405 with `Allow`. */
  readonly methods: readonly ('GET' | 'POST')[];
  /** Listeners that serve the route. */
  readonly listeners: readonly Listener[];
}

export const ROUTE_TABLE = {
  predict: { path: ROUTES.predict, methods: ['POST'], listeners: ['public'] },
  predictLegacy: { path: ROUTES.predictLegacy, methods: ['POST'], listeners: ['public'] },
  model: { path: ROUTES.model, methods: ['GET'], listeners: ['public'] },
  health: { path: ROUTES.health, methods: ['GET'], listeners: ['public', 'admin'] },
  ready: { path: ROUTES.ready, methods: ['GET'], listeners: ['public', 'admin'] },
  metrics: { path: ROUTES.metrics, methods: ['GET'], listeners: ['admin'] },
  openapi: { path: ROUTES.openapi, methods: ['GET'], listeners: ['public'] },
  perspectiveAnalyze: { path: ROUTES.perspectiveAnalyze, methods: ['POST'], listeners: ['public'] },
  oipServer: { path: ROUTES.oipServer, methods: ['GET'], listeners: ['public'] },
  oipLive: { path: ROUTES.oipLive, methods: ['GET'], listeners: ['public'] },
  oipReady: { path: ROUTES.oipReady, methods: ['GET'], listeners: ['public'] },
  oipModel: { path: ROUTES.oipModel, methods: ['GET'], listeners: ['public'] },
  oipModelReady: { path: ROUTES.oipModelReady, methods: ['GET'], listeners: ['public'] },
  oipInfer: { path: ROUTES.oipInfer, methods: ['POST'], listeners: ['public'] },
  mlflowInvocations: { path: ROUTES.mlflowInvocations, methods: ['POST'], listeners: ['public'] },
  mlflowPing: { path: ROUTES.mlflowPing, methods: ['GET'], listeners: ['public'] },
  mlflowHealth: { path: ROUTES.mlflowHealth, methods: ['GET'], listeners: ['public'] },
  mlflowVersion: { path: ROUTES.mlflowVersion, methods: ['GET'], listeners: ['public'] },
} as const satisfies Record<string, RouteSpec>;

export type RouteId = keyof typeof ROUTE_TABLE;

/** The routes a listener serves, in table order. */
export function routesOf(listener: Listener): RouteId[] {
  return (Object.keys(ROUTE_TABLE) as RouteId[]).filter((id) =>
    (ROUTE_TABLE[id].listeners as readonly Listener[]).includes(listener),
  );
}

/** The `Allow` header value of a route (RFC 9110 §10.2.1): GET implies HEAD. */
export function allowHeader(route: RouteSpec): string {
  return route.methods.flatMap((m) => (m === 'GET' ? ['GET', 'HEAD'] : [m])).join(', ');
}

/**
 * The Express (path-to-regexp 8) form of a route path: `{name}` parameters become `:name`, and a
 * literal colon (Google's custom-method syntax, `comments:analyze`) is escaped. It is also the
 * `route` label of the metrics (`routeLabel` in the contract, which the alert rules use).
 */
export function expressPath(path: string): string {
  return routeLabel(path);
}
