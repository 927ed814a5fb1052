import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import express, {
  type ErrorRequestHandler,
  type Express,
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
} from 'express';
import { type ServerConfig, parseConfig } from '../src/config';
import type { JwtVerifier } from './jwt-verifier';
import { AuthError } from './jwt-verifier';
import { jsonBody } from './json-body';
import { InFlightLimit, SubjectRateLimit } from './load-shedding';
import { type Logger, silentLogger } from './logger';
import { UNMATCHED_ROUTE } from '../src/contract';
import { ServerMetrics } from './server-metrics';
import { buildOpenApiDocument } from './openapi';
import { type ModelProvider, createPredictHandler, requireModel } from './predict-handler';
import { HttpProblem } from './problem';
import { type DrainState, Responder } from './responder';
import { type Listener, ROUTE_TABLE, type RouteId, allowHeader, expressPath, routesOf } from './routes';
import { type CompatDeps, compatCredential, protocolErrors } from './compat-scoring';
import { createPerspectiveHandler, perspectiveError } from './perspective-handler';
import {
  oipError,
  oipHealth,
  oipInfer,
  oipModelMetadata,
  oipModelReady,
  oipServerMetadata,
} from './open-inference-handler';
import { mlflowError, mlflowInvocations, mlflowPing, mlflowVersion } from './mlflow-scoring-handler';
import { rawBody } from './raw-body';
import { directRouteOf, dispatchDirectly } from './direct-routes';

export type { ModelProvider } from './predict-handler';
export type { DrainState } from './responder';

/** The `config.server` settings the app uses; those left out take the config defaults. */
export type AppServerSettings = Pick<ServerConfig, 'maxBatchSize' | 'maxTextLength' | 'bodyLimitKiB' | 'threshold'> &
  Partial<ServerConfig>;

/** Everything `createApp` needs; tests pass real in-memory instances. */
export interface AppDeps {
  /** Limits, threshold, body size and load shedding (`config.server`). */
  readonly server: AppServerSettings;
  readonly verifier: JwtVerifier;
  readonly models: ModelProvider;
  /** @default never draining */
  readonly drain?: DrainState;
  /** @default a new `ServerMetrics` (own registry) */
  readonly metrics?: ServerMetrics;
  /** @default silent */
  readonly logger?: Logger;
  /** @default Date.now */
  readonly now?: () => number;
  /** API version shown in the OpenAPI document. @default 1.0.0 */
  readonly apiVersion?: string;
}

/** The handlers of a route, ending with an optional route-level error handler. */
type Chain = (RequestHandler | ErrorRequestHandler)[];

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

interface Locals {
  /** Verified `sub` of the caller. */
  client?: string;
  requestId?: string;
}

/** The label of the route a request matched (metrics, error log), or `unmatched`. */
function routeOf(req: Request, res: Response): string {
  return (req.route as { path?: string } | undefined)?.path ?? directRouteOf(res) ?? UNMATCHED_ROUTE;
}

function requestIdOf(req: Request, res: Response): string {
  const locals = res.locals as Locals;
  if (locals.requestId === undefined) {
    const given = req.headers['x-request-id'];
    locals.requestId = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  }
  return locals.requestId;
}

let defaultServerSettings: ServerConfig | undefined;

/** The full server settings: the given ones over the config defaults. */
export function resolveServerSettings(given: AppServerSettings): ServerConfig {
  defaultServerSettings ??= parseConfig({}).server;
  return { ...defaultServerSettings, ...given };
}

/** What both listeners share: the responder, metrics, logger and drain state. */
interface Shared {
  readonly out: Responder;
  readonly metrics: ServerMetrics;
  readonly logger: Logger;
  readonly drain: DrainState;
  readonly models: ModelProvider;
}

function sharedOf(deps: Pick<AppDeps, 'metrics' | 'logger' | 'drain' | 'models'>): Shared {
  const drain: DrainState = deps.drain ?? { draining: false };
  return {
    out: new Responder(drain),
    metrics: deps.metrics ?? new ServerMetrics(),
    logger: deps.logger ?? silentLogger,
    drain,
    models: deps.models,
  };
}

/**
 * Builds the Express app of the public API port (no listening: `model-server-runtime.ts` does that).
 *
 * `POST /v1/predict` runs: metrics → in-flight cap (503 `overloaded`) → bearer JWT → the caller's rate
 * (429 `too-many-requests`) → JSON content type → body parser (size limit) → compiled ajv schema →
 * model → response. Every failure is a problem+json response with a stable `type`; unexpected errors
 * become a 500 carrying only a request id, which the ERROR log entry repeats. Comment text is never
 * logged. `/metrics` is not here: it is on the admin port (`createAdminApp`).
 */
