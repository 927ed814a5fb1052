import { toxicityAlerts, alertExpr } from '../../../src/monitoring/alert-rules';
import {
  type GrafanaQueryVariable,
  SCORE_LABEL_VARIABLE,
  type ToxicityDashboardOptions,
  dashboardQueries,
  dashboardUid,
  dashboardVariableQueries,
  toxicityDashboard,
} from '../../../src/monitoring/grafana-dashboard';
import { METRICS } from '../../../src/contract/metric-names';

const OPTIONS: ToxicityDashboardOptions = {
  target: { namespace: 'ml', job: 'tox' },
  title: 'Toxicity API (tox)',
  deploymentName: 'tox',
  autoscaler: { name: 'tox', targetCpuPercent: 70 },
  cpuRequestMillis: 250,
  latencyThresholdSeconds: 0.5,
  errorRatioThreshold: 0.05,
};

describe('toxicityDashboard', () => {
  const d = toxicityDashboard(OPTIONS);
  const panel = (title: string) => {
    const p = d.panels.find((x) => x.title === title);
    if (!p) throw new Error(`no panel ${title}`);
    return p;
  };

  it('has the panels the issue lists', () => {
    expect(d.panels.map((p) => p.title)).toEqual([
      'Request rate',
      'Error ratio (5xx)',
      'Latency of /v1/predict',
      'Scoring time per request',
      'Predictions by label',
      'Positive share by label',
      'Score distribution: $label',
      'Model version',
      'Model loads and rejections',
      'Pods',
      'CPU vs HPA target',
      'Toxic rate (toxic)',
      'Low-confidence share',
      'Score PSI vs training baseline',
    ]);
  });

  it('plots exactly the alert quantities, with the alert thresholds as lines', () => {
    const alerts = toxicityAlerts({
      target: OPTIONS.target,
      deploymentName: 'tox',
      maxUnavailable: 1,
      hpaName: 'tox',
      runbookUrl: 'docs/monitoring.md',
    });
    const quantity = (id: string) => alerts.find((a) => a.id === id)!.quantity;
    expect(panel('Error ratio (5xx)').targets[0].expr).toBe(quantity('errors'));
    expect(panel('Latency of /v1/predict').targets.map((t) => [t.legendFormat, t.expr])).toEqual([
      ['P50', quantity('latency').replace('histogram_quantile(0.95', 'histogram_quantile(0.5')],
      ['P95', quantity('latency')],
      ['P99', quantity('latency').replace('histogram_quantile(0.95', 'histogram_quantile(0.99')],
    ]);
    expect(panel('Error ratio (5xx)').fieldConfig.defaults.thresholds!.steps.at(-1)!.value).toBe(0.05);
    expect(panel('Latency of /v1/predict').fieldConfig.defaults.thresholds!.steps.at(-1)!.value).toBe(0.5);
    expect(alertExpr(alerts[0])).toContain(panel('Latency of /v1/predict').targets[1].expr);
  });

  it('draws the score histogram of each model label as a heatmap, one panel per label', () => {
    const heatmap = panel('Score distribution: $label');
    expect(heatmap.type).toBe('heatmap');
    expect(heatmap.targets).toEqual([
      expect.objectContaining({
        expr: 'sum by (le) (increase(model_prediction_score_bucket{namespace="ml",job="tox",label=~"$label"}[$__rate_interval]))',
        format: 'heatmap',
        legendFormat: '{{le}}',
      }),
    ]);
    // Prometheus already bucketed the scores: the panel must not bucket them again.
    expect(heatmap.options).toMatchObject({ calculate: false, rowsFrame: { layout: 'le' } });
    expect(heatmap).toMatchObject({ repeat: SCORE_LABEL_VARIABLE, repeatDirection: 'h', maxPerRow: 3 });
    const variable = d.templating.list.find(
      (v) => (v as GrafanaQueryVariable).name === SCORE_LABEL_VARIABLE,
    ) as GrafanaQueryVariable;
    expect(variable).toMatchObject({ type: 'query', multi: true, includeAll: true, refresh: 2 });
    expect(dashboardVariableQueries(d)).toEqual([
      {
        variable: 'label',
        series: `${METRICS.predictionScore.name}_count{namespace="ml",job="tox"}`,
        label: 'label',
      },
    ]);
  });

  it('keeps the positive share next to the predictions, for labels with and without calibration', () => {
    expect(panel('Positive share by label').targets[0].expr).toBe(
      'sum by (label) (rate(model_predictions_total{namespace="ml",job="tox",outcome="positive"}[$__rate_interval])) / sum by (label) (rate(model_predictions_total{namespace="ml",job="tox"}[$__rate_interval]))',
    );
  });

  it('lays the panels out without overlaps', () => {
    const cells = new Set<string>();
    for (const p of d.panels) {
      for (let x = p.gridPos.x; x < p.gridPos.x + p.gridPos.w; x++) {
        for (let y = p.gridPos.y; y < p.gridPos.y + p.gridPos.h; y++) {
          const cell = `${x},${y}`;
          expect({ panel: p.title, cell, taken: cells.has(cell) }).toEqual({ panel: p.title, cell, taken: false });
          cells.add(cell);
        }
      }
    }
  });

  it('throws when a variable query is not label_values(series, label)', () => {
    const broken = { ...d, templating: { list: [{ name: 'x', type: 'query', query: 'up' }] } };
    expect(() => dashboardVariableQueries(broken)).toThrow('variable x has an unsupported query up');
  });

  it('compares CPU as a percentage of the request with the HPA target', () => {
    expect(panel('CPU vs HPA target').targets.map((t) => t.expr)).toEqual([
      'avg(rate(process_cpu_seconds_total{namespace="ml",job="tox"}[$__rate_interval])) * 100 / 0.25',
      'vector(70)',
    ]);
  });

  it('leaves the HPA series out in static mode', () => {
    const s = toxicityDashboard({ ...OPTIONS, autoscaler: undefined });
    const all = dashboardQueries(s)
      .map((q) => q.expr)
      .join('\n');
    expect(all).not.toContain('horizontalpodautoscaler');
    expect(all).not.toContain('vector(');
  });

  it('gives every panel a unique id, refIds from A, the datasource variable and a place on the grid', () => {
    expect(new Set(d.panels.map((p) => p.id)).size).toBe(d.panels.length);
    for (const p of d.panels) {
      expect(p.datasource).toEqual({ type: 'prometheus', uid: '${datasource}' });
      expect(p.targets.map((t) => t.refId)).toEqual(p.targets.map((_t, i) => String.fromCharCode(65 + i)));
      expect(p.gridPos.x + p.gridPos.w).toBeLessThanOrEqual(24);
    }
    expect(d.templating.list).toEqual([
      expect.objectContaining({ name: 'datasource', type: 'datasource', query: 'prometheus' }),
      expect.objectContaining({
        name: 'label',
        type: 'query',
        datasource: { type: 'prometheus', uid: '${datasource}' },
      }),
    ]);
  });

  it('serializes to JSON and back unchanged', () => {
    expect(JSON.parse(JSON.stringify(d))).toEqual(d);
  });
});

describe('dashboardUid', () => {
  it('slugs short titles and hashes long ones to at most 40 characters', () => {
    expect(dashboardUid('Toxicity API (tox)')).toBe('toxicity-api-tox');
    const long = dashboardUid(`Toxicity API (${'a'.repeat(63)})`);
    expect(long).toHaveLength(40);
    expect(long).toMatch(/^toxicity-api-a+-[0-9a-f]{8}$/);
    expect(dashboardUid(`Toxicity API (${'a'.repeat(62)}b)`)).not.toBe(long);
  });
});
