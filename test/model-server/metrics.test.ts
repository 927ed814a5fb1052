import { METRICS } from '../../model-server/metric-names';
import { ServerMetrics } from '../../model-server/metrics';

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

  it('counts predictions per label and outcome', async () => {
    const m = new ServerMetrics({ defaultMetrics: false });
    m.predicted('toxic', 3, 10);
    m.predicted('toxic', 0, 2);
    const text = await m.registry.metrics();
    expect(text).toContain('model_predictions_total{label="toxic",outcome="positive"} 3');
    expect(text).toContain('model_predictions_total{label="toxic",outcome="negative"} 9');
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

  it('renders the Prometheus text content type', async () => {
    const { contentType, body } = await new ServerMetrics({ defaultMetrics: false }).render();
    expect(contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(body).toContain('# TYPE model_load_failures_total counter');
  });
});
