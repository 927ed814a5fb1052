import {
  classCosts,
  linearSvmPrimalObjective,
  SvmProblem,
  toLinearHead,
  trainLinearSvm,
  trainOneVsRest,
} from '../../../src/ml/linear-svm';
import { SeededRandom } from '../../../src/ml/seeded-random';
import { csrDot, csrFromDense, type CsrMatrix } from '../../../src/ml/sparse-matrix';

const TIGHT = { tol: 1e-10, maxIter: 100000 };

/** Two points on a line: x = +1 (positive) and x = -1 (negative), no bias. */
const LINE = csrFromDense([[1], [-1]]);

/** A random sparse problem: labels from a hidden linear rule with some noise. */
function randomProblem(rows: number, cols: number, seed: number): { X: CsrMatrix; y: Uint8Array } {
  const rng = new SeededRandom(seed);
  const truth = Array.from({ length: cols }, () => rng.nextFloat() * 2 - 1);
  const dense: number[][] = [];
  const y = new Uint8Array(rows);
  for (let i = 0; i < rows; i++) {
    const row = Array.from({ length: cols }, () => (rng.nextFloat() < 0.3 ? rng.nextFloat() : 0));
    const s = row.reduce((acc, v, j) => acc + v * truth[j], 0) + (rng.nextFloat() - 0.5) * 0.3;
    y[i] = s > 0 ? 1 : 0;
    dense.push(row);
  }
  return { X: csrFromDense(dense, cols), y };
}

