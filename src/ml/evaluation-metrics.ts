/**
 * Binary classification metrics, per label, with scikit-learn's definitions (sklearn.metrics):
 * accuracy, precision, recall, F1 (0 when undefined, scikit-learn's `zero_division` default), the
 * confusion matrix, ROC-AUC (trapezoids over the ROC curve's distinct thresholds, so tied scores count
 * half, as `roc_auc_score`) and PR-AUC as average precision (Σ (R_k − R_{k−1}) P_k over distinct
 * thresholds, no interpolation, as `average_precision_score`), and the precision-recall curve
 * (`precision_recall_curve`). Labels are positive when > 0.
 */

/** Counts of the 2×2 confusion matrix. */
export interface ConfusionMatrix {
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly trueNegatives: number;
  readonly falseNegatives: number;
}

/** How many examples of each class. */
export interface ClassDistribution {
  readonly positive: number;
  readonly negative: number;
  /** positive / total (0 for no data). */
  readonly positiveRate: number;
}

/** Every metric of one binary label. */
export interface BinaryMetrics {
  readonly support: number;
  readonly accuracy: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  /** null when only one class is present (undefined, scikit-learn raises). */
  readonly rocAuc: number | null;
  /** Average precision; null when there is no positive example. */
  readonly prAuc: number | null;
  readonly confusion: ConfusionMatrix;
  readonly distribution: ClassDistribution;
  /** Score above which an example is predicted positive. */
  readonly threshold: number;
}

function checkLengths(a: ArrayLike<unknown>, b: ArrayLike<unknown>, what: string): void {
  if (a.length !== b.length) throw new Error(`labels (${a.length}) and ${what} (${b.length}) differ in length`);
}

const isPositive = (v: number | boolean): boolean => Number(v) > 0;

/** Class counts of binary labels. */
export function classDistribution(labels: ArrayLike<number | boolean>): ClassDistribution {
  let positive = 0;
  for (let i = 0; i < labels.length; i++) if (isPositive(labels[i])) positive++;
  const negative = labels.length - positive;
  return { positive, negative, positiveRate: labels.length ? positive / labels.length : 0 };
}

/** Confusion matrix of predictions against labels. */
export function confusionMatrix(
  labels: ArrayLike<number | boolean>,
  predictions: ArrayLike<number | boolean>,
): ConfusionMatrix {
  checkLengths(labels, predictions, 'predictions');
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let i = 0; i < labels.length; i++) {
    const actual = isPositive(labels[i]);
    const predicted = isPositive(predictions[i]);
    if (predicted) {
      if (actual) tp++;
      else fp++;
    } else if (actual) fn++;
    else tn++;
  }
  return { truePositives: tp, falsePositives: fp, trueNegatives: tn, falseNegatives: fn };
}

/** (tp + tn) / n; 0 for no data. */
export function accuracy(c: ConfusionMatrix): number {
  const n = c.truePositives + c.falsePositives + c.trueNegatives + c.falseNegatives;
  return n ? (c.truePositives + c.trueNegatives) / n : 0;
}

/** tp / (tp + fp); 0 when nothing is predicted positive. */
export function precision(c: ConfusionMatrix): number {
  const d = c.truePositives + c.falsePositives;
  return d ? c.truePositives / d : 0;
}

/** tp / (tp + fn); 0 when there is no positive example. */
export function recall(c: ConfusionMatrix): number {
  const d = c.truePositives + c.falseNegatives;
  return d ? c.truePositives / d : 0;
}

/** Harmonic mean of precision and recall, 2tp / (2tp + fp + fn); 0 when undefined. */
export function f1(c: ConfusionMatrix): number {
  const d = 2 * c.truePositives + c.falsePositives + c.falseNegatives;
  return d ? (2 * c.truePositives) / d : 0;
}

/**
 * Cumulative true/false positive counts at each distinct score, from the highest score down (the points
 * of the ROC and precision-recall curves).
 */
function curvePoints(
  labels: ArrayLike<number | boolean>,
  scores: ArrayLike<number>,
): { tps: number[]; fps: number[]; thresholds: number[] } {
  checkLengths(labels, scores, 'scores');
  const order = Array.from({ length: scores.length }, (_, i) => i);
  for (let i = 0; i < scores.length; i++) {
    if (Number.isNaN(scores[i])) throw new Error(`scores[${i}] is NaN`);
  }
  order.sort((x, y) => scores[y] - scores[x]);
  const tps: number[] = [];
  const fps: number[] = [];
  const thresholds: number[] = [];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < order.length; k++) {
    if (isPositive(labels[order[k]])) tp++;
    else fp++;
    const next = order[k + 1];
    if (next === undefined || scores[next] !== scores[order[k]]) {
      tps.push(tp);
      fps.push(fp);
      thresholds.push(scores[order[k]]);
    }
  }
  return { tps, fps, thresholds };
}

