/**
 * Binary classification metrics, per label, with scikit-learn's definitions (sklearn.metrics):
 * accuracy, precision, recall, F1 (0 when undefined, scikit-learn's `zero_division` default), the
 * confusion matrix, ROC-AUC (trapezoids over the ROC curve's distinct thresholds, so tied scores count
 * half, as `roc_auc_score`) and PR-AUC as average precision (Σ (R_k − R_{k−1}) P_k over distinct
 * thresholds, no interpolation, as `average_precision_score`). Labels are positive when > 0.
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
function curvePoints(labels: ArrayLike<number | boolean>, scores: ArrayLike<number>): { tps: number[]; fps: number[] } {
  checkLengths(labels, scores, 'scores');
  const order = Array.from({ length: scores.length }, (_, i) => i);
  for (let i = 0; i < scores.length; i++) {
    if (Number.isNaN(scores[i])) throw new Error(`scores[${i}] is NaN`);
  }
  order.sort((x, y) => scores[y] - scores[x]);
  const tps: number[] = [];
  const fps: number[] = [];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < order.length; k++) {
    if (isPositive(labels[order[k]])) tp++;
    else fp++;
    const next = order[k + 1];
    if (next === undefined || scores[next] !== scores[order[k]]) {
      tps.push(tp);
      fps.push(fp);
    }
  }
  return { tps, fps };
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
