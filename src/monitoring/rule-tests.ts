import { stringify } from 'yaml';
import { HEALTH_ROUTES, HTTP_DURATION_BUCKETS, METRICS, METRIC_LABELS, routeLabel } from '../contract';
import {
  type AlertDefinition,
  type DriftAlertOptions,
  LOAD_FAILURE_WINDOW,
  alertingRule,
  resolveDriftOptions,
} from './alert-rules';
import { PREDICT_ROUTE, type ScrapeTarget } from './api-queries';
import { KUBE_STATE_LABELS, KUBE_STATE_METRICS } from './kube-state-metrics';
import { selector } from './promql';

/**
 * Unit tests for the alert rules in the format of `promtool test rules`
 * (https://prometheus.io/docs/prometheus/latest/configuration/unit_testing_rules/), generated from
 * the alert definitions: for every alert, input series that breach its threshold (it must fire, with
 * exactly the expected labels and rendered annotations, and not before its `for`), and series just on
 * the safe side (it must stay silent). Thresholds are read from the definitions, so a changed
 * threshold moves the test series with it.
 */

export interface PromtoolInputSeries {
  readonly series: string;
  /** Expanding notation: `0+94x20` is 0, 94, 188, … (21 values), one per `interval`. */
  readonly values: string;
}

export interface PromtoolExpectedAlert {
  readonly exp_labels: Readonly<Record<string, string>>;
  readonly exp_annotations: Readonly<Record<string, string>>;
}

export interface PromtoolAlertTest {
  readonly eval_time: string;
  readonly alertname: string;
  readonly exp_alerts: readonly PromtoolExpectedAlert[];
}

export interface PromtoolTestGroup {
  readonly name: string;
  readonly interval: string;
  readonly input_series: readonly PromtoolInputSeries[];
  readonly alert_rule_test: readonly PromtoolAlertTest[];
}

export interface PromtoolTestFile {
  readonly rule_files: readonly string[];
  readonly evaluation_interval: string;
  readonly tests: readonly PromtoolTestGroup[];
}

/** What the scenarios need to know besides the alerts. */
export interface RuleTestContext {
  readonly target: ScrapeTarget;
  readonly deploymentName: string;
  readonly hpaName?: string;
  readonly maxUnavailable: number;
  /** The drift thresholds the alerts were made with. */
  readonly drift?: DriftAlertOptions;
}

/** Minutes of input series per test group (samples every minute). */
const SPAN_MINUTES = 40;
/** Requests per minute in the traffic scenarios; large so "just over/under" is one request. */
const PER_MINUTE = 1000;
/** Samples every minute; rules are evaluated every minute as well. */
const STEP = '1m';

interface Scenario {
  /** Series that breach the threshold, the labels and `$value` of the alert they raise. */
  readonly breach: { series: PromtoolInputSeries[]; labels: Record<string, string>; value: number };
  /** Series just on the safe side of the threshold. */
  readonly safe: PromtoolInputSeries[];
}

/** One test group: input series, and the minutes at which the alert must be silent or firing. */
interface Case {
  /** The group's name after the alert's: `fires when …` or `stays silent …`. */
  readonly title: string;
  readonly series: PromtoolInputSeries[];
  /** Minutes at which the alert must not be firing (pending or inactive). */
  readonly silentAt: readonly number[];
  /** The minute at which it must fire, with the labels and `$value` of the alert. */
  readonly fires?: { readonly at: number; readonly labels: Record<string, string>; readonly value: number };
}

/** A counter growing by `perMinute` each minute from 0. */
function counter(perMinute: number): string {
  return `0+${perMinute}x${SPAN_MINUTES}`;
}

function constant(value: number): string {
  return `${value}x${SPAN_MINUTES}`;
}

function seriesText(metric: string, labels: Record<string, string>): string {
  return selector(metric, labels);
}

