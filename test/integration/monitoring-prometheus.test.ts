import { freePort } from '../support/fixtures';
/**
 * A real Prometheus (Debian package `prometheus`) on 127.0.0.1 scrapes the real model server
 * (`createApp`, test-injected slow and failing scorer) every second, with the synthesized alert rules
 * loaded. The test drives a known mix of requests, then asks Prometheus' HTTP API for the metric
 * names and labels it stored and evaluates the alerts' latency and error-ratio quantities.
 *
 * Why the expected values are exact: every series the quantities read is created before Prometheus'
 * first scrape (warm-up requests), and all come from one target, so they share sample timestamps;
 * `rate()` then extrapolates each by the same factor (Prometheus' extrapolatedRate: the warm-up counts
 * keep the counter's zero point more than 1.1 sample intervals away), and ratios of rates are ratios
 * of the request counts sent after the first scrape.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdk8s';
import request from 'supertest';
import { stringify } from 'yaml';
import { ServingChart } from '../../charts/serving-chart';
import {
  HTTP_DURATION_BUCKETS,
  METRICS,
  MODEL_LOAD_FAILURE_REASONS,
  PREDICTION_SCORE_BUCKETS,
} from '../../src/contract/metric-names';
import { loadConfigFile } from '../../src/config/config-file';
import { type AlertDefinition, alertExpr, renderRuleFile } from '../../src/monitoring/alert-rules';
import {
  MONITORED_SCORE_BASELINE,
  type MonitoredServer,
  SLOW_SCORE_MS,
  monitoredServer,
} from '../support/monitored-server';
import { populationStabilityIndex } from '../../src/ml/score-distribution';
import { requireService } from './support/services';

const ROOT = join(__dirname, '..', '..');
const PROMETHEUS = requireService('PROMETHEUS_BIN');

/** Requests sent after Prometheus' first scrapes, by kind. */
const TRAFFIC = { ok: 8, slow: 12, fail: 4 };
/** Requests of each kind sent before Prometheus starts, so every series exists at its first scrape. */
const WARM_UP = 2;

interface PromVectorSample {
  metric: Record<string, string>;
  value: [number, string];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the alert quantities on a real Prometheus scraping the real server', () => {
  const chart = new ServingChart(new App({ outdir: '/nonexistent-not-written' }), 'toxicity-serving', {
    config: loadConfigFile({ cwd: ROOT, env: {} }),
  });
  const target = chart.monitoring.scrapeTarget;
  const alert = (id: AlertDefinition['id']) => chart.monitoring.alerts.find((a) => a.id === id)!;

  let dir: string;
  let server: MonitoredServer;
  let listener: Server;
  let adminListener: Server;
  let prometheus: ChildProcess | undefined;
  let promUrl: string;
  let promLog = '';
  let evalTime: number;

  async function api<T>(path: string, params: Record<string, string> = {}): Promise<T> {
    const url = new URL(`/api/v1/${path}`, promUrl);
    for (const [k, v] of Object.entries(params)) url.searchParams.append(k, v);
    const res = await fetch(url);
    const body = (await res.json()) as { status: string; data: T; error?: string };
    if (body.status !== 'success') throw new Error(`Prometheus ${path} failed: ${body.error ?? res.status}`);
    return body.data;
  }

  async function query(expr: string): Promise<PromVectorSample[]> {
    const data = await api<{ resultType: string; result: PromVectorSample[] }>('query', {
      query: expr,
      time: String(evalTime),
    });
    expect(data.resultType).toBe('vector');
    return data.result;
  }

  /** Samples Prometheus holds for the server's target so far. */
  async function scrapes(): Promise<number> {
    const r = await api<{ result: PromVectorSample[] }>('query', {
      query: `count_over_time(up{job="${target.job}"}[10m])`,
    });
    return r.result.length === 0 ? 0 : Number(r.result[0].value[1]);
  }

