import {
  AUTH_FAILURE_REASONS,
  HTTP_DURATION_BUCKETS,
  METRICS,
  METRIC_LABELS,
  MODEL_LOAD_FAILURE_REASONS,
  PREDICTION_SCORE_BUCKETS,
} from '../../../src/contract/metric-names';

describe('metric names', () => {
  const metrics = Object.values(METRICS);

  it('are snake_case and unique', () => {
    for (const m of metrics) expect(m.name).toMatch(/^[a-z][a-z0-9_]*[a-z0-9]$/);
    expect(new Set(metrics.map((m) => m.name)).size).toBe(metrics.length);
  });

  it('end counters in _total and only counters', () => {
    for (const m of metrics) expect(m.name.endsWith('_total')).toBe(m.type === 'counter');
  });

  it('carry a unit suffix on every histogram of a duration (seconds); the score is a unitless probability', () => {
    const histograms = metrics.filter((x) => x.type === 'histogram');
    for (const m of histograms.filter((x) => x !== METRICS.predictionScore)) expect(m.name).toMatch(/_seconds$/);
    expect(METRICS.predictionScore.name).not.toMatch(/_seconds$/);
  });

  it('bound the score buckets to probabilities, in increasing order, with 0.5 and 1 among them', () => {
    const b = [...PREDICTION_SCORE_BUCKETS];
    expect(b).toEqual([...b].sort((x, y) => x - y));
    expect(new Set(b).size).toBe(b.length);
    for (const x of b) expect(x > 0 && x <= 1).toBe(true);
    expect(b).toContain(0.5);
    expect(b.at(-1)).toBe(1);
    expect(METRICS.predictionScore.buckets).toBe(PREDICTION_SCORE_BUCKETS);
    expect(METRICS.predictionScore.labelNames).toEqual([METRIC_LABELS.label]);
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