function scenarioFor(alert: AlertDefinition, ctx: RuleTestContext): Scenario {
  const t = ctx.target;
  const pod = { namespace: t.namespace, job: t.job, instance: 'pod-a:http' };
  const threshold = Number(alert.threshold);
  switch (alert.id) {
    case 'latency': {
      // `fast` requests per minute in the bucket ending at the threshold, the rest in the next one.
      const bounds = HTTP_DURATION_BUCKETS as readonly number[];
      const i = bounds.indexOf(threshold);
      if (i < 1 || i >= bounds.length - 1) throw new Error(`latency threshold ${threshold} has no bucket on each side`);
      const rank = 0.95 * PER_MINUTE;
      const histogram = (fast: number): PromtoolInputSeries[] => {
        const labels = {
          ...pod,
          [METRIC_LABELS.method]: 'POST',
          [METRIC_LABELS.route]: PREDICT_ROUTE,
          [METRIC_LABELS.statusCode]: '200',
        };
        const name = `${METRICS.httpRequestDuration.name}_bucket`;
        return [...bounds.map(String), '+Inf'].map((le, j) => ({
          series: seriesText(name, { ...labels, le }),
          values: counter(j < i ? 0 : j === i ? fast : PER_MINUTE),
        }));
      };
      const fastBreach = Math.ceil(rank) - 1;
      const slowBreach = PER_MINUTE - fastBreach;
      const lower = bounds[i];
      const upper = bounds[i + 1];
      return {
        breach: {
          series: histogram(fastBreach),
          labels: { namespace: t.namespace, job: t.job },
          value: lower + ((upper - lower) * (rank - fastBreach)) / slowBreach,
        },
        safe: histogram(Math.floor(rank) + 1),
      };
    }
    case 'errors': {
      const requests = (errors: number): PromtoolInputSeries[] => {
        const labels = { ...pod, [METRIC_LABELS.method]: 'POST', [METRIC_LABELS.route]: PREDICT_ROUTE };
        const name = METRICS.httpRequests.name;
        return [
          {
            series: seriesText(name, { ...labels, [METRIC_LABELS.statusCode]: '200' }),
            values: counter(PER_MINUTE - errors),
          },
          { series: seriesText(name, { ...labels, [METRIC_LABELS.statusCode]: '500' }), values: counter(errors) },
          // Probe failures must not count: a not-ready pod answers 503 on /readyz all the time, and on the
          // compatible protocols' health routes (/v2/health/ready, /v2/models/:model/ready, /ping, /health).
          ...HEALTH_ROUTES.map((route) => ({
            series: seriesText(name, {
              ...pod,
              [METRIC_LABELS.method]: 'GET',
              [METRIC_LABELS.route]: routeLabel(route),
              [METRIC_LABELS.statusCode]: '503',
            }),
            values: counter(PER_MINUTE),
          })),
          // Nor load shedding: a flood of 503s at the in-flight cap, counted as shed, has its own alert.
          {
            series: seriesText(name, { ...labels, [METRIC_LABELS.statusCode]: '503' }),
            values: counter(PER_MINUTE),
          },
          {
            series: seriesText(METRICS.requestsShed.name, { ...pod, [METRIC_LABELS.reason]: 'in_flight' }),
            values: counter(PER_MINUTE),
          },
        ];
      };
      // Client requests per minute: the scored ones plus the shed ones.
      const total = 2 * PER_MINUTE;
      const over = Math.floor(threshold * total) + 1;
      return {
        breach: { series: requests(over), labels: { namespace: t.namespace, job: t.job }, value: over / total },
        safe: requests(Math.ceil(threshold * total) - 1),
      };
    }
    case 'notReady': {
      const ready = (value: number): PromtoolInputSeries[] => [
        { series: seriesText(METRICS.ready.name, pod), values: constant(value) },
        { series: seriesText(METRICS.ready.name, { ...pod, instance: 'pod-b:http' }), values: constant(1) },
      ];
      return { breach: { series: ready(0), labels: pod, value: 0 }, safe: ready(1) };
    }
    case 'replicas': {
      const desired = 4;
      const labels = { namespace: t.namespace, [KUBE_STATE_LABELS.deployment]: ctx.deploymentName };
      const ksm = { ...labels, job: 'kube-state-metrics', instance: 'ksm:8080' };
      const replicas = (available: number): PromtoolInputSeries[] => [
        { series: seriesText(KUBE_STATE_METRICS.deploymentSpecReplicas, ksm), values: constant(desired) },
        { series: seriesText(KUBE_STATE_METRICS.deploymentAvailableReplicas, ksm), values: constant(available) },
      ];
      const lowest = desired - ctx.maxUnavailable;
      return { breach: { series: replicas(lowest - 1), labels, value: lowest - 1 }, safe: replicas(lowest) };
    }
    case 'loadFailures':
      throw new Error('the load-failure alert has cases of its own (loadFailureCases)');
    case 'shedding': {
      // Any refusal sustained over the window fires; a counter that stays flat does not.
      const shed = (perMinute: number): PromtoolInputSeries[] => [
        {
          series: seriesText(METRICS.requestsShed.name, { ...pod, [METRIC_LABELS.reason]: 'rate_limited' }),
          values: counter(perMinute),
        },
        {
          series: seriesText(METRICS.requestsShed.name, { ...pod, [METRIC_LABELS.reason]: 'in_flight' }),
          values: counter(0),
        },
      ];
      return {
        breach: {
          series: shed(PER_MINUTE),
          labels: { namespace: t.namespace, job: t.job, [METRIC_LABELS.reason]: 'rate_limited' },
          value: PER_MINUTE / 60,
        },
        safe: shed(0),
      };
    }
    case 'toxicRate': {
      const label = resolveDriftOptions(ctx.drift).toxicLabel;
      const name = METRICS.predictions.name;
      const predictions = (positive: number): PromtoolInputSeries[] => [
        {
          series: seriesText(name, { ...pod, [METRIC_LABELS.label]: label, [METRIC_LABELS.outcome]: 'positive' }),
          values: counter(positive),
        },
        {
          series: seriesText(name, { ...pod, [METRIC_LABELS.label]: label, [METRIC_LABELS.outcome]: 'negative' }),
          values: counter(PER_MINUTE - positive),
        },
        // Another label's positives do not count.
        {
          series: seriesText(name, {
            ...pod,
            [METRIC_LABELS.label]: 'other_label',
            [METRIC_LABELS.outcome]: 'positive',
          }),
          values: counter(PER_MINUTE),
        },
      ];
      const over = Math.floor(threshold * PER_MINUTE) + 1;
      return {
        breach: { series: predictions(over), labels: { namespace: t.namespace, job: t.job }, value: over / PER_MINUTE },
        safe: predictions(Math.ceil(threshold * PER_MINUTE) - 1),
      };
    }
    case 'lowConfidence': {
      const label = { [METRIC_LABELS.label]: 'toxic' };
      const scores = (low: number): PromtoolInputSeries[] => [
        { series: seriesText(METRICS.lowConfidencePredictions.name, { ...pod, ...label }), values: counter(low) },
        {
          series: seriesText(`${METRICS.predictionScore.name}_count`, { ...pod, ...label }),
          values: counter(PER_MINUTE),
        },
      ];
      const atLeast = Math.ceil(threshold * PER_MINUTE) + 1;
      return {
        breach: {
          series: scores(atLeast),
          labels: { namespace: t.namespace, job: t.job, ...label },
          value: atLeast / PER_MINUTE,
        },
        safe: scores(Math.ceil(threshold * PER_MINUTE) - 1),
      };
    }
    case 'scoreDrift': {
      const min = resolveDriftOptions(ctx.drift).psiMinComments;
      const label = { [METRIC_LABELS.label]: 'toxic' };
      const other = { ...pod, instance: 'pod-b:http', ...label };
      // Pod b's PSI is far over but its window is one comment short of the minimum: it must not count.
      const drift = (psi: number): PromtoolInputSeries[] => [
        { series: seriesText(METRICS.scorePsi.name, { ...pod, ...label }), values: constant(psi) },
        { series: seriesText(METRICS.scorePsiWindow.name, { ...pod, ...label }), values: constant(min) },
        { series: seriesText(METRICS.scorePsi.name, other), values: constant(10 * threshold) },
        { series: seriesText(METRICS.scorePsiWindow.name, other), values: constant(min - 1) },
      ];
      const over = threshold + 0.05;
      return {
        breach: { series: drift(over), labels: { namespace: t.namespace, job: t.job, ...label }, value: over },
        safe: drift(threshold),
      };
    }
    case 'hpaAtMax': {
      if (ctx.hpaName === undefined) throw new Error('the HPA alert needs hpaName in the test context');
      const max = 10;
      const labels = { namespace: t.namespace, [KUBE_STATE_LABELS.horizontalPodAutoscaler]: ctx.hpaName };
      const ksm = { ...labels, job: 'kube-state-metrics', instance: 'ksm:8080' };
      const hpa = (current: number): PromtoolInputSeries[] => [
        { series: seriesText(KUBE_STATE_METRICS.hpaMaxReplicas, ksm), values: constant(max) },
        { series: seriesText(KUBE_STATE_METRICS.hpaCurrentReplicas, ksm), values: constant(current) },
      ];
      return { breach: { series: hpa(max), labels, value: max }, safe: hpa(max - 1) };
    }
  }
}

