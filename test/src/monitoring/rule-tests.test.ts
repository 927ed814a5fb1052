import { parse } from 'yaml';
import { alertingRule, toxicityAlerts } from '../../../src/monitoring/alert-rules';
import {
  type RuleTestContext,
  alertRuleTests,
  coveredAlerts,
  humanize,
  renderAlertTemplate,
  renderRuleTests,
} from '../../../src/monitoring/rule-tests';

const CTX: RuleTestContext = {
  target: { namespace: 'ml', job: 'tox' },
  deploymentName: 'tox',
  hpaName: 'tox-hpa',
  maxUnavailable: 1,
};
const alerts = toxicityAlerts({ ...CTX, runbookUrl: 'docs/monitoring.md' });

describe('alertRuleTests', () => {
  const file = alertRuleTests(alerts, CTX, 'rules.yaml');

  it('has a firing and a silent test group for every alert', () => {
    expect(file.rule_files).toEqual(['rules.yaml']);
    for (const a of alerts) {
      const groups = file.tests.filter((g) => g.alert_rule_test.some((c) => c.alertname === a.name));
      expect(groups.map((g) => g.name)).toEqual([
        `${a.name} fires when breached for ${alertingRule(a).for}`,
        `${a.name} stays silent just under its threshold`,
      ]);
      const [breach, safe] = groups;
      expect(breach.alert_rule_test.at(-1)!.exp_alerts).toHaveLength(1);
      expect(safe.alert_rule_test.every((c) => c.exp_alerts.length === 0)).toBe(true);
    }
    expect([...coveredAlerts(file).keys()].sort()).toEqual(alerts.map((a) => a.name).sort());
  });

  it('checks that alerts with a `for` of 2 minutes or more are still pending a minute before it', () => {
    const latency = file.tests.find((g) => g.name.startsWith('ToxicityApiHighLatency fires'))!;
    expect(latency.alert_rule_test.map((c) => [c.eval_time, c.exp_alerts.length])).toEqual([
      ['4m', 0],
      ['11m', 1],
    ]);
  });

  it('puts the breaching and the safe error counts one request either side of the threshold', () => {
    const series = (name: string) =>
      file.tests.find((g) => g.name.startsWith(name))!.input_series.map((s) => [s.series, s.values]);
    expect(series('ToxicityApiHighErrorRatio fires')).toEqual([
      [
        'http_requests_total{namespace="ml",job="tox",instance="pod-a:http",method="POST",route="/v1/predict",status_code="200"}',
        '0+949x40',
      ],
      [
        'http_requests_total{namespace="ml",job="tox",instance="pod-a:http",method="POST",route="/v1/predict",status_code="500"}',
        '0+51x40',
      ],
      [
        'http_requests_total{namespace="ml",job="tox",instance="pod-a:http",method="GET",route="/readyz",status_code="503"}',
        '0+1000x40',
      ],
    ]);
    expect(series('ToxicityApiHighErrorRatio stays')[1][1]).toBe('0+49x40');
  });

  it('expects labels and rendered annotations of the firing alert', () => {
    const errors = file.tests.find((g) => g.name.startsWith('ToxicityApiHighErrorRatio fires'))!;
    expect(errors.alert_rule_test.at(-1)!.exp_alerts[0]).toEqual({
      exp_labels: { namespace: 'ml', job: 'tox', severity: 'critical' },
      exp_annotations: {
        summary: 'More than 5% of API requests fail with 5xx',
        description: '5.1% of API requests to tox in ml answered 5xx over the last 5m, above 5% for 5 minutes.',
        runbook_url: 'docs/monitoring.md#toxicityapihigherrorratio',
      },
    });
    const hpa = file.tests.find((g) => g.name.startsWith('ToxicityApiHpaAtMaxReplicas fires'))!;
    expect(hpa.alert_rule_test.at(-1)!.exp_alerts[0].exp_labels).toEqual({
      namespace: 'ml',
      horizontalpodautoscaler: 'tox-hpa',
      severity: 'warning',
    });
  });

  it('renders YAML promtool reads back to the same object', () => {
    expect(parse(renderRuleTests(file))).toEqual(JSON.parse(JSON.stringify(file)));
  });

  it('throws for the HPA alert without an HPA name', () => {
    expect(() => alertRuleTests(alerts, { ...CTX, hpaName: undefined }, 'rules.yaml')).toThrow(
      'the HPA alert needs hpaName in the test context',
    );
  });
});

describe('renderAlertTemplate', () => {
  it('renders labels and values the way Prometheus does', () => {
    expect(
      renderAlertTemplate(
        '{{ $labels.job }}: {{ $value | humanize }}s, {{ $value | humanizePercentage }}, {{$value}}, {{ $labels.none }}.',
        { job: 'tox' },
        0.50980392,
      ),
    ).toBe('tox: 509.8ms, 50.98%, 0.50980392, .');
  });

  it('throws on a template construct it does not implement', () => {
    expect(() => renderAlertTemplate('{{ $value | humanizeDuration }}', {}, 1)).toThrow(
      'renderAlertTemplate: unsupported template {{ $value | humanizeDuration }}',
    );
  });
});

describe('humanize', () => {
  it('applies SI prefixes and four significant digits', () => {
    expect([0, 1, 0.975, 0.0015, 1234, 2_500_000, 10].map(humanize)).toEqual([
      '0',
      '1',
      '975m',
      '1.5m',
      '1.234k',
      '2.5M',
      '10',
    ]);
  });
});
