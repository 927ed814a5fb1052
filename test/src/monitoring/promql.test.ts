import { Duration } from 'cdk8s';
import { anyOf, metricNamesIn, num, promDuration, quote, selector } from '../../../src/monitoring/promql';

describe('selector', () => {
  it('renders equality and regex matchers in order, quoting values', () => {
    expect(selector('up', { job: 'api', route: { op: '!~', value: '/a|/b' }, code: { op: '=~', value: '5..' } })).toBe(
      'up{job="api",route!~"/a|/b",code=~"5.."}',
    );
  });

  it('leaves the braces out without matchers', () => {
    expect(selector('up')).toBe('up');
  });

  it('escapes quotes and backslashes in values', () => {
    expect(quote('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(selector('m', { l: 'x"y' })).toBe('m{l="x\\"y"}');
  });
});

describe('anyOf', () => {
  it('joins literal values into an RE2 alternation with metacharacters escaped', () => {
    expect(anyOf(['/healthz', 'a.b', '(x)'])).toBe('/healthz|a\\.b|\\(x\\)');
  });

  it('throws when given no values', () => {
    expect(() => anyOf([])).toThrow('anyOf: at least one value is needed');
  });
});

describe('promDuration', () => {
  it('uses the largest whole unit', () => {
    expect([30, 60, 300, 90, 7200].map((s) => promDuration(Duration.seconds(s)))).toEqual([
      '30s',
      '1m',
      '5m',
      '90s',
      '2h',
    ]);
  });

  it('throws on fractions of a second and zero', () => {
    expect(() => promDuration(Duration.millis(1500))).toThrow('got 1.5s');
    expect(() => promDuration(Duration.seconds(0))).toThrow('got 0s');
  });
});

describe('num', () => {
  it('renders the shortest decimal and refuses non-finite values', () => {
    expect([num(0.5), num(0.05), num(10)]).toEqual(['0.5', '0.05', '10']);
    expect(() => num(Infinity)).toThrow('got Infinity');
  });
});

describe('metricNamesIn', () => {
  it('finds the metric names and skips functions, keywords, labels, strings and durations', () => {
    const expr =
      'histogram_quantile(0.95, sum by (namespace, le) (rate(http_request_duration_seconds_bucket{route="/v1/predict",job=~"a|b"}[5m]))) > 0.5' +
      ' and on (job) max without (instance) (model_server_ready offset 5m) == bool 1e3' +
      ' unless vector(70) or kube_deployment_spec_replicas - 1';
    expect(metricNamesIn(expr)).toEqual([
      'http_request_duration_seconds_bucket',
      'kube_deployment_spec_replicas',
      'model_server_ready',
    ]);
  });

  it('reads names with colons (recording rules) and ignores Grafana variables', () => {
    expect(metricNamesIn('rate(job:requests:rate5m{a="b"}[$__rate_interval])')).toEqual(['job:requests:rate5m']);
  });
});