/** Minute at which the load-failure cases change their counters: more than a window after the start. */
const LOAD_FAILURE_AT = 20;

/**
 * The load-failure alert's cases. Its quantity takes `increase()` on series older than its window and
 * the current value on series first seen within it, so each branch gets a firing case, and each way a
 * counter can sit still (at 0, flat above 0 for longer than the window, flat above 0 across a missed
 * scrape) a silent one. Changes happen at minute 20, when the series that were there from the start
 * are older than the window.
 */
function loadFailureCases(alert: AlertDefinition, ctx: RuleTestContext): Case[] {
  const t = ctx.target;
  const name = METRICS.modelLoadFailures.name;
  const at = LOAD_FAILURE_AT;
  const after = SPAN_MINUTES - at;
  const series = (instance: string, reason: string, values: string): PromtoolInputSeries => ({
    series: seriesText(name, { namespace: t.namespace, job: t.job, instance, [METRIC_LABELS.reason]: reason }),
    values,
  });
  // The server exposes every reason at 0 from its start (metrics.ts); two reasons stand for all.
  const failed = 'invalid_json';
  const untouched = () => series('pod-a:http', 'not_found', constant(0));
  const labels = { namespace: t.namespace, job: t.job, [METRIC_LABELS.reason]: failed };
  // Two minutes past the window after the change, clear of the range's left end (which Prometheus 2
  // includes and 3 leaves out).
  const window = Math.ceil(windowMinutes(LOAD_FAILURE_WINDOW));
  const gone = at + window + 2;
  if (gone >= SPAN_MINUTES)
    throw new Error(`${alert.name}: a ${LOAD_FAILURE_WINDOW} window does not fit the test series`);
  return [
    {
      title: `fires when breached for ${alertingRule(alert).for}`,
      // A pod's first rejected load of a reason, long after its start: 0 → 1, an increase.
      series: [series('pod-a:http', failed, `0x${at - 1} 1x${after}`), untouched()],
      silentAt: [at - 1, gone],
      fires: { at: at + 1, labels, value: 1 },
    },
    {
      title: 'fires when a new pod series first appears at 1 (a start-up failure before its first scrape)',
      series: [
        series('pod-a:http', failed, constant(0)),
        untouched(),
        series('pod-b:http', failed, `_x${at} 1x${after}`),
        series('pod-b:http', 'not_found', `_x${at} 0x${after}`),
      ],
      silentAt: [at - 1, gone],
      fires: { at: at + 1, labels, value: 1 },
    },
    {
      title: 'stays silent just under its threshold (every counter at 0 for the whole window)',
      series: [series('pod-a:http', failed, constant(0)), untouched()],
      silentAt: [6, at + 1],
    },
    {
      title: 'stays silent on a counter flat above 0 for longer than its window',
      series: [series('pod-a:http', failed, constant(1)), untouched()],
      silentAt: [at - 1, at + 1],
    },
    {
      title: 'stays silent on a counter above 0 that missed one scrape (stale) a window earlier',
      // A failed scrape writes stale markers; a window later the series must still count as old.
      series: [series('pod-a:http', failed, `1x${at - 1} stale 1x${after - 1}`), untouched()],
      silentAt: [at, at + 1, at + window],
    },
  ];
}

