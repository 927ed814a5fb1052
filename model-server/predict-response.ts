import { type BatchScores, type LabelScore, type TextScore, isPredicted } from '../src/ml';
import { writeNumberJson } from './number-json';

/** One label's score in a response. */
export interface LabelScoreJson {
  /** Signed distance to the decision boundary (scikit-learn `decision_function`). */
  decision: number;
  /** Calibrated probability, or null when the model has no calibration for this label. */
  probability: number | null;
  /** probability ≥ threshold when calibrated, else decision > 0. */
  predicted: boolean;
  explanation?: ExplanationJson;
}

export interface ContributionJson {
  feature: string;
  contribution: number;
  value: number;
  weight: number;
  /** [start, end) UTF-16 offsets in the text as sent, merged where they overlap, at most `explainMaxSpans`. */
  spans: (readonly [number, number])[];
  /** How many (merged) spans there were before that cap. */
  span_count: number;
}

export interface ExplanationJson {
  intercept: number;
  contributions: ContributionJson[];
  other_contribution: number;
}

/** One comment's result: the original API's fields plus per-label scores. */
export interface PredictionJson {
  /** 1 when the primary label is predicted, else 0 (original API). */
  prediction: 0 | 1;
  /** The primary label's calibrated probability (null when uncalibrated). */
  probability: number | null;
  /** `<primary>` or `non_<primary>`, e.g. `toxic` / `non_toxic` (original API). */
  label: string;
  /** Length of the comment in Unicode code points (Python's `len`). */
  text_length: number;
  /** When the prediction was made (RFC 3339). */
  timestamp: string;
  scores: Record<string, LabelScoreJson>;
}

export interface BuildPredictionsOptions {
  /** Label of the original API's `prediction` / `label` fields. */
  readonly primaryLabel: string;
  /** Labels to put in `scores`, in order. */
  readonly labels: readonly string[];
  readonly threshold: number;
  readonly timestamp: string;
}

/** A high surrogate: without one a string has no surrogate pair. */
const HIGH_SURROGATE = /[\uD800-\uDBFF]/;