export function createApp(deps: AppDeps): Express {
  const settings = resolveServerSettings(deps.server);
  const shared = sharedOf(deps);
  const { out, metrics, drain, models } = shared;
  const now = deps.now ?? Date.now;
  metrics.watchReadiness(() => models.current !== undefined && !drain.draining);
  const app = baseApp(shared);

  const admit = admission(settings, shared);
  const authenticate = authenticator(deps.verifier, shared);
  const limitRate = rateLimiter(settings, shared, now);
  const parseJson = jsonBody(settings.bodyLimitKiB * 1024);
  const predict = createPredictHandler({ settings, models, metrics, out, now });
  const apiVersion = deps.apiVersion ?? '1.0.0';
  const compat: CompatDeps = { settings, models, metrics, out, apiVersion };
  const readBytes = rawBody(settings.bodyLimitKiB * 1024);
  const scoring = (queryKey: boolean) => [
    admit,
    authenticator(deps.verifier, shared, (req) => compatCredential(req, { queryKey })),
    limitRate,
  ];
  const perspective = protocolErrors(out, perspectiveError);
  const oip = protocolErrors(out, oipError);
  const mlflow = protocolErrors(out, mlflowError);
  const openApiJson = JSON.stringify(
    buildOpenApiDocument({
      version: apiVersion,
      maxBatchSize: settings.maxBatchSize,
      maxTextLength: settings.maxTextLength,
      bodyLimitKiB: settings.bodyLimitKiB,
    }),
  );

  const handlers: Record<Exclude<RouteId, 'metrics'>, Chain> = {
    // The two predict routes are also dispatched directly (see `dispatchDirectly`).
    predict: [admit, authenticate, limitRate, parseJson, predict],
    predictLegacy: [admit, authenticate, limitRate, parseJson, predict],
    model: [
      admit,
      authenticate,
      limitRate,
      (_req: Request, res: Response) => out.json(res, 200, modelInfo(requireModel(models))),
    ],
    health: [healthHandler(out)],
    // Unauthenticated and public: it says ready or not, never which model (versions help an attacker).
    ready: [readyHandler(shared, false)],
    openapi: [(_req: Request, res: Response) => out.send(res, 200, 'application/json; charset=utf-8', openApiJson)],
    perspectiveAnalyze: [...scoring(true), parseJson, createPerspectiveHandler(compat), perspective],
    oipServer: [oipServerMetadata(compat)],
    oipLive: [oipHealth(compat, 'live', () => drain.draining)],
    oipReady: [oipHealth(compat, 'ready', () => drain.draining), oip],
    oipModel: [...scoring(false), oipModelMetadata(compat), oip],
    oipModelReady: [oipModelReady(compat), oip],
    oipInfer: [...scoring(false), readBytes, oipInfer(compat), oip],
    mlflowInvocations: [...scoring(false), readBytes, mlflowInvocations(compat), mlflow],
    mlflowPing: [mlflowPing(compat)],
    mlflowHealth: [mlflowPing(compat)],
    mlflowVersion: [mlflowVersion(compat)],
  };
  finishApp(app, 'public', handlers, shared);
  const first = requestMetrics(metrics, shared.logger);
  const direct = (['predict', 'predictLegacy'] as const).map((id) => ({
    path: ROUTE_TABLE[id].path,
    label: expressPath(ROUTE_TABLE[id].path),
    chain: [first, ...(handlers[id] as RequestHandler[])],
  }));
  return dispatchDirectly(app, direct, errorHandler(shared));
}

/** Options of `createAdminApp`. */
export type AdminAppDeps = Pick<AppDeps, 'models' | 'drain' | 'metrics' | 'logger'>;

/**
 * The app of the admin port: `/healthz` and `/readyz` for the kubelet, `/metrics` for the collectors.
 * It is never behind the public Service; the NetworkPolicy admits it only from the monitoring namespace.
 */
export function createAdminApp(deps: AdminAppDeps): Express {
  const shared = sharedOf(deps);
  const { out, metrics, models, drain } = shared;
  metrics.watchReadiness(() => models.current !== undefined && !drain.draining);
  const app = baseApp(shared);
  return finishApp(
    app,
    'admin',
    {
      health: [healthHandler(out)],
      // The admin port is reachable only by the kubelet, the collectors and the load balancer's health
      // checks; /metrics there already carries the model version.
      ready: [readyHandler(shared, true)],
      metrics: [
        (_req: Request, res: Response, next: NextFunction) => {
          metrics.render().then(({ contentType, body }) => out.send(res, 200, contentType, body), next);
        },
      ],
    },
    shared,
  );
}

