import { XMLValidator } from 'fast-xml-parser';
import { binaryMetrics, precisionRecallCurve } from '../../../src/ml/evaluation-metrics';
import {
  artifactName,
  confusionMatrixSpec,
  precisionRecallSpec,
  renderRunCharts,
} from '../../../src/training/run-charts';
import type { LabelReport } from '../../../src/training/train-model';
import { type LabelledDataset } from '../../../src/training/read-dataset';
import { trainToxicityModel } from '../../../src/training/train-model';

/** A trained label's report built from real metrics on a small hand-checked example. */
function labelReport(label: string, labels: number[], scores: number[], threshold: number): LabelReport {
  const metrics = binaryMetrics(labels, scores, threshold);
  return {
    label,
    trained: true,
    train: { positive: 1, negative: 1 },
    test: { positive: metrics.distribution.positive, negative: metrics.distribution.negative },
    metrics,
    prCurve: precisionRecallCurve(labels, scores),
  };
}

// The example of the metrics tests: at threshold 0.5, tp 1 (0.9), fp 1 (0.8), fn 2 (0.4, 0.35), tn 2.
// Ten more negatives below 0.5 make the four counts distinct: tn 12.
const LABELS = [0, 1, 1, 0, 1, 0, ...Array<number>(10).fill(0)];
const SCORES = [0.1, 0.4, 0.35, 0.8, 0.9, 0.35, ...Array.from({ length: 10 }, (_, i) => 0.01 * (i + 1))];

/** Text content of each `<text>` inside the group of the named Vega mark, with its translate(x,y). */
function markTexts(svg: string, markName: string): { text: string; x: number; y: number }[] {
  const start = svg.indexOf(`role-mark ${markName}"`);
  expect(start).toBeGreaterThan(0);
  const group = svg.slice(start, svg.indexOf('</g>', start));
  return [...group.matchAll(/<text[^>]*transform="translate\(([-\d.]+),([-\d.]+)\)"[^>]*>([^<]*)<\/text>/g)].map(
    (m) => ({
      text: m[3],
      x: Number(m[1]),
      y: Number(m[2]),
    }),
  );
}

