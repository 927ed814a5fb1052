/**
 * scikit-learn's `HashingVectorizer`: no vocabulary; each term goes to column |h| mod nFeatures where h is
 * the signed MurmurHash3 x86_32 of its UTF-8 bytes (seed 0), counted +1, or −1 when `alternateSign` and
 * h < 0 (`_hashing_fast.transform`); duplicates summed; `binary` sets every stored value to 1; then the
 * row norm. Suits unbounded vocabularies (nothing to fit, constant memory).
 */
import { FeatureExtractor } from './feature-extractor';
import type { HashingVectorizerSpec, Norm } from './model-artifact';
import type { CsrMatrix } from './sparse-matrix';
import { type AnalyzerOptions, TextAnalyzer } from './text-analyzer';
import { transformWith } from './tfidf-vectorizer';

/** Parameters of scikit-learn's `HashingVectorizer` (defaults are scikit-learn's). */
export interface HashingVectorizerOptions extends Partial<AnalyzerOptions> {
  /** @default 2 ** 20 */
  readonly nFeatures?: number;
  /** @default true */
  readonly alternateSign?: boolean;
  /** @default 'l2' */
  readonly norm?: Norm;
  /** @default false */
  readonly binary?: boolean;
}

/** The hashing vectorizer (stateless: `transform` needs no fit). */
export class HashingVectorizer {
  readonly analyzer: TextAnalyzer;
  /** The vectorizer as the model artifact stores it. */
  readonly spec: HashingVectorizerSpec;
  private readonly extractor: FeatureExtractor;

  constructor(options: HashingVectorizerOptions = {}) {
    const { nFeatures, alternateSign, norm, binary, ...analyzer } = options;
    const n = nFeatures ?? 2 ** 20;
    if (!Number.isInteger(n) || n < 1 || n > 2147483647) {
      throw new Error(`nFeatures must be an integer in [1, 2^31 - 1], got ${n}`);
    }
    this.analyzer = new TextAnalyzer(analyzer);
    this.spec = {
      type: 'hashing',
      nFeatures: n,
      alternateSign: alternateSign ?? true,
      norm: norm === undefined ? 'l2' : norm,
      binary: binary ?? false,
    };
    this.extractor = new FeatureExtractor(this.analyzer, this.spec);
  }

  /** Hashed feature rows of documents. */
  transform(documents: readonly string[]): CsrMatrix {
    return transformWith(this.extractor, documents);
  }
}