/** Minutes in a Prometheus duration such as `15m` or `1h`. */
function windowMinutes(d: string): number {
  const m = /^(\d+)(s|m|h)$/.exec(d);
  if (!m) throw new Error(`windowMinutes: unsupported duration ${JSON.stringify(d)}`);
  return (Number(m[1]) * { s: 1, m: 60, h: 3600 }[m[2] as 's' | 'm' | 'h']) / 60;
}

/** Minute at which a condition that holds from the first evaluation has held for `for`. */
function firingMinute(a: AlertDefinition): number {
  return Math.ceil(a.for.toMilliseconds() / 60000) + 6;
}

/**
 * The two cases of an alert with a plain threshold: breached from the first sample (pending a minute
 * before its `for` when that is 2 minutes or more, firing once it has held), and just on the safe side.
 */
function standardCases(alert: AlertDefinition, ctx: RuleTestContext): Case[] {
  const scenario = scenarioFor(alert, ctx);
  const fireAt = firingMinute(alert);
  const forMinutes = alert.for.toMilliseconds() / 60000;
  return [
    {
      title: `fires when breached for ${alertingRule(alert).for}`,
      series: scenario.breach.series,
      silentAt: forMinutes >= 2 ? [forMinutes - 1] : [],
      fires: { at: fireAt, labels: scenario.breach.labels, value: scenario.breach.value },
    },
    { title: 'stays silent just under its threshold', series: scenario.safe, silentAt: [fireAt] },
  ];
}

