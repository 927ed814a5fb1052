import { createHash } from 'node:crypto';
import { METRICS, METRIC_LABELS } from '../contract';
import { PREDICT_ROUTE, type ScrapeTarget, targetMatchers } from './api-queries';
import * as q from './api-queries';
import { ALERT_RATE_WINDOW, type DriftAlertOptions, resolveDriftOptions } from './alert-rules';
import { selector } from './promql';

/**
 * The API's Grafana dashboard as data (Grafana's dashboard JSON model,
 * https://grafana.com/docs/grafana/latest/dashboards/build-dashboards/view-dashboard-json-model/), built
 * from the same queries as the alerts. Only the fields used here are typed.
 */

/** Reference to the data source chosen by the `datasource` variable. */
export interface GrafanaDatasourceRef {
  readonly type: 'prometheus';
  readonly uid: string;
}

export interface GrafanaTarget {
  readonly refId: string;
  readonly expr: string;
  readonly legendFormat: string;
  readonly datasource: GrafanaDatasourceRef;
  /** Table and stat panels read the latest value only. */
  readonly instant?: boolean;
  readonly range?: boolean;
  /** `heatmap`: Grafana turns cumulative `le` buckets into per-bucket counts, sorted by bound. */
  readonly format?: 'time_series' | 'table' | 'heatmap';
}

export interface GrafanaThresholdStep {
  readonly color: string;
  /** null for the base step. */
  readonly value: number | null;
}

export interface GrafanaPanel {
  readonly id: number;
  readonly type: 'timeseries' | 'table' | 'heatmap';
  readonly title: string;
  readonly description: string;
  readonly gridPos: { readonly x: number; readonly y: number; readonly w: number; readonly h: number };
  readonly datasource: GrafanaDatasourceRef;
  readonly targets: readonly GrafanaTarget[];
  readonly fieldConfig: {
    readonly defaults: {
      readonly unit: string;
      readonly min?: number;
      readonly max?: number;
      readonly thresholds?: { readonly mode: 'absolute'; readonly steps: readonly GrafanaThresholdStep[] };
      readonly custom?: Readonly<Record<string, unknown>>;
    };
    readonly overrides: readonly unknown[];
  };
  readonly options: Readonly<Record<string, unknown>>;
  /** Name of a dashboard variable: Grafana draws one copy of the panel per selected value. */
  readonly repeat?: string;
  readonly repeatDirection?: 'h' | 'v';
  readonly maxPerRow?: number;
}

/** A dashboard variable whose values come from a Prometheus query (`label_values(<series>, <label>)`). */
export interface GrafanaQueryVariable {
  readonly name: string;
  readonly label: string;
  readonly type: 'query';
  readonly datasource: GrafanaDatasourceRef;
  readonly query: string;
  readonly definition: string;
  /** 2: refresh the values when the time range changes. */
  readonly refresh: 2;
  readonly multi: boolean;
  readonly includeAll: boolean;
  readonly current: Readonly<Record<string, unknown>>;
  readonly hide: 0;
  readonly sort: 1;
}

export interface GrafanaDashboard {
  readonly uid: string;
  readonly title: string;
  readonly description: string;
  readonly tags: readonly string[];
  readonly timezone: 'browser' | 'utc';
  readonly schemaVersion: number;
  readonly version: number;
  readonly editable: boolean;
  readonly graphTooltip: 0 | 1 | 2;
  readonly refresh: string;
  readonly time: { readonly from: string; readonly to: string };
  readonly templating: { readonly list: readonly unknown[] };
  readonly annotations: { readonly list: readonly unknown[] };
  readonly panels: readonly GrafanaPanel[];
}

export interface ToxicityDashboardOptions {
  readonly target: ScrapeTarget;
  /** Dashboard title. */
  readonly title: string;
  /** Deployment name (kube-state-metrics). */
  readonly deploymentName: string;
  /** HPA name and target in autoscaled mode; leave out in static mode. */
  readonly autoscaler?: { readonly name: string; readonly targetCpuPercent: number };
  /** CPU request of the API container, for CPU as a percentage of it (what the HPA compares). */
  readonly cpuRequestMillis: number;
  /** The alert thresholds, drawn on the panels that mirror the alerts. */
  readonly latencyThresholdSeconds: number;
  readonly errorRatioThreshold: number;
  /** The drift alerts' thresholds, drawn on the drift panels. @default resolveDriftOptions() */
  readonly drift?: DriftAlertOptions;
}

