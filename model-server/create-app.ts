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
import type { ServerConfig } from '../src/config';
import { AuthError, type JwtVerifier } from './jwt-verifier';
import { jsonBody } from './json-body';
import { type Logger, silentLogger } from './logger';
import { ROUTES, UNMATCHED_ROUTE } from '../src/contract';
import { ServerMetrics } from './server-metrics';
import type { ScoreRecorder } from './score-histogram';
import type { LoadedModel, LoadFailure } from './model-holder';
import { isPredicted } from '../src/ml';
import { buildOpenApiDocument } from './openapi';
import { PredictRequestValidator } from './predict-request';
import { buildPredictions, predictionsJson } from './predict-response';
import { HttpProblem, PROBLEM_CONTENT_TYPE, type ProblemDocument } from './problem';
import { apiSecurityHeaders } from './security-headers';

/** What the app reads about the model; `ModelHolder` provides it. */
export interface ModelProvider {
  readonly current: LoadedModel | undefined;
  readonly lastFailure: LoadFailure | undefined;
  readonly pollIntervalMs: number;
}

/** Shutdown state shared with the listener: once draining, readiness fails and connections are not kept alive. */
export interface DrainState {
  readonly draining: boolean;
}

/** Everything `createApp` needs; tests pass real in-memory instances. */
export interface AppDeps {
  /** Limits, threshold and body size (`config.server`). */
  readonly server: Pick<ServerConfig, 'maxBatchSize' | 'maxTextLength' | 'bodyLimitKiB' | 'threshold'>;
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

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

interface Locals {
  /** Verified `sub` of the caller. */
  client?: string;
  requestId?: string;
}

function requestIdOf(req: Request, res: Response): string {
  const locals = res.locals as Locals;
  if (locals.requestId === undefined) {
    const given = req.headers['x-request-id'];
    locals.requestId = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  }
  return locals.requestId;
}

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * Writes whole responses with one `writeHead`: the security headers (computed once), content type
 * and length, and any extra headers. Every response of the app goes through it.
 */
class Responder {
  private readonly base: readonly string[];

  constructor(private readonly drain: DrainState) {
    this.base = apiSecurityHeaders().flat();
  }

  send(res: Response, status: number, contentType: string, body: string, extra?: Record<string, string>): void {
    const headers = this.base.slice();
    headers.push('Content-Type', contentType, 'Content-Length', String(Buffer.byteLength(body)));
    if (extra) for (const name of Object.keys(extra)) headers.push(name, extra[name]);
    // While draining, make clients reconnect (to another replica) instead of keeping this connection.
    if (this.drain.draining && !(extra && 'Connection' in extra)) headers.push('Connection', 'close');
    res.writeHead(status, headers);
    res.end(body);
  }

  json(res: Response, status: number, value: unknown): void {
    this.send(res, status, JSON_TYPE, JSON.stringify(value));
  }

