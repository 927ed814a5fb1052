/**
 * scikit-learn's `TfidfVectorizer` (sklearn/feature_extraction/text.py), fit and transform, exactly:
 *
 * - terms from the word analyzer (text-analyzer.ts), counted per document;
 * - vocabulary sorted by code point (Python's string order; JavaScript's default sort compares UTF-16
 *   code units, which differs for characters above U+FFFF);
 * - `min_df` / `max_df` as document counts or fractions of the documents; `max_features` keeps the terms
 *   with the highest corpus term frequency; among terms tied at the cut, the lower column (earlier in
 *   code-point order) wins. scikit-learn breaks such ties with numpy's default `argsort`, which is not
 *   stable and depends on the CPU's SIMD sort, so this is the one choice it does not pin down;
 * - idf = ln((1 + n) / (1 + df)) + 1 (`smooth_idf`), or ln(n / df) + 1;
 * - transform: tf (or 1 when `binary`) → 1 + ln tf (`sublinear_tf`) → × idf → row L2/L1 norm.
 */
import { FeatureExtractor, SparseRow } from './feature-extractor';
import type { Norm, TfidfVectorizerSpec } from './model-artifact';
import { CsrBuilder, type CsrMatrix } from './sparse-matrix';
import { type AnalyzerOptions, TextAnalyzer } from './text-analyzer';

/** A document-frequency bound: an absolute number of documents or a fraction of them (scikit-learn's int vs float). */
export type DfThreshold = { readonly count: number } | { readonly fraction: number };

/** Parameters of scikit-learn's `TfidfVectorizer` (defaults are scikit-learn's). */
export interface TfidfVectorizerOptions extends Partial<AnalyzerOptions> {
  /**
   * Ignore terms in fewer documents (`min_df`).
   * @default { count: 1 }
   */
  readonly minDf?: DfThreshold;
  /**
   * Ignore terms in more documents (`max_df`).
   * @default { fraction: 1 }
   */
  readonly maxDf?: DfThreshold;
  /**
   * Keep at most this many terms, the most frequent in the corpus (`max_features`).
   * @default null (no limit)
   */
  readonly maxFeatures?: number | null;
  /** @default 'l2' */
  readonly norm?: Norm;
  /** @default true */
  readonly useIdf?: boolean;
  /** @default true */
  readonly smoothIdf?: boolean;
  /** @default false */
  readonly sublinearTf?: boolean;
  /** @default false */
  readonly binary?: boolean;
}

/** What fitting produced: the vectorizer spec for the artifact, plus statistics. */
export interface FittedTfidf {
  /** The fitted vectorizer as the model artifact stores it. */
  readonly spec: TfidfVectorizerSpec;
  /** The analyzer settings used (for the artifact's preprocessing). */
  readonly analyzer: AnalyzerOptions;
  /** Document frequency of each kept term (column order). */
  readonly documentFrequency: Int32Array;
  /** Number of fitted documents. */
  readonly documents: number;
  /** Number of distinct terms before min_df/max_df/max_features pruning. */
  readonly termsBeforePruning: number;
}

/** Compares strings by Unicode code point, like Python's `str` ordering. */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (U+D800–DFFF) encode code points above U+FFFF: move them above U+E000–FFFF.
    if (x >= 0xd800) x = x <= 0xdfff ? x + 0x2000 : x - 0x800;
    if (y >= 0xd800) y = y <= 0xdfff ? y + 0x2000 : y - 0x800;
    return x - y;
  }
  return a.length - b.length;
}

function checkDf(name: string, df: DfThreshold): void {
  if ('count' in df) {
    if (!Number.isInteger(df.count) || df.count < 0) {
      throw new Error(`${name}.count must be a non-negative integer, got ${df.count}`);
    }
  } else if (!(df.fraction >= 0 && df.fraction <= 1)) {
    throw new Error(`${name}.fraction must be in [0, 1], got ${df.fraction}`);
  }
}

/** The TF-IDF vectorizer. `fit` learns vocabulary and idf; `transform` turns texts into a CSR matrix. */
export class TfidfVectorizer {
  readonly analyzer: TextAnalyzer;
  readonly minDf: DfThreshold;
  readonly maxDf: DfThreshold;
  readonly maxFeatures: number | null;
  readonly norm: Norm;
  readonly useIdf: boolean;
  readonly smoothIdf: boolean;
  readonly sublinearTf: boolean;
  readonly binary: boolean;
  private fitted: FittedTfidf | null = null;
  private extractor: FeatureExtractor | null = null;

  constructor(options: TfidfVectorizerOptions = {}) {
    const { minDf, maxDf, maxFeatures, norm, useIdf, smoothIdf, sublinearTf, binary, ...analyzer } = options;
    this.analyzer = new TextAnalyzer(analyzer);
    this.minDf = minDf ?? { count: 1 };
    this.maxDf = maxDf ?? { fraction: 1 };
    checkDf('minDf', this.minDf);
    checkDf('maxDf', this.maxDf);
    this.maxFeatures = maxFeatures ?? null;
    if (this.maxFeatures !== null && (!Number.isInteger(this.maxFeatures) || this.maxFeatures < 1)) {
      throw new Error(`maxFeatures must be a positive integer or null, got ${this.maxFeatures}`);
    }
    this.norm = norm === undefined ? 'l2' : norm;
    this.useIdf = useIdf ?? true;
    this.smoothIdf = smoothIdf ?? true;
    this.sublinearTf = sublinearTf ?? false;
    this.binary = binary ?? false;
  }