/** An Express app with the per-request metrics (and the debug access log) installed first. */
function baseApp({ metrics, logger }: Shared): Express {
  const app = express();
  app.disable('x-powered-by');
  // Responses are computed per request; ETags would only cost a hash of every body.
  app.disable('etag');
  app.use(requestMetrics(metrics, logger));
  return app;
}

/** The per-request metrics (and the debug access log): the first handler of every request. */
function requestMetrics(metrics: ServerMetrics, logger: Logger): RequestHandler {
  const accessLog = logger.enabled('DEBUG');
  return (req, res, next) => {
    const started = performance.now();
    metrics.requestStarted();
    res.once('close', () => {
      const seconds = (performance.now() - started) / 1000;
      const route = routeOf(req, res);
      // 499: the client went away before the response was complete (no status was sent).
      const status = res.writableFinished ? res.statusCode : 499;
      metrics.requestEnded(req.method, route, status, seconds);
      if (accessLog) {
        logger.debug('request', {
          httpRequest: {
            requestMethod: req.method,
            requestUrl: route === UNMATCHED_ROUTE ? req.path.slice(0, 200) : route,
            status,
            latency: `${seconds.toFixed(6)}s`,
            userAgent: req.headers['user-agent']?.slice(0, 200),
            remoteIp: req.socket.remoteAddress,
          },
          client: (res.locals as Locals).client,
        });
      }
    });
    next();
  };
}

/** Registers the routes of a listener from the route table, then 405, 404 and the error handler. */
function finishApp(
  app: Express,
  listener: Listener,
  handlers: Partial<Record<RouteId, Chain>>,
  shared: Shared,
): Express {
  const ids = routesOf(listener);
  for (const id of ids) {
    const route = ROUTE_TABLE[id];
    const chain = handlers[id];
    if (!chain) throw new Error(`no handler for route ${id} on the ${listener} listener`);
    const path = expressPath(route.path);
    for (const method of route.methods) {
      if (method === 'GET') app.get(path, ...chain);
      else app.post(path, ...chain);
    }
  }
  // Known paths, other methods: 405 with Allow (RFC 9110 §15.5.6).
  for (const id of ids) {
    const { path } = ROUTE_TABLE[id];
    const allow = allowHeader(ROUTE_TABLE[id]);
    app.all(expressPath(path), (req) => {
      throw new HttpProblem(
        'method-not-allowed',
        `${req.method.slice(0, 20)} is not allowed on ${path}; use ${allow}`,
        {
          headers: { Allow: allow },
        },
      );
    });
  }
  app.use((req) => {
    throw new HttpProblem('not-found', `no resource at ${req.path.slice(0, 200)}`);
  });
  app.use(errorHandler(shared));
  return app;
}

/**
 * Verifies the bearer JWT (by default from `Authorization`); a refusal is a 401 `unauthorized` problem
 * with the RFC 6750 challenge, passed on so that a route may write it in its protocol's shape.
 */
function authenticator(
  verifier: JwtVerifier,
  { metrics }: Shared,
  credentialOf: (req: Request) => string | undefined = (req) => req.headers.authorization,
): RequestHandler {
  return (req, res, next) => {
    try {
      (res.locals as Locals).client = verifier.verifyAuthorization(credentialOf(req)).subject;
    } catch (err) {
      if (!(err instanceof AuthError)) {
        next(err);
        return;
      }
      metrics.authFailed(err.reason);
      // RFC 6750 §3: no error code when the request had no credentials at all; error_description is
      // limited to %x20-21 / %x23-5B / %x5D-7E, and is always one of the verifier's fixed sentences.
      const challenge =
        err.reason === 'missing'
          ? 'Bearer realm="toxicity"'
          : `Bearer realm="toxicity", error="invalid_token", error_description="${err.description.replace(/[^\x20\x21\x23-\x5b\x5d-\x7e]/g, '')}"`;
      next(new HttpProblem('unauthorized', err.description, { headers: { 'WWW-Authenticate': challenge } }));
      return;
    }
    next();
  };
}

/**
 * The in-flight caps, checked before anything else: all requests, and among them those with a large
 * body (by its declared length, before reading it). Over either cap: 503 `overloaded` with `Retry-After`.
 */
