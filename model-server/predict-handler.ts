import { performance } from 'node:perf_hooks';
import type { RequestHandler } from 'express';
import type { ServerConfig } from '../src/config';
import type { ServerMetrics } from './server-metrics';
import type { LoadedModel, LoadFailure } from './model-holder';
import { PredictRequestValidator } from './predict-request';
import { type BatchScores, isPredicted } from '../src/ml';
import { buildPredictions, joinedJsonBytes, predictionsBytes, predictionsJson } from './predict-response';
import { HttpProblem } from './problem';
import { JSON_TYPE, type Responder } from './responder';
import type { ScoreRecorder } from './score-histogram';

/** What the app reads about the model; `ModelHolder` provides it. */
export interface ModelProvider {
  readonly current: LoadedModel | undefined;
  readonly lastFailure: LoadFailure | undefined;
  readonly pollIntervalMs: number;
}

/** The settings a predict request is bounded by (`config.server`). */
export type PredictSettings = Pick<
  ServerConfig,
  | 'maxBatchSize'
  | 'maxTextLength'
  | 'threshold'
  | 'maxReportedErrors'
  | 'explainMaxBatchSize'
  | 'explainTopK'
  | 'explainMaxSpans'
>;

export interface PredictHandlerDeps {
  readonly settings: PredictSettings;
  readonly models: ModelProvider;
  readonly metrics: ServerMetrics;
  readonly out: Responder;
  readonly now: () => number;
}

/** The loaded model, or a 503 `model-not-ready` problem saying what is missing. */
export function requireModel(models: ModelProvider): LoadedModel {
  const loaded = models.current;
  if (!loaded) throw new HttpProblem('model-not-ready', notReadyDetail(models));
  return loaded;
}

function notReadyDetail(models: ModelProvider): string {
  const every = Math.round(models.pollIntervalMs / 1000);
  const failure = models.lastFailure;
  if (!failure) return 'the first model load is still in progress';
  return `no model is loaded: ${failure.detail} (last checked ${failure.at.toISOString()}; checking again every ${every} s; the server log says what to do)`;
}

/**
 * Characters scored in one go before the handler yields to the event loop (weighted ×8 with
 * explanations, which cost several times more): a few milliseconds of work, so probes and other requests
 * wait at most that long per request in flight, whatever the batch.
 */
export const SLICE_CHARS = 100_000;
const EXPLAIN_WEIGHT = 8;

/**
 * Runs `work(start, end)` over consecutive slices of `texts` of about `SLICE_CHARS` characters (each
 * weighted by `weight`; at least one text per slice), yielding to the event loop (`setImmediate`) between
 * slices. Resolves false, without running the rest, when `cancelled()` says so after a yield.
 */
export async function inSlices(
  texts: readonly string[],
  weight: number,
  cancelled: () => boolean,
  work: (start: number, end: number) => void,
): Promise<boolean> {
  let start = 0;
  while (start < texts.length) {
    let end = start;
    let chars = 0;
    while (end < texts.length && (end === start || chars + texts[end].length * weight <= SLICE_CHARS)) {
      chars += texts[end].length * weight;
      end++;
    }
    if (start > 0) {
      await new Promise((r) => setImmediate(r));
      // The client is gone: stop spending CPU on its answer.
      if (cancelled()) return false;
    }
    work(start, end);
    start = end;
  }
  return true;
}

/** Scores `texts` in slices, yielding between them (`setImmediate`), when the batch is large. */
export async function scoreInSlices(
  model: LoadedModel['model'],
  texts: readonly string[],
  options: Parameters<LoadedModel['model']['score']>[1],
  weight: number,
  cancelled: () => boolean,
): Promise<ReturnType<LoadedModel['model']['score']> | undefined> {
  const out: ReturnType<LoadedModel['model']['score']> = [];
  const done = await inSlices(texts, weight, cancelled, (start, end) => {
    for (const r of model.score(texts.slice(start, end), options)) out.push(r);
  });
  return done ? out : undefined;
}

/**
 * `POST /v1/predict`: validates the parsed body, scores it and writes the response. The work of one
 * request is bounded by the settings: at most `maxBatchSize` comments of `maxTextLength`, and with
 * `explain` at most `explainMaxBatchSize` comments, `explainTopK` contributions per label and
 * `explainMaxSpans` spans per contribution.
 */