/** Area under the ROC curve; null when labels hold one class only. */
export function rocAuc(labels: ArrayLike<number | boolean>, scores: ArrayLike<number>): number | null {
  const { tps, fps } = curvePoints(labels, scores);
  const P = tps.length ? tps[tps.length - 1] : 0;
  const N = fps.length ? fps[fps.length - 1] : 0;
  if (P === 0 || N === 0) return null;
  let area = 0;
  let prevTp = 0;
  let prevFp = 0;
  for (let k = 0; k < tps.length; k++) {
    area += ((fps[k] - prevFp) * (tps[k] + prevTp)) / 2;
    prevTp = tps[k]!;
    prevFp = fps[k]!;
  }
  return area / (P * N);
}

/** Average precision (area under the precision-recall curve, step-wise); null without positives. */
export function averagePrecision(labels: ArrayLike<number | boolean>, scores: ArrayLike<number>): number | null {
  const { tps, fps } = curvePoints(labels, scores);
  const P = tps.length ? tps[tps.length - 1] : 0;
  if (P === 0) return null;
  let ap = 0;
  let prevRecall = 0;
  for (let k = 0; k < tps.length; k++) {
    const r = tps[k] / P;
    ap += (r - prevRecall) * (tps[k] / (tps[k] + fps[k]));
    prevRecall = r;
  }
  return ap;
}

/**
 * Points of the precision-recall curve, as scikit-learn's `precision_recall_curve` (1.7, default
 * `drop_intermediate=False`) gives them: one point per distinct score, thresholds increasing (so recall
 * never increases along the arrays), then a last point (precision 1, recall 0) with no threshold, so
 * `precision` and `recall` have one more entry than `thresholds`. At threshold t an example counts as
 * positive when its score ≥ t. Without positive labels recall is 1 at every threshold, as scikit-learn sets it.
 */
export interface PrecisionRecallCurve {
  readonly precision: readonly number[];
  readonly recall: readonly number[];
  readonly thresholds: readonly number[];
}

/** The precision-recall curve of scores against binary labels; throws on no data, NaN scores or unequal lengths. */
export function precisionRecallCurve(
  labels: ArrayLike<number | boolean>,
  scores: ArrayLike<number>,
): PrecisionRecallCurve {
  if (labels.length === 0) throw new Error('the precision-recall curve needs at least one score, got none');
  const { tps, fps, thresholds } = curvePoints(labels, scores);
  const P = tps[tps.length - 1];
  const precision: number[] = [1];
  const recall: number[] = [0];
  for (let k = 0; k < tps.length; k++) {
    precision.push(tps[k] / (tps[k] + fps[k]));
    recall.push(P === 0 ? 1 : tps[k] / P);
  }
  return { precision: precision.reverse(), recall: recall.reverse(), thresholds: thresholds.reverse() };
}

/**
 * At most `maxPoints` points of a precision-recall curve (for charts and reports): keeps the first and
 * the last point and evenly spaced ones between, with the thresholds that go with them. A curve that
 * already fits is returned as is.
 */
export function thinPrecisionRecallCurve(curve: PrecisionRecallCurve, maxPoints: number): PrecisionRecallCurve {
  if (!Number.isInteger(maxPoints) || maxPoints < 2) {
    throw new Error(`maxPoints must be a whole number ≥ 2, got ${maxPoints}`);
  }
  const n = curve.precision.length;
  if (n <= maxPoints) return curve;
  const keep = Array.from({ length: maxPoints }, (_, j) => Math.round((j * (n - 1)) / (maxPoints - 1)));
  return {
    precision: keep.map((i) => curve.precision[i]),
    recall: keep.map((i) => curve.recall[i]),
    // The last point (precision 1, recall 0) has no threshold.
    thresholds: keep.slice(0, -1).map((i) => curve.thresholds[i]),
  };
}

/** All metrics of one label from its scores (predicted positive when score > threshold). */
export function binaryMetrics(
  labels: ArrayLike<number | boolean>,
  scores: ArrayLike<number>,
  threshold = 0,
): BinaryMetrics {
  checkLengths(labels, scores, 'scores');
  const predictions = Array.from({ length: scores.length }, (_, i) => scores[i] > threshold);
  const confusion = confusionMatrix(labels, predictions);
  return {
    support: labels.length,
    accuracy: accuracy(confusion),
    precision: precision(confusion),
    recall: recall(confusion),
    f1: f1(confusion),
    rocAuc: rocAuc(labels, scores),
    prAuc: averagePrecision(labels, scores),
    confusion,
    distribution: classDistribution(labels),
    threshold,
  };
}

/**
 * Metrics for several labels at once: `labels[k]` and `scores[k]` are the true labels and scores of label
 * `names[k]`. Returns an object keyed by label name.
 */
export function metricsPerLabel(
  names: readonly string[],
  labels: readonly ArrayLike<number | boolean>[],
  scores: readonly ArrayLike<number>[],
  threshold = 0,
): Record<string, BinaryMetrics> {
  if (labels.length !== names.length || scores.length !== names.length) {
    throw new Error(`expected ${names.length} label and score columns, got ${labels.length} and ${scores.length}`);
  }
  const out: Record<string, BinaryMetrics> = {};
  names.forEach((name, k) => {
    out[name] = binaryMetrics(labels[k], scores[k], threshold);
  });
  return out;
}