/** Grafana's schema version of the JSON model written here (Grafana 10/11 accept and migrate it). */
export const DASHBOARD_SCHEMA_VERSION = 39;

const DATASOURCE: GrafanaDatasourceRef = { type: 'prometheus', uid: '${datasource}' };
/** Range for rate() in panels that do not mirror an alert: Grafana's `$__rate_interval`. */
const RATE = '$__rate_interval';

/** The dashboard variable listing the model labels that have a score histogram. */
export const SCORE_LABEL_VARIABLE = 'label';

/** Comments per score bucket over `window`, for the labels the score-label variable selects. */
function scoreBucketIncrease(t: ScrapeTarget, window: string): string {
  const buckets = selector(`${METRICS.predictionScore.name}_bucket`, {
    ...targetMatchers(t),
    // `=~`: Grafana writes a multi-value selection as a regular expression.
    [METRIC_LABELS.label]: { op: '=~', value: `$${SCORE_LABEL_VARIABLE}` },
  });
  return `sum by (le) (increase(${buckets}[${window}]))`;
}

/** `label_values(<series>, <label>)`, Grafana's Prometheus variable query. */
function labelValues(series: string, label: string): string {
  return `label_values(${series}, ${label})`;
}

/** The model labels with a score histogram, all selected by default (one heatmap each). */
function scoreLabelVariable(t: ScrapeTarget): GrafanaQueryVariable {
  const query = labelValues(selector(`${METRICS.predictionScore.name}_count`, targetMatchers(t)), METRIC_LABELS.label);
  return {
    name: SCORE_LABEL_VARIABLE,
    label: 'Model label',
    type: 'query',
    datasource: DATASOURCE,
    query,
    definition: query,
    refresh: 2,
    multi: true,
    includeAll: true,
    current: {},
    hide: 0,
    sort: 1,
  };
}

/**
 * Heatmap options for buckets already computed by Prometheus (Grafana's heatmap panel options,
 * https://grafana.com/docs/grafana/latest/panels-visualizations/visualizations/heatmap/): no
 * recalculation, rows laid out by the `le` upper bounds, probabilities on the y axis.
 */
const HEATMAP_OPTIONS = {
  calculate: false,
  rowsFrame: { layout: 'le' },
  yAxis: { axisPlacement: 'left', unit: 'percentunit', decimals: 0, reverse: false },
  cellGap: 1,
  cellValues: { unit: 'short' },
  color: {
    mode: 'scheme',
    scheme: 'Oranges',
    fill: 'dark-orange',
    scale: 'exponential',
    exponent: 0.5,
    steps: 64,
    reverse: false,
  },
  // Empty cells (no comment in that bucket and interval) stay transparent.
  filterValues: { le: 1e-9 },
  exemplars: { color: 'rgba(255,0,255,0.7)' },
  legend: { show: true },
  showValue: 'never',
  tooltip: { show: true, yHistogram: true },
} as const;

/** A dashboard uid (at most 40 characters, Grafana's limit) derived from the title. */
export function dashboardUid(title: string): string {
  const slug = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  if (slug.length > 0 && slug.length <= 40) return slug;
  const hash = createHash('sha256').update(title).digest('hex').slice(0, 8);
  return `${slug.slice(0, 31).replace(/-$/, '')}-${hash}`;
}

/** The dashboard: traffic, errors, latency, predictions, model, capacity. */
/** Builds panels with consecutive ids, in the order they are created. */
class PanelFactory {
  private nextId = 1;

