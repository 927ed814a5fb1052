/**
 * Charts a training run logs to MLflow as artifacts: per trained label, a confusion-matrix heat map
 * and a precision-recall curve, as SVG (MLflow's artifact viewer previews `.svg`). They are drawn from
 * plain Vega specs (https://vega.github.io/vega/docs/specification/) rendered headless with
 * `View.toSVG()` and the `none` renderer, which needs no canvas or browser. No file or network I/O:
 * the train command uploads what this returns.
 */
import { parse, type Spec, View } from 'vega';
import type { LabelReport, TrainReport } from './train-model';

/** One chart: its path under the run's artifact root and the SVG document. */
export interface RunChart {
  readonly path: string;
  readonly svg: string;
}

/** Width and height of each chart's plot area, in pixels. */
const PLOT_SIZE = 280;

/**
 * SVG charts for every trained label of a report: `charts/<label>-confusion-matrix.svg` and, when the
 * report carries the label's curve, `charts/<label>-pr-curve.svg`. Labels that were not trained get none.
 */
export async function renderRunCharts(report: Pick<TrainReport, 'labels'>): Promise<RunChart[]> {
  const charts: RunChart[] = [];
  for (const label of report.labels) {
    if (!label.trained || !label.metrics) continue;
    const name = artifactName(label.label);
    charts.push({ path: `charts/${name}-confusion-matrix.svg`, svg: await toSvg(confusionMatrixSpec(label)) });
    if (label.prCurve)
      charts.push({ path: `charts/${name}-pr-curve.svg`, svg: await toSvg(precisionRecallSpec(label)) });
  }
  return charts;
}

/** A label as a file-name part: characters other than letters, digits, `_`, `.` and `-` become `_`. */
export function artifactName(label: string): string {
  const name = label.replace(/[^A-Za-z0-9_.-]/g, '_');
  return /^\.*$/.test(name) ? `label_${name}` : name;
}

async function toSvg(spec: Spec): Promise<string> {
  return new View(parse(spec), { renderer: 'none' }).toSVG();
}

/** 2×2 heat map, actual class down, predicted class across (scikit-learn's ConfusionMatrixDisplay layout). */
export function confusionMatrixSpec(label: LabelReport): Spec {
  const m = label.metrics;
  if (!m) throw new Error(`label "${label.label}" has no metrics to chart`);
  const c = m.confusion;
  const cells = [
    { actual: 'negative', predicted: 'negative', count: c.trueNegatives, kind: 'true negatives' },
    { actual: 'negative', predicted: 'positive', count: c.falsePositives, kind: 'false positives' },
    { actual: 'positive', predicted: 'negative', count: c.falseNegatives, kind: 'false negatives' },
    { actual: 'positive', predicted: 'positive', count: c.truePositives, kind: 'true positives' },
  ].map((cell) => ({ ...cell, text: String(cell.count) }));
  const max = Math.max(1, ...cells.map((cell) => cell.count));
  return {
    $schema: 'https://vega.github.io/schema/vega/v5.json',
    width: PLOT_SIZE,
    height: PLOT_SIZE,
    padding: 10,
    background: 'white',
    title: {
      text: `${label.label}: confusion matrix`,
      subtitle: `test set, ${m.support} comments, positive when score > ${m.threshold}`,
    },
    data: [{ name: 'cells', values: cells }],
    scales: [
      { name: 'x', type: 'band', domain: ['negative', 'positive'], range: 'width', padding: 0.04 },
      { name: 'y', type: 'band', domain: ['negative', 'positive'], range: 'height', padding: 0.04 },
      { name: 'color', type: 'linear', domain: [0, max], range: { scheme: 'blues' } },
    ],
    axes: [
      { orient: 'bottom', scale: 'x', title: 'predicted', domain: false, ticks: false },
      { orient: 'left', scale: 'y', title: 'actual', domain: false, ticks: false },
    ],
    marks: [
      {
        type: 'rect',
        name: 'cell-rects',
        from: { data: 'cells' },
        encode: {
          enter: {
            x: { scale: 'x', field: 'predicted' },
            width: { scale: 'x', band: 1 },
            y: { scale: 'y', field: 'actual' },
            height: { scale: 'y', band: 1 },
            fill: { scale: 'color', field: 'count' },
            tooltip: { signal: "datum.kind + ': ' + datum.text" },
          },
        },
      },
      {
        type: 'text',
        name: 'counts',
        from: { data: 'cells' },
        encode: {
          enter: {
            x: { scale: 'x', field: 'predicted', band: 0.5 },
            y: { scale: 'y', field: 'actual', band: 0.5 },
            text: { field: 'text' },
            align: { value: 'center' },
            baseline: { value: 'middle' },
            fontSize: { value: 22 },
            fontWeight: { value: 'bold' },
            fill: [{ test: `datum.count > ${max / 2}`, value: 'white' }, { value: 'black' }],
          },
        },
      },
      {
        type: 'text',
        name: 'kinds',
        from: { data: 'cells' },
        encode: {
          enter: {
            x: { scale: 'x', field: 'predicted', band: 0.5 },
            y: { scale: 'y', field: 'actual', band: 0.5, offset: 22 },
            text: { field: 'kind' },
            align: { value: 'center' },
            baseline: { value: 'middle' },
            fontSize: { value: 11 },
            fill: [{ test: `datum.count > ${max / 2}`, value: 'white' }, { value: '#333' }],
          },
        },
      },
    ],
  };
}

