/**
 * What the compatible endpoints (Perspective, Open Inference Protocol, MLflow scoring) share: the
 * request bounds of `/v1/predict`, scoring in slices with the same metrics, a probability for every
 * label, and a route-level error handler that writes a protocol's own error body.
 */
import { performance } from 'node:perf_hooks';
import type { ErrorRequestHandler, Request, Response } from 'express';
import { type TextScore, probabilityOf } from '../src/ml';

export { probabilityOf };
import type { LoadedModel } from './model-holder';
import {
  type ModelProvider,
  type PredictSettings,
  recordPredictions,
  requireModel,
  scoreInSlices,
} from './predict-handler';
import { HttpProblem } from './problem';
import type { Responder } from './responder';
import type { ServerMetrics } from './server-metrics';

/** What a compatible handler needs. */
export interface CompatDeps {
  readonly settings: PredictSettings;
  readonly models: ModelProvider;
  readonly metrics: ServerMetrics;
  readonly out: Responder;
  /** Shown by `/version` and the server metadata. */
  readonly apiVersion: string;
}

/** Texts scored by the loaded model: every label, in model order. */
export interface CompatScores {
  readonly loaded: LoadedModel;
  readonly results: readonly TextScore[];
}

/** Refuses a batch over `maxBatchSize` or a text over `maxTextLength` code points (400 `invalid-request`). */
export function checkTexts(texts: readonly string[], settings: PredictSettings, pointer: string): void {
  if (texts.length === 0) {
    throw new HttpProblem('invalid-request', `${pointer} must hold at least one text`);
  }
  if (texts.length > settings.maxBatchSize) {
    throw new HttpProblem(
      'invalid-request',
      `${pointer} holds ${texts.length} texts; at most ${settings.maxBatchSize} are accepted per request`,
    );
  }
  for (let i = 0; i < texts.length; i++) {
    const t = texts[i];
    // Code points, as JSON Schema's maxLength counts for /v1/predict; the UTF-16 length bounds them.
    if (t.length > settings.maxTextLength && [...t].length > settings.maxTextLength) {
      throw new HttpProblem(
        'invalid-request',
        `text ${i} of ${pointer} is longer than ${settings.maxTextLength} characters`,
      );
    }
  }
}

/**
 * Scores `texts` with every label of the current model, yielding between slices as `/v1/predict` does,
 * and records the prediction metrics. Resolves to undefined when the client went away meanwhile.
 */
export async function scoreAll(
  deps: CompatDeps,
  res: Response,
  texts: readonly string[],
): Promise<CompatScores | undefined> {
  const loaded = requireModel(deps.models);
  const started = performance.now();
  const results = await scoreInSlices(loaded.model, texts, { labels: loaded.labels }, 1, () => res.destroyed);
  if (!results || res.destroyed) return undefined;
  deps.metrics.predictionTook((performance.now() - started) / 1000);
  recordPredictions(deps.metrics, loaded.labels, results, deps.settings.threshold);
  return { loaded, results };
}

/** How a protocol writes an error: its status is the problem's, its body its own. */
export type ErrorBody = (problem: HttpProblem) => unknown;

/**
 * A route-level error handler writing our problems (bad body, 404 of an unknown model…) in a protocol's
 * error shape, with the problem's status and headers. Other errors go on to the app's handler (500).
 */
export function protocolErrors(out: Responder, body: ErrorBody): ErrorRequestHandler {
  return (err: unknown, _req, res, next) => {
    if (!(err instanceof HttpProblem) || res.headersSent) {
      next(err);
      return;
    }
    out.send(res, err.status, 'application/json; charset=utf-8', JSON.stringify(body(err)), err.extra.headers);
  };
}

/**
 * The bearer credential of a request to a compatible endpoint, as an `Authorization` value for the
 * verifier. Besides `Authorization: Bearer <JWT>`, clients that cannot send a bearer token may send the
 * same JWT as the password of HTTP Basic auth (Python's `requests` reads it from `~/.netrc`), and
 * Perspective clients as the `key` query parameter (where Google's API key goes).
 */
export function compatCredential(req: Request, options: { readonly queryKey: boolean }): string | undefined {
  const header = req.headers.authorization;
  if (header !== undefined && /^basic\s/i.test(header)) {
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return `Bearer ${colon < 0 ? decoded : decoded.slice(colon + 1)}`;
  }
  if (header === undefined && options.queryKey) {
    const key = (req.query as Record<string, unknown>).key;
    if (typeof key === 'string' && key !== '') return `Bearer ${key}`;
  }
  return header;
}
