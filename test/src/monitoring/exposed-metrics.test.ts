/**
 * Every metric a rule or dashboard panel reads is one the model server really exposes: the real
 * `createApp` is driven through its routes (success, a scorer failure, a refused token, a rejected
 * model load), its `/metrics` is scraped, and each name and label the queries use is looked up in
 * that exposition. Names the server does not own (kube-state-metrics, `up`) must be listed in
 * `EXTERNAL_METRICS`.
 */
import request from 'supertest';
import { rmSync } from 'node:fs';
import { alertExpr } from '../../../src/monitoring/alert-rules';
import { dashboardQueries, dashboardVariableQueries } from '../../../src/monitoring/grafana-dashboard';
import { EXTERNAL_METRICS } from '../../../src/monitoring/kube-state-metrics';
import { metricNamesIn } from '../../../src/monitoring/promql';
import { ServingChart } from '../../../charts/serving-chart';
import { App } from 'cdk8s';
import { configFor } from '../../support/k8s-manifests';
import { type MonitoredServer, monitoredServer } from '../../support/monitored-server';

/** Metric families of a Prometheus text exposition: name → type, and the label names seen on samples. */
function parseExposition(text: string): Map<string, { type: string; labels: Set<string> }> {
  const families = new Map<string, { type: string; labels: Set<string> }>();
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type) families.set(type[1], { type: type[2], labels: new Set() });
  }
  for (const line of text.split('\n')) {
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? /.exec(line);
    if (!sample) continue;
    const name = sample[1];
    const family = families.get(name) ?? families.get(name.replace(/_(bucket|sum|count)$/, ''));
    for (const m of (sample[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="/g)) family?.labels.add(m[1]);
  }
  return families;
}

/** Whether `name` (possibly a histogram's `_bucket`/`_sum`/`_count` series) is exposed. */
function exposedFamily(families: ReturnType<typeof parseExposition>, name: string) {
  const direct = families.get(name);
  if (direct) return direct;
  const base = name.replace(/_(bucket|sum|count)$/, '');
  const family = families.get(base);
  return family && family.type === 'histogram' && base !== name ? family : undefined;
}

/** Label names a query matches or groups on for each metric: `metric{a="x"}` and `by (a, b)`. */
function labelsUsed(expr: string): Map<string, Set<string>> {
  const used = new Map<string, Set<string>>();
  for (const m of expr.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\{([^}]*)\}/g)) {
    const set = used.get(m[1]) ?? new Set<string>();
    for (const l of m[2].matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\s*(?:=~|!~|!=|=)/g)) set.add(l[1]);
    used.set(m[1], set);
  }
  return used;
}

/** Labels Prometheus adds (target labels) or that histograms always have. */
const NOT_FROM_SERVER = new Set(['namespace', 'job', 'instance', 'le']);

/** Every query of rules and dashboard in both scaling modes and both flavours. */
function allQueries(): { where: string; expr: string }[] {
  const out: { where: string; expr: string }[] = [];
  for (const mode of ['autoscaled', 'static'] as const) {
    for (const flavour of ['managed', 'operator'] as const) {
      const chart = new ServingChart(new App({ outdir: '/nonexistent-not-written' }), 'toxicity-serving', {
        config: configFor(mode, { monitoring: { flavour } }),
      });
      for (const a of chart.monitoring.alerts) out.push({ where: `alert ${a.name}`, expr: alertExpr(a) });
      for (const q of dashboardQueries(chart.monitoring.dashboard))
        out.push({ where: `panel ${q.panel}`, expr: q.expr });
    }
  }
  return out;
}

