import { isPredicted } from '../../../src/ml/toxicity-model';
import { parseModelArtifact } from '../../../src/ml/model-artifact';
import { hashedColumn, murmurhash3String } from '../../../src/ml/murmurhash3';
import { ToxicityModel, mergeSpans } from '../../../src/ml/toxicity-model';
import { type CleaningStep, createTextCleaner, DEFAULT_CLEANING } from '../../../src/ml/text-cleaning';
import { tinyArtifact, twoLabelArtifact } from '../../support/fixtures';

const SQRT6 = Math.sqrt(6);
const sigmoidPlatt = (f: number, a: number, b: number) => 1 / (1 + Math.exp(a * f + b));

function model(artifact = tinyArtifact()): ToxicityModel {
  return new ToxicityModel(parseModelArtifact(artifact));
}

function decision(m: ToxicityModel, text: string): number {
  return m.score([text])[0].scores[0].decision;
}

describe('ToxicityModel', () => {
  it('computes the decision value as tf·idf, L2-normalized, dotted with coef, plus intercept', () => {
    // "Bad idea!" -> bad, idea, "bad idea": tf·idf = [1, 2, 0, 1], norm √6; coef [1, 2, -1, 0.5].
    const [result] = model().score(['Bad idea!']);
    const expected = (1 * 1 + 2 * 2 + 1 * 0.5) / SQRT6 - 0.5;
    expect(result.scores[0].decision).toBeCloseTo(expected, 14);
    expect(result.featureCount).toBe(3);
  });

  it('returns the Platt probability 1 / (1 + exp(a·f + b)) and a positive decision', () => {
    const [result] = model().score(['Bad idea!']);
    const d = (1 + 4 + 0.5) / SQRT6 - 0.5;
    expect(result.scores[0].probability).toBeCloseTo(sigmoidPlatt(d, -2, 0.25), 14);
    expect(result.scores[0].decision).toBeGreaterThan(0);
  });

  it('removes stop words before building bigrams, as scikit-learn does', () => {
    // "bad is idea": "is" is a stop word, so "bad idea" is a bigram.
    expect(decision(model(), 'bad is idea')).toBeCloseTo((1 + 4 + 0.5) / SQRT6 - 0.5, 14);
  });

  it('lowercases and strips accents to ASCII before tokenizing', () => {
    expect(decision(model(), 'BÀD idéa')).toBeCloseTo((1 + 4 + 0.5) / SQRT6 - 0.5, 14);
  });

  it('scores a text with the idf weights of each term', () => {
    // "The idea is GOOD": idea (idf 1), good (idf 1.5); "idea good" is not in the vocabulary.
    const expected = (1 * 0.5 + 1.5 * -1) / Math.sqrt(1 + 1.5 * 1.5) - 0.5;
    expect(decision(model(), 'The idea is GOOD')).toBeCloseTo(expected, 14);
  });

  it('counts repeated terms (tf = 2) before normalizing', () => {
    // "bad bad": bad tf 2 -> [2, 0, 0, 0], normalized to [1, 0, 0, 0].
    expect(decision(model(), 'bad bad')).toBeCloseTo(1 - 0.5, 14);
  });

  it('applies sublinear tf (1 + ln tf), binary tf, L1 norm and no idf when the artifact says so', () => {
    const sub = tinyArtifact();
    Object.assign(sub.vectorizer, { sublinearTf: true, norm: null });
    // "bad bad idea": bad tf 2 -> (1 + ln 2)·1, idea 1·1, "bad idea" 1·2.
    expect(decision(model(sub), 'bad bad idea')).toBeCloseTo((1 + Math.log(2)) * 1 + 2 * 2 + 1 * 0.5 - 0.5, 14);

    const bin = tinyArtifact();
    Object.assign(bin.vectorizer, { binary: true, norm: 'l1', idf: null });
    // binary: [1, 1, 0, 1], L1 norm 3.
    expect(decision(model(bin), 'bad bad idea')).toBeCloseTo((1 + 2 + 0.5) / 3 - 0.5, 14);
  });

  it('returns the intercept and no features for text with no known word', () => {
    const [result] = model().score(['Bonjour à tous', '']);
    expect(result.scores[0].decision).toBe(-0.5);
    expect(result.featureCount).toBe(0);
  });

  it('scores several labels, in the requested order, with null probability for uncalibrated heads', () => {
    const m = model(twoLabelArtifact());
    const [result] = m.score(['good idea'], { labels: ['insult', 'toxic'] });
    // good idea: good 1.5, idea 1, "good idea" not in vocabulary; norm √3.25.
    const n = Math.sqrt(3.25);
    expect(result.scores.map((s) => s.label)).toEqual(['insult', 'toxic']);
    expect(result.scores[0].decision).toBeCloseTo((1.5 * 3) / n + 0.1, 14);
    expect(result.scores[0].probability).toBeNull();
    expect(result.scores[1].decision).toBeCloseTo((1.5 * -1 + 0.5) / n - 0.5, 14);
  });

  it('returns the same decision values from decisionValues as from score', () => {
    const m = model(twoLabelArtifact());
    const texts = ['Bad idea!', 'good', 'nothing here', 'bad bad good idea'];
    const fast = m.decisionValues(texts);
    const slow = m.score(texts);
    texts.forEach((_, i) => {
      expect(fast[i * 2]).toBe(slow[i].scores[0].decision);
      expect(fast[i * 2 + 1]).toBe(slow[i].scores[1].decision);
    });
    expect(Array.from(m.decisionValues(texts, ['insult']))).toEqual(slow.map((s) => s.scores[1].decision));
  });

  it('explains a decision exactly: intercept plus contributions sums to the decision', () => {
    const [result] = model().score(['Bad idea!'], { explain: true });
    const s = result.scores[0];
    const e = s.explanation!;
    const total = e.contributions.reduce((acc, c) => acc + c.contribution, e.intercept + e.otherContribution);
    expect(total).toBeCloseTo(s.decision, 14);
    expect(e.contributions.map((c) => [c.feature, c.column])).toEqual([
      ['bad idea', 1],
      ['bad', 0],
      ['idea', 3],
    ]);
    expect(e.contributions[0]).toEqual({
      feature: 'bad idea',
      column: 1,
      value: 2 / SQRT6,
      weight: 2,
      contribution: (2 / SQRT6) * 2,
      spans: [[0, 8]],
      spanCount: 1,
    });
  });

  it('gives spans in the original text, through accent stripping and a cleaning step', () => {
    const a = tinyArtifact();
    (a.preprocessing as { cleaning: string[] }).cleaning = ['collapse-whitespace'];
    const text = 'Très   BÀD\t\tidéa';
    const [result] = model(a).score([text], { explain: true });
    const spans = Object.fromEntries(result.scores[0].explanation!.contributions.map((c) => [c.feature, c.spans]));
    expect(spans).toEqual({ bad: [[7, 10]], idea: [[12, 16]], 'bad idea': [[7, 16]] });
    expect(text.slice(7, 16)).toBe('BÀD\t\tidéa');
  });

  it('lists every occurrence of a repeated feature', () => {
    const [result] = model().score(['bad, BAD.'], { explain: true });
    const c = result.scores[0].explanation!.contributions;
    expect(c).toHaveLength(1);
    expect(c[0].spans).toEqual([
      [0, 3],
      [5, 8],
    ]);
  });

  it('merges overlapping spans and keeps at most maxSpans of them, counting all in spanCount', () => {
    const text = Array.from({ length: 30 }, () => 'bad idea').join(' ');
    const [result] = model().score([text], { explain: true, maxSpans: 4 });
    const byFeature = Object.fromEntries(result.scores[0].explanation!.contributions.map((c) => [c.feature, c]));
    // "bad idea" occurs 30 times and "idea bad" joins them, but only "bad idea" is in the vocabulary.
    expect(byFeature.bad.spanCount).toBe(30);
    expect(byFeature.bad.spans).toEqual([
      [0, 3],
      [9, 12],
      [18, 21],
      [27, 30],
    ]);
    expect(byFeature['bad idea'].spans).toHaveLength(4);
  });

  it('merges spans that overlap into one, in text order', () => {
    expect(
      mergeSpans([
        [10, 14],
        [0, 5],
        [3, 8],
        [8, 9],
        [20, 22],
      ]),
    ).toEqual([
      [0, 9],
      [10, 14],
      [20, 22],
    ]);
  });

  it('keeps the topK largest contributions and sums the rest', () => {
    const [result] = model().score(['Bad idea!'], { explain: true, topK: 1 });
    const e = result.scores[0].explanation!;
    expect(e.contributions.map((c) => c.feature)).toEqual(['bad idea']);
    expect(e.otherContribution).toBeCloseTo(1 / SQRT6 + 0.5 / SQRT6, 14);
  });

  it('scores with a hashing vectorizer: column |murmur3| mod n, sign from the hash', () => {
    const a = tinyArtifact();
    const nFeatures = 16;
    a.vectorizer = { type: 'hashing', nFeatures, alternateSign: true, norm: null, binary: false } as never;
    (a.preprocessing as { ngramRange: number[] }).ngramRange = [1, 1];
    const coef = new Array<number>(nFeatures).fill(0);
    // sklearn: murmurhash3_32('bad') = 286958595 -> column 3, sign +.
    expect(murmurhash3String('bad')).toBe(286958595);
    expect(hashedColumn(286958595, nFeatures)).toBe(3);
    coef[3] = 0.75;
    a.heads[0].coef = coef;
    // "bad bad": bad counted twice with sign +1, no norm.
    expect(decision(model(a), 'bad bad')).toBeCloseTo(2 * 0.75 - 0.5, 14);
  });

  it('explains hashing features by the n-grams that fell in each column', () => {
    const a = tinyArtifact();
    a.vectorizer = { type: 'hashing', nFeatures: 16, alternateSign: true, norm: 'l2', binary: false } as never;
    a.heads[0].coef = Array.from({ length: 16 }, (_, j) => j / 10);
    const [result] = model(a).score(['bad idea'], { explain: true, topK: 100 });
    const s = result.scores[0];
    const e = s.explanation!;
    const features = e.contributions.flatMap((c) => c.feature.split(' | ')).sort();
    expect(features).toEqual(['bad', 'bad idea', 'idea']);
    const total = e.contributions.reduce((acc, c) => acc + c.contribution, e.intercept);
    expect(total).toBeCloseTo(s.decision, 14);
  });

  it('throws when a requested label is not in the model', () => {
    expect(() => model().score(['x'], { labels: ['threat'] })).toThrow(
      'unknown label "threat"; this model has "toxic"',
    );
  });

  it('throws when a text is not a string, naming its index', () => {
    expect(() => model().score(['ok', 42 as unknown as string])).toThrow('texts[1] must be a string, got number');
  });

  it('throws when topK is negative', () => {
    expect(() => model().score(['ok'], { explain: true, topK: -1 })).toThrow(
      'topK must be a non-negative integer, got -1',
    );
  });
});

