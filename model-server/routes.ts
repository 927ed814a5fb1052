import { ROUTES } from '../src/contract';

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