/** Number of Unicode code points in a string (a surrogate pair counts once, as in Python). */
export function codePointLength(text: string): number {
  // Most comments have no surrogate: the regular expression tells so ~5× faster than the loop below.
  if (!HIGH_SURROGATE.test(text)) return text.length;
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/**
 * Turns the scorer's output into response items. `results[i].scores` must hold the primary label and
 * every label of `options.labels` (the scorer was asked for them).
 */
export function buildPredictions(
  texts: readonly string[],
  results: readonly TextScore[],
  options: BuildPredictionsOptions,
): PredictionJson[] {
  const { primaryLabel, labels, threshold, timestamp } = options;
  const out = new Array<PredictionJson>(results.length);
  for (let i = 0; i < results.length; i++) {
    const byLabel = results[i].scores;
    const scores: Record<string, LabelScoreJson> = {};
    for (const label of labels) {
      const s = find(byLabel, label);
      scores[label] = toJson(s, threshold);
    }
    const primary = find(byLabel, primaryLabel);
    const positive = isPredicted(primary, threshold);
    out[i] = {
      prediction: positive ? 1 : 0,
      probability: primary.probability,
      label: positive ? primaryLabel : `non_${primaryLabel}`,
      text_length: codePointLength(texts[i]),
      timestamp,
      scores,
    };
  }
  return out;
}

function find(scores: readonly LabelScore[], label: string): LabelScore {
  for (const s of scores) if (s.label === label) return s;
  throw new Error(`the scorer returned no score for label ${JSON.stringify(label)}`);
}

function toJson(s: LabelScore, threshold: number): LabelScoreJson {
  const json: LabelScoreJson = {
    decision: s.decision,
    probability: s.probability,
    predicted: isPredicted(s, threshold),
  };
  if (s.explanation) {
    json.explanation = {
      intercept: s.explanation.intercept,
      contributions: s.explanation.contributions.map((c) => ({
        feature: c.feature,
        contribution: c.contribution,
        value: c.value,
        weight: c.weight,
        spans: c.spans.map((span) => [span[0], span[1]] as const),
        span_count: c.spanCount,
      })),
      other_contribution: s.explanation.otherContribution,
    };
  }
  return json;
}

/** A finite number as JSON writes it (non-finite numbers become null, as in `JSON.stringify`). */
function num(x: number | null): string {
  return x !== null && Number.isFinite(x) ? String(x) : 'null';
}

/**
 * The JSON text of `buildPredictions(...)` without explanations, written directly: the same bytes as
 * `JSON.stringify` of those objects (a test checks it), one string per text, with no intermediate
 * objects: about 1.7× faster for a batch of 1000, where building and serializing the response costs
 * about half as much as scoring does.
 */
export function predictionsJson(
  texts: readonly string[],
  results: readonly TextScore[],
  options: BuildPredictionsOptions,
): string[] {
  const { primaryLabel, labels, threshold } = options;
  const timestamp = JSON.stringify(options.timestamp);
  const positive = `,"label":${JSON.stringify(primaryLabel)},"text_length":`;
  const negative = `,"label":${JSON.stringify(`non_${primaryLabel}`)},"text_length":`;
  const keys = labels.map((l, k) => `${k === 0 ? '' : ','}${JSON.stringify(l)}:{"decision":`);
  const out = new Array<string>(results.length);
  for (let i = 0; i < results.length; i++) {
    const byLabel = results[i].scores;
    const primary = find(byLabel, primaryLabel);
    const p = isPredicted(primary, threshold);
    let json = `{"prediction":${p ? 1 : 0},"probability":${num(primary.probability)}${p ? positive : negative}${codePointLength(texts[i])},"timestamp":${timestamp},"scores":{`;
    for (let k = 0; k < labels.length; k++) {
      const s = find(byLabel, labels[k]);
      json += `${keys[k]}${num(s.decision)},"probability":${num(s.probability)},"predicted":${isPredicted(s, threshold)}}`;
    }
    out[i] = `${json}}}`;
  }
  return out;
}

/**
 * The UTF-8 bytes of `head + items.join(',') + tail`, written straight into one buffer: for a batch this
 * skips flattening a ~0.6 MB rope string, scanning it for `Content-Length` and converting it to bytes
 * again in `res.end` (about a fifth of the time of writing the response, measured in bench/README.md).
 */
export function joinedJsonBytes(head: string, items: readonly string[], tail: string): Buffer {
  let units = head.length + tail.length + items.length;
  for (const item of items) units += item.length;
  // A UTF-16 unit takes at most 3 bytes in UTF-8 (a surrogate pair, 2 units, takes 4).
  const out = Buffer.allocUnsafe(units * 3);
  let at = out.write(head, 0);
  for (let i = 0; i < items.length; i++) {
    if (i > 0) out[at++] = 0x2c; // ','
    at += out.write(items[i], at);
  }
  at += out.write(tail, at);
  return out.subarray(0, at);
}

/** Where the items of `predictionsBytes` go: between `head` and `tail`, joined by commas. */
export interface PredictionsFrame {
  /** Written before the first item, e.g. `{"model_version":"v1","predictions":[`. */
  readonly head: string;
  /** Written at the end of every item, inside it (a single answer's `,"model_version":"v1"`), or ''. */
  readonly itemTail: string;
  /** Written after the last item, e.g. `]}`. */
  readonly tail: string;
}

/**
 * The longest number `String` writes: a sign, `0.00000` and 17 digits (below 1e-5), more than the 17
 * digits, sign, point, `e`, exponent sign and 3 digits of the exponent form.
 */
const NUMBER_BYTES = 25;
/** The longest text length: a length is below 2^53, at most 16 digits. */
const LENGTH_BYTES = 16;

/**
 * The UTF-8 bytes of `frame.head`, then `buildPredictions(...)` of `scores` without explanations, each
 * item as `JSON.stringify` writes it (with `frame.itemTail` before its closing brace), joined by commas,
 * then `frame.tail`: written straight into one buffer, with no string or object per item. The same bytes
 * as `joinedJsonBytes(head, predictionsJson(...), tail)` (tests compare them); numbers are written as
 * `String` writes them (`writeNumberJson`), which is how JSON writes a finite number.
 */
export function predictionsBytes(
  texts: readonly string[],
  scores: BatchScores,
  options: BuildPredictionsOptions,
  frame: PredictionsFrame,
): Buffer {
  const { primaryLabel, labels, threshold } = options;
  const width = scores.labels.length;
  const columnOf = (label: string) => {
    const k = scores.labels.indexOf(label);
    if (k < 0) throw new Error(`the scorer returned no score for label ${JSON.stringify(label)}`);
    return k;
  };
  const primary = columnOf(primaryLabel);
  const columns = labels.map(columnOf);
  const utf8 = (text: string) => new Piece(Buffer.from(text, 'utf8'));
  const key = (k: number) => `${k === 0 ? '' : ','}${JSON.stringify(labels[k])}:{"decision":`;
  const closeItem = `}${frame.itemTail}}`;
  const open = [utf8('{"prediction":0,"probability":'), utf8('{"prediction":1,"probability":')];
  const label = [
    utf8(`,"label":${JSON.stringify(`non_${primaryLabel}`)},"text_length":`),
    utf8(`,"label":${JSON.stringify(primaryLabel)},"text_length":`),
  ];
  const scoresOpen = utf8(
    `,"timestamp":${JSON.stringify(options.timestamp)},"scores":{${labels.length > 0 ? key(0) : closeItem}`,
  );
  const probabilityKey = utf8(',"probability":');
  // After label k's probability: its `predicted` and the next label's key, or the end of the item.
  const close = labels.map((_, k) =>
    [false, true].map((p) => utf8(`,"predicted":${p}}${k + 1 < labels.length ? key(k + 1) : closeItem}`)),
  );
  const headBytes = utf8(frame.head);
  const tailBytes = utf8(frame.tail);

  let itemBound = Math.max(open[0].length, open[1].length) + NUMBER_BYTES;
  itemBound += Math.max(label[0].length, label[1].length) + LENGTH_BYTES;
  itemBound += scoresOpen.length + 1; // and a comma
  for (const [no, yes] of close)
    itemBound += 2 * NUMBER_BYTES + probabilityKey.length + Math.max(no.length, yes.length);
  const size = headBytes.length + tailBytes.length + texts.length * itemBound;
  // Pieces are copied four bytes at a time, the last word spilling up to 3 bytes past the piece.
  const out = Buffer.allocUnsafe(size + 3);
  const view = new DataView(out.buffer, out.byteOffset, out.length);
  const { decisions, probabilities, calibrated } = scores;

  let at = put(view, 0, headBytes);
  for (let i = 0; i < texts.length; i++) {
    if (i > 0) out[at++] = 0x2c; // ','
    const row = i * width;
    const positive = scores.isPredicted(i, primary, threshold) ? 1 : 0;
    at = put(view, at, open[positive]);
    // The primary label's probability is formatted once, then copied where it appears again.
    const primaryFrom = at;
    at = writeNumberJson(out, at, calibrated[primary] ? probabilities[row + primary] : Number.NaN);
    const primaryTo = at;
    at = put(view, at, label[positive]);
    at = putInteger(out, at, codePointLength(texts[i]));
    at = put(view, at, scoresOpen);
    for (let k = 0; k < columns.length; k++) {
      const c = columns[k];
      at = writeNumberJson(out, at, decisions[row + c]);
      at = put(view, at, probabilityKey);
      if (c === primary) {
        for (let j = primaryFrom; j < primaryTo; j++) out[at++] = out[j];
      } else at = writeNumberJson(out, at, calibrated[c] ? probabilities[row + c] : Number.NaN);
      at = put(view, at, close[k][scores.isPredicted(i, c, threshold) ? 1 : 0]);
    }
  }
  at = put(view, at, tailBytes);
  return out.subarray(0, at);
}

/** Constant bytes of a response, as little-endian 32-bit words (the last one padded with zeros). */
class Piece {
  readonly length: number;
  readonly words: Int32Array;

  constructor(bytes: Uint8Array) {
    this.length = bytes.length;
    const padded = new Uint8Array(Math.ceil(bytes.length / 4) * 4);
    padded.set(bytes);
    this.words = new Int32Array(padded.length / 4);
    const view = new DataView(padded.buffer);
    for (let w = 0; w < this.words.length; w++) this.words[w] = view.getInt32(4 * w, true);
  }
}

/**
 * Copies `piece` to `view` at byte `at`, four bytes per step (about twice as fast as a byte loop or
 * `Uint8Array.set` for pieces of 15–60 bytes), writing up to 3 bytes of padding past it that the next
 * write covers; returns the position after the piece.
 */
function put(view: DataView, at: number, piece: Piece): number {
  const words = piece.words;
  for (let w = 0; w < words.length; w++) view.setInt32(at + 4 * w, words[w], true);
  return at + piece.length;
}

/** Writes the decimal digits of a non-negative integer; returns the position after them. */
function putInteger(out: Uint8Array, at: number, n: number): number {
  let digits = 1;
  for (let p = 10; p <= n; p *= 10) digits++;
  let rest = n;
  for (let j = digits - 1; j >= 0; j--) {
    out[at + j] = 0x30 + (rest % 10);
    rest = Math.floor(rest / 10);
  }
  return at + digits;
}
