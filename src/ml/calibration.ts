/**
 * Calibrations of a decision value into a probability: Platt scaling (what the trainer fits, and
 * scikit-learn's `CalibratedClassifierCV(method='sigmoid')`) and isotonic regression
 * (`method='isotonic'`), one rule per kind so the scorer and the importer agree.
 */
import { plattProbability } from './platt-calibration';

/** Platt scaling: P(label | f) = 1 / (1 + exp(a·f + b)) for decision value f (a is normally negative). */
export interface PlattCalibration {
  readonly a: number;
  readonly b: number;
}

/**
 * A fitted isotonic regression (scikit-learn's `IsotonicRegression(out_of_bounds='clip')`): the decision
 * value is clipped to [x[0], x[last]], then interpolated linearly between the thresholds.
 */
export interface IsotonicCalibration {
  readonly kind: 'isotonic';
  /** `X_thresholds_`, strictly increasing. */
  readonly x: readonly number[];
  /** `y_thresholds_`, one per threshold. */
  readonly y: readonly number[];
}

export type Calibration = PlattCalibration | IsotonicCalibration;

/**
 * The isotonic map of a decision value, computed as scikit-learn's `IsotonicRegression.predict` runs it:
 * clip to [x[0], x[last]], then scipy's `interp1d` hands float64 data to `numpy.interp`
 * (numpy/_core/src/multiarray/compiled_base.c, `arr_interp`), which takes the segment j with
 * x[j] <= f < x[j+1], returns y[j] when f equals x[j] (y[last] at the right end), and otherwise
 * `slope · (f - x[j]) + y[j]` with slope = (y[j+1] - y[j]) / (x[j+1] - x[j]), so the results agree to the bit.
 */
export function isotonicProbability(decision: number, calibration: IsotonicCalibration): number {
  const { x, y } = calibration;
  const n = x.length;
  const f = Math.min(Math.max(decision, x[0]), x[n - 1]);
  if (f >= x[n - 1]) return y[n - 1];
  // Largest j with x[j] <= f (exists: f >= x[0]).
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (x[mid] <= f) lo = mid;
    else hi = mid;
  }
  if (x[lo] === f) return y[lo];
  const slope = (y[lo + 1] - y[lo]) / (x[lo + 1] - x[lo]);
  return slope * (f - x[lo]) + y[lo];
}

/** The probability of a decision value under either kind of calibration. */
export function calibratedProbability(decision: number, calibration: Calibration): number {
  return 'kind' in calibration ? isotonicProbability(decision, calibration) : plattProbability(decision, calibration);
}

/** Problems of a calibration built in memory (finite numbers, thresholds in order), each naming its path. */
export function calibrationProblems(calibration: Calibration, where: string): string[] {
  const problems: string[] = [];
  if (!('kind' in calibration)) {
    for (const key of ['a', 'b'] as const) {
      if (!Number.isFinite(calibration[key])) {
        problems.push(`${where}.${key}: must be a finite number, got ${String(calibration[key])}`);
      }
    }
    return problems;
  }
  const { x, y } = calibration;
  if (x.length !== y.length) problems.push(`${where}.y: expected ${x.length} numbers (one per x), got ${y.length}`);
  const bad = [...x, ...y].findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) problems.push(`${where}: thresholds must be finite numbers`);
  for (let i = 1; bad < 0 && i < x.length; i++) {
    if (!(x[i] > x[i - 1])) {
      problems.push(`${where}.x[${i}]: thresholds must be strictly increasing, got ${x[i - 1]} then ${x[i]}`);
      break;
    }
  }
  return problems;
}
