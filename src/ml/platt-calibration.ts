/**
 * Platt scaling: maps an SVM decision value f to a probability P(y = 1 | f) = 1 / (1 + exp(A·f + B)),
 * with A and B fitted by maximum likelihood on held-out decision values (Platt 1999, "Probabilistic
 * outputs for support vector machines"), using the Newton method with backtracking line search and the
 * regularized targets of Lin, Lin & Weng 2007, "A note on Platt's probabilistic outputs for support vector
 * machines", Machine Learning 68(3) — the algorithm LIBSVM implements.
 */
import type { PlattCalibration } from './calibration';

/** P(y = 1 | f) = 1 / (1 + exp(a·f + b)), computed without overflow for either sign of a·f + b. */
export function plattProbability(decision: number, calibration: PlattCalibration): number {
  const z = calibration.a * decision + calibration.b;
  if (z >= 0) {
    const e = Math.exp(-z);
    return e / (1 + e);
  }
  return 1 / (1 + Math.exp(z));
}

/** Options of `fitPlattCalibration` (defaults from Lin, Lin & Weng 2007). */
export interface PlattFitOptions {
  /** @default 100 */
  readonly maxIterations?: number;
  /** Smallest line-search step before giving up. @default 1e-10 */
  readonly minStep?: number;
  /** Added to the Hessian's diagonal so it stays positive definite. @default 1e-12 */
  readonly sigma?: number;
  /** Stop when both gradient components are below this. @default 1e-5 */
  readonly eps?: number;
}

/** A fitted calibration plus how the fit went. */
export interface PlattFit extends PlattCalibration {
  readonly iterations: number;
  /** False when the line search failed or the iteration limit was reached (the last a, b are returned). */
  readonly converged: boolean;
}

/** Negative log-likelihood of targets t under 1 / (1 + exp(a·f + b)), written to avoid overflow. */
function negativeLogLikelihood(f: ArrayLike<number>, t: Float64Array, a: number, b: number): number {
  let sum = 0;
  for (let i = 0; i < t.length; i++) {
    const z = f[i] * a + b;
    sum += z >= 0 ? t[i] * z + Math.log1p(Math.exp(-z)) : (t[i] - 1) * z + Math.log1p(Math.exp(z));
  }
  return sum;
}

/**
 * Fits Platt's sigmoid to held-out decision values `decisions` with labels `labels` (positive when > 0):
 * Newton's method with backtracking line search on the negative log-likelihood, targets regularized to
 * (N₊ + 1)/(N₊ + 2) and 1/(N₋ + 2) (Lin, Lin & Weng 2007, Algorithm 1). Throws when the inputs differ in
 * length, are empty, or hold a non-finite decision value.
 */
export function fitPlattCalibration(
  decisions: ArrayLike<number>,
  labels: ArrayLike<number | boolean>,
  options: PlattFitOptions = {},
): PlattFit {
  const n = decisions.length;
  if (labels.length !== n) throw new Error(`decisions (${n}) and labels (${labels.length}) differ in length`);
  if (n === 0) throw new Error('cannot fit a calibration on no data');
  const maxIterations = options.maxIterations ?? 100;
  const minStep = options.minStep ?? 1e-10;
  const sigma = options.sigma ?? 1e-12;
  const eps = options.eps ?? 1e-5;
  let positives = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(decisions[i])) throw new Error(`decisions[${i}] must be finite, got ${decisions[i]}`);
    if (Number(labels[i]) > 0) positives++;
  }
  const negatives = n - positives;
  const hiTarget = (positives + 1) / (positives + 2);
  const loTarget = 1 / (negatives + 2);
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) t[i] = Number(labels[i]) > 0 ? hiTarget : loTarget;

  let a = 0;
  let b = Math.log((negatives + 1) / (positives + 1));
  let fval = negativeLogLikelihood(decisions, t, a, b);
  let iterations = 0;
  let converged = false;
  for (; iterations < maxIterations; iterations++) {
    let h11 = sigma;
    let h22 = sigma;
    let h21 = 0;
    let g1 = 0;
    let g2 = 0;
    for (let i = 0; i < n; i++) {
      const f = decisions[i];
      const z = f * a + b;
      let p: number;
      let q: number;
      if (z >= 0) {
        const e = Math.exp(-z);
        p = e / (1 + e);
        q = 1 / (1 + e);
      } else {
        const e = Math.exp(z);
        p = 1 / (1 + e);
        q = e / (1 + e);
      }
      const d2 = p * q;
      h11 += f * f * d2;
      h22 += d2;
      h21 += f * d2;
      const d1 = t[i] - p;
      g1 += f * d1;
      g2 += d1;
    }
    if (Math.abs(g1) < eps && Math.abs(g2) < eps) {
      converged = true;
      break;
    }
    const det = h11 * h22 - h21 * h21;
    const dA = -(h22 * g1 - h21 * g2) / det;
    const dB = -(-h21 * g1 + h11 * g2) / det;
    const gd = g1 * dA + g2 * dB;
    let step = 1;
    while (step >= minStep) {
      const newA = a + step * dA;
      const newB = b + step * dB;
      const newF = negativeLogLikelihood(decisions, t, newA, newB);
      if (newF < fval + 0.0001 * step * gd) {
        a = newA;
        b = newB;
        fval = newF;
        break;
      }
      step /= 2;
    }
    if (step < minStep) break; // line search failed
  }
  return { a, b, iterations, converged };
}
