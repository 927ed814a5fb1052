import fc from 'fast-check';
import { BatchScores, type TextScore } from '../../src/ml/toxicity-model';
import {
  buildPredictions,
  codePointLength,
  joinedJsonBytes,
  predictionsBytes,
  predictionsJson,
} from '../../model-server/predict-response';

const score = (label: string, decision: number, probability: number | null) => ({
  label,
  decision,
  probability,
  predicted: decision > 0,
});

describe('codePointLength', () => {
  it('counts code points: a surrogate pair is one, a lone surrogate is one', () => {
    expect(codePointLength('')).toBe(0);
    expect(codePointLength('abc')).toBe(3);
    expect(codePointLength('a😀b')).toBe(3);
    expect(codePointLength('\ud83d')).toBe(1);
    expect(codePointLength('\ude00\ud83d')).toBe(2);
    expect(codePointLength('é')).toBe(1);
  });
});

describe('buildPredictions', () => {
  const results: TextScore[] = [
    { scores: [score('toxic', 1, 0.8), score('insult', -1, null)], featureCount: 2 },
    { scores: [score('toxic', -2, 0.1), score('insult', 0.5, null)], featureCount: 1 },
  ];

  it('fills the original fields from the primary label and scores from the requested ones', () => {
    const out = buildPredictions(['a😀', 'bb'], results, {
      primaryLabel: 'toxic',
      labels: ['insult'],
      threshold: 0.5,
      timestamp: 'T',
    });
    expect(out).toEqual([
      {
        prediction: 1,
        probability: 0.8,
        label: 'toxic',
        text_length: 2,
        timestamp: 'T',
        scores: { insult: { decision: -1, probability: null, predicted: false } },
      },
      {
        prediction: 0,
        probability: 0.1,
        label: 'non_toxic',
        text_length: 2,
        timestamp: 'T',
        scores: { insult: { decision: 0.5, probability: null, predicted: true } },
      },
    ]);
  });

  it('names the negative label non_<primary> for any primary label', () => {
    const [first] = buildPredictions(['x'], [{ scores: [score('spam', -1, null)], featureCount: 0 }], {
      primaryLabel: 'spam',
      labels: ['spam'],
      threshold: 0.5,
      timestamp: 'T',
    });
    expect(first.label).toBe('non_spam');
  });

  it('throws when the scorer returned no score for a label it was asked for', () => {
    expect(() =>
      buildPredictions(['a'], [results[0]], {
        primaryLabel: 'toxic',
        labels: ['threat'],
        threshold: 0.5,
        timestamp: 'T',
      }),
    ).toThrow('the scorer returned no score for label "threat"');
  });
});

