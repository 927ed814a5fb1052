import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Duration } from 'cdk8s';
import { parse } from 'yaml';
import { METRICS } from '../../../src/contract/metric-names';
import {
  type ToxicityAlertsOptions,
  alertExpr,
  alertRuleGroup,
  alertingRule,
  recentModelLoadFailures,
  renderRuleFile,
  toxicityAlerts,
} from '../../../src/monitoring/alert-rules';
import { KUBE_STATE_METRICS } from '../../../src/monitoring/kube-state-metrics';
import { metricNamesIn } from '../../../src/monitoring/promql';

const OPTIONS: ToxicityAlertsOptions = {
  target: { namespace: 'ml', job: 'tox' },
  deploymentName: 'tox',
  maxUnavailable: 1,
  hpaName: 'tox',
  runbookUrl: 'https://example.com/docs/monitoring.md',
};

describe('toxicityAlerts', () => {
  const alerts = toxicityAlerts(OPTIONS);
  const byId = Object.fromEntries(alerts.map((a) => [a.id, a]));

  it('defines the ten alerts with severity, summary, description and a runbook anchor each', () => {
    expect(alerts.map((a) => [a.id, a.name, a.severity])).toEqual([
      ['latency', 'ToxicityApiHighLatency', 'warning'],
      ['errors', 'ToxicityApiHighErrorRatio', 'critical'],
      ['notReady', 'ToxicityApiModelNotReady', 'critical'],
      ['replicas', 'ToxicityApiReplicasBelowBudget', 'critical'],
      ['loadFailures', 'ToxicityApiModelLoadFailures', 'warning'],
      ['shedding', 'ToxicityApiSheddingLoad', 'warning'],
      ['toxicRate', 'ToxicityApiHighToxicRate', 'warning'],
      ['lowConfidence', 'ToxicityApiLowConfidencePredictions', 'warning'],
      ['scoreDrift', 'ToxicityApiScoreDrift', 'warning'],
      ['hpaAtMax', 'ToxicityApiHpaAtMaxReplicas', 'warning'],
    ]);
    for (const a of alerts) {
      expect(a.summary.length).toBeGreaterThan(10);
      expect(a.description.length).toBeGreaterThan(20);
      expect(a.runbookUrl).toBe(`https://example.com/docs/monitoring.md#${a.name.toLowerCase()}`);
    }
  });

  it('uses the thresholds and durations the issue asks for', () => {
    expect([byId.latency.operator, byId.latency.threshold, byId.latency.for.toMinutes()]).toEqual(['>', '0.5', 5]);
    expect([byId.errors.operator, byId.errors.threshold, byId.errors.for.toMinutes()]).toEqual(['>', '0.05', 5]);
    expect([byId.notReady.operator, byId.notReady.threshold, byId.notReady.for.toMinutes()]).toEqual(['==', '0', 2]);
    expect(byId.hpaAtMax.for.toMinutes()).toBe(15);
    expect(byId.loadFailures.operator).toBe('>');
    expect([byId.toxicRate.operator, byId.toxicRate.threshold, byId.toxicRate.for.toMinutes()]).toEqual([
      '>',
      '0.3',
      10,
    ]);
    expect([byId.lowConfidence.operator, byId.lowConfidence.threshold, byId.lowConfidence.for.toMinutes()]).toEqual([
      '>=',
      '0.8',
      10,
    ]);
    expect([byId.scoreDrift.operator, byId.scoreDrift.threshold, byId.scoreDrift.for.toMinutes()]).toEqual([
      '>',
      '0.2',
      15,
    ]);
  });

  it('takes the toxic rate of the toxic label, the low-confidence share per label and the PSI of pods with enough comments', () => {
    const sel = '{namespace="ml",job="tox"';
    expect(byId.toxicRate.quantity).toBe(
      `sum by (namespace, job) (rate(model_predictions_total${sel},label="toxic",outcome="positive"}[5m])) / ` +
        `sum by (namespace, job) (rate(model_predictions_total${sel},label="toxic"}[5m]))`,
    );
    expect(byId.lowConfidence.quantity).toBe(
      `sum by (namespace, job, label) (rate(model_low_confidence_predictions_total${sel}}[5m])) / ` +
        `sum by (namespace, job, label) (rate(model_prediction_score_count${sel}}[5m]))`,
    );
    expect(byId.scoreDrift.quantity).toBe(
      `avg by (namespace, job, label) (model_score_psi${sel}} and on (namespace, job, instance, label) ` +
        `(model_score_psi_window_comments${sel}} >= 500))`,
    );
  });

  it('moves the drift thresholds and the toxic label with the options', () => {
    const custom = toxicityAlerts({
      ...OPTIONS,
      drift: {
        toxicLabel: 'insult',
        toxicRateThreshold: 0.5,
        lowConfidenceShareThreshold: 0.9,
        psiThreshold: 0.25,
        psiMinComments: 100,
      },
    });
    const by = Object.fromEntries(custom.map((a) => [a.id, a]));
    expect(by.toxicRate.quantity).toContain('label="insult"');
    expect(by.toxicRate.summary).toBe('More than 50% of comments predicted insult');
    expect(by.lowConfidence.threshold).toBe('0.9');
    expect(by.scoreDrift.threshold).toBe('0.25');
    expect(by.scoreDrift.quantity).toContain('>= 100))');
  });

  it('throws when a drift threshold is out of range, naming it', () => {
    expect(() => toxicityAlerts({ ...OPTIONS, drift: { toxicRateThreshold: 1 } })).toThrow(
      "'drift.toxicRateThreshold' must be between 0 and 1 (exclusive), got 1",
    );
    expect(() => toxicityAlerts({ ...OPTIONS, drift: { psiThreshold: 0 } })).toThrow(
      "'drift.psiThreshold' must be a positive number",
    );
    expect(() => toxicityAlerts({ ...OPTIONS, drift: { psiMinComments: 0.5 } })).toThrow(
      "'drift.psiMinComments' must be a positive integer",
    );
    expect(() => toxicityAlerts({ ...OPTIONS, drift: { toxicLabel: 'a"b' } })).toThrow(
      "'drift.toxicLabel' must be a model label",
    );
  });

  it('selects the API series by namespace and job, and the prediction route for latency', () => {
    expect(byId.latency.quantity).toBe(
      'histogram_quantile(0.95, sum by (namespace, job, le) (rate(http_request_duration_seconds_bucket{namespace="ml",job="tox",route="/v1/predict"}[5m])))',
    );
    expect(byId.errors.quantity).toContain('status_code=~"5.."');
    expect(byId.errors.quantity).toContain(
      'route!~"/healthz|/readyz|/v2/health/live|/v2/health/ready|/v2/models/:model/ready|/ping|/health|/metrics|unmatched"',
    );
    expect(byId.notReady.quantity).toBe(
      'max by (namespace, job, instance) (model_server_ready{namespace="ml",job="tox"})',
    );
  });

  it('counts load failures by increase on old series and by current value on series new in the window', () => {
    const failures = 'model_load_failures_total{namespace="ml",job="tox"}';
    expect(alertExpr(byId.loadFailures)).toBe(
      `sum by (namespace, job, reason) ((${failures} unless present_over_time(${failures}[15m] offset 15m)) or increase(${failures}[15m])) > 0`,
    );
    expect(recentModelLoadFailures(OPTIONS.target, '1h')).toContain(`[1h] offset 1h)) or increase(${failures}[1h])`);
  });

  it('compares available replicas with the desired count less the budget', () => {
    expect(alertExpr(byId.replicas)).toBe(
      'max by (namespace, deployment) (kube_deployment_status_replicas_available{namespace="ml",deployment="tox"}) < ' +
        'max by (namespace, deployment) (kube_deployment_spec_replicas{namespace="ml",deployment="tox"}) - 1',
    );
    const strict = toxicityAlerts({ ...OPTIONS, maxUnavailable: 0 }).find((a) => a.id === 'replicas')!;
    expect(strict.threshold).not.toContain(' - ');
  });

  it('reads its metric names from the server and kube-state-metrics constants', () => {
    const names = new Set(alerts.flatMap((a) => metricNamesIn(alertExpr(a))));
    expect(names).toEqual(
      new Set([
        `${METRICS.httpRequestDuration.name}_bucket`,
        METRICS.httpRequests.name,
        METRICS.requestsShed.name,
        METRICS.ready.name,
        METRICS.modelLoadFailures.name,
        METRICS.predictions.name,
        METRICS.lowConfidencePredictions.name,
        `${METRICS.predictionScore.name}_count`,
        METRICS.scorePsi.name,
        METRICS.scorePsiWindow.name,
        KUBE_STATE_METRICS.deploymentAvailableReplicas,
        KUBE_STATE_METRICS.deploymentSpecReplicas,
        KUBE_STATE_METRICS.hpaCurrentReplicas,
        KUBE_STATE_METRICS.hpaMaxReplicas,
      ]),
    );
  });

  it('leaves the HPA alert out without an HPA (static mode)', () => {
    expect(toxicityAlerts({ ...OPTIONS, hpaName: undefined }).map((a) => a.id)).not.toContain('hpaAtMax');
  });

  it('moves the thresholds with the options', () => {
    const custom = toxicityAlerts({ ...OPTIONS, latencyThreshold: Duration.seconds(1), errorRatioThreshold: 0.01 });
    expect(custom.find((a) => a.id === 'latency')!.threshold).toBe('1');
    expect(custom.find((a) => a.id === 'errors')!.threshold).toBe('0.01');
    expect(custom.find((a) => a.id === 'errors')!.summary).toContain('1%');
  });

  it('throws when the latency threshold is not a bucket bound, naming the value', () => {
    expect(() => toxicityAlerts({ ...OPTIONS, latencyThreshold: Duration.millis(300) })).toThrow(
      "toxicityAlerts: 'latencyThreshold' must be a bucket bound of the request duration histogram (1ms, 2.5ms, 5ms, 10ms, 25ms, 50ms, 100ms, 250ms, 500ms, 1000ms, 2500ms, 5000ms, 10000ms), got 300ms",
    );
    expect(() => toxicityAlerts({ ...OPTIONS, latencyThreshold: Duration.seconds(10) })).toThrow(
      "'latencyThreshold' must be below the last bucket bound",
    );
  });

  it.each([0, 1, -0.1, Number.NaN])('throws when the error ratio threshold is %p', (ratio) => {
    expect(() => toxicityAlerts({ ...OPTIONS, errorRatioThreshold: ratio })).toThrow(
      `toxicityAlerts: 'errorRatioThreshold' must be between 0 and 1 (exclusive), got ${ratio}`,
    );
  });

  it('throws when the runbook URL has a fragment or maxUnavailable is negative', () => {
    expect(() => toxicityAlerts({ ...OPTIONS, runbookUrl: 'https://x/y#z' })).toThrow(
      `'runbookUrl' must be a URL or path without a fragment, got "https://x/y#z"`,
    );
    expect(() => toxicityAlerts({ ...OPTIONS, maxUnavailable: -1 })).toThrow(
      "'maxUnavailable' must be a non-negative integer, got -1",
    );
  });
});

