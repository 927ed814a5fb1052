import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { ENGLISH_STOP_WORDS } from '../../../src/ml/english-stop-words';
import { SeededRandom } from '../../../src/ml/seeded-random';
import { countTerms, type TermCounts } from '../../../src/ml/term-counter';
import { TextAnalyzer } from '../../../src/ml/text-analyzer';
import { compareCodePoints, TfidfVectorizer, type TfidfVectorizerOptions } from '../../../src/ml/tfidf-vectorizer';
import { readDataset } from '../../../src/training/read-dataset';

/** Words with stop words, accents, case, non-BMP letters and one-letter tokens, so every analyzer step matters. */
const WORDS = ['the', 'a', 'not', 'Cat', 'cat', 'café', 'cafe', 'naïve', '𝐚𝐛', 'x', 'dog', 'ran', 'über', 'ÜBER', 'q1'];

function corpus(docs: number, seed: number): string[] {
  const rnd = new SeededRandom(seed);
  return Array.from({ length: docs }, () => {
    const length = Math.floor(rnd.nextFloat() * 12);
    const words = Array.from({ length }, () => WORDS[Math.floor(rnd.nextFloat() ** 2 * WORDS.length)]);
    return words.join(rnd.nextFloat() < 0.3 ? ', ' : ' ');
  });
}

function byTerm(counts: TermCounts): Map<string, [number, number]> {
  const map = new Map<string, [number, number]>();
  for (let id = 0; id < counts.entries; id++) {
    if (counts.isTerm(id)) map.set(counts.term(id), [counts.tf[id], counts.df[id]]);
  }
  return map;
}

/**
 * scikit-learn's fit written out plainly: every term string counted, all terms sorted by code point,
 * df-filtered, then a stable sort by corpus frequency keeps the first `maxFeatures`.
 */
function referenceFit(options: TfidfVectorizerOptions, docs: readonly string[]) {
  const analyzer = new TextAnalyzer(options);
  const tf = new Map<string, number>();
  const df = new Map<string, number>();
  for (const doc of docs) {
    const terms = analyzer.terms(doc);
    for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
    for (const t of new Set(terms)) df.set(t, (df.get(t) ?? 0) + 1);
  }
  const minDf = options.minDf && 'count' in options.minDf ? options.minDf.count : 1;
  let kept = [...tf.keys()].sort(compareCodePoints).filter((t) => df.get(t)! >= minDf);
  const max = options.maxFeatures ?? null;
  if (max !== null && kept.length > max) {
    const order = kept.map((_, i) => i).sort((a, b) => tf.get(kept[b])! - tf.get(kept[a])! || a - b);
    kept = order
      .slice(0, max)
      .sort((a, b) => a - b)
      .map((i) => kept[i]);
  }
  return { vocabulary: kept, df: kept.map((t) => df.get(t)!), termsBeforePruning: tf.size };
}

describe('countTerms', () => {
  it.each([[[1, 1]], [[1, 2]], [[1, 3]], [[2, 2]], [[2, 4]]] as const)(
    'counts the same terms, corpus and document frequencies through the word trie as through term strings for n-grams %j',
    (ngramRange) => {
      const analyzer = new TextAnalyzer({ ngramRange, stopWords: ENGLISH_STOP_WORDS, stripAccents: 'unicode' });
      const docs = corpus(400, 7);
      const trie = countTerms(analyzer, docs);
      const strings = countTerms(analyzer, docs, true);
      expect(trie.terms).toBe(strings.terms);
      expect(trie.terms).toBeGreaterThan(5);
      expect(byTerm(trie)).toEqual(byTerm(strings));
    },
  );

  it('refuses a document that is not a string, naming its index, in both paths', () => {
    const analyzer = new TextAnalyzer();
    const docs = ['ok text', 42 as unknown as string];
    expect(() => countTerms(analyzer, docs)).toThrow('documents[1] must be a string, got number');
    expect(() => countTerms(analyzer, docs, true)).toThrow('documents[1] must be a string, got number');
  });
});

describe('TfidfVectorizer.fit against a plain reference of the same rules', () => {
  const cases: [string, TfidfVectorizerOptions][] = [
    [
      'the training defaults',
      {
        ngramRange: [1, 2],
        minDf: { count: 2 },
        maxFeatures: 40,
        stopWords: ENGLISH_STOP_WORDS,
        stripAccents: 'ascii',
      },
    ],
    ['many ties at the max_features cut', { ngramRange: [1, 3], maxFeatures: 57 }],
    ['bigrams and trigrams only', { ngramRange: [2, 3], minDf: { count: 3 } }],
    ['character n-grams', { analyzer: 'char', ngramRange: [1, 3], maxFeatures: 30 }],
  ];

  it.each(cases)('keeps the same vocabulary and document frequencies with %s', (_, options) => {
    const docs = corpus(300, 11);
    const fit = new TfidfVectorizer(options).fit(docs);
    const ref = referenceFit(options, docs);
    expect(fit.spec.vocabulary).toEqual(ref.vocabulary);
    expect(Array.from(fit.documentFrequency)).toEqual(ref.df);
    expect(fit.termsBeforePruning).toBe(ref.termsBeforePruning);
  });

  it('keeps the same vocabulary and document frequencies on the shipped demo data', async () => {
    const { dataset } = await readDataset(createReadStream(join(__dirname, '../../../data/demo/comments.csv')), {
      name: 'comments.csv',
    });
    const options: TfidfVectorizerOptions = {
      ngramRange: [1, 2],
      minDf: { count: 2 },
      maxFeatures: 500,
      stopWords: ENGLISH_STOP_WORDS,
      stripAccents: 'ascii',
    };
    const fit = new TfidfVectorizer(options).fit(dataset.texts);
    const ref = referenceFit(options, dataset.texts);
    expect(fit.spec.vocabulary).toEqual(ref.vocabulary);
    expect(Array.from(fit.documentFrequency)).toEqual(ref.df);
    expect(fit.termsBeforePruning).toBe(ref.termsBeforePruning);
  });
});
