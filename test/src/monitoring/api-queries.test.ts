import { ROUTES } from '../../../src/contract/http-routes';
import { anyOf } from '../../../src/monitoring/promql';
import { expressPath } from '../../../model-server/routes';
import { METRICS, UNMATCHED_ROUTE } from '../../../src/contract/metric-names';
import * as q from '../../../src/monitoring/api-queries';
import { ToxicityApi } from '../../../src/constructs/toxicity-api';

const T = { namespace: 'ml', job: 'tox' };

describe('API queries', () => {
  it('leaves the probes, the scrape endpoint and unknown paths out of client traffic', () => {
    expect(q.NON_API_ROUTES).toEqual(
      expect.arrayContaining([
        ToxicityApi.LIVENESS_PATH,
        ToxicityApi.READINESS_PATH,
        ToxicityApi.METRICS_PATH,
        UNMATCHED_ROUTE,
      ]),
    );
    expect(q.requestRate(T, '1m')).toBe(
      'sum by (route, status_code) (rate(http_requests_total{namespace="ml",job="tox",route!~"/healthz|/readyz|/v2/health/live|/v2/health/ready|/v2/models/:model/ready|/ping|/health|/metrics|unmatched"}[1m]))',
    );
  });

  /** Whether a `route` label value is client traffic, matching as Prometheus does (regexes fully anchored). */
  const isClientTraffic = (label: string) => !new RegExp(`^(?:${anyOf(q.NON_API_ROUTES)})$`).test(label);

  it('leaves out the health routes of the compatible protocols, by the label the server records', () => {
    // A 503 on these while the model loads is a probe saying "not yet", not a failed client request.
    for (const route of [
      ROUTES.oipLive,
      ROUTES.oipReady,
      ROUTES.oipModelReady,
      ROUTES.mlflowPing,
      ROUTES.mlflowHealth,
      ROUTES.health,
      ROUTES.ready,
    ]) {
      expect([expressPath(route), isClientTraffic(expressPath(route))]).toEqual([expressPath(route), false]);
    }
  });

  it('keeps every scoring and metadata route in client traffic', () => {
    for (const route of [
      ROUTES.predict,
      ROUTES.predictLegacy,
      ROUTES.model,
      ROUTES.openapi,
      ROUTES.perspectiveAnalyze,
      ROUTES.oipServer,
      ROUTES.oipModel,
      ROUTES.oipInfer,
      ROUTES.mlflowInvocations,
      ROUTES.mlflowVersion,
    ]) {
      expect([expressPath(route), isClientTraffic(expressPath(route))]).toEqual([expressPath(route), true]);
    }
  });

  it('divides 5xx by all client requests for the error ratio', () => {
    const [errors, all] = q.errorRatio(T, '5m').split(' / ');
    expect(errors).toContain(`${METRICS.httpRequests.name}{`);
    expect(errors).toContain('status_code=~"5.."');
    expect(all).not.toContain('status_code');
  });

  it('throws when a quantile is outside (0, 1)', () => {
    expect(() => q.predictLatencyQuantile(T, 95, '5m')).toThrow(
      "predictLatencyQuantile: 'q' must be in (0, 1), got 95",
    );
  });

  it('divides CPU seconds by the request in cores and refuses a bad request', () => {
    expect(q.cpuPercentOfRequest(T, 500, '5m')).toBe(
      'avg(rate(process_cpu_seconds_total{namespace="ml",job="tox"}[5m])) * 100 / 0.5',
    );
    expect(() => q.cpuPercentOfRequest(T, 0, '5m')).toThrow("'cpuRequestMillis' must be a positive integer, got 0");
  });

  it('selects kube-state-metrics series by namespace and object name', () => {
    expect(q.hpaCurrentReplicas('ml', 'tox')).toBe(
      'max by (namespace, horizontalpodautoscaler) (kube_horizontalpodautoscaler_status_current_replicas{namespace="ml",horizontalpodautoscaler="tox"})',
    );
    expect(q.availableReplicas('ml', 'tox')).toBe(
      'max by (namespace, deployment) (kube_deployment_status_replicas_available{namespace="ml",deployment="tox"})',
    );
  });
});
