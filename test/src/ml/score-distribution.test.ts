import {
  binScores,
  populationStabilityIndex,
  predictionConfidence,
  PSI_EMPTY_BIN_SHARE,
  scoreBaselineProblems,
} from '../../../src/ml/score-distribution';

describe('predictionConfidence', () => {
  it('is max(p, 1 - p): 0.5 at the fence, 1 at either end', () => {
    expect(predictionConfidence(0.5)).toBe(0.5);
    expect(predictionConfidence(0.45)).toBeCloseTo(0.55, 15);
    expect(predictionConfidence(0.7)).toBe(0.7);
    expect(predictionConfidence(0)).toBe(1);
    expect(predictionConfidence(1)).toBe(1);
  });
});

describe('binScores', () => {
  it('counts each score in the first bin whose bound is at least it, the rest above the last bound', () => {
    expect(binScores([0, 0.1, 0.1000001, 0.5, 0.9, 1, 2], [0.1, 0.5, 1])).toEqual([2, 2, 2, 1]);
  });

  it('skips scores that are not finite numbers', () => {
    expect(binScores([NaN, Infinity, 0.2], [0.5])).toEqual([1, 0]);
  });
});

describe('populationStabilityIndex', () => {
  it('is 0 for the same distribution at any scale', () => {
    expect(populationStabilityIndex([10, 30, 60], [1, 3, 6])).toBeCloseTo(0, 15);
  });

  it('matches the hand-computed Σ (a - e) ln(a / e) of a shifted distribution', () => {
    // Shares 0.5/0.5 against 0.25/0.75: -0.25 ln 0.5 + 0.25 ln 1.5.
    const expected = -0.25 * Math.log(0.5) + 0.25 * Math.log(1.5);
    expect(populationStabilityIndex([50, 50], [25, 75])).toBeCloseTo(expected, 14);
    expect(expected).toBeCloseTo(0.274653, 6);
  });

  it('counts an empty bin at the share floor instead of dividing by zero', () => {
    const e = PSI_EMPTY_BIN_SHARE;
    const expected = (1 - 0.5) * Math.log(1 / 0.5) + (e - 0.5) * Math.log(e / 0.5);
    expect(populationStabilityIndex([1, 1], [4, 0])).toBeCloseTo(expected, 12);
  });

  it('is null when either side has no observation', () => {
    expect(populationStabilityIndex([0, 0], [1, 2])).toBeNull();
    expect(populationStabilityIndex([1, 2], [0, 0])).toBeNull();
  });

  it('throws when the two sides have different bins', () => {
    expect(() => populationStabilityIndex([1, 2, 3], [1, 2])).toThrow('3 expected bins against 2 actual bins');
  });
});

describe('scoreBaselineProblems', () => {
  it('finds nothing wrong in a baseline over the model labels', () => {
    expect(
      scoreBaselineProblems(
        { bounds: [0.5], source: 'test-split', labels: { toxic: { counts: [3, 1] } } },
        ['toxic'],
        'b',
      ),
    ).toEqual([]);
  });

  it('names unsorted bounds, a wrong number of counts, a bad count and an unknown label', () => {
    const problems = scoreBaselineProblems(
      { bounds: [0.5, 0.2], source: 's', labels: { toxic: { counts: [1, 2] }, spam: { counts: [1, -1, 0] } } },
      ['toxic'],
      'scoreBaseline',
    );
    expect(problems).toEqual([
      'scoreBaseline.bounds: must be finite and strictly increasing, got [0.5, 0.2]',
      'scoreBaseline.labels.toxic.counts: expected 3 counts (one per bin), got 2',
      'scoreBaseline.labels.spam: not a label of the model (toxic)',
      'scoreBaseline.labels.spam.counts[1]: must be a whole number ≥ 0, got -1',
    ]);
  });
});