describe('predictionsJson', () => {
  const labelScore = fc.record({
    decision: fc.double({ noNaN: true, noDefaultInfinity: true }),
    probability: fc.option(fc.double({ min: 0, max: 1, noNaN: true })),
  });

  it('writes exactly what JSON.stringify writes for buildPredictions, one string per text', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.string({ unit: 'binary', maxLength: 20 }), labelScore, labelScore), {
          minLength: 1,
          maxLength: 5,
        }),
        fc.subarray(['toxic', 'in"sult'], { minLength: 1 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (rows, labels, threshold) => {
          const texts = rows.map((r) => r[0]);
          const results: TextScore[] = rows.map(([, a, b]) => ({
            scores: [score('toxic', a.decision, a.probability), score('in"sult', b.decision, b.probability)],
            featureCount: 1,
          }));
          const options = { primaryLabel: 'toxic', labels, threshold, timestamp: '2025-01-01T00:00:00.000Z' };
          const fast = predictionsJson(texts, results, options);
          expect(fast).toEqual(buildPredictions(texts, results, options).map((p) => JSON.stringify(p)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('writes null for a non-finite number, as JSON.stringify does', () => {
    const [json] = predictionsJson(['x'], [{ scores: [score('toxic', Infinity, null)], featureCount: 0 }], {
      primaryLabel: 'toxic',
      labels: ['toxic'],
      threshold: 0.5,
      timestamp: 'T',
    });
    expect(JSON.parse(json)).toMatchObject({ scores: { toxic: { decision: null } } });
  });
});

describe('joinedJsonBytes', () => {
  it('writes the UTF-8 bytes of head, the items joined by commas, and tail, whatever the characters', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 10 }),
        fc.array(fc.string({ unit: 'binary', maxLength: 30 }), { maxLength: 8 }),
        fc.string({ unit: 'binary', maxLength: 10 }),
        (head, items, tail) => {
          expect(joinedJsonBytes(head, items, tail).equals(Buffer.from(`${head}${items.join(',')}${tail}`))).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('gives the bytes of JSON.stringify for a batch response, non-ASCII labels and version included', () => {
    const texts = ['un commentaire', 'été 😀'];
    const results: TextScore[] = texts.map((_, i) => ({
      scores: [score('toxic', i - 0.5, i === 0 ? 0.2 : 0.9), score('insulte_é', -1, null)],
      featureCount: 3,
    }));
    const options = { primaryLabel: 'toxic', labels: ['toxic', 'insulte_é'], threshold: 0.5, timestamp: 'T' };
    const version = 'v1-α';
    const bytes = joinedJsonBytes(
      `{"model_version":${JSON.stringify(version)},"predictions":[`,
      predictionsJson(texts, results, options),
      ']}',
    );
    expect(bytes.toString('utf8')).toBe(
      JSON.stringify({ model_version: version, predictions: buildPredictions(texts, results, options) }),
    );
  });
});

describe('predictionsBytes', () => {
  const LABELS = ['toxic', 'in"sult', 'menace_é'];
  /** Any double, non-finite ones included (JSON writes null for them). */
  const anyDouble = fc.oneof(
    fc.double(),
    fc.constantFrom(0, -0, 1, -1, 1e21, 1e-7, 5e-324, Number.MAX_VALUE, Number.NaN, Infinity, -Infinity),
  );

  /** The same scores as `TextScore`s (what predictionsJson reads) and as `BatchScores`. */
  function both(calibrated: boolean[], values: [number, number][][]): { results: TextScore[]; batch: BatchScores } {
    const batch = new BatchScores(values.length, LABELS, [0, 1, 2], calibrated);
    const results = values.map((row, i) => ({
      scores: row.map(([decision, probability], k) => {
        batch.decisions[i * LABELS.length + k] = decision;
        batch.probabilities[i * LABELS.length + k] = calibrated[k] ? probability : Number.NaN;
        return { label: LABELS[k], decision, probability: calibrated[k] ? probability : null };
      }),
      featureCount: 0,
    }));
    return { results, batch };
  }

  it('writes the bytes of joinedJsonBytes and predictionsJson, and of JSON.stringify, for any scores', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.string({ unit: 'binary', maxLength: 20 }),
            fc.array(fc.tuple(anyDouble, anyDouble), { minLength: 3, maxLength: 3 }),
          ),
          { maxLength: 6 },
        ),
        fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
        fc.subarray(LABELS),
        fc.constantFrom(...LABELS),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (rows, calibrated, labels, primaryLabel, threshold) => {
          const texts = rows.map((r) => r[0]);
          const { results, batch } = both(
            calibrated,
            rows.map((r) => r[1]),
          );
          const options = { primaryLabel, labels, threshold, timestamp: '2026-12-06T00:00:00.000Z' };
          const head = '{"model_version":"v-é","predictions":[';
          const bytes = predictionsBytes(texts, batch, options, { head, itemTail: '', tail: ']}' });
          expect(bytes.equals(joinedJsonBytes(head, predictionsJson(texts, results, options), ']}'))).toBe(true);
          expect(bytes.toString('utf8')).toBe(
            JSON.stringify({ model_version: 'v-é', predictions: buildPredictions(texts, results, options) }),
          );
        },
      ),
      { numRuns: 500 },
    );
  });

  it('writes a single answer with the model version inside the item, as the handler did', () => {
    const { results, batch } = both(
      [true, false, true],
      [
        [
          [0.25, 0.9],
          [-1e-7, 0],
          [Number.NaN, 1 / 3],
        ],
      ],
    );
    const options = { primaryLabel: 'toxic', labels: LABELS, threshold: 0.5, timestamp: 'T' };
    const bytes = predictionsBytes(['a😀'], batch, options, { head: '', itemTail: ',"model_version":"1"', tail: '' });
    const [item] = predictionsJson(['a😀'], results, options);
    expect(bytes.toString('utf8')).toBe(`${item.slice(0, -1)},"model_version":"1"}`);
    expect(JSON.parse(bytes.toString('utf8'))).toMatchObject({ text_length: 2, scores: { toxic: { decision: 0.25 } } });
  });

  it('writes numbers as String does, for a million seeded random doubles of every magnitude', () => {
    // Random bit patterns: every exponent, subnormals, and non-finite values (null) alike.
    const words = new Uint32Array(2 * 3 * 1000);
    const doubles = new Float64Array(words.buffer);
    let state = 0x9e3779b9;
    const { results, batch } = both(
      [true, true, true],
      Array.from({ length: 1000 }, () => [
        [0, 0],
        [0, 0],
        [0, 0],
      ]),
    );
    for (let round = 0; round < 170; round++) {
      for (let i = 0; i < words.length; i++) {
        state ^= state << 13;
        state ^= state >>> 17;
        state ^= state << 5;
        words[i] = state >>> 0;
      }
      for (let i = 0; i < 1000; i++) {
        for (let k = 0; k < 3; k++) {
          const d = doubles[i * 3 + k];
          const p = doubles[(i * 3 + k + 1) % doubles.length];
          batch.decisions[i * 3 + k] = d;
          batch.probabilities[i * 3 + k] = p;
          Object.assign(results[i].scores[k], { decision: d, probability: p });
        }
      }
      const options = { primaryLabel: 'toxic', labels: LABELS, threshold: 0.5, timestamp: 'T' };
      const texts = results.map(() => 'x');
      const bytes = predictionsBytes(texts, batch, options, { head: '[', itemTail: '', tail: ']' });
      if (!bytes.equals(joinedJsonBytes('[', predictionsJson(texts, results, options), ']'))) {
        throw new Error(`round ${round} differs`);
      }
    }
  });

  it('throws when the scores lack a label it is asked to write', () => {
    const { batch } = both([true, true, true], []);
    expect(() =>
      predictionsBytes(
        [],
        batch,
        { primaryLabel: 'threat', labels: LABELS, threshold: 0.5, timestamp: 'T' },
        {
          head: '',
          itemTail: '',
          tail: '',
        },
      ),
    ).toThrow('the scorer returned no score for label "threat"');
  });
});
