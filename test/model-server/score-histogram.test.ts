import { Histogram, Registry } from 'prom-client';
import { ScoreHistogram } from '../../model-server/score-histogram';

const OPTIONS = { name: 'test_score', help: 'A test score.', labelName: 'label', buckets: [0.25, 0.5, 1] };

/** Sample lines of one metric family in a text exposition, without HELP/TYPE. */
function samples(text: string, name: string): string[] {
  return text.split('\n').filter((l) => l.startsWith(`${name}_`));
}

describe('ScoreHistogram', () => {
  it('exposes cumulative buckets, +Inf, sum and count per label value in the text format', async () => {
    const registry = new Registry();
    const h = new ScoreHistogram(OPTIONS);
    h.registerIn(registry);
    const toxic = h.recorder('toxic');
    // 0.25 and 0.5 are bucket bounds: "le" is inclusive. 2 is above every bound (+Inf only).
    for (const v of [0.1, 0.25, 0.3, 0.5, 0.9, 2]) toxic.observe(v);
    h.recorder('insult').observe(0.75);
    const text = await registry.metrics();
    expect(text).toContain('# HELP test_score A test score.\n# TYPE test_score histogram\n');
    expect(samples(text, 'test_score')).toEqual([
      'test_score_bucket{le="0.25",label="toxic"} 2',
      'test_score_bucket{le="0.5",label="toxic"} 4',
      'test_score_bucket{le="1",label="toxic"} 5',
      'test_score_bucket{le="+Inf",label="toxic"} 6',
      'test_score_sum{label="toxic"} 4.05',
      'test_score_count{label="toxic"} 6',
      'test_score_bucket{le="0.25",label="insult"} 0',
      'test_score_bucket{le="0.5",label="insult"} 0',
      'test_score_bucket{le="1",label="insult"} 1',
      'test_score_bucket{le="+Inf",label="insult"} 1',
      'test_score_sum{label="insult"} 0.75',
      'test_score_count{label="insult"} 1',
    ]);
  });

  it('writes the same samples as prom-client’s own Histogram for the same observations', async () => {
    const values = Array.from({ length: 500 }, (_v, i) => ((i * 7919) % 1000) / 999);
    const ours = new Registry();
    const theirs = new Registry();
    const h = new ScoreHistogram(OPTIONS);
    h.registerIn(ours);
    const reference = new Histogram({ ...OPTIONS, labelNames: ['label'], registers: [theirs] });
    for (const [i, v] of values.entries()) {
      const label = i % 3 === 0 ? 'a' : 'b';
      h.recorder(label).observe(v);
      reference.observe({ label }, v);
    }
    // Same additions in the same order, so even the sums agree to the last digit.
    expect(samples(await ours.metrics(), 'test_score')).toEqual(samples(await theirs.metrics(), 'test_score'));
    expect(samples(await ours.metrics(), 'test_score')).toHaveLength(2 * 6);
  });

  it('answers getMetricsAsJSON with the histogram type and its samples', async () => {
    const registry = new Registry();
    const h = new ScoreHistogram(OPTIONS);
    h.registerIn(registry);
    h.recorder('toxic').observe(0.4);
    const [metric] = await registry.getMetricsAsJSON();
    expect(metric).toMatchObject({ name: 'test_score', help: 'A test score.', type: 'histogram', aggregator: 'sum' });
    expect(metric.values).toContainEqual({
      metricName: 'test_score_bucket',
      labels: { le: 0.5, label: 'toxic' },
      value: 1,
    });
    expect(metric.values).toContainEqual({ metricName: 'test_score_count', labels: { label: 'toxic' }, value: 1 });
  });

  it('ignores values that are not finite, so one bad score cannot poison the sum', async () => {
    const registry = new Registry();
    const h = new ScoreHistogram(OPTIONS);
    h.registerIn(registry);
    const r = h.recorder('toxic');
    r.observe(Number.NaN);
    r.observe(Number.POSITIVE_INFINITY);
    r.observe(0.2);
    const text = await registry.metrics();
    expect(text).toContain('test_score_count{label="toxic"} 1');
    expect(text).toContain('test_score_sum{label="toxic"} 0.2');
  });

  it('exposes nothing before the first observation and forgets every label on reset', async () => {
    const registry = new Registry();
    const h = new ScoreHistogram(OPTIONS);
    h.registerIn(registry);
    expect(samples(await registry.metrics(), 'test_score')).toEqual([]);
    h.recorder('toxic').observe(0.5);
    expect(samples(await registry.metrics(), 'test_score')).toHaveLength(6);
    registry.resetMetrics();
    expect(samples(await registry.metrics(), 'test_score')).toEqual([]);
  });

  it('throws when the buckets are empty, not increasing or not finite', () => {
    expect(() => new ScoreHistogram({ ...OPTIONS, buckets: [] })).toThrow('at least one bucket bound');
    expect(() => new ScoreHistogram({ ...OPTIONS, buckets: [0.5, 0.5] })).toThrow(
      'bucket bounds must be finite and strictly increasing, got [0.5, 0.5]',
    );
    expect(() => new ScoreHistogram({ ...OPTIONS, buckets: [0.5, Number.POSITIVE_INFINITY] })).toThrow(
      'strictly increasing',
    );
  });

  it('throws when the metric or label name is invalid or reserved', () => {
    expect(() => new ScoreHistogram({ ...OPTIONS, name: 'bad-name' })).toThrow('invalid metric name "bad-name"');
    expect(() => new ScoreHistogram({ ...OPTIONS, labelName: 'le' })).toThrow('invalid label name "le"');
    expect(() => new ScoreHistogram({ ...OPTIONS, labelName: '__x' })).toThrow('invalid label name "__x"');
  });

  it('throws when registered twice under one name in a registry', () => {
    const registry = new Registry();
    new ScoreHistogram(OPTIONS).registerIn(registry);
    expect(() => new ScoreHistogram(OPTIONS).registerIn(registry)).toThrow('already been registered');
  });
});
