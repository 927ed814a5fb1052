import { performance } from 'node:perf_hooks';
import {
  AUTH_FAILURE_REASONS,
  METRICS,
  MODEL_LOAD_FAILURE_REASONS,
  PREDICTION_SCORE_BUCKETS,
} from '../../src/contract/metric-names';
import { ServerMetrics } from '../../model-server/server-metrics';

describe('ServerMetrics', () => {
  it('registers exactly the metrics of metric-names.ts in its own registry', async () => {
    const a = new ServerMetrics({ defaultMetrics: false });
    // A second instance does not clash (one registry per app).
    const b = new ServerMetrics({ defaultMetrics: false });
    const names = (await a.registry.getMetricsAsJSON()).map((m) => m.name).sort();
    expect(names).toEqual(
      Object.values(METRICS)
        .map((m) => m.name)
        .sort(),
    );
    expect(b.registry).not.toBe(a.registry);
  });

  it('adds the default process metrics unless told not to', async () => {
    const text = await new ServerMetrics().registry.metrics();
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toContain('nodejs_heap_size_used_bytes');
  });

  it('records requests by method, route and status, and the in-flight count', async () => {
    const m = new ServerMetrics({ defaultMetrics: false });
    m.requestStarted();
    m.requestStarted();
    m.requestEnded('POST', '/v1/predict', 200, 0.003);
    const text = await m.registry.metrics();
    expect(text).toContain('http_requests_in_flight 1');
    expect(text).toContain('http_requests_total{method="POST",route="/v1/predict",status_code="200"} 1');
    expect(text).toContain(
      'http_request_duration_seconds_bucket{le="0.005",method="POST",route="/v1/predict",status_code="200"} 1',
    );
    expect(text).toContain(
      'http_request_duration_seconds_bucket{le="0.0025",method="POST",route="/v1/predict",status_code="200"} 0',
    );
  });

  it('counts each route, method and status apart when requests of several kinds alternate', async () => {
    const m = new ServerMetrics({ defaultMetrics: false });
    const ends: [string, string, number][] = [
      ['POST', '/v1/predict', 200],
      ['POST', '/v1/predict', 200],
      ['POST', '/v1/predict', 422],
      ['GET', '/v1/models', 200],
      ['POST', '/v1/predict', 200],
      ['POST', '/v1/predict', 422],
    ];
    for (const [method, route, status] of ends) {
      m.requestStarted();
      m.requestEnded(method, route, status, 0.001);
    }
    const text = await m.registry.metrics();
    expect(text).toContain('http_requests_total{method="POST",route="/v1/predict",status_code="200"} 3');
    expect(text).toContain('http_requests_total{method="POST",route="/v1/predict",status_code="422"} 2');
    expect(text).toContain('http_requests_total{method="GET",route="/v1/models",status_code="200"} 1');
    expect(text).toContain('http_requests_in_flight 0');
  });

  it('counts predictions per label and outcome', async () => {
    const m = new ServerMetrics({ defaultMetrics: false });
    m.predicted('toxic', 3, 10);
    m.predicted('toxic', 0, 2);
    const text = await m.registry.metrics();
    expect(text).toContain('model_predictions_total{label="toxic",outcome="positive"} 3');
    expect(text).toContain('model_predictions_total{label="toxic",outcome="negative"} 9');
  });

  it('counts scores per label in the score histogram buckets', async () => {
    const m = new ServerMetrics({ defaultMetrics: false });
    const toxic = m.scoreRecorder('toxic');
    const scores = [0.01, 0.05, 0.42, 0.5, 0.97, 1];
    for (const p of scores) toxic.observe(p);
    m.scoreRecorder('obscene').observe(0.3);
    // The recorder is the same for later requests, so counts accumulate.
    m.scoreRecorder('toxic').observe(0.6);
    const all = [...scores, 0.6];
    const text = await m.registry.metrics();
    for (const bound of PREDICTION_SCORE_BUCKETS) {
      const expected = all.filter((p) => p <= bound).length;
      expect(text).toContain(`model_prediction_score_bucket{le="${bound}",label="toxic"} ${expected}\n`);
    }
    expect(text).toContain('model_prediction_score_bucket{le="0.05",label="toxic"} 2\n');
    expect(text).toContain('model_prediction_score_bucket{le="0.5",label="toxic"} 4\n');
    expect(text).toContain('model_prediction_score_bucket{le="+Inf",label="toxic"} 7\n');
    expect(text).toContain('model_prediction_score_count{label="toxic"} 7\n');
    expect(text).toContain('model_prediction_score_bucket{le="0.2",label="obscene"} 0\n');
    expect(text).toContain('model_prediction_score_bucket{le="0.3",label="obscene"} 1\n');
    expect(text).toContain('model_prediction_score_count{label="obscene"} 1\n');
  });

  it('counts the predictions whose confidence max(p, 1 - p) is below 0.6 per label: 0.4 < p < 0.6 only', async () => {
    const m = new ServerMetrics({ defaultMetrics: false });
    const toxic = m.scoreRecorder('toxic');
    for (const p of [0.4, 0.41, 0.5, 0.59, 0.6, 0.05, 0.95]) toxic.observe(p);
    m.scoreRecorder('insult').observe(0.9);
    const text = await m.registry.metrics();
    expect(text).toContain('# TYPE model_low_confidence_predictions_total counter\n');
    expect(text).toContain('model_low_confidence_predictions_total{label="toxic"} 3\n');
    expect(text).toContain('model_low_confidence_predictions_total{label="insult"} 0\n');
  });

  it('exports the PSI of the scores since the model was loaded against its baseline, and the window size', async () => {
    let now = 0;
    const m = new ServerMetrics({
      defaultMetrics: false,
      drift: { windowSeconds: 600, stepSeconds: 60, now: () => now },
    });
    const bins = PREDICTION_SCORE_BUCKETS.length + 1;
    // Baseline: half the comments at p ≤ 0.05, half in (0.95, 1].
    const counts = Array.from({ length: bins }, (_, i) => (i === 0 || i === bins - 2 ? 50 : 0));
    const toxic = m.scoreRecorder('toxic');
    toxic.observe(0.99); // before the load: not in the window
    m.modelLoaded('toxicity', '1', 0, {
      bounds: [...PREDICTION_SCORE_BUCKETS],
      source: 'test-split',
      labels: { toxic: { counts } },
    });
    expect(await m.registry.metrics()).toContain('model_score_psi_window_comments{label="toxic"} 0\n');
    expect(await m.registry.metrics()).not.toContain('model_score_psi{');
    for (let i = 0; i < 25; i++) toxic.observe(0.01);
    for (let i = 0; i < 75; i++) toxic.observe(0.99);
    now = 30_000;
    const text = await m.registry.metrics();
    expect(text).toContain('model_score_psi_window_comments{label="toxic"} 100\n');
    const psi = Number(/model_score_psi\{label="toxic"\} (\S+)\n/.exec(text)![1]);
    expect(psi).toBeCloseTo(-0.25 * Math.log(0.5) + 0.25 * Math.log(1.5), 12);
  });

  it('exports no PSI for a model without a score baseline (older artifacts)', async () => {
    const m = new ServerMetrics({ defaultMetrics: false });
    m.modelLoaded('toxicity', '1', 0);
    m.scoreRecorder('toxic').observe(0.3);
    const text = await m.registry.metrics();
    expect(text).not.toContain('model_score_psi{');
    expect(text).not.toContain('model_score_psi_window_comments{');
  });

  it('exposes every load-failure and auth-failure reason at 0 before any failure', async () => {
    const m = new ServerMetrics({ defaultMetrics: false });
    const text = await m.registry.metrics();
    for (const reason of MODEL_LOAD_FAILURE_REASONS) {
      expect(text).toContain(`model_load_failures_total{reason="${reason}"} 0\n`);
    }
    for (const reason of AUTH_FAILURE_REASONS) expect(text).toContain(`auth_failures_total{reason="${reason}"} 0\n`);
    m.modelLoadFailed('invalid_json');
    m.authFailed('expired');
    const after = await m.registry.metrics();
    expect(after).toContain('model_load_failures_total{reason="invalid_json"} 1\n');
    expect(after).toContain('model_load_failures_total{reason="not_found"} 0\n');
    expect(after).toContain('auth_failures_total{reason="expired"} 1\n');
    expect(after).toContain('auth_failures_total{reason="missing"} 0\n');
  });

  it('names only the current model in model_info and records when it was loaded', async () => {
    const m = new ServerMetrics({ defaultMetrics: false });
    m.modelLoaded('toxicity', '1', 1_700_000_000_000);
    m.modelLoaded('toxicity', '2', 1_700_000_060_000);
    const text = await m.registry.metrics();
    expect(text).toContain('model_info{name="toxicity",version="2"} 1');
    expect(text).not.toContain('version="1"');
    expect(text).toContain('model_loaded_timestamp_seconds 1700000060');
    expect(text).toContain('model_loads_total 2');
  });

  it('reads readiness at scrape time', async () => {
    const m = new ServerMetrics({ defaultMetrics: false });
    let ready = false;
    m.watchReadiness(() => ready);
    expect(await m.registry.metrics()).toContain('model_server_ready 0');
    ready = true;
    expect(await m.registry.metrics()).toContain('model_server_ready 1');
  });

  it('counts the time the event loop was busy, as the loop itself accounts it', async () => {
    const m = new ServerMetrics({ defaultMetrics: false });
    const active = async () => {
      const match = /^nodejs_eventloop_active_seconds_total (\S+)$/m.exec(await m.registry.metrics());
      expect(match).not.toBeNull();
      return Number(match![1]);
    };
    const before = await active();
    const spinUntil = Date.now() + 80;
    while (Date.now() < spinUntil) {
      // busy: the loop runs this callback
    }
    const afterBusy = await active();
    expect(afterBusy - before).toBeGreaterThanOrEqual(0.075);
    // The total is the loop's own active time since it started (Node's idle accounting; under Jest the loop
    // reports no idle time, so the idle half of the picture is checked by bench/paced-load.ts instead).
    const reference = performance.eventLoopUtilization().active / 1000;
    const total = await active();
    expect(total).toBeGreaterThanOrEqual(afterBusy);
    expect(Math.abs(total - reference)).toBeLessThan(0.05);
  });

  it('renders the Prometheus text content type', async () => {
    const { contentType, body } = await new ServerMetrics({ defaultMetrics: false }).render();
    expect(contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(body).toContain('# TYPE model_load_failures_total counter');
  });
});