describe('ToxicityModel.scoreInto', () => {
  /** Two labels (one calibrated, one not) and an ensemble head, cleaned with the default steps. */
  function threeHeads(cleaning: readonly CleaningStep[]): ToxicityModel {
    const a = twoLabelArtifact();
    a.labels = ['toxic', 'insult', 'threat'];
    a.heads = [
      ...a.heads,
      {
        label: 'threat',
        coef: [0.5, 1, -1, 1],
        intercept: 0,
        calibration: null,
        members: [
          { coef: [1, 2, -1, 0.5], intercept: -0.5, calibration: { a: -2, b: 0.25 } },
          { coef: [0, 0, -1, 1.5], intercept: 0.5, calibration: { kind: 'isotonic', x: [0, 10], y: [0, 1] } },
        ],
      },
    ] as never;
    a.preprocessing = { ...a.preprocessing, cleaning: [...cleaning] };
    return model(a);
  }

  const words = ['bad', 'BAD', 'Idea', 'idea', 'good', 'is', 'the', "don't", 'Bad-idea', 'héllo', 'zo@example.org'];
  const texts: string[] = [];
  let seed = 11;
  const next = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  for (let t = 0; t < 300; t++) {
    const parts = Array.from({ length: next(9) }, () => words[next(words.length)]);
    texts.push(parts.join(next(3) === 0 ? ', ' : ' ') + (next(4) === 0 ? ' 😀' : ''));
  }

  it('gives the decisions, probabilities and feature counts of score, for any labels and order', () => {
    for (const cleaning of [DEFAULT_CLEANING, ['mask-contacts', ...DEFAULT_CLEANING], ['lowercase']] as const) {
      const m = threeHeads(cleaning);
      for (const labels of [undefined, ['threat', 'toxic'], ['insult']]) {
        const expected = m.score(texts, { labels });
        const scores = m.batchScores(texts.length, labels);
        m.scoreInto(texts, scores, 0, 120);
        m.scoreInto(texts, scores, 120);
        expect(scores.labels).toEqual(expected[0].scores.map((s) => s.label));
        const L = scores.labels.length;
        expected.forEach((r, i) => {
          expect(scores.featureCounts[i]).toBe(r.featureCount);
          r.scores.forEach((s, k) => {
            expect(scores.decisions[i * L + k]).toBe(s.decision);
            expect(scores.probability(i, k)).toBe(s.probability);
            expect(scores.isPredicted(i, k, 0.5)).toBe(isPredicted(s, 0.5));
          });
        });
      }
    }
  });

  it('gives the decisions of a model without cleaning scoring the texts cleaned step by step', () => {
    // The fast path (cleaned ASCII read as bytes) against the string path.
    for (const cleaning of [DEFAULT_CLEANING, ['mask-contacts', ...DEFAULT_CLEANING]] as const) {
      const fast = threeHeads(cleaning);
      const plain = threeHeads([]);
      const cleaner = createTextCleaner(cleaning);
      const scores = fast.batchScores(texts.length);
      fast.scoreInto(texts, scores);
      const expected = plain.score(texts.map((t) => cleaner.clean(t)));
      expected.forEach((r, i) => r.scores.forEach((s, k) => expect(scores.decisions[i * 3 + k]).toBe(s.decision)));
    }
  });

  it('throws when a requested label is not in the model or the rows are out of range', () => {
    const m = threeHeads(DEFAULT_CLEANING);
    expect(() => m.batchScores(1, ['nope'])).toThrow('unknown label "nope"');
    expect(() => m.scoreInto(['a', 'b'], m.batchScores(1))).toThrow('outside the texts (2) or the scores (1)');
    expect(() => m.scoreInto([3 as unknown as string], m.batchScores(1))).toThrow('texts[0] must be a string');
  });
});

