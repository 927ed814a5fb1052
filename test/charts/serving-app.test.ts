import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { createServingApp } from '../../charts/serving-app';
import { INFRA_MANIFESTS_DIR } from '../../pipelines/toxicity-pipeline';
import { loadConfigFile } from '../../src/config/config-file';
import { type Manifest, configFor } from '../support/k8s-manifests';

const ROOT = join(__dirname, '..', '..');
const DIST = join(ROOT, 'dist');

/** Differences between two manifest folders: missing, extra or changed files. */
function drift(committedDir: string, freshDir: string): string[] {
  // dist/infra/ is the infra app's output, drift-checked by infra-chart.test.ts.
  const committed = readdirSync(committedDir)
    .filter((f) => f !== INFRA_MANIFESTS_DIR)
    .sort();
  const fresh = readdirSync(freshDir).sort();
  const problems: string[] = [];
  for (const file of fresh) {
    if (!committed.includes(file)) problems.push(`${file}: missing from dist/`);
    else if (readFileSync(join(committedDir, file), 'utf8') !== readFileSync(join(freshDir, file), 'utf8')) {
      problems.push(`${file}: differs from a fresh synth`);
    }
  }
  for (const file of committed) if (!fresh.includes(file)) problems.push(`${file}: not produced by a fresh synth`);
  return problems;
}

describe('createServingApp', () => {
  let outdir: string;
  beforeEach(() => {
    outdir = mkdtempSync(join(tmpdir(), 'toxicity-synth-'));
  });
  afterEach(() => {
    rmSync(outdir, { recursive: true, force: true });
  });

  it('writes one file per chart, named after the chart', () => {
    createServingApp(configFor('static'), { outdir }).synth();
    expect(readdirSync(outdir)).toEqual(['toxicity-mlflow.k8s.yaml', 'toxicity-serving.k8s.yaml']);
    const docs = parseAllDocuments(readFileSync(join(outdir, 'toxicity-serving.k8s.yaml'), 'utf8')).map(
      (d) => d.toJS() as Manifest,
    );
    expect(docs.map((d: Manifest) => d.kind as string)).toEqual([
      'Namespace',
      'ServiceAccount',
      'ConfigMap',
      'Deployment',
      'Service',
      'PodDisruptionBudget',
      'NetworkPolicy',
      'PodMonitoring',
      'Rules',
      'ConfigMap',
    ]);
  });

  it('matches the committed dist/ (after changing charts, constructs or the config, run `npm run synth`)', () => {
    // The committed config only, without env overrides from the shell running the tests.
    const config = loadConfigFile({ cwd: ROOT, env: {} });
    createServingApp(config, { outdir }).synth();
    expect(drift(DIST, outdir)).toEqual([]);
  });

  it('fails when dist/ has been edited, lacks a file or has an extra one', () => {
    createServingApp(loadConfigFile({ cwd: ROOT, env: {} }), { outdir }).synth();
    const tampered = mkdtempSync(join(tmpdir(), 'toxicity-dist-'));
    try {
      cpSync(outdir, tampered, { recursive: true });
      const file = join(tampered, 'toxicity-serving.k8s.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace('maxUnavailable: 1', 'maxUnavailable: 2'));
      writeFileSync(join(tampered, 'stale.k8s.yaml'), 'kind: ConfigMap\n');
      expect(drift(tampered, outdir)).toEqual([
        'toxicity-serving.k8s.yaml: differs from a fresh synth',
        'stale.k8s.yaml: not produced by a fresh synth',
      ]);
      rmSync(file);
      expect(drift(tampered, outdir)).toEqual([
        'toxicity-serving.k8s.yaml: missing from dist/',
        'stale.k8s.yaml: not produced by a fresh synth',
      ]);
    } finally {
      rmSync(tampered, { recursive: true, force: true });
    }
  });
});
