/**
 * The scorer: built once from a parsed model artifact, then scores batches of texts with every label's
 * linear head — decision value, calibrated probability and, on request, the exact per-feature
 * contributions with character spans in the text as sent.
 *
 * Pipeline per text (as the trainer built the features): cleaning steps → lowercase → accent stripping →
 * tokens → stop words → n-grams → vectorizer (tf, idf, norm) → x · coef + intercept per label.
 * Coefficients are stored interleaved by column (all labels of a column side by side) in one
 * Float64Array, so a text costs one pass over its non-zero features whatever the number of labels.
 */
import { FeatureExtractor, FeatureTrace, SparseRow } from './feature-extractor';
import type { ModelArtifact } from './model-artifact';
import { calibratedProbability } from './calibration';
import { TextAnalyzer } from './text-analyzer';
import { type AsciiBytes, createTextCleaner, type TextCleaner } from './text-cleaning';

/** Options of `ToxicityModel.score`. */
export interface ScoreOptions {
  /**
   * Also return each label's explanation: the contribution of every feature present in the text.
   * @default false
   */
  readonly explain?: boolean;
  /**
   * With `explain`, how many contributions to keep per label (largest absolute value first); the rest is
   * summed in `otherContribution`.
   * @default 10
   */
  readonly topK?: number;
  /**
   * With `explain`, how many spans to keep per contribution, after overlapping and touching spans are
   * merged; `spanCount` gives the number before this cap.
   * @default 10
   */
  readonly maxSpans?: number;
  /**
   * Labels to score, in the order wanted; each must be one of the model's labels.
   * @default all the model's labels, in artifact order
   */
  readonly labels?: readonly string[];
}

/** One feature's part in a decision value. */
export interface FeatureContribution {
  /** The n-gram as the vectorizer sees it (lowercased, accent-stripped words joined by one space). With a
   * hashing vectorizer, the distinct n-grams that fell in this column, joined by ' | '. */
  readonly feature: string;
  /** Vectorizer column. */
  readonly column: number;
  /** Feature value in the text's row: tf (or 1 + ln tf) · idf, divided by the row norm. */
  readonly value: number;
  /** The head's weight for the column. */
  readonly weight: number;
  /** value · weight. */
  readonly contribution: number;
  /**
   * Occurrences as [start, end) UTF-16 offsets in the original text (first word to last word), in text
   * order, overlapping or touching ones merged, at most `maxSpans`.
   */
  readonly spans: readonly (readonly [number, number])[];
  /** Number of merged spans before the `maxSpans` cap. */
  readonly spanCount: number;
}

/** How a decision value decomposes: intercept + Σ contributions + otherContribution = decision. */
export interface Explanation {
  readonly intercept: number;
  /** Largest |contribution| first, at most `topK`. */
  readonly contributions: readonly FeatureContribution[];
  /** Sum of the contributions left out by `topK` (0 when none are). */
  readonly otherContribution: number;
}

/** The score of one text for one label. */
export interface LabelScore {
  readonly label: string;
  /** x · coef + intercept (scikit-learn's `decision_function`). */
  readonly decision: number;
  /**
   * Calibrated probability (the mean of the members' for an ensemble head), or null when the head has no
   * calibration.
   */
  readonly probability: number | null;
  /** Present when `explain` was requested. */
  readonly explanation?: Explanation;
}

/**
 * Whether a label is predicted, the one rule the server, the metrics and the trainer's evaluation share:
 * the calibrated probability at or above the threshold, else (no calibration) decision > 0, as
 * `LinearSVC.predict`.
 */
export function isPredicted(score: Pick<LabelScore, 'decision' | 'probability'>, threshold: number): boolean {
  return score.probability !== null ? score.probability >= threshold : score.decision > 0;
}

/**
 * A probability for every label score: the Platt-calibrated one, else the logistic of the decision value
 * (for outputs whose scores must lie in [0, 1] even when a head has no calibration).
 */
export function probabilityOf(score: Pick<LabelScore, 'decision' | 'probability'>): number {
  return score.probability ?? 1 / (1 + Math.exp(-score.decision));
}

/** The scores of one text. */
export interface TextScore {
  /** One entry per requested label, in the requested order. */
  readonly scores: readonly LabelScore[];
  /** Number of non-zero features of the text (0: no known word, e.g. another language). */
  readonly featureCount: number;
}

/**
 * The scores of many texts in flat arrays, with no object per text or label: what `ToxicityModel.scoreInto`
 * fills, for batches whose results are written out at once (the model server's response). The same numbers
 * as `score` gives: text i, label k is at `i * labels.length + k`.
 */
