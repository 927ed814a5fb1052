import { App, Chart, Duration } from 'cdk8s';
import type { IPrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import type { IPodMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor';
import { ApiDisruptionBudget } from '../../../src/constructs/api-disruption-budget';
import { Monitoring, type MonitoringProps } from '../../../src/constructs/monitoring';
import type { PodMonitor, PrometheusRule } from '../../../src/constructs/monitoring-resources';
import { ToxicityApi, type ToxicityApiProps } from '../../../src/constructs/toxicity-api';
import { dashboardQueries } from '../../../src/monitoring/grafana-dashboard';
import { selectorMatches } from '../../support/hardening-rules';
import { type Manifest, configFor, firstContainer, only, podLabels, synthServing } from '../../support/k8s-manifests';
import { monitoringManifestProblems } from '../../support/monitoring-manifests';

/**
 * Compile-time check that our hand-written CRD interfaces only use keys prometheus-operator's CRDs
 * define (`@kubernetes-models/prometheus-operator` types): an extra key makes a property `never`.
 */
type NoExtraKeys<Mine, Theirs> = Mine extends readonly (infer A)[]
  ? Theirs extends readonly (infer B)[]
    ? readonly NoExtraKeys<A, B>[]
    : never
  : Mine extends object
    ? { [K in keyof Mine]: K extends keyof Theirs ? NoExtraKeys<Mine[K], NonNullable<Theirs[K]>> : never }
    : Mine;
const podMonitorKeysExist = (m: PodMonitor): NoExtraKeys<PodMonitor, IPodMonitor> => m;
const prometheusRuleKeysExist = (m: PrometheusRule): NoExtraKeys<PrometheusRule, IPrometheusRule> => m;

const NAME = 'tox';
const SELECTOR = { 'app.kubernetes.io/name': NAME, 'app.kubernetes.io/instance': NAME };
const LABELS = { ...SELECTOR, 'app.kubernetes.io/part-of': 'toxicity' };

function build(
  props: Partial<MonitoringProps> = {},
  options: { namespace?: string | null; api?: Partial<ToxicityApiProps> } = {},
): { manifests: Manifest[]; monitoring: Monitoring } {
  const app = new App({ outdir: '/nonexistent-not-written' });
  const namespace = options.namespace === undefined ? 'ml' : options.namespace;
  const chart = new Chart(app, 'test', namespace === null ? {} : { namespace });
  const api = new ToxicityApi(chart, 'Api', {
    name: NAME,
    labels: LABELS,
    selectorLabels: SELECTOR,
    image: 'registry.example/tox:1.0.0',
    jwtSecret: { name: 'tox-jwt', key: 'secret' },
    modelUri: 'gs://bucket/model.json',
    serverConfig: 'server: {}\n',
    ...options.api,
  });
  const disruptionBudget = new ApiDisruptionBudget(chart, 'Pdb', {
    name: NAME,
    labels: LABELS,
    selectorLabels: SELECTOR,
  });
  const monitoring = new Monitoring(chart, 'Monitoring', { api, disruptionBudget, ...props });
  return { manifests: chart.toJson() as Manifest[], monitoring };
}

describe('Monitoring', () => {
  it('emits PodMonitoring, Rules and the dashboard ConfigMap for Managed Prometheus by default', () => {
    const { manifests, monitoring } = build();
    const kinds = manifests.map((m) => `${m.apiVersion as string} ${m.kind as string}`);
    expect(kinds.slice(-3)).toEqual([
      'monitoring.googleapis.com/v1 PodMonitoring',
      'monitoring.googleapis.com/v1 Rules',
      'v1 ConfigMap',
    ]);
    expect(only(manifests, 'PodMonitoring')).toEqual({
      apiVersion: 'monitoring.googleapis.com/v1',
      kind: 'PodMonitoring',
      metadata: { name: NAME, namespace: 'ml', labels: LABELS },
      spec: {
        selector: { matchLabels: SELECTOR },
        endpoints: [{ port: 'admin', path: '/metrics', scheme: 'http', interval: '30s', timeout: '10s' }],
      },
    });
    expect(only(manifests, 'Rules')).toEqual({
      apiVersion: 'monitoring.googleapis.com/v1',
      kind: 'Rules',
      metadata: { name: `${NAME}-alerts`, namespace: 'ml', labels: LABELS },
      spec: { groups: [JSON.parse(JSON.stringify(monitoring.ruleGroup))] },
    });
    expect(monitoring.scrapeTarget).toEqual({ namespace: 'ml', job: NAME });
    expect(
      manifests.filter((m) => ['PodMonitoring', 'Rules'].includes(m.kind)).flatMap(monitoringManifestProblems),
    ).toEqual([]);
  });

  it('emits a PodMonitor (the admin port is on no Service) and a PrometheusRule for prometheus-operator that pass its CRD schemas', () => {
    const { manifests, monitoring } = build({ flavour: 'operator', extraLabels: { release: 'kube-prometheus-stack' } });
    expect(manifests.some((m) => m.kind === 'PodMonitoring' || m.kind === 'Rules')).toBe(false);
    const sm = only(manifests, 'PodMonitor');
    expect(sm).toEqual({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PodMonitor',
      metadata: { name: NAME, namespace: 'ml', labels: { ...LABELS, release: 'kube-prometheus-stack' } },
      spec: {
        jobLabel: 'app.kubernetes.io/name',
        selector: { matchLabels: SELECTOR },
        namespaceSelector: { matchNames: ['ml'] },
        podMetricsEndpoints: [
          { port: 'admin', path: '/metrics', scheme: 'http', interval: '30s', scrapeTimeout: '10s' },
        ],
      },
    });
    const rule = only(manifests, 'PrometheusRule');
    expect(rule.metadata.labels.release).toBe('kube-prometheus-stack');
    expect(rule.spec.groups).toEqual([JSON.parse(JSON.stringify(monitoring.ruleGroup))]);
    expect([sm, rule].flatMap(monitoringManifestProblems)).toEqual([]);
    expect(podMonitorKeysExist(sm as PodMonitor)).toBe(sm);
    expect(prometheusRuleKeysExist(rule as PrometheusRule)).toBe(rule);
  });

  it('rejects a PodMonitor with a misspelled key or a bad interval (the checks can fail)', () => {
    const sm = only(build({ flavour: 'operator' }).manifests, 'PodMonitor');
    const typo = structuredClone(sm);
    typo.spec.podMetricsEndpoints[0].scrapeTimout = '5s';
    expect(monitoringManifestProblems(typo)).toEqual([
      'PodMonitor /spec/podMetricsEndpoints/0/scrapeTimout: unknown key',
    ]);
    const bad = structuredClone(sm);
    bad.spec.podMetricsEndpoints[0].interval = '30 seconds';
    expect(monitoringManifestProblems(bad).join('\n')).toContain('/spec/podMetricsEndpoints/0/interval');
    const pm = only(build().manifests, 'PodMonitoring');
    pm.spec.endpoints[0].intervall = '30s';
    expect(monitoringManifestProblems(pm)).toEqual([
      'PodMonitoring /spec/endpoints/0: must NOT have additional properties',
    ]);
  });

  it('scrapes the port and path the API container serves /metrics on, in both flavours', () => {
    const managed = build().manifests;
    const deployment = only(managed, 'Deployment');
    const container = firstContainer(deployment);
    const port = container.ports.find(
      (p: Manifest) => p.name === only(managed, 'PodMonitoring').spec.endpoints[0].port,
    );
    expect(port).toEqual({ containerPort: 9090, name: 'admin', protocol: 'TCP' });
    expect(only(managed, 'PodMonitoring').spec.endpoints[0].path).toBe(ToxicityApi.METRICS_PATH);
    expect(selectorMatches(only(managed, 'PodMonitoring').spec.selector, podLabels(deployment))).toBe(true);

    const operator = build({ flavour: 'operator' }).manifests;
    const opDeployment = only(operator, 'Deployment');
    const pm = only(operator, 'PodMonitor');
    const adminPort = firstContainer(opDeployment).ports.find(
      (p: Manifest) => p.name === pm.spec.podMetricsEndpoints[0].port,
    );
    expect(adminPort.containerPort).toBe(9090);
    expect(selectorMatches(pm.spec.selector, podLabels(opDeployment))).toBe(true);
    expect(pm.spec.namespaceSelector.matchNames).toEqual([opDeployment.metadata.namespace]);
    // The metrics port is on no Service.
    expect(only(operator, 'Service').spec.ports.map((p: Manifest) => p.targetPort)).toEqual([8080]);
    // The job label: the PodMonitoring name for GMP, the pods' app.kubernetes.io/name for prometheus-operator.
    expect(podLabels(opDeployment)[pm.spec.jobLabel]).toBe(only(managed, 'PodMonitoring').metadata.name);
  });

  it('ships the dashboard as a ConfigMap with the Grafana sidecar label', () => {
    const { manifests, monitoring } = build({ dashboardNamespace: 'grafana' });
    const cm = manifests.find((m) => m.kind === 'ConfigMap' && m.metadata.name === `${NAME}-dashboard`)!;
    expect(cm.metadata.namespace).toBe('grafana');
    expect(cm.metadata.labels).toEqual({ ...LABELS, grafana_dashboard: '1' });
    expect(Object.keys(cm.data)).toEqual([`${NAME}.json`]);
    expect(JSON.parse(cm.data[`${NAME}.json`])).toEqual(JSON.parse(JSON.stringify(monitoring.dashboard)));
    expect(build().manifests.find((m) => m.metadata.name === `${NAME}-dashboard`)!.metadata.namespace).toBe('ml');
  });

  it('reads the HPA, the budget and the CPU request from the API', () => {
    const autoscaled = build(
      {},
      { api: { scaling: { mode: 'autoscaled', autoscaler: { maxReplicas: 6, targetCpuPercent: 55 } } } },
    );
    expect(autoscaled.monitoring.alerts.map((a) => a.id)).toContain('hpaAtMax');
    expect(autoscaled.monitoring.ruleTestContext).toEqual({
      target: { namespace: 'ml', job: NAME },
      deploymentName: NAME,
      hpaName: NAME,
      maxUnavailable: 1,
      drift: {
        toxicLabel: 'toxic',
        toxicRateThreshold: 0.3,
        lowConfidenceShareThreshold: 0.8,
        psiThreshold: 0.2,
        psiMinComments: 500,
      },
    });
    const cpu = autoscaled.monitoring.dashboard.panels.find((p) => p.title === 'CPU vs HPA target')!;
    expect(cpu.targets.map((t) => t.expr)).toEqual([
      'avg(rate(process_cpu_seconds_total{namespace="ml",job="tox"}[$__rate_interval])) * 100 / 0.25',
      'vector(55)',
    ]);
    const fixed = build(
      {},
      { api: { scaling: { mode: 'static', replicas: 3 }, resources: { cpuRequestMillis: 500 } } },
    );
    expect(fixed.monitoring.alerts.map((a) => a.id)).not.toContain('hpaAtMax');
    expect(fixed.monitoring.ruleTestContext).not.toHaveProperty('hpaName');
    const queries = dashboardQueries(fixed.monitoring.dashboard).map((q) => q.expr);
    expect(queries.join('\n')).not.toContain('horizontalpodautoscaler');
    expect(queries).toContain(
      'avg(rate(process_cpu_seconds_total{namespace="ml",job="tox"}[$__rate_interval])) * 100 / 0.5',
    );
  });

  it('uses the scrape interval for scraping and rule evaluation, with a timeout no longer than it', () => {
    const { manifests } = build({ scrapeInterval: Duration.seconds(5), flavour: 'operator' });
    expect(only(manifests, 'PodMonitor').spec.podMetricsEndpoints[0]).toMatchObject({
      interval: '5s',
      scrapeTimeout: '5s',
    });
    expect(only(manifests, 'PrometheusRule').spec.groups[0].interval).toBe('5s');
  });

  it('passes thresholds and the runbook URL to the alerts', () => {
    const { monitoring } = build({
      latencyThreshold: Duration.seconds(1),
      errorRatioThreshold: 0.02,
      runbookUrl: 'https://example.com/runbook',
    });
    const rules = monitoring.ruleGroup.rules;
    expect(rules.find((r) => r.alert === 'ToxicityApiHighLatency')!.expr.endsWith(' > 1')).toBe(true);
    expect(rules.find((r) => r.alert === 'ToxicityApiHighErrorRatio')!.expr.endsWith(' > 0.02')).toBe(true);
    expect(rules[0].annotations.runbook_url).toBe('https://example.com/runbook#toxicityapihighlatency');
    const panel = monitoring.dashboard.panels.find((p) => p.title === 'Error ratio (5xx)')!;
    expect(panel.fieldConfig.defaults.thresholds!.steps.at(-1)!.value).toBe(0.02);
  });

  it.each<[Partial<MonitoringProps>, string]>([
    [
      { scrapeInterval: Duration.seconds(90) },
      "Monitoring: 'scrapeInterval' must be a whole number of seconds from 5 to 75, got 90s",
    ],
    [
      { scrapeInterval: Duration.seconds(2) },
      "Monitoring: 'scrapeInterval' must be a whole number of seconds from 5 to 75, got 2s",
    ],
    [{ flavour: 'thanos' as never }, `Monitoring: 'flavour' must be managed or operator, got "thanos"`],
    [
      { extraLabels: { 'bad key!': 'x' } },
      'Monitoring: \'extraLabels\' must have label keys of the form [prefix/]name, got "bad key!"',
    ],
    [{ dashboardNamespace: 'Grafana' }, "Monitoring: 'dashboardNamespace' must be a DNS-1123 label"],
    [{ latencyThreshold: Duration.millis(300) }, "toxicityAlerts: 'latencyThreshold' must be a bucket bound"],
  ])('throws when given %p, naming the prop and value', (props, message) => {
    expect(() => build(props)).toThrow(message);
  });

  it('throws when its chart has no namespace', () => {
    expect(() => build({}, { namespace: null })).toThrow(
      "Monitoring: 'scope' must be in a chart with a namespace (rules and scrape selectors need it), got undefined",
    );
  });
});

describe('Monitoring in the serving chart', () => {
  it('is reachable through the NetworkPolicy from the monitoring namespace on the scraped (admin) port only', () => {
    for (const flavour of ['managed', 'operator'] as const) {
      const ms = synthServing(
        configFor('autoscaled', { monitoring: { flavour }, network: { monitoringNamespace: 'prom' } }),
      );
      const np = only(ms, 'NetworkPolicy');
      const fromMonitoring = np.spec.ingress.find((r: Manifest) =>
        (r.from as Manifest[]).some(
          (f) => f.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === 'prom',
        ),
      );
      const admin = firstContainer(only(ms, 'Deployment')).ports.find((p: Manifest) => p.name === 'admin');
      expect(fromMonitoring.ports).toEqual([{ port: admin.containerPort, protocol: 'TCP' }]);
      // The public ranges reach the API port only.
      const fromEveryone = np.spec.ingress.find((r: Manifest) =>
        (r.from as Manifest[]).some((f) => f.ipBlock?.cidr === '0.0.0.0/0'),
      );
      expect(fromEveryone.ports).toEqual([{ port: 8080, protocol: 'TCP' }]);
    }
  });

  it('maps the monitoring config section onto the objects', () => {
    const ms = synthServing(
      configFor('static', {
        monitoring: {
          flavour: 'operator',
          scrapeIntervalSeconds: 15,
          latencyP95ThresholdMs: 250,
          errorRatioThresholdPercent: 2,
          extraLabels: { release: 'prom' },
          dashboardNamespace: 'grafana',
        },
        pipeline: { githubOwner: 'acme', githubRepo: 'tox' },
      }),
    );
    expect(only(ms, 'PodMonitor').spec.podMetricsEndpoints[0].interval).toBe('15s');
    const rules = only(ms, 'PrometheusRule').spec.groups[0].rules as Manifest[];
    expect(rules.map((r) => r.alert as string)).not.toContain('ToxicityApiHpaAtMaxReplicas');
    expect(rules.find((r) => r.alert === 'ToxicityApiHighLatency')!.expr).toMatch(/ > 0\.25$/);
    expect(rules.find((r) => r.alert === 'ToxicityApiHighErrorRatio')!.expr).toMatch(/ > 0\.02$/);
    expect(rules[0].annotations.runbook_url).toBe(
      'https://github.com/acme/tox/blob/main/docs/monitoring.md#toxicityapihighlatency',
    );
    expect(only(ms, 'PrometheusRule').metadata.labels.release).toBe('prom');
    expect(ms.find((m) => m.metadata.labels?.grafana_dashboard === '1')!.metadata.namespace).toBe('grafana');
  });

  it('uses an explicit runbook URL over the repository one', () => {
    const ms = synthServing(
      configFor('autoscaled', {
        monitoring: { runbookUrl: 'https://wiki.example/tox' },
        pipeline: { githubOwner: 'acme', githubRepo: 'tox' },
      }),
    );
    expect(only(ms, 'Rules').spec.groups[0].rules[0].annotations.runbook_url).toBe(
      'https://wiki.example/tox#toxicityapihighlatency',
    );
  });
});
