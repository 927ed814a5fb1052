/**
 * Server-side dry run of the MLflow objects as committed in dist/toxicity-mlflow.k8s.yaml (what the
 * pipeline's mlflow-deploy step applies) on a real kube-apiserver (scripts/kube/control-plane.sh, binaries
 * cached under /root/.cache/toxicity/kube), with the SecretProviderClass and GKE SecretSync CRDs of
 * vendor/secret-sync-crds installed: `kubectl apply --server-side --dry-run=server --validate=strict`
 * with the deploy step's field manager, into the namespace the serving chart makes (PodSecurity
 * `restricted` labels included, so a pod template that would violate it is warned about).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { type KubeCluster, startKubeCluster } from '../support/kube-cluster';
import type { Manifest } from '../support/k8s-manifests';
import { secretSyncCrdYaml } from '../support/secret-sync-crds';

const ROOT = resolve(__dirname, '../..');
const read = (file: string): Manifest[] =>
  parseAllDocuments(readFileSync(join(ROOT, 'dist', file), 'utf8')).map((d) => d.toJS() as Manifest);
const mlflowObjects = read('toxicity-mlflow.k8s.yaml');
const namespace = read('toxicity-serving.k8s.yaml').find((m) => m.kind === 'Namespace')!;
const DRY_RUN = ['apply', '--server-side', '--field-manager=toxicity-deploy', '--dry-run=server', '--validate=strict'];

let kube: KubeCluster;

beforeAll(() => {
  kube = startKubeCluster();
  kube.kubectl(['apply', '--server-side', '-f', '-'], { input: secretSyncCrdYaml() });
  kube.kubectl(['wait', '--for=condition=Established', 'crd', '--all', '--timeout=60s']);
  kube.kubectl(['apply', '-f', '-'], { input: stringify(namespace) });
}, 3_600_000);

afterAll(() => kube?.stop());

describe('the MLflow objects on a real kube-apiserver', () => {
  it('accepts every object of dist/toxicity-mlflow.k8s.yaml, the Secret Manager sync included, without a warning', () => {
    expect(mlflowObjects.map((m) => m.kind)).toEqual(
      expect.arrayContaining(['Deployment', 'SecretProviderClass', 'SecretSync', 'NetworkPolicy']),
    );
    const r = kube.kubectl([...DRY_RUN, '-f', '-'], {
      input: mlflowObjects.map((m) => stringify(m)).join('---\n'),
    });
    const accepted = r.stdout.split('\n').filter((l) => l.endsWith('serverside-applied (server dry run)'));
    expect(accepted).toHaveLength(mlflowObjects.length);
    // PodSecurity `restricted` (the namespace's labels) and deprecated fields would be warned about here.
    expect(r.stderr).toBe('');
  });

  it('refuses a SecretSync its CRD does not allow (the check can fail)', () => {
    const sync = mlflowObjects.find((m) => m.kind === 'SecretSync')!;
    const broken = { ...sync, spec: { ...sync.spec, secretObject: { ...sync.spec.secretObject, data: [] } } };
    const r = kube.kubectl([...DRY_RUN, '-f', '-'], { input: stringify(broken), allowFailure: true });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/spec\.secretObject\.data/);
  });

  it('refuses a field the SecretProviderClass CRD does not know', () => {
    const spc = mlflowObjects.find((m) => m.kind === 'SecretProviderClass')!;
    const broken = { ...spc, spec: { ...spc.spec, secretObjects: 'not-a-list' } };
    const r = kube.kubectl([...DRY_RUN, '-f', '-'], { input: stringify(broken), allowFailure: true });
    expect(r.status).not.toBe(0);
  });

  it('warns when the MLflow pod template breaks the restricted Pod Security Standard', () => {
    const deployment = mlflowObjects.find((m) => m.kind === 'Deployment')!;
    const privileged = structuredClone(deployment);
    privileged.spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation = true;
    const r = kube.kubectl([...DRY_RUN, '-f', '-'], { input: stringify(privileged) });
    expect(r.stderr).toMatch(/would violate PodSecurity "restricted/);
  });
});
