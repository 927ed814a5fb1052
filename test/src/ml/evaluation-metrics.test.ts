import {
  averagePrecision,
  binaryMetrics,
  classDistribution,
  confusionMatrix,
  metricsPerLabel,
  precisionRecallCurve,
  rocAuc,
  thinPrecisionRecallCurve,
} from '../../../src/ml/evaluation-metrics';

describe('metrics', () => {
  it('counts the confusion matrix and derives accuracy, precision, recall and F1', () => {
    // labels 1 1 0 0 1, scores > 0 predicted: 1 0 1 0 1 → tp 2, fn 1, fp 1, tn 1.
    const m = binaryMetrics([1, 1, 0, 0, 1], [0.5, -1, 2, -0.1, 3]);
    expect(m.confusion).toEqual({ truePositives: 2, falsePositives: 1, trueNegatives: 1, falseNegatives: 1 });
    expect(m.accuracy).toBe(3 / 5);
    expect(m.precision).toBe(2 / 3);
    expect(m.recall).toBe(2 / 3);
    expect(m.f1).toBe(2 / 3);
    expect(m.distribution).toEqual({ positive: 3, negative: 2, positiveRate: 0.6 });
    expect(m.support).toBe(5);
  });

  it('uses the threshold given', () => {
    expect(binaryMetrics([1, 0], [0.7, 0.4], 0.5).accuracy).toBe(1);
  });

  it('returns 0, as scikit-learn does, when precision or recall is undefined', () => {
    const m = binaryMetrics([0, 0], [-1, -2]);
    expect([m.precision, m.recall, m.f1]).toEqual([0, 0, 0]);
  });

  // Reference values: sklearn.metrics.roc_auc_score / average_precision_score (scikit-learn 1.7.2).
  it('computes ROC-AUC and average precision like scikit-learn', () => {
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBe(0.75);
    expect(averagePrecision([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBeCloseTo(0.8333333333333333, 15);
  });

  it('counts tied scores half in ROC-AUC and as one threshold in average precision', () => {
    expect(rocAuc([0, 1, 0, 1], [0.5, 0.5, 0.2, 0.9])).toBe(0.875);
    expect(averagePrecision([0, 1, 0, 1], [0.5, 0.5, 0.2, 0.9])).toBeCloseTo(0.8333333333333333, 15);
    expect(rocAuc([1, 0, 1, 0, 1], [1, 1, 1, 1, 1])).toBe(0.5);
    expect(averagePrecision([1, 0, 1, 0, 1], [1, 1, 1, 1, 1])).toBeCloseTo(0.6, 15);
  });

  it('returns null ROC-AUC for one class and null average precision without positives', () => {
    expect(rocAuc([1, 1], [0.2, 0.3])).toBeNull();
    expect(averagePrecision([0, 0], [0.2, 0.3])).toBeNull();
    expect(binaryMetrics([0, 0], [1, 2]).rocAuc).toBeNull();
  });

  it('gives class distributions and confusion matrices from booleans too', () => {
    expect(classDistribution([true, false, false, false])).toEqual({ positive: 1, negative: 3, positiveRate: 0.25 });
    expect(classDistribution([])).toEqual({ positive: 0, negative: 0, positiveRate: 0 });
    expect(confusionMatrix([true], [true]).truePositives).toBe(1);
  });

  it('computes metrics per label', () => {
    const out = metricsPerLabel(
      ['toxic', 'insult'],
      [
        [1, 0],
        [0, 1],
      ],
      [
        [1, -1],
        [1, -1],
      ],
    );
    expect(out.toxic.accuracy).toBe(1);
    expect(out.insult.accuracy).toBe(0);
  });

  it('gives the precision-recall curve point by point, as scikit-learn does', () => {
    // By hand: sorted by score, (0.9, 1) (0.8, 0) (0.4, 1) (0.35, 1) (0.35, 0) (0.1, 0), 3 positives.
    // At t = 0.9: tp 1 fp 0; 0.8: tp 1 fp 1; 0.4: tp 2 fp 1; 0.35: tp 3 fp 2; 0.1: tp 3 fp 3.
    // scikit-learn 1.7.2 precision_recall_curve([0,1,1,0,1,0], [0.1,0.4,0.35,0.8,0.9,0.35]) gives
    // precision [0.5, 0.6, 0.666…, 0.5, 1, 1], recall [1, 1, 0.666…, 0.333…, 0.333…, 0],
    // thresholds [0.1, 0.35, 0.4, 0.8, 0.9] (computed once with the project's .venv).
    const curve = precisionRecallCurve([0, 1, 1, 0, 1, 0], [0.1, 0.4, 0.35, 0.8, 0.9, 0.35]);
    expect(curve.thresholds).toEqual([0.1, 0.35, 0.4, 0.8, 0.9]);
    expect(curve.precision).toEqual([3 / 6, 3 / 5, 2 / 3, 1 / 2, 1, 1]);
    expect(curve.recall).toEqual([1, 1, 2 / 3, 1 / 3, 1 / 3, 0]);
  });

  it('gives a curve whose step-wise area is the average precision', () => {
    const labels = [0, 1, 1, 0, 1, 0, 1, 1, 0, 0];
    const scores = [0.05, 0.9, 0.2, 0.7, 0.6, 0.2, 0.3, 0.95, 0.1, 0.6];
    const { precision, recall } = precisionRecallCurve(labels, scores);
    let area = 0;
    for (let k = 0; k < recall.length - 1; k++) area += (recall[k] - recall[k + 1]) * precision[k];
    expect(area).toBeCloseTo(averagePrecision(labels, scores)!, 12);
  });

  it('sets recall to 1 when there is no positive label, as scikit-learn does', () => {
    // scikit-learn 1.7.2: precision_recall_curve([0,0,0], [0.1,0.2,0.2]) →
    // precision [0, 0, 1], recall [1, 1, 0], thresholds [0.1, 0.2].
    expect(precisionRecallCurve([0, 0, 0], [0.1, 0.2, 0.2])).toEqual({
      precision: [0, 0, 1],
      recall: [1, 1, 0],
      thresholds: [0.1, 0.2],
    });
  });

  it('thins a long curve to evenly spaced points, keeping both ends', () => {
    const n = 101;
    const labels = Array.from({ length: n }, (_, i) => i % 2);
    const scores = Array.from({ length: n }, (_, i) => i / n);
    const full = precisionRecallCurve(labels, scores);
    expect(full.precision).toHaveLength(n + 1);
    const thin = thinPrecisionRecallCurve(full, 5);
    // 102 points → indices round(j · 101 / 4) for j = 0…4: 0, 25.25, 50.5, 75.75, 101 → 0, 25, 51, 76, 101.
    const kept = [0, 25, 51, 76, 101];
    expect(thin.precision).toEqual(kept.map((i) => full.precision[i]));
    expect(thin.recall).toEqual(kept.map((i) => full.recall[i]));
    expect(thin.thresholds).toEqual(kept.slice(0, -1).map((i) => full.thresholds[i]));
    expect(thin.recall[thin.recall.length - 1]).toBe(0);
    expect(thinPrecisionRecallCurve(full, 500)).toBe(full);
  });

  it('throws when the curve has no data or the point cap is below 2', () => {
    expect(() => precisionRecallCurve([], [])).toThrow('the precision-recall curve needs at least one score, got none');
    expect(() => precisionRecallCurve([1], [Number.NaN])).toThrow('scores[0] is NaN');
    expect(() => thinPrecisionRecallCurve({ precision: [1], recall: [0], thresholds: [] }, 1)).toThrow(
      'maxPoints must be a whole number ≥ 2, got 1',
    );
  });

  it('throws when lengths differ or scores are NaN', () => {
    expect(() => binaryMetrics([1, 0], [1])).toThrow('labels (2) and scores (1) differ in length');
    expect(() => rocAuc([1, 0], [1, Number.NaN])).toThrow('scores[1] is NaN');
    expect(() => metricsPerLabel(['a'], [], [])).toThrow('expected 1 label and score columns, got 0 and 0');
  });
});