export class BatchScores {
  /** The labels, in the requested order. */
  readonly labels: readonly string[];
  /** Whether label k has a calibration; when it has none its probabilities are NaN (`score`'s null). */
  readonly calibrated: readonly boolean[];
  readonly decisions: Float64Array;
  readonly probabilities: Float64Array;
  /** Number of non-zero features of each text. */
  readonly featureCounts: Int32Array;
  /** Head index in the model of each label. */
  readonly heads: Int32Array;

  constructor(count: number, labels: readonly string[], heads: readonly number[], calibrated: readonly boolean[]) {
    this.labels = labels;
    this.calibrated = calibrated;
    this.heads = Int32Array.from(heads);
    this.decisions = new Float64Array(count * labels.length);
    this.probabilities = new Float64Array(count * labels.length);
    this.featureCounts = new Int32Array(count);
  }

  /** Number of texts. */
  get count(): number {
    return this.featureCounts.length;
  }

  /** `isPredicted` of text i, label k. */
  isPredicted(i: number, k: number, threshold: number): boolean {
    const at = i * this.labels.length + k;
    return this.calibrated[k] ? this.probabilities[at] >= threshold : this.decisions[at] > 0;
  }

  /** `score`'s probability of text i, label k (null without calibration). */
  probability(i: number, k: number): number | null {
    return this.calibrated[k] ? this.probabilities[i * this.labels.length + k] : null;
  }
}

/** A model ready to score. Not re-entrant (buffers are reused); create one per worker. */
export class ToxicityModel {
  /** The artifact's labels, in head order. */
  readonly labels: readonly string[];
  /** Number of vectorizer columns. */
  readonly featureCount: number;
  readonly artifact: ModelArtifact;
  private readonly cleaner: TextCleaner;
  private readonly extractor: FeatureExtractor;
  /** weights[col * L + k] = coef of column col for label k. */
  private readonly weights: Float64Array;
  private readonly intercepts: Float64Array;
  private readonly labelIndex: ReadonlyMap<string, number>;
  private readonly row = new SparseRow();
  private readonly trace = new FeatureTrace();
  private readonly decisions: Float64Array;
  /** Ensemble heads: memberWeights[col * M + m] for the M members of all heads, in head order. */
  private readonly memberWeights: Float64Array | null = null;
  private readonly memberIntercepts: Float64Array;
  /** Head k's members are memberFirst[k] … memberFirst[k + 1] - 1. */
  private readonly memberFirst: Int32Array;
  private readonly memberDecisions: Float64Array;
  /** Cleaned ASCII texts go to the extractor as bytes (no string is made of them). */
  private readonly asciiBytes: boolean;
  private readonly cleaned: AsciiBytes = { bytes: new Uint8Array(0), length: 0 };

  /**
   * Builds the scorer from an artifact that `parseModelArtifact` accepted (dimensions are not checked
   * again here).
   */
  constructor(artifact: ModelArtifact) {
    this.artifact = artifact;
    this.labels = artifact.labels;
    const { cleaning, ...analyzerOptions } = artifact.preprocessing;
    this.cleaner = createTextCleaner(cleaning);
    this.extractor = new FeatureExtractor(new TextAnalyzer(analyzerOptions), artifact.vectorizer);
    this.featureCount = this.extractor.nFeatures;
    this.asciiBytes = this.cleaner.bytesForAscii && this.extractor.readsAsciiBytes;
    const L = artifact.heads.length;
    this.weights = new Float64Array(this.featureCount * L);
    this.intercepts = new Float64Array(L);
    artifact.heads.forEach((head, k) => {
      const coef = head.coef;
      for (let j = 0; j < coef.length; j++) this.weights[j * L + k] = coef[j]!;
      this.intercepts[k] = head.intercept;
    });
    this.labelIndex = new Map(artifact.labels.map((l, k) => [l, k]));
    this.decisions = new Float64Array(L);
    this.memberFirst = new Int32Array(L + 1);
    artifact.heads.forEach((head, k) => (this.memberFirst[k + 1] = this.memberFirst[k] + (head.members?.length ?? 0)));
    const M = this.memberFirst[L];
    this.memberIntercepts = new Float64Array(M);
    this.memberDecisions = new Float64Array(M);
    if (M > 0) {
      const mw = new Float64Array(this.featureCount * M);
      artifact.heads.forEach((head, k) => {
        head.members?.forEach((member, i) => {
          const m = this.memberFirst[k] + i;
          for (let j = 0; j < member.coef.length; j++) mw[j * M + m] = member.coef[j]!;
          this.memberIntercepts[m] = member.intercept;
        });
      });
      this.memberWeights = mw;
    }
  }

