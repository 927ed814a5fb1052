import { calibratedProbability, calibrationProblems, isotonicProbability } from '../../../src/ml/calibration';

const iso = { kind: 'isotonic', x: [-1, 0, 2], y: [0.1, 0.5, 0.9] } as const;

describe('isotonicProbability', () => {
  it('interpolates linearly between thresholds', () => {
    expect(isotonicProbability(-0.5, iso)).toBeCloseTo(0.3, 15);
    expect(isotonicProbability(1, iso)).toBeCloseTo(0.7, 15);
  });

  it('returns the threshold value exactly at a threshold', () => {
    expect(isotonicProbability(0, iso)).toBe(0.5);
    expect(isotonicProbability(-1, iso)).toBe(0.1);
    expect(isotonicProbability(2, iso)).toBe(0.9);
  });

  it('clips decision values outside the thresholds to the end values', () => {
    expect(isotonicProbability(-100, iso)).toBe(0.1);
    expect(isotonicProbability(100, iso)).toBe(0.9);
  });

  it('is constant with a single threshold', () => {
    expect(isotonicProbability(5, { kind: 'isotonic', x: [1], y: [0.25] })).toBe(0.25);
  });
});

describe('calibratedProbability', () => {
  it('applies Platt scaling to a calibration without a kind', () => {
    expect(calibratedProbability(2, { a: -1, b: 0 })).toBeCloseTo(1 / (1 + Math.exp(-2)), 15);
  });

  it('applies the isotonic map to an isotonic calibration', () => {
    expect(calibratedProbability(1, iso)).toBe(isotonicProbability(1, iso));
  });
});

describe('calibrationProblems', () => {
  it('accepts valid calibrations', () => {
    expect(calibrationProblems(iso, 'c')).toEqual([]);
    expect(calibrationProblems({ a: -1, b: 0.5 }, 'c')).toEqual([]);
  });

  it('fails when thresholds are not strictly increasing', () => {
    expect(calibrationProblems({ kind: 'isotonic', x: [0, 0], y: [0, 1] }, 'c')).toEqual([
      'c.x[1]: thresholds must be strictly increasing, got 0 then 0',
    ]);
  });

  it('fails when x and y differ in length or hold non-finite numbers', () => {
    expect(calibrationProblems({ kind: 'isotonic', x: [0, NaN], y: [0] }, 'c')).toEqual([
      'c.y: expected 2 numbers (one per x), got 1',
      'c: thresholds must be finite numbers',
    ]);
  });

  it('fails when a Platt parameter is not finite', () => {
    expect(calibrationProblems({ a: Infinity, b: 0 }, 'h')).toEqual(['h.a: must be a finite number, got Infinity']);
  });
});
