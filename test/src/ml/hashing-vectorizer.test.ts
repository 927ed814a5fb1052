import { HashingVectorizer } from '../../../src/ml/hashing-vectorizer';

// murmurhash3_32 (scikit-learn, seed 0): 'bad' 286958595 -> col 3 (+), 'idea' 2032101475 -> col 3 (+),
// 'bad idea' -637156005 -> col 5 (-), 'idea bad' -1235299430 -> col 6 (-), with 16 columns.
describe('HashingVectorizer', () => {
  it('sums signed counts per column like scikit-learn (alternate_sign, no norm)', () => {
    const X = new HashingVectorizer({ nFeatures: 16, ngramRange: [1, 2], norm: null }).transform(['bad idea bad']);
    // bad ×2 and idea in column 3; the bigrams negative in 5 and 6.
    expect(Array.from(X.indices)).toEqual([3, 5, 6]);
    expect(Array.from(X.data)).toEqual([3, -1, -1]);
  });

  it('sets every stored value to 1 when binary, then L2-normalizes', () => {
    const X = new HashingVectorizer({
      nFeatures: 16,
      ngramRange: [1, 2],
      binary: true,
      alternateSign: false,
    }).transform(['bad idea bad']);
    expect(Array.from(X.indices)).toEqual([3, 5, 6]);
    for (const v of X.data) expect(v).toBeCloseTo(1 / Math.sqrt(3), 15);
  });

  it('hashes the UTF-8 bytes of non-ASCII terms', () => {
    // murmurhash3_32('héllo wörld') = -1745358220 -> column 12, negative.
    const X = new HashingVectorizer({ nFeatures: 16, ngramRange: [2, 2], norm: null }).transform(['héllo wörld']);
    expect(Array.from(X.indices)).toEqual([12]);
    expect(Array.from(X.data)).toEqual([-1]);
  });

  it('describes itself as an artifact vectorizer spec with scikit-learn defaults', () => {
    expect(new HashingVectorizer().spec).toEqual({
      type: 'hashing',
      nFeatures: 1048576,
      alternateSign: true,
      norm: 'l2',
      binary: false,
    });
  });

  it('throws when nFeatures is not a positive 32-bit integer', () => {
    expect(() => new HashingVectorizer({ nFeatures: 0 })).toThrow(
      'nFeatures must be an integer in [1, 2^31 - 1], got 0',
    );
  });
});
