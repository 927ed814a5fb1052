import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { type Manifest, only } from '../support/k8s-manifests';

const ROOT = join(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

/** Runs the cdk8s app the way `cdk8s synth` does (CDK8S_OUTDIR set), with a clean environment. */
function runMain(dir: string, configText: string) {
  const configPath = join(dir, 'toxicity.config.yaml');
  writeFileSync(configPath, configText);
  const outdir = join(dir, 'out');
  const result = spawnSync(TSX, [join(ROOT, 'charts', 'main.ts')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, CDK8S_OUTDIR: outdir, TOXICITY_CONFIG: configPath },
    encoding: 'utf8',
  });
  return { ...result, outdir };
}

/** What a deployable config must add to the embedded defaults (MLflow's internal address). */
const DEPLOYABLE = 'mlflow:\n  server:\n    internalAddress: 10.10.0.50\n';

describe('charts/main.ts', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'toxicity-main-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('synthesizes the config named by TOXICITY_CONFIG into CDK8S_OUTDIR', () => {
    const run = runMain(
      dir,
      `scaling:\n  mode: static\napp:\n  name: tox-static\nservice:\n  loadBalancerSourceRanges: [203.0.113.0/24]\n${DEPLOYABLE}`,
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(readdirSync(run.outdir).sort()).toEqual(['infra', 'toxicity-mlflow.k8s.yaml', 'toxicity-serving.k8s.yaml']);
    expect(readdirSync(join(run.outdir, 'infra'))).toEqual(['toxicity-infra.k8s.yaml']);
    const docs = parseAllDocuments(readFileSync(join(run.outdir, 'toxicity-serving.k8s.yaml'), 'utf8')).map(
      (d) => d.toJS() as Manifest,
    );
    const deployment = only(docs, 'Deployment');
    expect(deployment.metadata.name).toBe('tox-static');
    expect(deployment.spec.replicas).toBe(3);
    expect(docs.some((d: Manifest) => d.kind === 'HorizontalPodAutoscaler')).toBe(false);
  });

  it('warns on stderr about plain HTTP and an open load balancer, and still synthesizes', () => {
    const run = runMain(dir, `edge:\n  tls: none\n  allowPlainHttp: true\n${DEPLOYABLE}`);
    expect(run.status).toBe(0);
    expect(run.stderr).toContain(
      'synth: warning: edge.tls is none (edge.allowPlainHttp: true): the API is served in plain HTTP',
    );
    expect(run.stderr).toContain('synth: warning: service.loadBalancerSourceRanges is empty');
  });

  it('refuses plain HTTP without the explicit opt-in, naming the setting (exit 2)', () => {
    const run = runMain(dir, 'edge:\n  tls: none\n');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('/edge/allowPlainHttp: must be true to expose the API in plain HTTP');
  });

  it('fails with exit code 2 and every config problem when the config is invalid', () => {
    const run = runMain(dir, 'scaling:\n  mode: sometimes\n  minReplicas: 0\n');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('/scaling/mode: must be one of "autoscaled", "static", got "sometimes"');
    expect(run.stderr).toContain('/scaling/minReplicas: must be >= 1, got 0');
    expect(() => readdirSync(run.outdir)).toThrow();
  });

  it('refuses with exit code 2 a config that would deploy a loopback registry, naming the settings', () => {
    const run = runMain(
      dir,
      'model:\n  uri: models:/toxic-detector@champion\nmlflow:\n  trackingUri: http://127.0.0.1:5000\n',
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('/mlflow/trackingUri: http://127.0.0.1:5000 is the pod');
    expect(run.stderr).toContain('/mlflow/server/internalAddress: unset');
    expect(() => readdirSync(run.outdir)).toThrow();
  });

  it('fails with exit code 1 and the construct error when the config is valid but cannot be synthesized', () => {
    const run = runMain(dir, `app:\n  name: 9tox\n${DEPLOYABLE}`);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("ToxicityApi: 'name' must be a DNS-1035 label");
  });

  it('synthesizes the Gateway example config: the edge objects in the serving file, certificate and Cloud Armor in infra, no warning', () => {
    const run = runMain(dir, readFileSync(join(ROOT, 'examples', 'gateway.config.yaml'), 'utf8'));
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const kinds = (file: string) =>
      parseAllDocuments(readFileSync(join(run.outdir, file), 'utf8')).map((d) => (d.toJS() as Manifest).kind);
    const serving = kinds('toxicity-serving.k8s.yaml');
    for (const kind of ['Gateway', 'HTTPRoute', 'HealthCheckPolicy', 'GCPBackendPolicy'])
      expect(serving).toContain(kind);
    const infra = kinds('infra/toxicity-infra.k8s.yaml');
    for (const kind of [
      'CertificateManagerDNSAuthorization',
      'CertificateManagerCertificate',
      'CertificateManagerCertificateMap',
      'CertificateManagerCertificateMapEntry',
      'ComputeSecurityPolicy',
    ]) {
      expect(infra).toContain(kind);
    }
  });

  it('refuses the Gateway mode without a hostname, naming the setting (exit 2)', () => {
    const run = runMain(dir, `edge:\n  mode: gateway\n${DEPLOYABLE}`);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('/edge/hostname: must be set with edge.mode: gateway');
  });
});