/**
 * Precision against recall over the test set, drawn as steps (precision held until the next recall, the
 * steps whose area is the average precision), with the share of positives as the no-skill baseline and
 * the point the report's threshold gives.
 */
export function precisionRecallSpec(label: LabelReport): Spec {
  const m = label.metrics;
  const curve = label.prCurve;
  if (!m || !curve) throw new Error(`label "${label.label}" has no precision-recall curve to chart`);
  const points = curve.recall.map((recall, i) => ({ recall, precision: curve.precision[i] }));
  const positives = label.test.positive;
  const total = label.test.positive + label.test.negative;
  const ap = m.prAuc === null ? 'undefined (no positive example)' : m.prAuc.toFixed(3);
  return {
    $schema: 'https://vega.github.io/schema/vega/v5.json',
    width: PLOT_SIZE,
    height: PLOT_SIZE,
    padding: 10,
    background: 'white',
    title: {
      text: `${label.label}: precision-recall, average precision ${ap}`,
      subtitle: `test set, ${positives} positive of ${total}; dot: score > ${m.threshold}`,
    },
    data: [
      { name: 'curve', values: points },
      { name: 'operating', values: [{ recall: m.recall, precision: m.precision }] },
      { name: 'baseline', values: [{ rate: total ? positives / total : 0 }] },
    ],
    scales: [
      { name: 'x', type: 'linear', domain: [0, 1], range: 'width', nice: false, zero: true },
      { name: 'y', type: 'linear', domain: [0, 1.02], range: 'height', nice: false, zero: true },
    ],
    axes: [
      { orient: 'bottom', scale: 'x', title: 'recall', grid: true, tickCount: 5 },
      { orient: 'left', scale: 'y', title: 'precision', grid: true, tickCount: 5 },
    ],
    marks: [
      {
        type: 'rule',
        name: 'baseline-rule',
        from: { data: 'baseline' },
        encode: {
          enter: {
            x: { value: 0 },
            x2: { signal: 'width' },
            y: { scale: 'y', field: 'rate' },
            stroke: { value: '#999' },
            strokeDash: { value: [4, 4] },
          },
        },
      },
      {
        type: 'area',
        name: 'pr-area',
        from: { data: 'curve' },
        encode: {
          enter: {
            x: { scale: 'x', field: 'recall' },
            y: { scale: 'y', field: 'precision' },
            y2: { scale: 'y', value: 0 },
            interpolate: { value: 'step-after' },
            fill: { value: '#4c78a8' },
            fillOpacity: { value: 0.15 },
          },
        },
      },
      {
        type: 'line',
        name: 'pr-curve',
        from: { data: 'curve' },
        encode: {
          enter: {
            x: { scale: 'x', field: 'recall' },
            y: { scale: 'y', field: 'precision' },
            interpolate: { value: 'step-after' },
            stroke: { value: '#4c78a8' },
            strokeWidth: { value: 2 },
          },
        },
      },
      {
        type: 'symbol',
        name: 'operating-point',
        from: { data: 'operating' },
        encode: {
          enter: {
            x: { scale: 'x', field: 'recall' },
            y: { scale: 'y', field: 'precision' },
            size: { value: 70 },
            fill: { value: '#e45756' },
            tooltip: {
              signal: "'recall ' + format(datum.recall, '.3f') + ', precision ' + format(datum.precision, '.3f')",
            },
          },
        },
      },
    ],
  };
}