function admission(settings: ServerConfig, { out, metrics }: Shared): RequestHandler {
  const all = new InFlightLimit(settings.maxInFlight);
  const large = new InFlightLimit(settings.maxLargeInFlight);
  const largeBytes = settings.largeBodyKiB * 1024;
  const retryAfter = String(settings.retryAfterSeconds);
  const refuse = (res: Response) => {
    metrics.requestShed('in_flight');
    out.problem(
      res,
      new HttpProblem('overloaded', 'this replica is serving as many requests as it can; retry later').toDocument(),
      { 'Retry-After': retryAfter },
    );
  };
  return (req, res, next) => {
    const length = req.headers['content-length'];
    const isLarge =
      req.headers['transfer-encoding'] !== undefined || (length !== undefined && Number(length) > largeBytes);
    if (isLarge && !large.tryAcquire()) {
      refuse(res);
      return;
    }
    if (!all.tryAcquire()) {
      if (isLarge) large.release();
      refuse(res);
      return;
    }
    res.once('close', () => {
      all.release();
      if (isLarge) large.release();
    });
    next();
  };
}

/** Per-subject token bucket after authentication; a pass-through when `rateLimitPerSecond` is 0. */
function rateLimiter(settings: ServerConfig, { out, metrics }: Shared, now: () => number): RequestHandler {
  if (settings.rateLimitPerSecond === 0) return (_req, _res, next) => next();
  const limit = new SubjectRateLimit(settings.rateLimitPerSecond, settings.rateLimitBurst);
  const policy = limit.policy;
  return (_req, res, next) => {
    const decision = limit.take((res.locals as Locals).client ?? '', now());
    if (decision.allowed) {
      next();
      return;
    }
    metrics.requestShed('rate_limited');
    out.problem(
      res,
      new HttpProblem(
        'too-many-requests',
        `this client exceeded ${settings.rateLimitPerSecond} requests per second (burst ${settings.rateLimitBurst}); retry after ${decision.retryAfterSeconds} s`,
      ).toDocument(),
      {
        'Retry-After': String(decision.retryAfterSeconds),
        'RateLimit-Policy': policy,
        RateLimit: SubjectRateLimit.field(decision),
      },
    );
  };
}

function healthHandler(out: Responder): RequestHandler {
  return (_req, res) => out.json(res, 200, { status: 'ok' });
}

function readyHandler({ out, drain, models }: Shared, revealVersion: boolean): RequestHandler {
  return (_req, res) => {
    if (drain.draining) {
      out.problem(
        res,
        new HttpProblem('draining', 'the server is shutting down; send new requests to another replica').toDocument(),
      );
      return;
    }
    const model = requireModel(models);
    out.json(res, 200, revealVersion ? { status: 'ready', model_version: model.version } : { status: 'ready' });
  };
}

/** Why `card` is null, in the answer of `GET /v1/model`. */
export const NO_CARD =
  'this model carries no model card: it was trained before cards existed, or imported (toxicity import sklearn); ' +
  'train it again with toxicity train to get one';

function modelInfo(m: ReturnType<typeof requireModel>) {
  return {
    name: m.name,
    version: m.version,
    labels: m.labels,
    primary_label: m.primaryLabel,
    feature_count: m.model.featureCount,
    source_uri: m.sourceUri,
    resolved_uri: m.resolvedUri,
    generation: m.generation,
    loaded_at: m.loadedAt.toISOString(),
    trained_at: m.trainedAt,
    metrics: m.model.artifact.metrics,
    ...(m.model.artifact.provenance.importedFrom ? { imported_from: m.model.artifact.provenance.importedFrom } : {}),
    card: m.model.artifact.card ?? null,
    ...(m.model.artifact.card ? {} : { card_missing: NO_CARD }),
  };
}

function errorHandler({ out, logger }: Shared): ErrorRequestHandler {
  return (err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const problem = toProblem(err);
    if (problem) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      out.problem(res, problem.toDocument(), problem.extra.headers);
      return;
    }
    const requestId = requestIdOf(req, res);
    logger.error('request failed', {
      requestId,
      method: req.method.slice(0, 20),
      route: routeOf(req, res),
      error: err instanceof Error ? { name: err.name, message: err.message, stack: err.stack } : String(err),
    });
    if (res.headersSent) {
      res.destroy();
      return;
    }
    out.problem(res, {
      ...new HttpProblem(
        'internal-error',
        `the request failed; quote request id ${requestId} when reporting it`,
      ).toDocument(),
      request_id: requestId,
    });
  };
}

/** Our problems as they are; other client errors (status 4xx from a library) as a generic 400; undefined otherwise. */
function toProblem(err: unknown): HttpProblem | undefined {
  if (err instanceof HttpProblem) return err;
  const status = (err as { status?: unknown } | null)?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new HttpProblem('invalid-request', 'the request could not be read');
  }
  return undefined;
}