describe('metric names in rules and dashboard', () => {
  let server: MonitoredServer;
  let families: ReturnType<typeof parseExposition>;
  let exposition: string;

  beforeAll(async () => {
    server = await monitoredServer();
    const auth = `Bearer ${server.token()}`;
    const post = (text: string) => request(server.app).post('/v1/predict').set('Authorization', auth).send({ text });
    expect((await post('you idiot')).status).toBe(200);
    expect((await post('fail on purpose')).status).toBe(500);
    expect((await request(server.app).post('/v1/predict').send({ text: 'no token' })).status).toBe(401);
    expect(await server.publishCorruptModel()).toBe('rejected');
    const res = await request(server.adminApp).get('/metrics');
    expect(res.status).toBe(200);
    exposition = res.text;
    families = parseExposition(exposition);
  });
  afterAll(() => {
    rmSync(server.dir, { recursive: true, force: true });
  });

  it('finds every server metric a query names in the /metrics of the real server', () => {
    const missing: string[] = [];
    for (const { where, expr } of allQueries()) {
      for (const name of metricNamesIn(expr)) {
        if (EXTERNAL_METRICS[name] !== undefined) continue;
        if (!exposedFamily(families, name)) missing.push(`${where}: ${name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('finds every label a query matches or groups on among the samples of that metric', () => {
    const missing: string[] = [];
    for (const { where, expr } of allQueries()) {
      for (const [name, labels] of labelsUsed(expr)) {
        if (EXTERNAL_METRICS[name] !== undefined) continue;
        const family = exposedFamily(families, name);
        for (const l of labels)
          if (!NOT_FROM_SERVER.has(l) && !family?.labels.has(l)) missing.push(`${where}: ${name}{${l}}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('finds every label a server query groups by on a metric of that query', () => {
    const missing: string[] = [];
    for (const { where, expr } of allQueries()) {
      const own = metricNamesIn(expr).filter((n) => EXTERNAL_METRICS[n] === undefined);
      if (own.length === 0) continue;
      for (const m of expr.matchAll(/\bby \(([^)]*)\)/g)) {
        for (const l of m[1].split(',').map((x) => x.trim())) {
          if (!NOT_FROM_SERVER.has(l) && !own.some((n) => exposedFamily(families, n)?.labels.has(l))) {
            missing.push(`${where}: by (${l})`);
          }
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('finds the series and label of every dashboard variable query among the real samples', () => {
    const missing: string[] = [];
    let checked = 0;
    for (const mode of ['autoscaled', 'static'] as const) {
      const chart = new ServingChart(new App({ outdir: '/nonexistent-not-written' }), 'toxicity-serving', {
        config: configFor(mode),
      });
      for (const v of dashboardVariableQueries(chart.monitoring.dashboard)) {
        checked++;
        for (const name of metricNamesIn(v.series)) {
          const family = exposedFamily(families, name);
          if (!family) missing.push(`variable ${v.variable}: ${name}`);
          else if (!family.labels.has(v.label)) missing.push(`variable ${v.variable}: ${name}{${v.label}}`);
        }
      }
    }
    expect(checked).toBeGreaterThan(0);
    expect(missing).toEqual([]);
  });

  it('sees the label values the queries select on the real samples', () => {
    expect(exposition).toMatch(/^http_requests_total\{[^}]*route="\/v1\/predict"[^}]*status_code="500"/m);
    expect(exposition).toMatch(
      /^http_request_duration_seconds_bucket\{[^}]*le="0\.5"[^}]*route="\/v1\/predict"|^http_request_duration_seconds_bucket\{[^}]*route="\/v1\/predict"[^}]*le="0\.5"/m,
    );
    expect(exposition).toMatch(/^model_predictions_total\{[^}]*outcome="positive"/m);
    expect(exposition).toMatch(/^model_load_failures_total\{reason="invalid_json"\} 1$/m);
    // The other reasons are there at 0, so their first failure is an increase for the alert.
    expect(exposition).toMatch(/^model_load_failures_total\{reason="not_found"\} 0$/m);
    // Scores of the calibrated label in the heatmap's buckets; the uncalibrated label has none.
    expect(exposition).toMatch(/^model_prediction_score_bucket\{le="0\.5",label="toxic"\} \d+$/m);
    expect(exposition).not.toMatch(/^model_prediction_score_count\{label="insult"\}/m);
    expect(exposition).toMatch(/^model_server_ready 1$/m);
  });

  it('fails for a metric the server does not expose (the check can fail)', () => {
    expect(exposedFamily(families, 'model_score_bucket')).toBeUndefined();
    expect(exposedFamily(families, 'http_requests_total_bucket')).toBeUndefined();
    expect(exposedFamily(families, 'http_request_duration_seconds_bucket')?.type).toBe('histogram');
  });
});
