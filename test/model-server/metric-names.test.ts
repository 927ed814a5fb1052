import {
  AUTH_FAILURE_REASONS,
  HTTP_DURATION_BUCKETS,
  METRICS,
  METRIC_LABELS,
  MODEL_LOAD_FAILURE_REASONS,
} from '../../model-server/metric-names';

describe('metric names', () => {
  const metrics = Object.values(METRICS);

  it('are snake_case and unique', () => {
    for (const m of metrics) expect(m.name).toMatch(/^[a-z][a-z0-9_]*[a-z0-9]$/);
    expect(new Set(metrics.map((m) => m.name)).size).toBe(metrics.length);
  });

  it('end counters in _total and only counters', () => {
    for (const m of metrics) expect(m.name.endsWith('_total')).toBe(m.type === 'counter');
  });

  it('carry a unit suffix on every histogram (seconds)', () => {
    for (const m of metrics.filter((x) => x.type === 'histogram')) expect(m.name).toMatch(/_seconds$/);
  });

  it('use only the declared label names', () => {
    const known = new Set<string>(Object.values(METRIC_LABELS));
    for (const m of metrics) for (const l of m.labelNames) expect(known.has(l)).toBe(true);
  });

  it('include 0.5 s among the request duration buckets, in increasing order', () => {
    expect(HTTP_DURATION_BUCKETS).toContain(0.5);
    expect([...HTTP_DURATION_BUCKETS].sort((a, b) => a - b)).toEqual([...HTTP_DURATION_BUCKETS]);
    expect(METRICS.httpRequestDuration.buckets).toBe(HTTP_DURATION_BUCKETS);
  });

  it('keep reason values bounded and snake_case', () => {
    for (const r of [...AUTH_FAILURE_REASONS, ...MODEL_LOAD_FAILURE_REASONS]) expect(r).toMatch(/^[a-z_]+$/);
  });
});