  /** The fit result; throws when not fitted. */
  get result(): FittedTfidf {
    if (!this.fitted) throw new Error('TfidfVectorizer is not fitted: call fit(documents) first');
    return this.fitted;
  }

  /**
   * Learns vocabulary and idf from documents. Throws, as scikit-learn does, when the documents give no
   * term at all, when max_df allows fewer documents than min_df, or when pruning leaves no term.
   */
  fit(documents: readonly string[]): FittedTfidf {
    const n = documents.length;
    const ids = new Map<string, number>();
    let df = new Int32Array(1024);
    let tf = new Float64Array(1024);
    let lastDoc = new Int32Array(1024).fill(-1);
    for (let d = 0; d < n; d++) {
      const doc = documents[d];
      if (typeof doc !== 'string') throw new TypeError(`documents[${d}] must be a string, got ${typeof doc}`);
      for (const term of this.analyzer.terms(doc)) {
        let id = ids.get(term);
        if (id === undefined) {
          id = ids.size;
          ids.set(term, id);
          if (id === df.length) {
            const grow = <T extends Int32Array | Float64Array>(a: T, make: (k: number) => T): T => {
              const b = make(a.length * 2);
              b.set(a);
              return b;
            };
            df = grow(df, (k) => new Int32Array(k));
            tf = grow(tf, (k) => new Float64Array(k));
            const seen = new Int32Array(lastDoc.length * 2).fill(-1);
            seen.set(lastDoc);
            lastDoc = seen;
          }
        }
        tf[id]++;
        if (lastDoc[id] !== d) {
          lastDoc[id] = d;
          df[id]++;
        }
      }
    }
    if (ids.size === 0) throw new Error('empty vocabulary; perhaps the documents only contain stop words');

    const maxCount = 'count' in this.maxDf ? this.maxDf.count : this.maxDf.fraction * n;
    const minCount = 'count' in this.minDf ? this.minDf.count : this.minDf.fraction * n;
    if (maxCount < minCount) throw new Error('max_df corresponds to < documents than min_df');

    const terms = [...ids.keys()].sort(compareCodePoints);
    let kept = terms.filter((t) => {
      const f = df[ids.get(t)!];
      return f <= maxCount && f >= minCount;
    });
    if (this.maxFeatures !== null && kept.length > this.maxFeatures) {
      const order = kept.map((_, i) => i);
      // Highest corpus frequency first; ties keep code-point order (a stable sort).
      order.sort((a, b) => tf[ids.get(kept[b])!] - tf[ids.get(kept[a])!] || a - b);
      const chosen = order.slice(0, this.maxFeatures).sort((a, b) => a - b);
      kept = chosen.map((i) => kept[i]);
    }
    if (kept.length === 0) throw new Error('After pruning, no terms remain. Try a lower min_df or a higher max_df.');

    const documentFrequency = Int32Array.from(kept, (t) => df[ids.get(t)!]);
    let idf: number[] | null = null;
    if (this.useIdf) {
      const s = this.smoothIdf ? 1 : 0;
      idf = Array.from(documentFrequency, (f) => Math.log((n + s) / (f + s)) + 1);
    }
    const spec: TfidfVectorizerSpec = {
      type: 'tfidf',
      vocabulary: kept,
      idf,
      norm: this.norm,
      sublinearTf: this.sublinearTf,
      binary: this.binary,
    };
    this.fitted = {
      spec,
      analyzer: this.analyzer.options,
      documentFrequency,
      documents: n,
      termsBeforePruning: ids.size,
    };
    this.extractor = new FeatureExtractor(this.analyzer, spec);
    return this.fitted;
  }

  /** TF-IDF rows of documents with the fitted vocabulary (unknown terms are ignored). */
  transform(documents: readonly string[]): CsrMatrix {
    const extractor = this.extractor;
    if (!extractor) throw new Error('TfidfVectorizer is not fitted: call fit(documents) first');
    return transformWith(extractor, documents);
  }

  /** `fit` then `transform` on the same documents. */
  fitTransform(documents: readonly string[]): CsrMatrix {
    this.fit(documents);
    return this.transform(documents);
  }
}

/** Runs an extractor over documents into a CSR matrix. */
export function transformWith(extractor: FeatureExtractor, documents: readonly string[]): CsrMatrix {
  const builder = new CsrBuilder(extractor.nFeatures, documents.length);
  const row = new SparseRow();
  for (let d = 0; d < documents.length; d++) {
    const doc = documents[d];
    if (typeof doc !== 'string') throw new TypeError(`documents[${d}] must be a string, got ${typeof doc}`);
    extractor.extract(doc, row);
    builder.pushRow(row);
  }
  return builder.build();
}
