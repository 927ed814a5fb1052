import { EXTERNAL_METRICS, KUBE_STATE_METRICS } from '../../../src/monitoring/kube-state-metrics';

describe('EXTERNAL_METRICS', () => {
  it('attributes every kube-state-metrics name to kube-state-metrics and `up` to Prometheus', () => {
    for (const name of Object.values(KUBE_STATE_METRICS)) expect(EXTERNAL_METRICS[name]).toBe('kube-state-metrics');
    expect(EXTERNAL_METRICS.up).toBe('prometheus');
    expect(Object.keys(EXTERNAL_METRICS)).toHaveLength(Object.keys(KUBE_STATE_METRICS).length + 1);
  });

  it('uses kube-state-metrics v2 names (kube_horizontalpodautoscaler_*, not the removed kube_hpa_*)', () => {
    expect(Object.values(KUBE_STATE_METRICS).every((n) => /^kube_(deployment|horizontalpodautoscaler)_/.test(n))).toBe(
      true,
    );
  });
});