  readonly target = (expr: string, legendFormat: string, extra: Partial<GrafanaTarget> = {}): GrafanaTarget => ({
    refId: 'A',
    expr,
    legendFormat,
    datasource: DATASOURCE,
    ...extra,
  });
  readonly panel = (
    title: string,
    description: string,
    gridPos: GrafanaPanel['gridPos'],
    unit: string,
    targets: GrafanaTarget[],
    extra: {
      type?: GrafanaPanel['type'];
      min?: number;
      max?: number;
      threshold?: number;
      stack?: boolean;
      options?: Readonly<Record<string, unknown>>;
    } = {},
  ): GrafanaPanel => ({
    id: this.nextId++,
    type: extra.type ?? 'timeseries',
    title,
    description,
    gridPos,
    datasource: DATASOURCE,
    targets: targets.map((tg, i) => ({ ...tg, refId: String.fromCharCode(65 + i) })),
    fieldConfig: {
      defaults: {
        unit,
        ...(extra.min !== undefined ? { min: extra.min } : {}),
        ...(extra.max !== undefined ? { max: extra.max } : {}),
        ...(extra.threshold !== undefined
          ? {
              thresholds: {
                mode: 'absolute' as const,
                steps: [
                  { color: 'green', value: null },
                  { color: 'red', value: extra.threshold },
                ],
              },
              custom: { thresholdsStyle: { mode: 'line' } },
            }
          : {}),
        ...(extra.stack ? { custom: { stacking: { mode: 'normal', group: 'A' }, fillOpacity: 30 } } : {}),
      },
      overrides: [],
    },
    options:
      extra.options ??
      ((extra.type ?? 'timeseries') === 'timeseries'
        ? {
            legend: { displayMode: 'list', placement: 'bottom', showLegend: true },
            tooltip: { mode: 'multi', sort: 'desc' },
          }
        : { showHeader: true }),
  });
}

/** Request rate, errors and latency: the panels that mirror the alerts. */
function trafficPanels(f: PanelFactory, o: ToxicityDashboardOptions): GrafanaPanel[] {
  const t = o.target;
  const { panel, target } = f;
  const latencyQuantiles = [0.5, 0.95, 0.99].map((quantile) =>
    target(q.predictLatencyQuantile(t, quantile, ALERT_RATE_WINDOW), `P${Math.round(quantile * 100)}`),
  );
  return [
    panel(
      'Request rate',
      'API requests per second by route and status code (probes, scrapes and unknown paths left out).',
      { x: 0, y: 0, w: 12, h: 8 },
      'reqps',
      [target(q.requestRate(t, RATE), '{{route}} {{status_code}}')],
    ),
    panel(
      'Error ratio (5xx)',
      `Share of API requests answered 5xx over ${ALERT_RATE_WINDOW}: the ToxicityApiHighErrorRatio alert's quantity; the line is its threshold.`,
      { x: 12, y: 0, w: 12, h: 8 },
      'percentunit',
      [target(q.errorRatio(t, ALERT_RATE_WINDOW), 'errors')],
      { min: 0, threshold: o.errorRatioThreshold },
    ),
    panel(
      `Latency of ${PREDICT_ROUTE}`,
      `P50, P95 and P99 of ${PREDICT_ROUTE} request duration over ${ALERT_RATE_WINDOW}; P95 is the ToxicityApiHighLatency alert's quantity, the line its threshold.`,
      { x: 0, y: 8, w: 12, h: 8 },
      's',
      latencyQuantiles,
      { min: 0, threshold: o.latencyThresholdSeconds },
    ),
    panel(
      'Scoring time per request',
      'P95 of the time the model spends scoring one request (all its comments), without HTTP and JSON work.',
      { x: 12, y: 8, w: 12, h: 8 },
      's',
      [target(q.scoringLatencyQuantile(t, 0.95, RATE), 'P95 scoring')],
      { min: 0 },
    ),
  ];
}

