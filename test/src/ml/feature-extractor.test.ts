import { FeatureExtractor, FeatureTrace, normalizeRow, SparseRow } from '../../../src/ml/feature-extractor';
import type { TfidfVectorizerSpec } from '../../../src/ml/model-artifact';
import { SeededRandom } from '../../../src/ml/seeded-random';
import { TextAnalyzer } from '../../../src/ml/text-analyzer';

const SPEC: TfidfVectorizerSpec = {
  type: 'tfidf',
  vocabulary: ['bad', 'bad idea', 'good', 'idea', 'idea bad', 'very bad idea'],
  idf: [1, 2, 3, 4, 5, 6],
  norm: null,
  sublinearTf: false,
  binary: false,
};

function row(extractor: FeatureExtractor, text: string): [number, number][] {
  const r = new SparseRow();
  extractor.extract(text, r);
  return Array.from({ length: r.length }, (_, k) => [r.columns[k], r.values[k]]);
}

describe('FeatureExtractor', () => {
  const analyzer = new TextAnalyzer({ ngramRange: [1, 3], stopWords: ['is', 'the'] });
  const extractor = new FeatureExtractor(analyzer, SPEC);

  it('counts unigrams, bigrams and trigrams of the vocabulary, times idf, columns sorted', () => {
    // very, bad, idea → bad (1×1), idea (1×4), "bad idea" (1×2), "very bad idea" (1×6).
    expect(row(extractor, 'Very BAD idea')).toEqual([
      [0, 1],
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
  });

  it('gives ASCII texts (looked up in place) the same rows as the general path', () => {
    // A trailing no-break space is not a word character and becomes a space under NFKD: same tokens,
    // but the text is not ASCII, so it takes the preprocess-then-tokenize path.
    const words = ['bad', 'BAD', 'Idea', 'idea', 'good', 'is', 'the', 'very', 'x', 'a1', 'bad_idea', '42'];
    const rng = new SeededRandom(3);
    for (let t = 0; t < 200; t++) {
      const n = 1 + rng.nextInt(8);
      const text = Array.from({ length: n }, () => words[rng.nextInt(words.length)]).join(rng.nextInt(2) ? ' ' : ', ');
      expect(row(extractor, text)).toEqual(row(extractor, `${text}\u00a0`));
    }
  });

  it('gives an ASCII text read as bytes (extractAscii) the same row as the text itself, case kept or not', () => {
    const keepCase = new FeatureExtractor(new TextAnalyzer({ lowercase: false, ngramRange: [1, 3] }), SPEC);
    const pieces = ['bad', 'BAD', 'Idea', 'idea', 'good', 'is', 'the', 'very', 'x', 'a1', 'bad_idea', '42', '<email>'];
    const gaps = [' ', ', ', '\t', "'", '\x00', '--', ''];
    const rng = new SeededRandom(5);
    for (const ex of [extractor, keepCase]) {
      expect(ex.readsAsciiBytes).toBe(true);
      for (let t = 0; t < 300; t++) {
        let text = '';
        for (let n = rng.nextInt(12); n >= 0; n--) {
          text += pieces[rng.nextInt(pieces.length)] + gaps[rng.nextInt(gaps.length)];
        }
        const bytes = Buffer.from(`${text}trailing bytes that are not read`, 'latin1');
        const r = new SparseRow();
        ex.extractAscii(bytes, text.length, r);
        expect(Array.from({ length: r.length }, (_, k) => [r.columns[k], r.values[k]])).toEqual(row(ex, text));
      }
    }
  });

  it('throws when asked to read bytes without the default tokenizer', () => {
    const spaced = new FeatureExtractor(new TextAnalyzer({ tokenPattern: '[a-z]+ [a-z]+' }), SPEC);
    expect(spaced.readsAsciiBytes).toBe(false);
    expect(() => spaced.extractAscii(new Uint8Array(1), 1, new SparseRow())).toThrow('default tokenizer');
  });

  it('does not lowercase when the analyzer keeps case', () => {
    const keepCase = new FeatureExtractor(new TextAnalyzer({ lowercase: false }), SPEC);
    expect(row(keepCase, 'BAD bad')).toEqual([[0, 1]]);
  });

  it('removes stop words before building n-grams on both paths', () => {
    expect(row(extractor, 'idea is bad')).toEqual(row(extractor, 'idea bad'));
    expect(row(extractor, 'idea is bad')).toEqual(row(extractor, 'idea is bad\u00a0'));
  });

  it('uses the string path for token patterns whose tokens may hold spaces', () => {
    const spaced = new FeatureExtractor(new TextAnalyzer({ tokenPattern: '[a-z]+ [a-z]+', ngramRange: [1, 1] }), {
      ...SPEC,
      vocabulary: ['bad idea', 'good'],
      idf: null,
    });
    expect(row(spaced, 'bad idea')).toEqual([[0, 1]]);
  });

  it('traces where every feature came from', () => {
    const trace = new FeatureTrace();
    extractor.extract('Bad idea, bad', new SparseRow(), trace);
    const terms = Array.from({ length: trace.occurrences }, (_, k) => trace.term(k)).sort();
    expect(terms).toEqual(['bad', 'bad', 'bad idea', 'idea', 'idea bad']);
    expect(trace.preprocessed).toBe('bad idea, bad');
  });

  it('normalizes rows like scikit-learn: divide by the norm, leave zero rows alone', () => {
    const v = Float64Array.from([3, 4]);
    normalizeRow(v, 2, 'l2');
    expect(Array.from(v)).toEqual([0.6, 0.8]);
    const z = Float64Array.from([0, 0]);
    normalizeRow(z, 2, 'l1');
    expect(Array.from(z)).toEqual([0, 0]);
  });
});