  async function waitForScrapes(atLeast: number): Promise<number> {
    for (let i = 0; i < 120; i++) {
      const n = await scrapes().catch(() => 0);
      if (n >= atLeast) return n;
      await sleep(500);
    }
    throw new Error(`Prometheus did not reach ${atLeast} scrapes; its log:\n${promLog.slice(-2000)}`);
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'toxicity-prometheus-'));
    server = await monitoredServer();
    listener = server.app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => listener.once('listening', () => resolve()));
    // Prometheus scrapes the admin port, as in the cluster (PodMonitoring/PodMonitor on `admin`).
    adminListener = server.adminApp.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => adminListener.once('listening', () => resolve()));
    const adminPort = (adminListener.address() as AddressInfo).port;

    const token = server.token();
    const send = (text: string, auth = true) => {
      const r = request(listener).post('/v1/predict').send({ text });
      return auth ? r.set('Authorization', `Bearer ${token}`) : r;
    };
    const sendKind = async (kind: keyof typeof TRAFFIC) => {
      const res = await send(kind === 'ok' ? 'you idiot' : `${kind} you idiot`);
      expect(res.status).toBe(kind === 'fail' ? 500 : 200);
    };
    // Warm-up: every series the quantities read exists before the first scrape. No model is rejected
    // yet: the server exposes the load-failure counters at 0, so Prometheus stores the 0 and the first
    // rejection (below) is an increase of an existing series (checked with increase() directly).
    for (let i = 0; i < WARM_UP; i++) for (const kind of ['ok', 'slow', 'fail'] as const) await sendKind(kind);
    expect((await send('no token', false)).status).toBe(401);

    const promPort = await freePort();
    promUrl = `http://127.0.0.1:${promPort}`;
    // The synthesized rules, evaluated every second here instead of every scrape interval.
    writeFileSync(join(dir, 'rules.yaml'), renderRuleFile([{ ...chart.monitoring.ruleGroup, interval: '1s' }]));
    writeFileSync(
      join(dir, 'prometheus.yml'),
      stringify({
        global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' },
        rule_files: ['rules.yaml'],
        scrape_configs: [
          {
            // The target labels Managed Prometheus / prometheus-operator would set: job and namespace.
            job_name: target.job,
            metrics_path: '/metrics',
            static_configs: [{ targets: [`127.0.0.1:${adminPort}`], labels: { namespace: target.namespace } }],
          },
        ],
      }),
    );
    const proc = spawn(
      PROMETHEUS,
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${promPort}`,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    prometheus = proc;
    proc.stdout?.on('data', (d: Buffer) => (promLog += d.toString()));
    proc.stderr?.on('data', (d: Buffer) => (promLog += d.toString()));
    const before = await waitForScrapes(3);

    // Traffic, one request at a time (a slow one blocks the event loop, as a CPU-bound model would),
    // the pod's first rejected model load, then a few more scrapes of the final counts.
    const left = { ...TRAFFIC };
    while (left.ok + left.slow + left.fail > 0) {
      for (const kind of ['ok', 'slow', 'fail'] as const) {
        if (left[kind] === 0) continue;
        left[kind]--;
        await sendKind(kind);
      }
    }
    expect(await server.publishCorruptModel()).toBe('rejected');
    const after = await scrapes();
    expect(after).toBeGreaterThan(before);
    await waitForScrapes(after + 3);
    // Two more rule evaluations so the alert states reflect the last samples.
    await sleep(2500);
    evalTime = Date.now() / 1000;
  }, 150_000);

  afterAll(async () => {
    if (prometheus && prometheus.exitCode === null) {
      const proc = prometheus;
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await new Promise((r) => listener?.close(r));
    await new Promise((r) => adminListener?.close(r));
    rmSync(dir, { recursive: true, force: true });
    rmSync(server.dir, { recursive: true, force: true });
  });

  it('stores every metric name the server registers under the scrape job', async () => {
    const names = new Set(await api<string[]>('label/__name__/values', { 'match[]': `{job="${target.job}"}` }));
    for (const m of Object.values(METRICS)) {
      const expected = m.type === 'histogram' ? ['_bucket', '_sum', '_count'].map((s) => m.name + s) : [m.name];
      for (const name of expected) expect({ name, stored: names.has(name) }).toEqual({ name, stored: true });
    }
    expect(names.has('process_cpu_seconds_total')).toBe(true);
  });

  it('stores the labels the rules and dashboard select on, with the target labels', async () => {
    const series = await api<Record<string, string>[]>('series', {
      'match[]': `${METRICS.httpRequests.name}{job="${target.job}"}`,
    });
    const values = (label: string) => new Set(series.map((s) => s[label]));
    expect(Object.keys(series[0]).sort()).toEqual([
      '__name__',
      'instance',
      'job',
      'method',
      'namespace',
      'route',
      'status_code',
    ]);
    expect(values('namespace')).toEqual(new Set([target.namespace]));
    expect(values('route')).toEqual(new Set(['/v1/predict', '/metrics']));
    expect(values('status_code')).toEqual(new Set(['200', '401', '500']));
    const buckets = await api<Record<string, string>[]>('series', {
      'match[]': `${METRICS.httpRequestDuration.name}_bucket{job="${target.job}",route="/v1/predict",status_code="200"}`,
    });
    expect(new Set(buckets.map((b) => b.le))).toEqual(new Set([...HTTP_DURATION_BUCKETS.map(String), '+Inf']));
    const predictions = await api<Record<string, string>[]>('series', {
      'match[]': `${METRICS.predictions.name}{job="${target.job}"}`,
    });
    // Every comment sent is "you idiot": positive for both labels of the test model.
    expect(new Set(predictions.map((p) => `${p.label}/${p.outcome}`))).toEqual(
      new Set(['toxic/positive', 'insult/positive']),
    );
    const info = await query(`${METRICS.modelInfo.name}{job="${target.job}"}`);
    expect(info.map((s) => [s.metric.name, s.metric.version, s.value[1]])).toEqual([['toxicity', '1.0.0', '1']]);
  });

  it('evaluates the latency alert quantity to the P95 the traffic implies', async () => {
    // Scraped increments: fast requests (ok and failing) at or under 0.5 s, slow ones in (0.5 s, 1 s].
    const fast = TRAFFIC.ok + TRAFFIC.fail;
    const total = fast + TRAFFIC.slow;
    const rank = 0.95 * total;
    const expected = 0.5 + (0.5 * (rank - fast)) / TRAFFIC.slow;
    expect(SLOW_SCORE_MS).toBeGreaterThan(500);
    const result = await query(alert('latency').quantity);
    expect(result).toHaveLength(1);
    expect(result[0].metric).toEqual({ namespace: target.namespace, job: target.job });
    expect(Number(result[0].value[1])).toBeCloseTo(expected, 9);
    // Above the 0.5 s threshold, so the full alert expression returns the series.
    expect(await query(alertExpr(alert('latency')))).toHaveLength(1);
  });

  it('evaluates the error-ratio alert quantity to failed / all client requests', async () => {
    const result = await query(alert('errors').quantity);
    expect(result).toHaveLength(1);
    expect(result[0].metric).toEqual({ namespace: target.namespace, job: target.job });
    expect(Number(result[0].value[1])).toBeCloseTo(TRAFFIC.fail / (TRAFFIC.ok + TRAFFIC.slow + TRAFFIC.fail), 9);
    expect(await query(alertExpr(alert('errors')))).toHaveLength(1);
  });

  it('sees the ready pod and the first rejected load', async () => {
    expect(await query(alertExpr(alert('notReady')))).toEqual([]);
    const ready = await query(alert('notReady').quantity);
    expect(ready.map((s) => s.value[1])).toEqual(['1']);
    // Every reason is stored (at 0 until it fails); only the one that failed has increased.
    const failures = await query(alert('loadFailures').quantity);
    const byReason = Object.fromEntries(failures.map((s) => [s.metric.reason, Number(s.value[1])]));
    expect(Object.keys(byReason).sort()).toEqual([...MODEL_LOAD_FAILURE_REASONS].sort());
    for (const [reason, increase] of Object.entries(byReason)) {
      expect({ reason, increased: increase > 0 }).toEqual({ reason, increased: reason === 'invalid_json' });
    }
    expect((await query(alertExpr(alert('loadFailures')))).map((s) => s.metric.reason)).toEqual(['invalid_json']);
    // Not only "a new series": the stored 0 makes the rejection a real increase.
    const increased = await query(`increase(${METRICS.modelLoadFailures.name}{reason="invalid_json"}[5m]) > 0`);
    expect(increased).toHaveLength(1);
  });

  it('stores the score histogram of the calibrated label, one observation per scored comment', async () => {
    const scored = WARM_UP * 2 + TRAFFIC.ok + TRAFFIC.slow;
    const scores = await query(`${METRICS.predictionScore.name}_bucket{job="${target.job}"}`);
    expect(new Set(scores.map((s) => s.metric.label))).toEqual(new Set(['toxic']));
    expect(new Set(scores.map((s) => s.metric.le))).toEqual(new Set([...PREDICTION_SCORE_BUCKETS.map(String), '+Inf']));
    const at = (le: string) => Number(scores.find((s) => s.metric.le === le)!.value[1]);
    expect(at('+Inf')).toBe(scored);
    // Every comment sent is "you idiot" for the model, whose toxic probability is above 0.95.
    expect(at('1')).toBe(scored);
    expect(at('0.95')).toBe(0);
    const [count] = await query(`${METRICS.predictionScore.name}_count{job="${target.job}",label="toxic"}`);
    expect(Number(count.value[1])).toBe(scored);
  });

  it('evaluates the drift quantities: toxic rate, low-confidence share and the PSI against the baseline', async () => {
    const scored = WARM_UP * 2 + TRAFFIC.ok + TRAFFIC.slow;
    const [toxicRate] = await query(alert('toxicRate').quantity);
    expect(toxicRate.metric).toEqual({ namespace: target.namespace, job: target.job });
    expect(Number(toxicRate.value[1])).toBe(1);
    // "you idiot" scores above 0.95: no prediction has a confidence below 0.6.
    const low = await query(alert('lowConfidence').quantity);
    expect(low.map((s) => [s.metric.label, Number(s.value[1])])).toEqual([['toxic', 0]]);
    // Every scored comment since the model was loaded is in the (0.95, 1] bin.
    const window = MONITORED_SCORE_BASELINE.bounds.map(() => 0).concat(0);
    window[PREDICTION_SCORE_BUCKETS.length - 1] = scored;
    const [psi] = await query(`${METRICS.scorePsi.name}{job="${target.job}",label="toxic"}`);
    expect(Number(psi.value[1])).toBeCloseTo(
      populationStabilityIndex(MONITORED_SCORE_BASELINE.labels.toxic.counts, window)!,
      9,
    );
    const [comments] = await query(`${METRICS.scorePsiWindow.name}{job="${target.job}",label="toxic"}`);
    expect(Number(comments.value[1])).toBe(scored);
    // A PSI over so few comments does not count: the drift quantity is empty.
    expect(scored).toBeLessThan(500);
    expect(await query(alert('scoreDrift').quantity)).toEqual([]);
  });

  it('puts the loaded rules in the states the traffic calls for', async () => {
    const { alerts } = await api<{ alerts: { labels: Record<string, string>; state: string }[] }>('alerts');
    const states = Object.fromEntries(alerts.map((a) => [a.labels.alertname, a.state]));
    expect(states).toEqual({
      // Breached, but not yet for their 5 minutes.
      ToxicityApiHighLatency: 'pending',
      ToxicityApiHighErrorRatio: 'pending',
      // Every comment is "you idiot": a toxic rate of 100 %, not yet for its 10 minutes.
      ToxicityApiHighToxicRate: 'pending',
      // `for: 0s`.
      ToxicityApiModelLoadFailures: 'firing',
    });
    const rules = await api<{ groups: { rules: { name: string; health: string }[] }[] }>('rules');
    const health = rules.groups.flatMap((g) => g.rules.map((r) => [r.name, r.health]));
    expect(health).toEqual(chart.monitoring.alerts.map((a) => [a.name, 'ok']));
  });
});
