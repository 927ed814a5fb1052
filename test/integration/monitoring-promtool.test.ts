/**
 * The alert rules, extracted from the synthesized manifests, checked by the real promtool (Debian
 * package `prometheus`): `promtool check rules` and `promtool test rules` with unit tests generated
 * from the alert definitions — every alert fires on series that breach it and stays silent on series
 * just under its threshold. Run with `bash scripts/services.sh run -- npx jest -c jest.integration.config.ts`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdk8s';
import { parseAllDocuments, stringify } from 'yaml';
import { ServingChart } from '../../charts/serving-chart';
import type { AppConfig } from '../../src/config';
import { loadConfigFile } from '../../src/config/config-file';
import { alertRuleTests, renderRuleTests } from '../../src/monitoring/rule-tests';
import { type Manifest, configFor } from '../support/k8s-manifests';
import { requireService } from './support/services';

const ROOT = join(__dirname, '..', '..');
const PROMTOOL = requireService('PROMTOOL_BIN');
const RULE_KINDS = new Set(['Rules', 'PrometheusRule']);

function promtool(dir: string, ...args: string[]) {
  const run = spawnSync(PROMTOOL, args, { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

/** The rule groups of the rules object among synthesized manifests, as a promtool rule file. */
function ruleFileOf(manifests: readonly Manifest[]): string {
  const rules = manifests.filter((m) => RULE_KINDS.has(String(m.kind)));
  if (rules.length !== 1) throw new Error(`expected one rules object, found ${rules.length}`);
  return stringify({ groups: rules[0].spec.groups }, { lineWidth: 0 });
}

function synth(config: AppConfig): { chart: ServingChart; manifests: Manifest[] } {
  const chart = new ServingChart(new App({ outdir: '/nonexistent-not-written' }), 'toxicity-serving', { config });
  return { chart, manifests: chart.toJson() as Manifest[] };
}

const committedConfig = loadConfigFile({ cwd: ROOT, env: {} });
const committedDist = parseAllDocuments(readFileSync(join(ROOT, 'dist', 'toxicity-serving.k8s.yaml'), 'utf8')).map(
  (d) => d.toJS() as Manifest,
);

/** Every combination of flavour and scaling mode, plus the committed dist/. */
const cases: [string, AppConfig, Manifest[] | undefined][] = [
  ['committed dist/ (managed, autoscaled)', committedConfig, committedDist],
  ['operator flavour, autoscaled', configFor('autoscaled', { monitoring: { flavour: 'operator' } }), undefined],
  ['managed flavour, static', configFor('static'), undefined],
  [
    'operator flavour, static, 1 s latency and 2% error thresholds',
    configFor('static', {
      monitoring: { flavour: 'operator', latencyP95ThresholdMs: 1000, errorRatioThresholdPercent: 2 },
      app: { namespace: 'ml' },
    }),
    undefined,
  ],
];

describe('alert rules under the real promtool', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'toxicity-promtool-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(cases)('pass `promtool check rules` and a unit test per alert (%s)', (_name, config, dist) => {
    const { chart, manifests } = synth(config);
    const ruleFile = ruleFileOf(dist ?? manifests);
    // The committed manifests carry exactly the rules the construct defines (so its tests apply to them).
    expect(ruleFile).toBe(ruleFileOf(manifests));
    writeFileSync(join(dir, 'rules.yaml'), ruleFile);
    const alerts = chart.monitoring.alerts;

    const check = promtool(dir, 'check', 'rules', 'rules.yaml');
    expect(check.output).toContain(`SUCCESS: ${alerts.length} rules found`);
    expect(check.status).toBe(0);

    const tests = alertRuleTests(alerts, chart.monitoring.ruleTestContext, 'rules.yaml');
    // Two groups per alert, and three more edge cases for the load-failure alert.
    expect(tests.tests).toHaveLength(2 * alerts.length + 3);
    writeFileSync(join(dir, 'tests.yaml'), renderRuleTests(tests));
    const run = promtool(dir, 'test', 'rules', 'tests.yaml');
    expect(run.output).toContain('SUCCESS');
    expect(run.status).toBe(0);
  });

  it('fails every "fires" test when the rules never fire and every "silent" test when they always do', () => {
    const { chart } = synth(committedConfig);
    const alerts = chart.monitoring.alerts;
    const groups = [chart.monitoring.ruleGroup];
    const withExpr = (expr: string) =>
      stringify({ groups: groups.map((g) => ({ ...g, rules: g.rules.map((r) => ({ ...r, expr })) })) });
    writeFileSync(
      join(dir, 'tests.yaml'),
      renderRuleTests(alertRuleTests(alerts, chart.monitoring.ruleTestContext, 'rules.yaml')),
    );

    writeFileSync(join(dir, 'rules.yaml'), withExpr('vector(1) > 2'));
    const never = promtool(dir, 'test', 'rules', 'tests.yaml');
    expect(never.status).not.toBe(0);
    for (const a of alerts) expect(never.output).toContain(`name: ${a.name} fires when breached`);
    expect(never.output).not.toContain('stays silent just under its threshold');

    writeFileSync(join(dir, 'rules.yaml'), withExpr('vector(1)'));
    const always = promtool(dir, 'test', 'rules', 'tests.yaml');
    expect(always.status).not.toBe(0);
    for (const a of alerts) expect(always.output).toContain(`name: ${a.name} stays silent just under its threshold`);
  });

  it('fails `promtool check rules` on a broken expression', () => {
    writeFileSync(
      join(dir, 'rules.yaml'),
      stringify({ groups: [{ name: 'broken', rules: [{ alert: 'Broken', expr: 'rate(http_requests_total[5m]' }] }] }),
    );
    const check = promtool(dir, 'check', 'rules', 'rules.yaml');
    expect(check.status).not.toBe(0);
    expect(check.output).toMatch(/unclosed left parenthesis|parse error/);
  });
});
