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

  it('has a firing and a silent test group for every alert, and two more edge cases for load failures', () => {
    expect(file.rule_files).toEqual(['rules.yaml']);
    for (const a of alerts) {
      const groups = file.tests.filter((g) => g.alert_rule_test.some((c) => c.alertname === a.name));
      const names = [
        `${a.name} fires when breached for ${alertingRule(a).for}`,
        `${a.name} stays silent just under its threshold`,
      ];
      if (a.id === 'loadFailures') {
        names.splice(
          1,
          1,
          `${a.name} fires when a new pod series first appears at 1 (a start-up failure before its first scrape)`,
          `${a.name} stays silent just under its threshold (every counter at 0 for the whole window)`,
          `${a.name} stays silent on a counter flat above 0 for longer than its window`,
          `${a.name} stays silent on a counter above 0 that missed one scrape (stale) a window earlier`,
        );
      }
      expect(groups.map((g) => g.name)).toEqual(names);
      for (const g of groups) {
        const firing = g.alert_rule_test.filter((c) => c.exp_alerts.length > 0);
        expect(firing.map((c) => c.exp_alerts.length)).toEqual(g.name.includes(' fires when ') ? [1] : []);
      }
    }
    expect([...coveredAlerts(file).keys()].sort()).toEqual(alerts.map((a) => a.name).sort());
  });

  it('lists the checks of every group in time order', () => {
    for (const g of file.tests) {
      const minutes = g.alert_rule_test.map((c) => parseInt(c.eval_time, 10));
      expect(minutes).toEqual([...minutes].sort((a, b) => a - b));
    }
  });

  describe('the load-failure cases', () => {
    const group = (title: string) => file.tests.find((g) => g.name === `ToxicityApiModelLoadFailures ${title}`)!;
    const checks = (title: string) => group(title).alert_rule_test.map((c) => [c.eval_time, c.exp_alerts.length]);
    const values = (title: string) => group(title).input_series.map((s) => [s.series, s.values]);
    const failures = (instance: string, reason: string) =>
      `model_load_failures_total{namespace="ml",job="tox",instance="${instance}",reason="${reason}"}`;

    it('fires on a counter that sat at 0 for more than the window and grows, until the window has passed', () => {
      expect(values('fires when breached for 0s')).toEqual([
        [failures('pod-a:http', 'invalid_json'), '0x19 1x20'],
        [failures('pod-a:http', 'not_found'), '0x40'],
      ]);
      // 15m window + 5m lookback after the change at minute 20 is over by minute 37.
      expect(checks('fires when breached for 0s')).toEqual([
        ['19m', 0],
        ['21m', 1],
        ['37m', 0],
      ]);
    });

    it('fires on a new pod whose series appears at 1 beside an old pod at 0, for one window', () => {
      const title = 'fires when a new pod series first appears at 1 (a start-up failure before its first scrape)';
      expect(values(title)).toEqual([
        [failures('pod-a:http', 'invalid_json'), '0x40'],
        [failures('pod-a:http', 'not_found'), '0x40'],
        [failures('pod-b:http', 'invalid_json'), '_x20 1x20'],
        [failures('pod-b:http', 'not_found'), '_x20 0x20'],
      ]);
      expect(checks(title)).toEqual([
        ['19m', 0],
        ['21m', 1],
        ['37m', 0],
      ]);
      expect(group(title).alert_rule_test[1].exp_alerts[0].exp_labels).toEqual({
        namespace: 'ml',
        job: 'tox',
        reason: 'invalid_json',
        severity: 'warning',
      });
    });

    it('stays silent on counters at 0, both while new and once older than the window', () => {
      const title = 'stays silent just under its threshold (every counter at 0 for the whole window)';
      expect(values(title).map(([, v]) => v)).toEqual(['0x40', '0x40']);
      expect(checks(title)).toEqual([
        ['6m', 0],
        ['21m', 0],
      ]);
    });

    it('stays silent on a counter at 1 across a missed scrape, also a window after it', () => {
      const title = 'stays silent on a counter above 0 that missed one scrape (stale) a window earlier';
      expect(values(title)).toEqual([
        [failures('pod-a:http', 'invalid_json'), '1x19 stale 1x19'],
        [failures('pod-a:http', 'not_found'), '0x40'],
      ]);
      expect(checks(title)).toEqual([
        ['20m', 0],
        ['21m', 0],
        ['35m', 0],
      ]);
    });

    it('stays silent on a counter at 1 since long before the window', () => {
      const title = 'stays silent on a counter flat above 0 for longer than its window';
      expect(values(title)).toEqual([
        [failures('pod-a:http', 'invalid_json'), '1x40'],
        [failures('pod-a:http', 'not_found'), '0x40'],
      ]);
      expect(checks(title)).toEqual([
        ['19m', 0],
        ['21m', 0],
      ]);
    });
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
        '0+899x40',
      ],
      [
        'http_requests_total{namespace="ml",job="tox",instance="pod-a:http",method="POST",route="/v1/predict",status_code="500"}',
        '0+101x40',
      ],
      // Health routes answering 503 (the model loading) are not client traffic, whichever protocol's they are.
      ...[
        '/healthz',
        '/readyz',
        '/v2/health/live',
        '/v2/health/ready',
        '/v2/models/:model/ready',
        '/ping',
        '/health',
      ].map((route) => [
        `http_requests_total{namespace="ml",job="tox",instance="pod-a:http",method="GET",route="${route}",status_code="503"}`,
        '0+1000x40',
      ]),
      // Shed 503s (counted as shed) are in the traffic but not in the errors: 101 / 2000 = 5.05% > 5%.
      [
        'http_requests_total{namespace="ml",job="tox",instance="pod-a:http",method="POST",route="/v1/predict",status_code="503"}',
        '0+1000x40',
      ],
      ['http_requests_shed_total{namespace="ml",job="tox",instance="pod-a:http",reason="in_flight"}', '0+1000x40'],
    ]);
    expect(series('ToxicityApiHighErrorRatio stays')[1][1]).toBe('0+99x40');
  });

  it('expects labels and rendered annotations of the firing alert', () => {
    const errors = file.tests.find((g) => g.name.startsWith('ToxicityApiHighErrorRatio fires'))!;
    expect(errors.alert_rule_test.at(-1)!.exp_alerts[0]).toEqual({
      exp_labels: { namespace: 'ml', job: 'tox', severity: 'critical' },
      exp_annotations: {
        summary: 'More than 5% of API requests fail with 5xx',
        description: '5.05% of API requests to tox in ml answered 5xx over the last 5m, above 5% for 5 minutes.',
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
