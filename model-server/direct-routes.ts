import type { ErrorRequestHandler, Express, Request, RequestHandler, Response } from 'express';

/** A route served without Express's router: its exact path, its metrics label and its handlers. */
export interface DirectRoute {
  /** Matched exactly against `req.url` (no query string, no trailing slash, same case). */
  readonly path: string;
  /** The `route` label of the metrics and the error log (what `req.route.path` would be). */
  readonly label: string;
  /**
   * The handlers in order; the last one answers. None may be an error handler. They get Node's request
   * and response with `res.locals`, not Express's additions (`res.status`, `req.get`...).
   */
  readonly chain: readonly RequestHandler[];
}

type Handle = (req: Request, res: Response, callback?: (err?: unknown) => void) => void;

interface DirectLocals {
  directRoute?: string;
}

/** The label of the direct route that is serving a response, if any. */
export function directRouteOf(res: Response): string | undefined {
  return (res.locals as DirectLocals | undefined)?.directRoute;
}

/**
 * Serves `POST` requests for the exact paths of `routes` without Express's router: each runs its
 * route's own handlers, and a failure goes to `onError`, so the answer is the one the router would
 * give. Anything else (other methods, a trailing slash, a query string, another case) goes to the
 * router as before.
 *
 * Why: with one ~200-character comment per request, Express's per-request work (router, prototype
 * swaps) cost ~85 µs of CPU against ~18 µs for `node:http` alone, and the objects it keeps alive made
 * every scavenge ~6 ms instead of ~1 ms, which was most of the p99 at half of saturation
 * (bench/README.md, "Tail latency"). The objects kept alive come from the router's first step, which
 * swaps the prototypes of `req` and `res` to Express's: doing only that on this path brought the slow
 * scavenges and the tail back, so handlers here get Node's objects as they are.
 *
 * It replaces `app.handle`, which the app function itself calls (`express()` returns
 * `(req, res, next) => app.handle(req, res, next)`), so `createServer(app)`, `app.listen` and test
 * clients all go through it.
 */
export function dispatchDirectly(app: Express, routes: readonly DirectRoute[], onError: ErrorRequestHandler): Express {
  const byPath = new Map<string, DirectRoute>();
  for (const route of routes) {
    if (route.chain.some((h) => h.length === 4)) {
      throw new Error(`the direct route ${route.path} has an error handler in its chain; pass it as onError`);
    }
    if (byPath.has(route.path)) throw new Error(`the direct route ${route.path} is given twice`);
    byPath.set(route.path, route);
  }
  const target = app as unknown as { handle: Handle };
  const viaRouter = target.handle.bind(app);
  target.handle = (req, res, callback) => {
    const route = req.method === 'POST' && req.url !== undefined ? byPath.get(req.url) : undefined;
    if (route === undefined) {
      viaRouter(req, res, callback);
      return;
    }
    // Unlike the router, this does not swap the prototypes of req and res to Express's (see above).
    res.locals = { directRoute: route.label } satisfies DirectLocals;
    runChain(route.chain, req, res, (err) => {
      try {
        onError(err, req, res, afterError);
      } catch {
        // A failing error handler cannot answer: drop the connection rather than leave the client waiting.
        res.destroy();
      }
    });
  };
  return app;
}

function afterError(): void {
  // The error handler answers every error; nothing runs after it.
}

/**
 * Runs handlers in order as Express does: a handler calls `next()` to pass on or `next(err)` to fail;
 * one that throws, or returns a promise that rejects, fails with that error.
 */
export function runChain(
  chain: readonly RequestHandler[],
  req: Request,
  res: Response,
  fail: (err: unknown) => void,
): void {
  let i = 0;
  let failed = false;
  const failOnce = (err: unknown) => {
    if (failed) return;
    failed = true;
    fail(err);
  };
  const next = (err?: unknown): void => {
    if (err !== undefined && err !== null) {
      failOnce(err);
      return;
    }
    const handler = chain[i++];
    if (handler === undefined) {
      failOnce(new Error('the handler chain ended without an answer'));
      return;
    }
    try {
      const result: unknown = handler(req, res, next);
      if (result instanceof Promise) {
        result.catch((rejected: unknown) => failOnce(rejected ?? new Error('a handler returned a rejected promise')));
      }
    } catch (thrown) {
      failOnce(thrown ?? new Error('a handler threw without an error'));
    }
  };
  next();
}