  /** Head k's probability for the row just decided. */
  private probability(k: number): number | null {
    const head = this.artifact.heads[k];
    const members = head.members;
    if (members) {
      const first = this.memberFirst[k];
      let sum = 0;
      for (let i = 0; i < members.length; i++) {
        sum += calibratedProbability(this.memberDecisions[first + i], members[i].calibration);
      }
      return sum / members.length;
    }
    return head.calibration ? calibratedProbability(this.decisions[k], head.calibration) : null;
  }

  private resolveLabels(labels: readonly string[] | undefined): number[] {
    if (labels === undefined) return this.labels.map((_, k) => k);
    return labels.map((label) => {
      const k = this.labelIndex.get(label);
      if (k === undefined) {
        throw new Error(
          `unknown label ${JSON.stringify(label)}; this model has ${this.labels.map((l) => JSON.stringify(l)).join(', ')}`,
        );
      }
      return k;
    });
  }

  /** The row of one text without explanation, into `this.row`: cleaning, then features. */
  private extractRow(text: string): void {
    if (!this.asciiBytes) {
      this.extractor.extract(this.cleaner.clean(text), this.row);
      return;
    }
    const cleaned = this.cleaner.cleanToBytes(text, this.cleaned);
    if (cleaned === undefined) this.extractor.extractAscii(this.cleaned.bytes, this.cleaned.length, this.row);
    else this.extractor.extract(cleaned, this.row);
  }

  /** Decision values of every head for the row in `this.row`. */
  private decide(): void {
    const L = this.intercepts.length;
    const d = this.decisions;
    d.set(this.intercepts);
    const { columns, values, length } = this.row;
    const w = this.weights;
    if (this.memberWeights) {
      const M = this.memberIntercepts.length;
      const md = this.memberDecisions;
      const mw = this.memberWeights;
      md.set(this.memberIntercepts);
      for (let e = 0; e < length; e++) {
        const v = values[e];
        const base = columns[e] * M;
        for (let m = 0; m < M; m++) md[m] += v * mw[base + m];
      }
    }
    if (L === 1) {
      let s = d[0];
      for (let e = 0; e < length; e++) s += values[e] * w[columns[e]];
      d[0] = s;
      return;
    }
    for (let e = 0; e < length; e++) {
      const v = values[e];
      const base = columns[e] * L;
      for (let k = 0; k < L; k++) d[k] += v * w[base + k];
    }
  }

  /**
   * Decision values only, for many texts: result[i * labels.length + k] is text i, label k (requested
   * order). The fast path for batch evaluation.
   */
  decisionValues(texts: readonly string[], labels?: readonly string[]): Float64Array {
    const wanted = this.resolveLabels(labels);
    const out = new Float64Array(texts.length * wanted.length);
    for (let i = 0; i < texts.length; i++) {
      this.extractRow(checkText(texts[i], i));
      this.decide();
      for (let k = 0; k < wanted.length; k++) out[i * wanted.length + k] = this.decisions[wanted[k]]!;
    }
    return out;
  }

  /** Scores texts: per text, per label, the decision value, calibrated probability and optional explanation. */
  score(texts: readonly string[], options: ScoreOptions = {}): TextScore[] {
    const wanted = this.resolveLabels(options.labels);
    const explain = options.explain ?? false;
    const topK = options.topK ?? 10;
    if (!Number.isInteger(topK) || topK < 0) throw new Error(`topK must be a non-negative integer, got ${topK}`);
    const maxSpans = options.maxSpans ?? 10;
    if (!Number.isInteger(maxSpans) || maxSpans < 0) {
      throw new Error(`maxSpans must be a non-negative integer, got ${maxSpans}`);
    }
    const heads = this.artifact.heads;
    const result: TextScore[] = new Array<TextScore>(texts.length);
    for (let i = 0; i < texts.length; i++) {
      const text = checkText(texts[i], i);
      let offsets: Int32Array | null = null;
      if (explain) {
        const cleaned = this.cleaner.cleanWithOffsets(text);
        offsets = cleaned.offsets;
        this.extractor.extract(cleaned.text, this.row, this.trace);
      } else this.extractRow(text);
      this.decide();
      const groups = offsets ? this.groupOccurrences(offsets) : null;
      const scores: LabelScore[] = wanted.map((k) => {
        const head = heads[k];
        const decision = this.decisions[k];
        const score: LabelScore = {
          label: head.label,
          decision,
          probability: this.probability(k),
        };
        return groups ? { ...score, explanation: this.explainHead(k, groups, topK, maxSpans) } : score;
      });
      result[i] = { scores, featureCount: this.row.length };
    }
    return result;
  }