/** What the model answers: predictions by label, positive share, score distribution. */
function predictionPanels(f: PanelFactory, o: ToxicityDashboardOptions): GrafanaPanel[] {
  const t = o.target;
  const { panel, target } = f;
  return [
    panel(
      'Predictions by label',
      'Comments scored per second, by model label and outcome (positive: at or above the threshold).',
      { x: 0, y: 16, w: 12, h: 8 },
      'ops',
      [target(q.predictionRate(t, RATE), '{{label}} {{outcome}}')],
      { stack: true, min: 0 },
    ),
    panel(
      'Positive share by label',
      'Share of scored comments predicted positive per label, all labels on one chart: what clients are told. Labels without calibration count here (decision > 0) but have no score histogram. A sudden change means drifting input or a different model.',
      { x: 12, y: 16, w: 12, h: 8 },
      'percentunit',
      [target(q.positiveShare(t, RATE), '{{label}}')],
      { min: 0, max: 1 },
    ),
    {
      ...panel(
        `Score distribution: $${SCORE_LABEL_VARIABLE}`,
        'Calibrated probability the API returned for this label (model_prediction_score), comments per bucket and interval: each column is the score histogram of that interval, rows are bucket upper bounds. Mass moving towards the threshold or the other end means drifting input or a different model. One panel per value of the label variable; labels without calibration have none.',
        { x: 0, y: 24, w: 8, h: 8 },
        'short',
        [
          target(scoreBucketIncrease(t, RATE), '{{le}}', {
            format: 'heatmap',
          }),
        ],
        { type: 'heatmap', options: HEATMAP_OPTIONS },
      ),
      repeat: SCORE_LABEL_VARIABLE,
      repeatDirection: 'h',
      maxPerRow: 3,
    },
  ];
}

/** Which model is served, and its loads and rejections. */
function modelPanels(f: PanelFactory, o: ToxicityDashboardOptions): GrafanaPanel[] {
  const t = o.target;
  const { panel, target } = f;
  return [
    panel(
      'Model version',
      'Pods serving each model name and version (model_info); two rows mean a rollout or a reload in progress.',
      { x: 0, y: 32, w: 8, h: 8 },
      'none',
      [target(q.modelVersions(t), '{{name}} {{version}}', { instant: true, range: false, format: 'table' })],
      { type: 'table' },
    ),
    panel(
      'Model loads and rejections',
      `Models loaded and loads rejected (by reason) per ${ALERT_RATE_WINDOW}, all pods.`,
      { x: 8, y: 32, w: 16, h: 8 },
      'short',
      [
        target(q.modelLoads(t, ALERT_RATE_WINDOW), 'loaded'),
        target(q.modelLoadFailures(t, ALERT_RATE_WINDOW), 'rejected: {{reason}}'),
      ],
      { min: 0 },
    ),
  ];
}

/** The drift signals, one panel per drift alert, each with its threshold. */
function driftPanels(f: PanelFactory, o: ToxicityDashboardOptions): GrafanaPanel[] {
  const t = o.target;
  const d = resolveDriftOptions(o.drift);
  const { panel, target } = f;
  return [
    panel(
      `Toxic rate (${d.toxicLabel})`,
      `Share of comments predicted ${d.toxicLabel} over ${ALERT_RATE_WINDOW}: the ToxicityApiHighToxicRate alert's quantity; the line is its threshold.`,
      { x: 0, y: 48, w: 8, h: 8 },
      'percentunit',
      [target(q.labelPositiveShare(t, d.toxicLabel, ALERT_RATE_WINDOW), d.toxicLabel)],
      { min: 0, max: 1, threshold: d.toxicRateThreshold },
    ),
    panel(
      'Low-confidence share',
      `Share of comments whose confidence max(p, 1-p) was below 0.6, per label, over ${ALERT_RATE_WINDOW}: the ToxicityApiLowConfidencePredictions alert's quantity; the line is its threshold.`,
      { x: 8, y: 48, w: 8, h: 8 },
      'percentunit',
      [target(q.lowConfidenceShare(t, ALERT_RATE_WINDOW), '{{label}}')],
      { min: 0, max: 1, threshold: d.lowConfidenceShareThreshold },
    ),
    panel(
      'Score PSI vs training baseline',
      `Population stability index of each label's scores over the server's drift window against the baseline carried in the model (pods with at least ${d.psiMinComments} comments): the ToxicityApiScoreDrift alert's quantity; the line is its threshold. Below 0.1 stable, 0.1-0.25 shifting, above 0.25 a major shift.`,
      { x: 16, y: 48, w: 8, h: 8 },
      'none',
      [target(q.scoreDrift(t, d.psiMinComments), '{{label}}')],
      { min: 0, threshold: d.psiThreshold },
    ),
  ];
}