describe('alertingRule and renderRuleFile', () => {
  it('renders a rule file Prometheus reads back to the same groups', () => {
    const alerts = toxicityAlerts(OPTIONS);
    const group = alertRuleGroup('tox', alerts, Duration.seconds(30));
    expect(group.interval).toBe('30s');
    expect(alertingRule(alerts[0])).toEqual({
      alert: 'ToxicityApiHighLatency',
      expr: `${alerts[0].quantity} > 0.5`,
      for: '5m',
      labels: { severity: 'warning' },
      annotations: {
        summary: alerts[0].summary,
        description: alerts[0].description,
        runbook_url: 'https://example.com/docs/monitoring.md#toxicityapihighlatency',
      },
    });
    expect(alertingRule(alerts.find((a) => a.id === 'loadFailures')!).for).toBe('0s');
    expect(parse(renderRuleFile([group]))).toEqual({ groups: [JSON.parse(JSON.stringify(group))] });
  });

  it('never puts a namespace label on a rule (Managed Prometheus refuses it on namespaced Rules)', () => {
    for (const a of toxicityAlerts(OPTIONS)) expect(Object.keys(alertingRule(a).labels)).toEqual(['severity']);
  });

  it('throws when a group has no alerts', () => {
    expect(() => alertRuleGroup('empty', [], Duration.seconds(30))).toThrow(
      'alertRuleGroup: group "empty" has no alerts',
    );
  });
});

describe('the runbook (docs/monitoring.md)', () => {
  const doc = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'monitoring.md'), 'utf8');
  const headings = [...doc.matchAll(/^### (.+)$/gm)].map((m) => m[1]);

  it('has a section per alert whose GitHub anchor is the one in runbook_url', () => {
    for (const a of toxicityAlerts(OPTIONS)) {
      expect(headings).toContain(a.name);
      // GitHub's anchor for a heading of letters only is the heading in lower case.
      expect(a.runbookUrl.split('#')[1]).toBe(a.name.toLowerCase());
    }
  });

  it('tells how to roll back the workload and the model in every section', () => {
    const sections = doc.split(/^### /m).slice(1);
    expect(sections).toHaveLength(toxicityAlerts(OPTIONS).length);
    for (const s of sections) expect(s).toMatch(/rollout undo deployment\/<app>|toxicity rollback/);
    expect(doc).toContain('kubectl -n <ns> rollout undo deployment/<app>');
    expect(doc).toContain('toxicity rollback toxic-detector');
  });
});
