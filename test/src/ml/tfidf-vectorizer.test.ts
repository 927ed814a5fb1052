import { compareCodePoints, TfidfVectorizer } from '../../../src/ml/tfidf-vectorizer';
import { csrToDense } from '../../../src/ml/sparse-matrix';

const DOCS = ['the cat sat', 'the cat ran', 'a dog ran'];
const idf1 = Math.log(4 / 2) + 1; // df 1 of n 3, smoothed
const idf2 = Math.log(4 / 3) + 1; // df 2

function expectRowsClose(actual: number[][], expected: number[][]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(expected[i][j], 15)));
}

describe('TfidfVectorizer', () => {
  it('learns a code-point-sorted vocabulary, document frequencies and smoothed idf', () => {
    const v = new TfidfVectorizer();
    const fit = v.fit(DOCS);
    expect(fit.spec.vocabulary).toEqual(['cat', 'dog', 'ran', 'sat', 'the']);
    expect(Array.from(fit.documentFrequency)).toEqual([2, 1, 2, 1, 2]);
    expect(fit.spec.idf).toEqual([idf2, idf1, idf2, idf1, idf2]);
    expect(fit.documents).toBe(3);
  });

  it('transforms to L2-normalized tf·idf rows (values as scikit-learn computes them)', () => {
    const X = new TfidfVectorizer().fitTransform(DOCS);
    const n0 = Math.sqrt(2 * idf2 * idf2 + idf1 * idf1);
    const n2 = Math.sqrt(idf1 * idf1 + idf2 * idf2);
    expectRowsClose(csrToDense(X), [
      [idf2 / n0, 0, 0, idf1 / n0, idf2 / n0],
      [1 / Math.sqrt(3), 0, 1 / Math.sqrt(3), 0, 1 / Math.sqrt(3)],
      [0, idf1 / n2, idf2 / n2, 0, 0],
    ]);
    // scikit-learn 1.7.2: TfidfVectorizer().fit_transform(DOCS).toarray()[0][3]
    expect(X.data[1]).toBeCloseTo(0.680918560398684, 15);
  });

  it('uses ln(n / df) + 1 without smoothing', () => {
    const fit = new TfidfVectorizer({ smoothIdf: false }).fit(DOCS);
    expect(fit.spec.idf![1]).toBe(Math.log(3 / 1) + 1);
  });

  it('keeps terms in at least min_df documents (count)', () => {
    const fit = new TfidfVectorizer({ minDf: { count: 2 } }).fit(DOCS);
    expect(fit.spec.vocabulary).toEqual(['cat', 'ran', 'the']);
  });

  it('keeps terms in at most max_df documents (fraction of n)', () => {
    // 0.5 · 3 = 1.5 documents.
    const fit = new TfidfVectorizer({ maxDf: { fraction: 0.5 } }).fit(DOCS);
    expect(fit.spec.vocabulary).toEqual(['dog', 'sat']);
  });

  it('keeps the max_features most frequent terms, ties going to the earlier term', () => {
    // tf: cat 2, ran 2, the 2, dog 1, sat 1 -> cat and ran (before "the" in code-point order).
    const fit = new TfidfVectorizer({ maxFeatures: 2 }).fit(DOCS);
    expect(fit.spec.vocabulary).toEqual(['cat', 'ran']);
    const fit2 = new TfidfVectorizer({ maxFeatures: 2 }).fit(['zz zz zz yy', 'xx']);
    expect(fit2.spec.vocabulary).toEqual(['xx', 'zz']);
  });

  it('applies sublinear tf, binary tf and L1 norm', () => {
    const sub = new TfidfVectorizer({ sublinearTf: true, useIdf: false, norm: null }).fitTransform(['aa aa aa bb']);
    expect(Array.from(sub.data)).toEqual([1 + Math.log(3), 1]);
    const bin = new TfidfVectorizer({ binary: true, useIdf: false, norm: 'l1' }).fitTransform(['aa aa aa bb']);
    expect(Array.from(bin.data)).toEqual([0.5, 0.5]);
  });

  it('ignores unknown terms at transform time and gives empty rows for empty text', () => {
    const v = new TfidfVectorizer();
    v.fit(DOCS);
    const X = v.transform(['unknown words only', '', 'cat']);
    expect(Array.from(X.indptr)).toEqual([0, 0, 0, 1]);
    expect(Array.from(X.indices)).toEqual([0]);
    expect(Array.from(X.data)).toEqual([1]);
  });

  it('sorts the vocabulary by code point, not by UTF-16 unit', () => {
    // U+FF41 (fullwidth a) < U+1D41A (math bold a) by code point; JS's default sort says the opposite.
    const fit = new TfidfVectorizer({ lowercase: false }).fit(['\u{1D41A}\u{1D41A} \uFF41\uFF41 zz']);
    expect(fit.spec.vocabulary).toEqual(['zz', '\uFF41\uFF41', '\u{1D41A}\u{1D41A}']);
    expect(compareCodePoints('\uFF41', '\u{1D41A}')).toBeLessThan(0);
    expect(compareCodePoints('ab', 'a')).toBeGreaterThan(0);
  });

  it('throws when the documents hold only stop words', () => {
    expect(() => new TfidfVectorizer({ stopWords: ['the'] }).fit(['the the'])).toThrow('empty vocabulary');
  });

  it('throws when max_df allows fewer documents than min_df', () => {
    expect(() => new TfidfVectorizer({ minDf: { count: 3 }, maxDf: { count: 2 } }).fit(DOCS)).toThrow(
      'max_df corresponds to < documents than min_df',
    );
  });

  it('throws when pruning leaves no term', () => {
    expect(() => new TfidfVectorizer({ minDf: { count: 3 } }).fit(DOCS)).toThrow('After pruning, no terms remain');
  });

  it('throws on invalid parameters, naming them', () => {
    expect(() => new TfidfVectorizer({ minDf: { fraction: 1.5 } })).toThrow(
      'minDf.fraction must be in [0, 1], got 1.5',
    );
    expect(() => new TfidfVectorizer({ maxDf: { count: -1 } })).toThrow('maxDf.count must be a non-negative integer');
    expect(() => new TfidfVectorizer({ maxFeatures: 0 })).toThrow(
      'maxFeatures must be a positive integer or null, got 0',
    );
  });

  it('throws when transforming before fitting, or on a non-string document', () => {
    expect(() => new TfidfVectorizer().transform(['x'])).toThrow('not fitted');
    expect(() => new TfidfVectorizer().fit(['ok', 3 as unknown as string])).toThrow('documents[1] must be a string');
  });
});
