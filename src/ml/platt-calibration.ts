/**
 * Platt scaling: maps an SVM decision value f to a probability P(y = 1 | f) = 1 / (1 + exp(A·f + B)),
 * with A and B fitted by maximum likelihood on held-out decision values (Platt 1999, "Probabilistic
 * outputs for support vector machines"), using the Newton method with backtracking line search and the
 * regularized targets of Lin, Lin & Weng 2007, "A note on Platt's probabilistic outputs for support vector
 * machines", Machine Learning 68(3) — the algorithm LIBSVM implements.
 */
import type { PlattCalibration } from './model-artifact';

/** P(y = 1 | f) = 1 / (1 + exp(a·f + b)), computed without overflow for either sign of a·f + b. */
export function plattProbability(decision: number, calibration: PlattCalibration): number {
  const z = calibration.a * decision + calibration.b;
  if (z >= 0) {
    const e = Math.exp(-z);
    return e / (1 + e);
  }
  return 1 / (1 + Math.exp(z));
}
