import {
  averagePrecision,
  binaryMetrics,
  classDistribution,
  confusionMatrix,
  metricsPerLabel,
  rocAuc,
} from '../../../src/ml/metrics';

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

  it('throws when lengths differ or scores are NaN', () => {
    expect(() => binaryMetrics([1, 0], [1])).toThrow('labels (2) and scores (1) differ in length');
    expect(() => rocAuc([1, 0], [1, Number.NaN])).toThrow('scores[1] is NaN');
    expect(() => metricsPerLabel(['a'], [], [])).toThrow('expected 1 label and score columns, got 0 and 0');
  });
});