/** Vertices of the path drawn by the named Vega line mark. */
function linePoints(svg: string, markName: string): [number, number][] {
  const start = svg.indexOf(`role-mark ${markName}"`);
  expect(start).toBeGreaterThan(0);
  const d = /<path[^>]* d="([^"]+)"/.exec(svg.slice(start))![1];
  expect(d).toMatch(/^M[-\d.]+,[-\d.]+(L[-\d.]+,[-\d.]+)+$/);
  return [...d.matchAll(/[ML]([-\d.]+),([-\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
}

describe('renderRunCharts', () => {
  const toxic = labelReport('toxic', LABELS, SCORES, 0.5);

  it('renders a confusion matrix and a precision-recall curve per trained label, skipping untrained ones', async () => {
    const skipped: LabelReport = {
      label: 'threat',
      trained: false,
      reason: 'only negative examples in the training part',
      train: { positive: 0, negative: 10 },
      test: { positive: 0, negative: 3 },
    };
    const charts = await renderRunCharts({
      labels: [toxic, skipped, labelReport('identity hate', LABELS, SCORES, 0.5)],
    });
    expect(charts.map((c) => c.path)).toEqual([
      'charts/toxic-confusion-matrix.svg',
      'charts/toxic-pr-curve.svg',
      'charts/identity_hate-confusion-matrix.svg',
      'charts/identity_hate-pr-curve.svg',
    ]);
    for (const chart of charts) {
      expect(chart.svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
      expect(XMLValidator.validate(chart.svg)).toBe(true);
    }
  });

  it('writes the four counts of the confusion matrix into their cells', async () => {
    const [matrix] = await renderRunCharts({ labels: [{ ...toxic, prCurve: undefined }] });
    expect(toxic.metrics!.confusion).toEqual({
      truePositives: 1,
      falsePositives: 1,
      trueNegatives: 12,
      falseNegatives: 2,
    });
    expect(matrix.path).toBe('charts/toxic-confusion-matrix.svg');
    expect(matrix.svg).toContain('>toxic: confusion matrix</text>');
    expect(matrix.svg).toContain('test set, 16 comments, positive when score &gt; 0.5');
    // Predicted across (negative left), actual down (negative on top); the plot is 280 px square.
    const cells = markTexts(matrix.svg, 'counts').map(({ text, x, y }) => ({
      text,
      predicted: x < 140 ? 'negative' : 'positive',
      actual: y < 140 ? 'negative' : 'positive',
    }));
    expect(cells).toEqual(
      expect.arrayContaining([
        { text: '12', predicted: 'negative', actual: 'negative' },
        { text: '1', predicted: 'positive', actual: 'negative' },
        { text: '2', predicted: 'negative', actual: 'positive' },
        { text: '1', predicted: 'positive', actual: 'positive' },
      ]),
    );
    expect(cells).toHaveLength(4);
  });

  it('draws the precision-recall steps through every curve point, with the average precision in the title', async () => {
    const [, curve] = await renderRunCharts({ labels: [toxic] });
    expect(curve.path).toBe('charts/toxic-pr-curve.svg');
    const ap = toxic.metrics!.prAuc!;
    expect(curve.svg).toContain(`>toxic: precision-recall, average precision ${ap.toFixed(3)}</text>`);
    const vertices = linePoints(curve.svg, 'pr-curve');
    // x = recall · 280, y = 280 − precision / 1.02 · 280 (the y domain ends at 1.02).
    const { precision, recall } = toxic.prCurve!;
    for (let i = 0; i < recall.length; i++) {
      const [x, y] = [recall[i] * 280, 280 - (precision[i] / 1.02) * 280];
      expect(vertices.some(([vx, vy]) => Math.abs(vx - x) < 0.01 && Math.abs(vy - y) < 0.01)).toBe(true);
    }
    // Steps hold precision until the next (lower) recall: one extra vertex per step.
    expect(vertices).toHaveLength(2 * recall.length - 1);
  });

  it('charts the report of a real training run', async () => {
    const texts = Array.from({ length: 40 }, (_, i) =>
      i % 2 ? `you stupid idiot number ${i}` : `thanks for the edit ${i}`,
    );
    const dataset: LabelledDataset = {
      ids: texts.map((_, i) => String(i)),
      texts,
      labels: ['toxic'],
      targets: [Uint8Array.from(texts, (_, i) => i % 2)],
    };
    const { report } = trainToxicityModel(
      dataset,
      { vectorizer: { minDf: { count: 1 } } },
      {
        dataUri: 'file://tiny.csv',
        dataHash: 'sha256:00',
        commit: null,
        now: new Date('2026-01-01T00:00:00Z'),
      },
    );
    const curve = report.labels[0].prCurve!;
    expect(curve.recall[curve.recall.length - 1]).toBe(0);
    expect(curve.precision[curve.precision.length - 1]).toBe(1);
    const charts = await renderRunCharts(report);
    expect(charts.map((c) => c.path)).toEqual(['charts/toxic-confusion-matrix.svg', 'charts/toxic-pr-curve.svg']);
    const counts = markTexts(charts[0].svg, 'counts').map((t) => Number(t.text));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(report.testRows);
  });

  it('throws when a label has no metrics or no curve to chart', () => {
    const bare: LabelReport = {
      label: 'insult',
      trained: false,
      train: { positive: 0, negative: 1 },
      test: { positive: 0, negative: 1 },
    };
    expect(() => confusionMatrixSpec(bare)).toThrow('label "insult" has no metrics to chart');
    expect(() => precisionRecallSpec({ ...toxic, prCurve: undefined })).toThrow(
      'label "toxic" has no precision-recall curve to chart',
    );
  });
});

describe('artifactName', () => {
  it('keeps safe file-name characters and replaces the rest', () => {
    expect(artifactName('severe_toxic')).toBe('severe_toxic');
    expect(artifactName('identity hate/race')).toBe('identity_hate_race');
    expect(artifactName('..')).toBe('label_..');
  });
});