  /**
   * Flat arrays for the scores of `count` texts and `labels` (checked here), to fill with `scoreInto`.
   * @param labels @default all the model's labels, in artifact order
   */
  batchScores(count: number, labels?: readonly string[]): BatchScores {
    const heads = this.resolveLabels(labels);
    const all = this.artifact.heads;
    return new BatchScores(
      count,
      heads.map((k) => all[k].label),
      heads,
      heads.map((k) => all[k].members !== undefined || Boolean(all[k].calibration)),
    );
  }

  /**
   * Scores `texts[start … end - 1]` into the same rows of `into` (made by this model's `batchScores`):
   * the decisions and probabilities `score` gives, without an object per text or label.
   */
  scoreInto(texts: readonly string[], into: BatchScores, start = 0, end = texts.length): void {
    if (start < 0 || end > texts.length || end > into.count || start > end) {
      throw new Error(
        `rows ${start} … ${end - 1} are outside the texts (${texts.length}) or the scores (${into.count})`,
      );
    }
    const heads = into.heads;
    const L = heads.length;
    const calibrated = into.calibrated;
    const decisions = into.decisions;
    const probabilities = into.probabilities;
    for (let i = start; i < end; i++) {
      this.extractRow(checkText(texts[i], i));
      this.decide();
      into.featureCounts[i] = this.row.length;
      for (let k = 0; k < L; k++) {
        const head = heads[k];
        decisions[i * L + k] = this.decisions[head];
        probabilities[i * L + k] = calibrated[k] ? this.probability(head)! : Number.NaN;
      }
    }
  }

  /** Groups the traced occurrences by column, with spans mapped to the original text. */
  private groupOccurrences(offsets: Int32Array): Map<number, { terms: Set<string>; spans: [number, number][] }> {
    const t = this.trace;
    const groups = new Map<number, { terms: Set<string>; spans: [number, number][] }>();
    for (let o = 0; o < t.occurrences; o++) {
      const col = t.occColumns[o];
      const first = t.occFirst[o];
      const last = first + t.occLength[o] - 1;
      const start = offsets[t.map[t.words.starts[first]]];
      const end = offsets[t.map[t.words.ends[last]]];
      let g = groups.get(col);
      if (!g) {
        g = { terms: new Set(), spans: [] };
        groups.set(col, g);
      }
      g.terms.add(t.term(o));
      g.spans.push([start, end]);
    }
    return groups;
  }

  private explainHead(
    k: number,
    groups: Map<number, { terms: Set<string>; spans: [number, number][] }>,
    topK: number,
    maxSpans: number,
  ): Explanation {
    const L = this.intercepts.length;
    const { columns, values, length } = this.row;
    const all: { column: number; value: number; weight: number; contribution: number }[] = [];
    for (let e = 0; e < length; e++) {
      const column = columns[e];
      const value = values[e];
      const weight = this.weights[column * L + k];
      all.push({ column, value, weight, contribution: value * weight });
    }
    all.sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution) || a.column - b.column);
    let other = 0;
    for (let e = topK; e < all.length; e++) other += all[e].contribution;
    // Only the kept contributions get their terms and spans built.
    const kept = all.slice(0, topK).map((c): FeatureContribution => {
      const g = groups.get(c.column);
      const spans = g ? mergeSpans(g.spans) : [];
      return {
        feature: g ? [...g.terms].join(' | ') : '',
        ...c,
        spans: spans.length > maxSpans ? spans.slice(0, maxSpans) : spans,
        spanCount: spans.length,
      };
    });
    return { intercept: this.intercepts[k], contributions: kept, otherContribution: other };
  }
}

/** Spans sorted by start, overlapping or touching ones merged into one. */
export function mergeSpans(spans: readonly (readonly [number, number])[]): [number, number][] {
  const sorted = spans.slice().sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [];
  for (const [start, end] of sorted) {
    const last = out.length > 0 ? out[out.length - 1] : undefined;
    if (last !== undefined && start <= last[1]) {
      if (end > last[1]) last[1] = end;
    } else out.push([start, end]);
  }
  return out;
}

function checkText(text: unknown, index: number): string {
  if (typeof text !== 'string') throw new TypeError(`texts[${index}] must be a string, got ${typeof text}`);
  return text;
}
