import { inSlices, recordBatchPredictions, recordPredictions, SLICE_CHARS } from '../../model-server/predict-handler';
import type { ServerMetrics } from '../../model-server/server-metrics';
import { BatchScores, type TextScore } from '../../src/ml/toxicity-model';

/** Records every call the two functions make, in order. */
function recordingMetrics(calls: string[]): ServerMetrics {
  return {
    predicted: (label: string, positives: number, total: number) =>
      calls.push(`predicted ${label} ${positives}/${total}`),
    scoreRecorder: (label: string) => {
      calls.push(`recorder ${label}`);
      return { observe: (value: number) => calls.push(`observe ${label} ${value}`) };
    },
  } as unknown as ServerMetrics;
}

describe('recordBatchPredictions', () => {
  it('makes the calls recordPredictions makes for the same scores, in the same order', () => {
    const labels = ['toxic', 'insult', 'threat'];
    const calibrated = [true, false, true];
    const values = [
      [0.5, 0.7, -1, 0, 2, Number.NaN],
      [-0.2, 0.3, 1, 0, -2, 0.5],
      [0, 0.5, 0, 0, 0.1, 0.49],
    ];
    const batch = new BatchScores(values.length, labels, [0, 1, 2], calibrated);
    const results: TextScore[] = values.map((row, i) => ({
      scores: labels.map((label, k) => {
        batch.decisions[i * 3 + k] = row[2 * k];
        batch.probabilities[i * 3 + k] = calibrated[k] ? row[2 * k + 1] : Number.NaN;
        return { label, decision: row[2 * k], probability: calibrated[k] ? row[2 * k + 1] : null };
      }),
      featureCount: 1,
    }));
    for (const [scores, texts] of [
      [batch, results],
      [new BatchScores(0, labels, [0, 1, 2], calibrated), []],
    ] as const) {
      const expected: string[] = [];
      const actual: string[] = [];
      recordPredictions(recordingMetrics(expected), labels, [...texts], 0.5);
      recordBatchPredictions(recordingMetrics(actual), scores, 0.5);
      expect(actual).toEqual(expected);
    }
  });
});

describe('inSlices', () => {
  it('covers every text once, in slices of at most SLICE_CHARS weighted characters, at least one text each', async () => {
    const texts = ['a'.repeat(SLICE_CHARS + 5), ...Array.from({ length: 30 }, () => 'b'.repeat(SLICE_CHARS / 10))];
    const slices: [number, number][] = [];
    expect(
      await inSlices(
        texts,
        2,
        () => false,
        (start, end) => slices.push([start, end]),
      ),
    ).toBe(true);
    expect(slices[0]).toEqual([0, 1]);
    expect(slices.flatMap(([s, e]) => Array.from({ length: e - s }, (_, i) => s + i))).toEqual(texts.map((_, i) => i));
    for (const [s, e] of slices.slice(1)) expect(e - s).toBe(5);
  });

  it('stops after a yield when cancelled, and resolves false', async () => {
    const texts = Array.from({ length: 3 }, () => 'c'.repeat(SLICE_CHARS));
    const slices: number[] = [];
    expect(
      await inSlices(
        texts,
        1,
        () => slices.length > 0,
        (start) => slices.push(start),
      ),
    ).toBe(false);
    expect(slices).toEqual([0]);
  });
});