/** `promtool test rules` file for the alerts; `ruleFile` is the path of the rule file it tests. */
export function alertRuleTests(
  alerts: readonly AlertDefinition[],
  ctx: RuleTestContext,
  ruleFile: string,
): PromtoolTestFile {
  const tests: PromtoolTestGroup[] = [];
  for (const alert of alerts) {
    const rule = alertingRule(alert);
    const cases = alert.id === 'loadFailures' ? loadFailureCases(alert, ctx) : standardCases(alert, ctx);
    for (const c of cases) {
      const checks: PromtoolAlertTest[] = c.silentAt.map((m) => ({
        eval_time: `${m}m`,
        alertname: alert.name,
        exp_alerts: [],
      }));
      if (c.fires !== undefined) {
        const { labels, value } = c.fires;
        checks.push({
          eval_time: `${c.fires.at}m`,
          alertname: alert.name,
          exp_alerts: [
            {
              exp_labels: { ...labels, ...rule.labels },
              exp_annotations: Object.fromEntries(
                Object.entries(rule.annotations).map(([k, v]) => [k, renderAlertTemplate(v, labels, value)]),
              ),
            },
          ],
        });
      }
      // In time order, as a reader follows them.
      checks.sort((a, b) => parseInt(a.eval_time, 10) - parseInt(b.eval_time, 10));
      tests.push({ name: `${alert.name} ${c.title}`, interval: STEP, input_series: c.series, alert_rule_test: checks });
    }
  }
  return { rule_files: [ruleFile], evaluation_interval: STEP, tests };
}

/** The test file as YAML. */
export function renderRuleTests(file: PromtoolTestFile): string {
  return stringify(file, { lineWidth: 0 });
}

/** The alert ids a test file covers (one breach and one safe group each). */
export function coveredAlerts(file: PromtoolTestFile): Map<string, number> {
  const counts = new Map<string, number>();
  for (const group of file.tests) {
    for (const check of group.alert_rule_test) counts.set(check.alertname, (counts.get(check.alertname) ?? 0) + 1);
  }
  return counts;
}

/**
 * Renders the subset of Prometheus' alert templates the rules use — `{{ $labels.NAME }}`,
 * `{{ $value }}`, `{{ $value | humanize }}`, `{{ $value | humanizePercentage }}` — the way Prometheus
 * does (template functions in https://prometheus.io/docs/prometheus/latest/configuration/template_reference/).
 * Anything else throws, so a rule using another construct fails its test instead of passing vacuously.
 */
export function renderAlertTemplate(text: string, labels: Readonly<Record<string, string>>, value: number): string {
  return text.replace(/\{\{\s*([^}]*?)\s*\}\}/g, (_all, body: string) => {
    const label = /^\$labels\.([a-zA-Z_][a-zA-Z0-9_]*)$/.exec(body);
    if (label) return labels[label[1]] ?? '';
    if (body === '$value') return formatG(value, 17, true);
    if (body === '$value | humanize') return humanize(value);
    if (body === '$value | humanizePercentage') return `${formatG(value * 100, 4)}%`;
    throw new Error(`renderAlertTemplate: unsupported template {{ ${body} }}`);
  });
}

const UP = ['k', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y'];
const DOWN = ['m', 'u', 'n', 'p', 'f', 'a', 'z', 'y'];

/** Prometheus' `humanize`: SI prefix, then `%.4g`. */
export function humanize(value: number): string {
  if (value === 0 || !Number.isFinite(value)) return formatG(value, 4);
  let v = value;
  let prefix = '';
  if (Math.abs(v) >= 1) {
    for (const p of UP) {
      if (Math.abs(v) < 1000) break;
      prefix = p;
      v /= 1000;
    }
  } else {
    for (const p of DOWN) {
      if (Math.abs(v) >= 1) break;
      prefix = p;
      v *= 1000;
    }
  }
  return `${formatG(v, 4)}${prefix}`;
}

/**
 * Go's `%.<precision>g` for values whose exponent stays in [-4, precision) (plain notation);
 * `shortest` gives `%v` (strconv 'g', -1) for such values.
 */
function formatG(value: number, precision: number, shortest = false): string {
  if (value === 0) return '0';
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  const text = shortest ? String(value) : Number(value.toPrecision(precision)).toString();
  if (/e/i.test(text)) throw new Error(`formatG: ${value} needs exponent notation, which the rules do not use`);
  return text;
}