export function createPredictHandler(deps: PredictHandlerDeps): RequestHandler {
  const { settings, models, metrics, out, now } = deps;
  const validator = new PredictRequestValidator(settings);
  const threshold = settings.threshold;
  // The response's timestamp, formatted once per millisecond: `toISOString` took ~0.7 µs here, and a busy
  // server answers several requests in the same millisecond (issue 19).
  let isoMs = Number.NaN;
  let iso = '';
  const timestamp = (): string => {
    const ms = now();
    if (ms !== isoMs) {
      iso = new Date(ms).toISOString();
      isoMs = ms;
    }
    return iso;
  };
  return (req, res, next) => {
    const loaded = requireModel(models);
    const body = validator.check(req.body);
    const single = body.text !== undefined;
    const texts = single ? [body.text] : body.texts!;
    const explain = body.explain === true;
    if (explain && texts.length > settings.explainMaxBatchSize) {
      throw new HttpProblem('invalid-request', 'the request body does not match the predict request schema', {
        errors: [
          {
            pointer: '/texts',
            message: `must have at most ${settings.explainMaxBatchSize} items when "explain" is true`,
          },
        ],
        errorCount: 1,
      });
    }
    const requested = body.labels ?? loaded.labels;
    if (body.labels) checkLabels(body.labels, loaded.labels);
    const scored = requested.includes(loaded.primaryLabel) ? requested : [loaded.primaryLabel, ...requested];
    const scoreOptions = {
      explain,
      labels: scored,
      topK: settings.explainTopK,
      maxSpans: settings.explainMaxSpans,
    };
    const weight = explain ? EXPLAIN_WEIGHT : 1;
    let chars = 0;
    for (const t of texts) chars += t.length;
    const started = performance.now();
    const options = () => ({
      primaryLabel: loaded.primaryLabel,
      labels: requested,
      threshold,
      timestamp: timestamp(),
    });

    if (!explain && texts.length > 1) {
      // Batch path: scores in flat arrays, the response written straight to bytes. One text goes the
      // way below: the typed arrays and the byte buffer of this path cost more than they save for it
      // (issue 19: ~91 against ~66 µs of CPU per single-comment request, bench/README.md).
      const scores = loaded.model.batchScores(texts.length, scored);
      const answer = () => {
        metrics.predictionTook((performance.now() - started) / 1000);
        recordBatchPredictions(metrics, scores, threshold);
        const version = JSON.stringify(loaded.version);
        const frame = single
          ? { head: '', itemTail: `,"model_version":${version}`, tail: '' }
          : { head: `{"model_version":${version},"predictions":[`, itemTail: '', tail: ']}' };
        out.send(res, 200, JSON_TYPE, predictionsBytes(texts, scores, options(), frame));
      };
      if (chars <= SLICE_CHARS) {
        loaded.model.scoreInto(texts, scores);
        answer();
        return;
      }
      inSlices(
        texts,
        1,
        () => res.destroyed,
        (start, end) => loaded.model.scoreInto(texts, scores, start, end),
      ).then((done) => {
        // The model may have been swapped meanwhile: the response names the one that scored.
        if (done && !res.destroyed) answer();
      }, next);
      return;
    }

    const respond = (results: ReturnType<LoadedModel['model']['score']>): void => {
      metrics.predictionTook((performance.now() - started) / 1000);
      recordPredictions(metrics, scored, results, threshold);
      if (!explain) {
        // The same JSON as below, written without intermediate objects.
        const version = JSON.stringify(loaded.version);
        const items = predictionsJson(texts, results, options());
        out.send(
          res,
          200,
          JSON_TYPE,
          single
            ? `${items[0].slice(0, -1)},"model_version":${version}}`
            : joinedJsonBytes(`{"model_version":${version},"predictions":[`, items, ']}'),
        );
        return;
      }
      const predictions = buildPredictions(texts, results, options());
      out.json(
        res,
        200,
        single ? { ...predictions[0], model_version: loaded.version } : { model_version: loaded.version, predictions },
      );
    };
    if (chars * weight <= SLICE_CHARS) {
      respond(loaded.model.score(texts, scoreOptions));
      return;
    }
    scoreInSlices(loaded.model, texts, scoreOptions, weight, () => res.destroyed).then((results) => {
      if (results && !res.destroyed) respond(results);
    }, next);
  };
}

/** Counts predictions per label and observes calibrated scores (results hold `labels`, in that order). */
export function recordPredictions(
  metrics: ServerMetrics,
  labels: readonly string[],
  results: ReturnType<LoadedModel['model']['score']>,
  threshold: number,
): void {
  for (let k = 0; k < labels.length; k++) {
    // Taken at the first probability, so a label without calibration gets no (empty) histogram.
    let scores: ScoreRecorder | undefined;
    let positives = 0;
    for (const r of results) {
      const s = r.scores[k];
      if (isPredicted(s, threshold)) positives++;
      if (s.probability !== null) (scores ??= metrics.scoreRecorder(labels[k])).observe(s.probability);
    }
    metrics.predicted(labels[k], positives, results.length);
  }
}

/** `recordPredictions` for scores in flat arrays (the same counts and observations, in the same order). */
export function recordBatchPredictions(metrics: ServerMetrics, scores: BatchScores, threshold: number): void {
  const { labels, probabilities, calibrated } = scores;
  const count = scores.count;
  for (let k = 0; k < labels.length; k++) {
    let positives = 0;
    for (let i = 0; i < count; i++) if (scores.isPredicted(i, k, threshold)) positives++;
    if (calibrated[k] && count > 0) {
      const recorder = metrics.scoreRecorder(labels[k]);
      for (let i = 0; i < count; i++) recorder.observe(probabilities[i * labels.length + k]);
    }
    metrics.predicted(labels[k], positives, count);
  }
}

function checkLabels(wanted: readonly string[], known: readonly string[]): void {
  const unknown = wanted.filter((l) => !known.includes(l));
  if (unknown.length === 0) return;
  throw new HttpProblem(
    'unknown-label',
    `unknown label(s) ${unknown.map((l) => JSON.stringify(l)).join(', ')}; this model has ${known.map((l) => JSON.stringify(l)).join(', ')}`,
    {
      errors: unknown.map((l) => ({ pointer: `/labels/${wanted.indexOf(l)}`, message: 'not a model label' })),
      errorCount: unknown.length,
    },
  );
}
