import { fitPlattCalibration, plattProbability } from '../../../src/ml/platt-calibration';

describe('plattProbability', () => {
  it('is 1 / (1 + exp(a·f + b)) and stable for large arguments', () => {
    expect(plattProbability(1, { a: -2, b: 0.5 })).toBeCloseTo(1 / (1 + Math.exp(-1.5)), 15);
    expect(plattProbability(1000, { a: -1, b: 0 })).toBe(1);
    expect(plattProbability(-1000, { a: -1, b: 0 })).toBe(0);
  });
});

describe('fitPlattCalibration', () => {
  it('fits a = -ln 2, b = 0 for f = [-1, 1], labels [0, 1] (targets 1/3 and 2/3)', () => {
    // Targets: positive (1+1)/(1+2) = 2/3, negative 1/(1+2) = 1/3; by symmetry b = 0 and
    // 1 / (1 + exp(a)) = 2/3 → a = -ln 2.
    const fit = fitPlattCalibration([-1, 1], [0, 1]);
    expect(fit.converged).toBe(true);
    expect(fit.a).toBeCloseTo(-Math.log(2), 5);
    expect(fit.b).toBeCloseTo(0, 5);
  });

  it('fits the mean target when all decision values are equal', () => {
    // 3 positives, 1 negative: targets 4/5 ×3 and 1/3; mean (12/5 + 1/3)/4 = 41/60.
    const fit = fitPlattCalibration([0, 0, 0, 0], [1, 1, 1, 0]);
    expect(plattProbability(0, fit)).toBeCloseTo(41 / 60, 5);
  });

  it('reaches a stationary point of the likelihood on noisy data', () => {
    const f = [-3, -2, -1.5, -1, -0.5, 0, 0.3, 0.8, 1, 2, 2.5, -0.2];
    const y = [0, 0, 0, 1, 0, 1, 0, 1, 1, 1, 1, 0];
    const fit = fitPlattCalibration(f, y);
    const pos = y.filter((v) => v).length;
    const hi = (pos + 1) / (pos + 2);
    const lo = 1 / (y.length - pos + 2);
    let g1 = 0;
    let g2 = 0;
    f.forEach((fi, i) => {
      const d = (y[i] ? hi : lo) - plattProbability(fi, fit);
      g1 += fi * d;
      g2 += d;
    });
    expect(Math.abs(g1)).toBeLessThan(1e-5);
    expect(Math.abs(g2)).toBeLessThan(1e-5);
    expect(fit.a).toBeLessThan(0); // higher decision → higher probability
  });

  it('throws when lengths differ, on no data, or on a non-finite decision', () => {
    expect(() => fitPlattCalibration([1, 2], [1])).toThrow('decisions (2) and labels (1) differ in length');
    expect(() => fitPlattCalibration([], [])).toThrow('cannot fit a calibration on no data');
    expect(() => fitPlattCalibration([1, Number.NaN], [1, 0])).toThrow('decisions[1] must be finite, got NaN');
  });
});