/** Pods and CPU against the autoscaler. */
function capacityPanels(f: PanelFactory, o: ToxicityDashboardOptions): GrafanaPanel[] {
  const t = o.target;
  const { panel, target } = f;
  const capacityTargets = [
    target(q.readyPods(t), 'ready pods'),
    target(q.availableReplicas(t.namespace, o.deploymentName), 'available replicas'),
    target(q.desiredReplicas(t.namespace, o.deploymentName), 'desired replicas'),
    ...(o.autoscaler
      ? [
          target(q.hpaMinReplicas(t.namespace, o.autoscaler.name), 'HPA min'),
          target(q.hpaMaxReplicas(t.namespace, o.autoscaler.name), 'HPA max'),
        ]
      : []),
  ];
  const cpuTargets = [
    target(q.cpuPercentOfRequest(t, o.cpuRequestMillis, RATE), 'CPU, % of request (pod average)'),
    ...(o.autoscaler ? [target(`vector(${o.autoscaler.targetCpuPercent})`, 'HPA target')] : []),
  ];

  return [
    panel(
      'Pods',
      'Ready pods (from the server), available and desired replicas (kube-state-metrics) and, when autoscaled, the HPA bounds.',
      { x: 0, y: 40, w: 12, h: 8 },
      'short',
      capacityTargets,
      { min: 0 },
    ),
    panel(
      'CPU vs HPA target',
      'Average CPU of the server processes as a percentage of the container CPU request, the quantity the HPA compares with its target.',
      { x: 12, y: 40, w: 12, h: 8 },
      'percent',
      cpuTargets,
      { min: 0 },
    ),
  ];
}

export function toxicityDashboard(o: ToxicityDashboardOptions): GrafanaDashboard {
  const t = o.target;
  const f = new PanelFactory();
  const panels = [
    ...trafficPanels(f, o),
    ...predictionPanels(f, o),
    ...modelPanels(f, o),
    ...capacityPanels(f, o),
    ...driftPanels(f, o),
  ];

  return {
    uid: dashboardUid(o.title),
    title: o.title,
    description: `Toxicity API (${t.job} in ${t.namespace}): traffic, errors, latency, predictions, model, capacity and drift.`,
    tags: ['toxicity', 'generated'],
    timezone: 'utc',
    schemaVersion: DASHBOARD_SCHEMA_VERSION,
    version: 1,
    editable: false,
    graphTooltip: 1,
    refresh: '30s',
    time: { from: 'now-6h', to: 'now' },
    templating: {
      list: [
        {
          name: 'datasource',
          label: 'Data source',
          type: 'datasource',
          query: 'prometheus',
          current: {},
          hide: 0,
          refresh: 1,
        },
        scoreLabelVariable(t),
      ],
    },
    annotations: { list: [] },
    panels,
  };
}

/** Every PromQL expression of a dashboard, with the panel it belongs to. */
export function dashboardQueries(d: GrafanaDashboard): { panel: string; expr: string }[] {
  return d.panels.flatMap((p) => p.targets.map((tg) => ({ panel: p.title, expr: tg.expr })));
}

/**
 * The series and label of every `label_values(<series>, <label>)` variable of a dashboard, so tests
 * can check them against what the server exposes like the panel queries.
 */
export function dashboardVariableQueries(d: GrafanaDashboard): { variable: string; series: string; label: string }[] {
  const out: { variable: string; series: string; label: string }[] = [];
  for (const v of d.templating.list as { name?: string; type?: string; query?: unknown }[]) {
    if (v.type !== 'query') continue;
    const m = /^label_values\((.+),\s*([a-zA-Z_][a-zA-Z0-9_]*)\)$/.exec(String(v.query));
    if (!m) throw new Error(`dashboardVariableQueries: variable ${v.name} has an unsupported query ${String(v.query)}`);
    out.push({ variable: String(v.name), series: m[1], label: m[2] });
  }
  return out;
}