  problem(res: Response, problem: ProblemDocument, extra?: Record<string, string>): void {
    this.send(res, problem.status, PROBLEM_CONTENT_TYPE, JSON.stringify(problem), extra);
  }
}

/**
 * Builds the Express app of the model server (no listening: `model-server-runtime.ts` does that).
 *
 * `POST /v1/predict` runs: metrics → security headers → bearer JWT → JSON content type → body parser
 * (size limit) → compiled ajv schema → model → response. Every failure is a problem+json response
 * with a stable `type`; unexpected errors become a 500 carrying only a request id, which the ERROR
 * log entry repeats. Comment text is never logged.
 */
export function createApp(deps: AppDeps): Express {
  const metrics = deps.metrics ?? new ServerMetrics();
  const logger = deps.logger ?? silentLogger;
  const now = deps.now ?? Date.now;
  const drain: DrainState = deps.drain ?? { draining: false };
  const models = deps.models;
  const validator = new PredictRequestValidator(deps.server);
  const threshold = deps.server.threshold;
  const openApiJson = JSON.stringify(
    buildOpenApiDocument({
      version: deps.apiVersion ?? '1.0.0',
      maxBatchSize: deps.server.maxBatchSize,
      maxTextLength: deps.server.maxTextLength,
      bodyLimitKiB: deps.server.bodyLimitKiB,
    }),
  );
  metrics.watchReadiness(() => models.current !== undefined && !drain.draining);
  const accessLog = logger.enabled('DEBUG');
  const out = new Responder(drain);

  const app = express();
  app.disable('x-powered-by');
  // Responses are computed per request; ETags would only cost a hash of every body.
  app.disable('etag');

  // 1. Metrics (and the debug access log) for every request, including refused ones.
  app.use((req, res, next) => {
    const started = performance.now();
    metrics.requestStarted();
    res.once('close', () => {
      const seconds = (performance.now() - started) / 1000;
      const route = (req.route as { path?: string } | undefined)?.path ?? UNMATCHED_ROUTE;
      // 499: the client went away before the response was complete (no status was sent).
      const status = res.writableFinished ? res.statusCode : 499;
      metrics.requestEnded(req.method, route, status, seconds);
      if (accessLog) {
        logger.debug('request', {
          httpRequest: {
            requestMethod: req.method,
            requestUrl: route === UNMATCHED_ROUTE ? req.path : route,
            status,
            latency: `${seconds.toFixed(6)}s`,
            userAgent: req.headers['user-agent'],
            remoteIp: req.socket.remoteAddress,
          },
          client: (res.locals as Locals).client,
        });
      }
    });
    next();
  });

  const authenticate: RequestHandler = (req, res, next) => {
    try {
      (res.locals as Locals).client = deps.verifier.verifyAuthorization(req.headers.authorization).subject;
    } catch (err) {
      if (err instanceof AuthError) {
        metrics.authFailed(err.reason);
        out.problem(
          res,
          new HttpProblem('unauthorized', err.description).toDocument(),
          // RFC 6750 §3: no error code when the request had no credentials at all.
          {
            'WWW-Authenticate':
              err.reason === 'missing'
                ? 'Bearer realm="toxicity"'
                : `Bearer realm="toxicity", error="invalid_token", error_description="${err.description.replace(/"/g, "'")}"`,
          },
        );
        return;
      }
      next(err);
      return;
    }
    next();
  };

  const requireModel = (): LoadedModel => {
    const loaded = models.current;
    if (!loaded) throw new HttpProblem('model-not-ready', notReadyDetail(models));
    return loaded;
  };

  const parseJson = jsonBody(deps.server.bodyLimitKiB * 1024);

  const predict: RequestHandler = (req, res) => {
    const loaded = requireModel();
    const body = validator.check(req.body);
    const single = body.text !== undefined;
    const texts = single ? [body.text] : body.texts!;
    const requested = body.labels ?? loaded.labels;
    if (body.labels) {
      const unknown = body.labels.filter((l) => !loaded.labels.includes(l));
      if (unknown.length > 0) {
        throw new HttpProblem(
          'unknown-label',
          `unknown label(s) ${unknown.map((l) => JSON.stringify(l)).join(', ')}; this model has ${loaded.labels.map((l) => JSON.stringify(l)).join(', ')}`,
          {
            errors: unknown.map((l) => ({
              pointer: `/labels/${body.labels!.indexOf(l)}`,
              message: 'not a model label',
            })),
          },
        );
      }
    }
    const scored = requested.includes(loaded.primaryLabel) ? requested : [loaded.primaryLabel, ...requested];
    const started = performance.now();
    const results = loaded.model.score(texts, { explain: body.explain === true, labels: scored });
    metrics.predictionTook((performance.now() - started) / 1000);
    for (let k = 0; k < scored.length; k++) {
      // Taken at the first probability, so a label without calibration gets no (empty) histogram.
      let scores: ScoreRecorder | undefined;
      let positives = 0;
      for (const r of results) {
        const s = r.scores[k];
        if (isPredicted(s, threshold)) positives++;
        if (s.probability !== null) (scores ??= metrics.scoreRecorder(scored[k])).observe(s.probability);
      }
      metrics.predicted(scored[k], positives, results.length);
    }
    const options = {
      primaryLabel: loaded.primaryLabel,
      labels: requested,
      threshold,
      timestamp: new Date(now()).toISOString(),
    };
    const version = JSON.stringify(loaded.version);
    if (body.explain === true) {
      const predictions = buildPredictions(texts, results, options);
      out.json(
        res,
        200,
        single ? { ...predictions[0], model_version: loaded.version } : { model_version: loaded.version, predictions },
      );
    } else {
      // Fast path: the same JSON, written without intermediate objects.
      const items = predictionsJson(texts, results, options);
      out.send(
        res,
        200,
        JSON_TYPE,
        single
          ? `${items[0].slice(0, -1)},"model_version":${version}}`
          : `{"model_version":${version},"predictions":[${items.join(',')}]}`,
      );
    }
  };

  app.post(ROUTES.predict, authenticate, parseJson, predict);
  app.post(ROUTES.predictLegacy, authenticate, parseJson, predict);

  app.get(ROUTES.model, authenticate, (_req, res) => {
    const m = requireModel();
    out.json(res, 200, {
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
    });
  });

  app.get(ROUTES.health, (_req, res) => {
    out.json(res, 200, { status: 'ok' });
  });

  app.get(ROUTES.ready, (_req, res) => {
    if (drain.draining) {
      out.problem(
        res,
        new HttpProblem('draining', 'the server is shutting down; send new requests to another replica').toDocument(),
      );
      return;
    }
    const loaded = requireModel();
    out.json(res, 200, { status: 'ready', model_version: loaded.version });
  });

  app.get(ROUTES.metrics, (_req, res, next) => {
    metrics.render().then(({ contentType, body }) => out.send(res, 200, contentType, body), next);
  });

  app.get(ROUTES.openapi, (_req, res) => {
    out.send(res, 200, JSON_TYPE, openApiJson);
  });

  // Known paths, other methods: 405 with Allow (RFC 9110 §15.5.6).
  const allowed: Record<string, string> = {
    [ROUTES.predict]: 'POST',
    [ROUTES.predictLegacy]: 'POST',
    [ROUTES.model]: 'GET, HEAD',
    [ROUTES.health]: 'GET, HEAD',
    [ROUTES.ready]: 'GET, HEAD',
    [ROUTES.metrics]: 'GET, HEAD',
    [ROUTES.openapi]: 'GET, HEAD',
  };
  for (const [path, allow] of Object.entries(allowed)) {
    app.all(path, (req) => {
      throw new HttpProblem('method-not-allowed', `${req.method} is not allowed on ${path}; use ${allow}`, {
        headers: { Allow: allow },
      });
    });
  }

  app.use((req) => {
    throw new HttpProblem('not-found', `no resource at ${req.path.slice(0, 200)}`);
  });

  const onError: ErrorRequestHandler = (err: unknown, req: Request, res: Response, _next: NextFunction) => {
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
      method: req.method,
      route: (req.route as { path?: string } | undefined)?.path ?? UNMATCHED_ROUTE,
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
  app.use(onError);
  return app;
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

function notReadyDetail(models: ModelProvider): string {
  const every = Math.round(models.pollIntervalMs / 1000);
  const failure = models.lastFailure;
  if (!failure) return 'the first model load is still in progress';
  return `no model is loaded: ${failure.detail} (last checked ${failure.at.toISOString()}; checking again every ${every} s; the server log says what to do)`;
}
