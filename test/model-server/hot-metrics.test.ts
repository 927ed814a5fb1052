import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { HotCounter, HotGauge, HotHistogram } from '../../model-server/hot-metrics';

const BUCKETS = [0.005, 0.05, 0.5, 5];

/** The same observations through prom-client's metrics and through hot-metrics.ts, as exposition text. */
async function bothTexts(): Promise<[string, string]> {
  const reference = new Registry();
  const refHistogram = new Histogram({
    name: 'req_seconds',
    help: 'h',
    labelNames: ['method', 'route'],
    buckets: BUCKETS,
    registers: [reference],
  });
  const refCounter = new Counter({
    name: 'req_total',
    help: 'c',
    labelNames: ['method', 'route'],
    registers: [reference],
  });
  const refGauge = new Gauge({ name: 'in_flight', help: 'g', registers: [reference] });
  const refPlain = new Histogram({ name: 'took_seconds', help: 'p', buckets: BUCKETS, registers: [reference] });

  const hot = new Registry();
  const histogram = new HotHistogram('req_seconds', 'h', ['method', 'route'], BUCKETS);
  histogram.registerIn(hot);
  const counter = new HotCounter('req_total', 'c', ['method', 'route']);
  counter.registerIn(hot);
  const gauge = new HotGauge('in_flight', 'g', []);
  gauge.registerIn(hot);
  const plain = new HotHistogram('took_seconds', 'p', [], BUCKETS);
  plain.registerIn(hot);

  const calls: [string, string, number][] = [
    ['POST', '/v1/predict', 0.003],
    ['POST', '/v1/predict', 0.05],
    ['GET', '/healthz', 7],
    ['POST', '/v1/predict', 0.2],
  ];
  // Children taken and never recorded: no series, as prom-client's.
  refHistogram.labels({ method: 'PUT', route: '/never' });
  refCounter.labels({ method: 'PUT', route: '/never' });
  histogram.child({ method: 'PUT', route: '/never' });
  counter.child({ method: 'PUT', route: '/never' });
  // Recorded with nothing: listed at 0, as prom-client's.
  refCounter.labels({ method: 'HEAD', route: '/zero' }).inc(0);
  counter.child({ method: 'HEAD', route: '/zero' }).inc(0);
  for (const [method, route, seconds] of calls) {
    refHistogram.labels({ method, route }).observe(seconds);
    refCounter.labels({ method, route }).inc();
    histogram.child({ route, method }).observe(seconds);
    counter.child({ method, route }).inc();
  }
  refGauge.inc();
  refGauge.inc();
  refGauge.dec();
  const level = gauge.child();
  level.inc();
  level.inc();
  level.dec();
  refPlain.observe(0.01);
  plain.child().observe(0.01);
  return [await reference.metrics(), await hot.metrics()];
}

describe('hot metrics (request-path counters, gauge and histograms)', () => {
  it('write the same exposition text as prom-client for the same observations', async () => {
    const [reference, hot] = await bothTexts();
    expect(hot).toBe(reference);
    expect(hot).toContain('req_seconds_bucket{le="0.05",method="POST",route="/v1/predict"} 2');
    expect(hot).toContain('req_seconds_bucket{le="+Inf",method="GET",route="/healthz"} 1');
    expect(hot).not.toContain('/never');
    expect(hot).toContain('req_total{method="HEAD",route="/zero"} 0');
  });

  it('list an unlabelled series at 0 before any use, and a labelled one only after its first use', async () => {
    const registry = new Registry();
    new HotHistogram('plain_seconds', 'p', [], BUCKETS).registerIn(registry);
    new HotCounter('labelled_total', 'c', ['label']).registerIn(registry);
    const text = await registry.metrics();
    expect(text).toContain('plain_seconds_count 0');
    expect(text).not.toMatch(/^labelled_total/m);
  });

  it('return one child per label set, whatever the order the labels are given in', () => {
    const counter = new HotCounter('c_total', 'c', ['a', 'b']);
    const one = counter.child({ a: 'x', b: 'y' });
    one.inc(2);
    expect(counter.child({ b: 'y', a: 'x' })).toBe(one);
    expect(one.value).toBe(2);
  });

  it('refuse labels other than the metric’s, naming the expected ones', () => {
    const counter = new HotCounter('c_total', 'c', ['label']);
    expect(() => counter.child({ label: 'x', extra: 'y' })).toThrow('c_total: labels must be exactly ["label"]');
    expect(() => counter.child({})).toThrow('labels must be exactly');
  });

  it('refuse a counter decrease, a bad name and bad buckets', () => {
    expect(() => new HotCounter('c_total', 'c', []).child().inc(-1)).toThrow('a counter only increases, got -1');
    expect(() => new HotCounter('bad name', 'c', [])).toThrow('invalid metric name');
    expect(() => new HotCounter('c_total', 'c', ['le'])).toThrow('invalid label name');
    expect(() => new HotHistogram('h', 'h', [], [])).toThrow('at least one bucket bound');
    expect(() => new HotHistogram('h', 'h', [], [1, 1])).toThrow('strictly increasing');
  });

  it('list a labelled series only once recorded, and again only after a reset and a new recording', async () => {
    const counter = new HotCounter('c_total', 'c', ['outcome']);
    const negative = counter.child({ outcome: 'negative' });
    counter.child({ outcome: 'positive' }).inc(3);
    const listed = async () => (await counter.get()).values.map((v) => v.labels.outcome);
    expect(await listed()).toEqual(['positive']);
    counter.reset();
    expect(await listed()).toEqual([]);
    negative.inc();
    expect(await listed()).toEqual(['negative']);
  });

  it('ignore a non-finite observation and zero every series on reset, keeping the children', async () => {
    const histogram = new HotHistogram('h_seconds', 'h', ['route'], BUCKETS);
    const child = histogram.child({ route: '/x' });
    child.observe(Number.NaN);
    child.observe(Number.POSITIVE_INFINITY);
    child.observe(0.01);
    let sample = (await histogram.get()).values.find((v) => v.metricName === 'h_seconds_count');
    expect(sample?.value).toBe(1);
    histogram.reset();
    child.observe(1);
    sample = (await histogram.get()).values.find((v) => v.metricName === 'h_seconds_sum');
    expect(sample?.value).toBe(1);
  });
});