describe('trainLinearSvm', () => {
  it('finds w = 1 for two symmetric points with hinge loss (dual and primal 0.5)', () => {
    // Dual: min ½(α1+α2)² − α1 − α2 on [0, C]²: α1 + α2 = 1, w = 1; P = ½.
    const m = trainLinearSvm(LINE, [1, 0], { loss: 'hinge', bias: null, ...TIGHT });
    expect(m.coef[0]).toBeCloseTo(1, 9);
    expect(m.intercept).toBe(0);
    expect(m.primalObjective).toBeCloseTo(0.5, 9);
    expect(m.dualObjective).toBeCloseTo(0.5, 9);
    expect(m.converged).toBe(true);
  });

  it('stops at the box bound C for hinge loss (C = 0.25: w = 0.5, objective 0.375)', () => {
    const m = trainLinearSvm(LINE, [1, 0], { loss: 'hinge', bias: null, C: 0.25, ...TIGHT });
    expect(m.coef[0]).toBeCloseTo(0.5, 12);
    expect(m.primalObjective).toBeCloseTo(0.125 + 0.25 * (0.5 + 0.5), 12);
    expect(m.dualObjective).toBeCloseTo(0.375, 12);
  });

  it('solves the squared-hinge dual (α = 0.4 each, w = 0.8, objective 0.4)', () => {
    // f(α) = ½(α1+α2)² + ¼(α1² + α2²) − α1 − α2 → α = 0.4; P = ½·0.64 + 2·0.2² = 0.4.
    const m = trainLinearSvm(LINE, [1, 0], { loss: 'squared_hinge', bias: null, ...TIGHT });
    expect(m.coef[0]).toBeCloseTo(0.8, 9);
    expect(m.primalObjective).toBeCloseTo(0.4, 9);
    expect(m.dualObjective).toBeCloseTo(0.4, 9);
    expect(m.supportVectors).toBe(2);
  });

  it('learns a regularized intercept through the bias feature (hard margin: coef 2, intercept -1)', () => {
    // Rows [1] (+) and [] (-), bias 1: min ½(w² + b²) s.t. w + b ≥ 1, b ≤ -1 → w = 2, b = -1, P = 2.5.
    const X = csrFromDense([[1], [0]]);
    const m = trainLinearSvm(X, [1, 0], { loss: 'hinge', C: 10, ...TIGHT });
    expect(m.coef[0]).toBeCloseTo(2, 9);
    expect(m.intercept).toBeCloseTo(-1, 9);
    expect(m.primalObjective).toBeCloseTo(2.5, 9);
    expect(m.dualObjective).toBeCloseTo(2.5, 9);
  });

  it('scales the intercept by the bias value (liblinear -B / intercept_scaling)', () => {
    const X = csrFromDense([[1], [0]]);
    const m = trainLinearSvm(X, [1, 0], { loss: 'hinge', C: 10, bias: 2, ...TIGHT });
    // Bias feature 2: min ½(w² + v²) s.t. w + 2v ≥ 1, 2v ≤ -1 → v = -0.5, w = 2; intercept = 2v = -1.
    expect(m.intercept).toBeCloseTo(-1, 9);
    expect(m.primalObjective).toBeCloseTo(0.5 * (4 + 0.25), 8);
  });

  it('closes the duality gap on a random problem, with and without shrinking', () => {
    const { X, y } = randomProblem(80, 12, 7);
    for (const shrinking of [true, false]) {
      const m = trainLinearSvm(X, y, { C: 0.7, tol: 1e-8, maxIter: 100000, shrinking });
      expect(m.converged).toBe(true);
      expect(m.primalObjective - m.dualObjective).toBeGreaterThanOrEqual(-1e-9);
      expect((m.primalObjective - m.dualObjective) / m.primalObjective).toBeLessThan(1e-6);
    }
  });

  it('is deterministic for a seed, and reaches the same optimum from another seed', () => {
    const { X, y } = randomProblem(60, 10, 3);
    const a = trainLinearSvm(X, y, { seed: 1, tol: 1e-8, maxIter: 100000 });
    const b = trainLinearSvm(X, y, { seed: 1, tol: 1e-8, maxIter: 100000 });
    const c = trainLinearSvm(X, y, { seed: 2, tol: 1e-8, maxIter: 100000 });
    expect(Array.from(b.coef)).toEqual(Array.from(a.coef));
    expect(c.primalObjective).toBeCloseTo(a.primalObjective, 6);
  });

  it('gives identical results with the WebAssembly and the JavaScript kernels', () => {
    const { X, y } = randomProblem(50, 9, 11);
    const wasm = trainLinearSvm(X, y, { kernels: 'wasm', seed: 4 });
    const js = trainLinearSvm(X, y, { kernels: 'js', seed: 4 });
    expect(Array.from(js.coef)).toEqual(Array.from(wasm.coef));
    expect(js.intercept).toBe(wasm.intercept);
    expect(js.iterations).toBe(wasm.iterations);
  });

  it('weighs classes: balanced gives n / (2 · count) per class', () => {
    const costs = classCosts(2, Float64Array.from([1, 1, 1, -1]), 'balanced');
    expect(costs.positive).toBeCloseTo(2 * (4 / 6), 15);
    expect(costs.negative).toBeCloseTo(2 * (4 / 2), 15);
    expect(classCosts(1, Float64Array.from([1, -1]), { negative: 3, positive: 0.5 })).toEqual({
      negative: 3,
      positive: 0.5,
    });
  });

  it('treats sample weights as multipliers of C', () => {
    const { X, y } = randomProblem(40, 6, 5);
    const weighted = trainLinearSvm(X, y, { C: 0.5, sampleWeight: new Array<number>(40).fill(2), ...TIGHT });
    const doubled = trainLinearSvm(X, y, { C: 1, ...TIGHT });
    expect(weighted.primalObjective).toBeCloseTo(doubled.primalObjective, 8);
  });

  it('matches its own primal objective when recomputed from coef and intercept', () => {
    const { X, y } = randomProblem(40, 6, 9);
    const options = { C: 0.3, classWeight: 'balanced' as const, loss: 'hinge' as const };
    const m = trainLinearSvm(X, y, options);
    expect(linearSvmPrimalObjective(X, y, m.coef, m.intercept, options)).toBeCloseTo(m.primalObjective, 12);
  });

  it('separates a separable problem (decision values have the labels’ signs)', () => {
    const X = csrFromDense([
      [1, 0],
      [0.9, 0.1],
      [0, 1],
      [0.1, 0.8],
    ]);
    const m = trainLinearSvm(X, [1, 1, 0, 0], { C: 10, ...TIGHT });
    const d = csrDot(X, m.coef, m.intercept);
    expect(Array.from(d).map((v) => v > 0)).toEqual([true, true, false, false]);
  });

  it('reports non-convergence when maxIter is reached', () => {
    const { X, y } = randomProblem(60, 10, 13);
    const m = trainLinearSvm(X, y, { tol: 1e-15, maxIter: 2 });
    expect(m.iterations).toBe(2);
    expect(m.converged).toBe(false);
  });

  it('trains one head per label on one prepared problem (one-vs-rest)', () => {
    const { X, y } = randomProblem(30, 5, 17);
    const flipped = Uint8Array.from(y, (v) => 1 - v);
    const problem = new SvmProblem(X);
    const [a, b] = trainOneVsRest(problem, [y, flipped], TIGHT);
    // Flipping the labels flips the solution.
    a.coef.forEach((v, j) => expect(b.coef[j]).toBeCloseTo(-v, 8));
    expect(b.intercept).toBeCloseTo(-a.intercept, 8);
  });

  it('converts a model to an artifact head with plain arrays', () => {
    const m = trainLinearSvm(LINE, [1, 0], { loss: 'hinge', bias: null, ...TIGHT });
    const head = toLinearHead('toxic', m, { a: -1, b: 0, iterations: 3, converged: true } as never);
    expect(head).toEqual({ label: 'toxic', coef: [m.coef[0]], intercept: 0, calibration: { a: -1, b: 0 } });
    expect(JSON.parse(JSON.stringify(head)).coef).toEqual([m.coef[0]]);
    expect(toLinearHead('x', m).calibration).toBeNull();
  });

  it('throws when the labels hold only one class', () => {
    expect(() => trainLinearSvm(LINE, [1, 1])).toThrow(
      'labels must contain both classes to train a classifier, got only positive (2 rows)',
    );
    expect(() =>
      trainOneVsRest(LINE, [
        [1, 0],
        [0, 0],
      ]),
    ).toThrow('label 1: labels must contain both classes');
  });

  it('throws when labels and rows differ in number', () => {
    expect(() => trainLinearSvm(LINE, [1])).toThrow('labels have 1 entries, the matrix 2 rows');
  });

  it('throws on invalid options, naming them', () => {
    expect(() => trainLinearSvm(LINE, [1, 0], { C: 0 })).toThrow('C must be a positive finite number, got 0');
    expect(() => trainLinearSvm(LINE, [1, 0], { tol: -1 })).toThrow('tol must be a positive finite number, got -1');
    expect(() => trainLinearSvm(LINE, [1, 0], { maxIter: 1.5 })).toThrow('maxIter must be a positive integer, got 1.5');
    expect(() => trainLinearSvm(LINE, [1, 0], { loss: 'log' as never })).toThrow(
      "loss must be 'hinge' or 'squared_hinge'",
    );
    expect(() => trainLinearSvm(LINE, [1, 0], { sampleWeight: [1, -1] })).toThrow(
      'sampleWeight[1] must be a positive finite number, got -1',
    );
    expect(() => trainLinearSvm(LINE, [1, 0], { classWeight: { negative: 0, positive: 1 } })).toThrow(
      'classWeight.negative must be a positive finite number, got 0',
    );
  });

  it('throws on a malformed CSR matrix', () => {
    const bad = {
      rows: 2,
      cols: 1,
      indptr: Int32Array.from([0, 1]),
      indices: Int32Array.from([0]),
      data: Float64Array.from([1]),
    };
    expect(() => new SvmProblem(bad)).toThrow('malformed CSR matrix: 2 rows, indptr of 2, 1 entries');
  });
});
