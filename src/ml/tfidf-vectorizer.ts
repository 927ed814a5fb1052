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
import { countTerms, type TermCounts } from './term-counter';
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
    const counts = countTerms(this.analyzer, documents);
    if (counts.terms === 0) throw new Error('empty vocabulary; perhaps the documents only contain stop words');

    const maxCount = 'count' in this.maxDf ? this.maxDf.count : this.maxDf.fraction * n;
    const minCount = 'count' in this.minDf ? this.minDf.count : this.minDf.fraction * n;
    if (maxCount < minCount) throw new Error('max_df corresponds to < documents than min_df');

    const { df } = counts;
    const candidates: number[] = [];
    for (let id = 0; id < counts.entries; id++) {
      if (counts.isTerm(id) && df[id] <= maxCount && df[id] >= minCount) candidates.push(id);
    }
    const kept = this.selectTerms(counts, candidates);
    if (kept.length === 0) throw new Error('After pruning, no terms remain. Try a lower min_df or a higher max_df.');
    const vocabulary = kept.map((k) => k.term);

    const documentFrequency = Int32Array.from(kept, (k) => df[k.id]);
    let idf: number[] | null = null;
    if (this.useIdf) {
      const s = this.smoothIdf ? 1 : 0;
      idf = Array.from(documentFrequency, (f) => Math.log((n + s) / (f + s)) + 1);
    }
    const spec: TfidfVectorizerSpec = {
      type: 'tfidf',
      vocabulary,
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
      termsBeforePruning: counts.terms,
    };
    this.extractor = new FeatureExtractor(this.analyzer, spec);
    return this.fitted;
  }

  /**
   * The kept terms in code-point order: all candidates, or with `maxFeatures` the most frequent in the
   * corpus, ties at the cut going to the terms earlier in code-point order. Only the terms that can be
   * kept get their strings made and sorted.
   */
  private selectTerms(counts: TermCounts, candidates: number[]): { id: number; term: string }[] {
    if (this.maxFeatures !== null && candidates.length > this.maxFeatures) {
      const k = this.maxFeatures;
      const tf = counts.tf;
      // The k-th highest corpus frequency: terms above it are all kept, terms at it fill the rest.
      const sorted = Float64Array.from(candidates, (id) => tf[id]).sort();
      const cut = sorted[sorted.length - k];
      const above = candidates.filter((id) => tf[id] > cut);
      const tied = candidates
        .filter((id) => tf[id] === cut)
        .map((id) => ({ id, term: counts.term(id) }))
        .sort((a, b) => compareCodePoints(a.term, b.term))
        .slice(0, k - above.length);
      return [...above.map((id) => ({ id, term: counts.term(id) })), ...tied].sort((a, b) =>
        compareCodePoints(a.term, b.term),
      );
    }
    return candidates.map((id) => ({ id, term: counts.term(id) })).sort((a, b) => compareCodePoints(a.term, b.term));
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