describe('isPredicted', () => {
  it('uses the probability against the threshold when calibrated, else the sign of the decision', () => {
    expect(isPredicted(labelScore('t', -1, 0.5), 0.5)).toBe(true);
    expect(isPredicted(labelScore('t', 2, 0.49), 0.5)).toBe(false);
    expect(isPredicted(labelScore('t', 0.1, null), 0.9)).toBe(true);
    expect(isPredicted(labelScore('t', 0, null), 0.1)).toBe(false);
  });
});

function labelScore(label: string, decision: number, probability: number | null) {
  return { label, decision, probability };
}

describe('ToxicityModel with imported models', () => {
  const X = (1 * 1 + 2 * 2 + 1 * 0.5) / SQRT6; // "Bad idea!" features dotted with coef [1, 2, -1, 0.5]

  it('averages the calibrated probabilities of an ensemble head and reports the mean decision', () => {
    const a = tinyArtifact();
    const members = [
      { coef: [1, 2, -1, 0.5], intercept: -0.5, calibration: { a: -2, b: 0.25 } },
      { coef: [2, 4, -2, 1], intercept: 0.5, calibration: { kind: 'isotonic', x: [0, 10], y: [0, 1] } },
    ];
    a.heads = [{ label: 'toxic', coef: [1.5, 3, -1.5, 0.75], intercept: 0, calibration: null, members }] as never;
    const [score] = model(a).score(['Bad idea!'])[0].scores;
    const d1 = X - 0.5;
    const d2 = 2 * X + 0.5;
    expect(score.decision).toBeCloseTo(1.5 * X, 14);
    expect(score.probability).toBeCloseTo((sigmoidPlatt(d1, -2, 0.25) + d2 / 10) / 2, 14);
  });

  it('applies an isotonic calibration to a single head', () => {
    const a = tinyArtifact();
    a.heads = [
      {
        label: 'toxic',
        coef: [1, 2, -1, 0.5],
        intercept: -0.5,
        calibration: { kind: 'isotonic', x: [-1, 1], y: [0.2, 0.6] },
      },
    ] as never;
    const [score] = model(a).score(['Bad idea!'])[0].scores;
    const d = Math.min(X - 0.5, 1);
    expect(score.probability).toBeCloseTo(0.2 + ((d + 1) / 2) * 0.4, 14);
  });

  it('scores char_wb n-grams and explains them by their own n-gram and span', () => {
    const a = tinyArtifact();
    a.preprocessing = { ...a.preprocessing, analyzer: 'char_wb', ngramRange: [2, 2], stopWords: null } as never;
    a.vectorizer = {
      type: 'tfidf',
      vocabulary: [' b', 'ad', 'd ', 'zz'],
      idf: null,
      norm: null,
      sublinearTf: false,
      binary: false,
    } as never;
    // "bad bad": ' b' ×2, 'ba' (not in vocabulary), 'ad' ×2, 'd ' ×2.
    const [result] = model(a).score(['Bad bad'], { explain: true });
    const [score] = result.scores;
    expect(score.decision).toBeCloseTo(2 * 1 + 2 * 2 + 2 * -1 - 0.5, 14);
    const contributions = score.explanation!.contributions;
    expect(contributions.map((c) => c.feature)).toEqual(['ad', ' b', 'd ']);
    expect(contributions[0].spans).toEqual([
      [1, 3],
      [5, 7],
    ]);
  });

  it('hashes char n-grams with MurmurHash3 as HashingVectorizer does', () => {
    const a = tinyArtifact();
    a.preprocessing = { ...a.preprocessing, analyzer: 'char', ngramRange: [3, 3], stopWords: null } as never;
    a.vectorizer = { type: 'hashing', nFeatures: 16, alternateSign: true, norm: null, binary: false } as never;
    const coef = Array.from({ length: 16 }, (_, j) => j + 1);
    a.heads = [{ label: 'toxic', coef, intercept: 0, calibration: null }] as never;
    let expected = 0;
    for (const gram of ['abc', 'bcd']) {
      const h = murmurhash3String(gram);
      expected += (h < 0 ? -1 : 1) * coef[hashedColumn(h, 16)];
    }
    expect(decision(model(a), 'ABCD')).toBe(expected);
  });
});
