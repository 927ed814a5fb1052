/**
 * The synthesized manifests and the pipeline's deploy step on a real Kubernetes control plane
 * (kube-apiserver v1.37 with PodSecurity admission, kube-controller-manager, kube-scheduler, and kwok
 * simulating one node so pods become Ready): scripts/kube/control-plane.sh, started per suite.
 * Only Google Cloud is a test double: `gcloud` (credentials, the image digest lookup).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { AppConfig } from '../../src/config';
import { pipelineSubstitutions, toxicityPipeline } from '../../pipelines/toxicity-pipeline';
import { applySubstitutions } from '../../pipelines/substitution-template';
import { configFor, type Manifest, synthServing } from '../support/k8s-manifests';
import { type KubeCluster, monitoringCrdsDir, startKubeCluster } from '../support/kube-cluster';
import { removeTemporaryFolders, runStep, temporaryFolder } from '../pipelines/support/run-step';

type Mode = 'static' | 'autoscaled';
type Flavour = 'managed' | 'operator';

interface Variant {
  readonly mode: Mode;
  readonly flavour: Flavour;
  readonly namespace: string;
  readonly overrides?: Record<string, Record<string, unknown>>;
}

/** The chart's output for a variant, through the config (never re-typed). */
function configOf(v: Variant): AppConfig {
  const o = v.overrides ?? {};
  return configFor(v.mode, {
    ...o,
    app: { ...(o.app ?? {}), namespace: v.namespace },
    monitoring: { ...(o.monitoring ?? {}), flavour: v.flavour },
  });
}

function yamlOf(manifests: readonly Manifest[]): string {
  return manifests.map((m) => stringify(m, { lineWidth: 0 })).join('---\n');
}

function ref(m: Manifest): string[] {
  const kind = `${String(m.kind)}.${String(m.apiVersion).includes('/') ? String(m.apiVersion).split('/')[0] : ''}`;
  return [
    kind.replace(/\.$/, ''),
    String(m.metadata.name),
    ...(m.metadata.namespace ? ['-n', String(m.metadata.namespace)] : []),
  ];
}

let kube: KubeCluster;

beforeAll(() => {
  kube = startKubeCluster();
  kube.kubectl(['apply', '--server-side', '-f', monitoringCrdsDir()]);
  kube.kubectl(['wait', '--for=condition=Established', 'crd', '--all', '--timeout=60s']);
}, 3_600_000);

afterAll(() => {
  kube?.stop();
  removeTemporaryFolders();
});

describe('server-side apply of the synthesized objects', () => {
  const variants: Variant[] = [
    { mode: 'static', flavour: 'managed', namespace: 'apply-static-managed' },
    { mode: 'autoscaled', flavour: 'managed', namespace: 'apply-autoscaled-managed' },
    { mode: 'static', flavour: 'operator', namespace: 'apply-static-operator' },
    { mode: 'autoscaled', flavour: 'operator', namespace: 'apply-autoscaled-operator' },
  ];

  it.each(variants)(
    'accepts every $mode / $flavour object into its own namespace enforcing restricted, and its pods become ready',
    (v) => {
      const manifests = synthServing(configOf(v));
      kube.kubectl(['apply', '--server-side', '--field-manager=test', '-f', '-'], { input: yamlOf(manifests) });
      const ns = kube.getJson<Manifest>(['namespace', v.namespace]);
      expect(ns.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
      for (const m of manifests) {
        const live = kube.getJson<Manifest>(ref(m));
        expect(live.metadata.name).toBe(m.metadata.name);
      }
      // Pods were admitted under `restricted` and reached Ready (kwok plays the kubelet).
      const deployment = manifests.find((m) => m.kind === 'Deployment')!;
      kube.kubectl([
        'rollout',
        'status',
        `deployment/${deployment.metadata.name}`,
        '-n',
        v.namespace,
        '--timeout=120s',
      ]);
      const pods = kube.getJson<{ items: Manifest[] }>(['pods', '-n', v.namespace]).items;
      expect(pods.length).toBeGreaterThanOrEqual(v.mode === 'static' ? 3 : 2);
    },
  );

  it('refuses a pod that is not restricted-clean in the app namespace (admission is really enforcing)', () => {
    const r = kube.kubectl(
      ['run', 'privileged-probe', '-n', variants[0].namespace, '--image=busybox', '--restart=Never'],
      { allowFailure: true },
    );
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('violates PodSecurity "restricted');
  });

  it.each(variants)('treats a re-apply of unchanged $mode / $flavour output as no change', (v) => {
    const manifests = synthServing(configOf(v));
    kube.kubectl(['apply', '--server-side', '--field-manager=test', '-f', '-'], { input: yamlOf(manifests) });
    const snapshot = () =>
      manifests.map((m) => {
        const live = kube.getJson<Manifest>([...ref(m), '--show-managed-fields']);
        const ours = (live.metadata.managedFields as Manifest[]).filter((f) => f.manager === 'test');
        return { ref: ref(m).join(' '), generation: live.metadata.generation, fields: ours };
      });
    const before = snapshot();
    kube.kubectl(['apply', '--server-side', '--field-manager=test', '-f', '-'], { input: yamlOf(manifests) });
    expect(snapshot()).toEqual(before);
    // kubectl diff (a server-side dry run) sees nothing to change.
    const diff = kube.kubectl(['diff', '--server-side', '--field-manager=test', '-f', '-'], {
      input: yamlOf(manifests),
      allowFailure: true,
    });
    expect(diff.stdout).toBe('');
    expect(diff.status).toBe(0);
    // A second manager applying the same values shares ownership instead of conflicting (canonical quantities).
    kube.kubectl(['apply', '--server-side', '--field-manager=second-manager', '-f', '-'], { input: yamlOf(manifests) });
  });

  it('treats a client-side kubectl apply of unchanged output as no change', () => {
    const v: Variant = { mode: 'autoscaled', flavour: 'managed', namespace: 'client-side-apply' };
    const manifests = synthServing(configOf(v));
    const input = yamlOf(manifests);
    kube.kubectl(['apply', '-f', '-'], { input });
    // kubectl still prints `configured` for the PodDisruptionBudget (its selector patch strategy is
    // `replace`, so the computed patch is never empty), but the server changes nothing.
    const snapshot = () =>
      manifests.map((m) => {
        const live = kube.getJson<Manifest>([...ref(m), '--show-managed-fields']);
        const ours = (live.metadata.managedFields as Manifest[]).filter(
          (f) => f.manager === 'kubectl-client-side-apply',
        );
        return { ref: ref(m).join(' '), generation: live.metadata.generation, fields: ours };
      });
    const before = snapshot();
    kube.kubectl(['apply', '-f', '-'], { input });
    expect(snapshot()).toEqual(before);
    const diff = kube.kubectl(['diff', '-f', '-'], { input, allowFailure: true });
    expect(diff.stdout).toBe('');
  });
});

describe("the pipeline's deploy step (the script generated into cloudbuild.yaml)", () => {
  const namespace = 'toxicity-deploy';
  const builtIns = { PROJECT_ID: 'acme-toxicity', BUILD_ID: 'b-0001', COMMIT_SHA: '', SHORT_SHA: '' };

  /** gcloud is the test double: get-credentials is a no-op (KUBECONFIG points here), a digest per tag. */
  const gcloud =
    'if [ "$1 $2" = "artifacts docker" ]; then printf "sha256:%s\\n" "$(printf %s "$5" | sha256sum | cut -d" " -f1)"; fi';

  /** Runs the deploy step for a variant as build `sha`; returns the step result. */
  function deploy(v: Omit<Variant, 'namespace'>, sha: string) {
    const config = configOf({ ...v, namespace });
    const workspace = temporaryFolder('deploy-');
    mkdirSync(join(workspace, 'dist'));
    writeFileSync(join(workspace, 'dist', 'toxicity-serving.k8s.yaml'), yamlOf(synthServing(config)));
    const step = toxicityPipeline(config).steps.find((s) => s.id === 'deploy')!;
    const substitutions = { ...builtIns, SHORT_SHA: sha, COMMIT_SHA: `${sha}000` };
    const resolved = Object.fromEntries(
      Object.entries(pipelineSubstitutions(config)).map(([k, val]) => [k, applySubstitutions(val, substitutions)]),
    );
    const run = runStep(step, {
      substitutions: { ...resolved, ...substitutions },
      workspace,
      stubs: { gcloud },
      env: { KUBECONFIG: kube.kubeconfig },
      timeoutMs: 300_000,
    });
    if (run.status !== 0) throw new Error(`deploy ${sha} failed (${run.status}):\n${run.stderr}\n${run.stdout}`);
    return { config, run };
  }

  const name = configFor('static').app.name;
  const deployment = () => kube.getJson<Manifest>(['deployment', name, '-n', namespace]);
  const kindsPresent = (kinds: string[]) =>
    kinds.filter((k) => kube.kubectl(['get', k, '-n', namespace, '-o', 'name']).stdout.trim() !== '');

  /** Records every spec.replicas the Deployment takes while `action` runs (a watch). */
  async function replicasDuring(action: () => void): Promise<number[]> {
    const watch = spawn(
      'kubectl',
      ['get', 'deployment', name, '-n', namespace, '--watch', '-o', 'jsonpath={.spec.replicas}{"\\n"}'],
      { env: { ...process.env, KUBECONFIG: kube.kubeconfig } },
    );
    let out = '';
    watch.stdout.on('data', (d: Buffer) => (out += d.toString()));
    await new Promise((r) => setTimeout(r, 1000));
    action();
    await new Promise((r) => setTimeout(r, 3000));
    watch.kill();
    return out
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map(Number);
  }

  it('deploys, pins the image by digest, and the version label follows the deployed image', () => {
    const { config } = deploy({ mode: 'static', flavour: 'managed' }, 'aaa1111');
    const d = deployment();
    const image = d.spec.template.spec.containers[0].image as string;
    expect(image).toMatch(/@sha256:[0-9a-f]{64}$/);
    expect(
      image.startsWith(`${config.image.registry}/acme-toxicity/${config.image.repository}/${config.image.name}@`),
    ).toBe(true);
    expect(d.metadata.labels['app.kubernetes.io/version']).toBe('aaa1111');
    expect(d.spec.template.metadata.labels['app.kubernetes.io/version']).toBe('aaa1111');
    expect(d.status.readyReplicas).toBe(3);
  });

  it('switches static to autoscaled without going below minReplicas, and prunes nothing it still needs', async () => {
    const seen = await replicasDuring(() => deploy({ mode: 'autoscaled', flavour: 'managed' }, 'bbb2222'));
    const min = configFor('autoscaled').scaling.minReplicas;
    expect(seen.length).toBeGreaterThan(0);
    expect(Math.min(...seen)).toBeGreaterThanOrEqual(min);
    expect(kindsPresent(['horizontalpodautoscalers'])).toEqual(['horizontalpodautoscalers']);
  });

  it('switches autoscaled back to static and prunes the HPA', () => {
    deploy({ mode: 'static', flavour: 'managed' }, 'ccc3333');
    expect(kindsPresent(['horizontalpodautoscalers'])).toEqual([]);
    expect(deployment().spec.replicas).toBe(configFor('static').scaling.replicas);
  });

  it('switches the monitoring flavour and leaves no object of the other one behind', () => {
    deploy({ mode: 'static', flavour: 'operator' }, 'ddd4444');
    // The operator flavour scrapes the admin port through a PodMonitor (no Service carries that port).
    const all = ['podmonitorings', 'rules.monitoring.googleapis.com', 'podmonitors', 'prometheusrules'];
    expect(kindsPresent(all)).toEqual(['podmonitors', 'prometheusrules']);
    deploy({ mode: 'static', flavour: 'managed' }, 'eee5555');
    expect(kindsPresent(all)).toEqual(['podmonitorings', 'rules.monitoring.googleapis.com']);
  });

  it('rolls back image and configuration together with kubectl rollout undo', () => {
    const v1 = deploy({ mode: 'static', flavour: 'managed' }, 'fff6666');
    const image1 = deployment().spec.template.spec.containers[0].image as string;
    const configName1 = configMapOf(deployment());
    deploy({ mode: 'static', flavour: 'managed', overrides: { server: { threshold: 0.7 } } }, 'ggg7777');
    const configName2 = configMapOf(deployment());
    expect(configName2).not.toBe(configName1);
    kube.kubectl(['rollout', 'undo', `deployment/${name}`, '-n', namespace]);
    kube.kubectl(['rollout', 'status', `deployment/${name}`, '-n', namespace, '--timeout=120s']);
    const after = deployment();
    expect(after.spec.template.spec.containers[0].image).toBe(image1);
    expect(configMapOf(after)).toBe(configName1);
    // The old ConfigMap still holds the old configuration (immutable, kept through prune).
    const cm = kube.getJson<Manifest>(['configmap', configName1, '-n', namespace]);
    expect(cm.immutable).toBe(true);
    const serverConfig = cm.data['toxicity.config.yaml'] as string;
    expect(serverConfig).toContain(`threshold: ${v1.config.server.threshold}`);
    expect(serverConfig).not.toContain('threshold: 0.7');
  });

  it('keeps exactly the config ConfigMaps that the kept ReplicaSets mount', () => {
    deploy({ mode: 'static', flavour: 'managed', overrides: { server: { threshold: 0.8 } } }, 'hhh8888');
    const mounted = new Set(
      kube
        .getJson<{ items: Manifest[] }>(['replicasets', '-n', namespace])
        .items.flatMap((rs) => (rs.spec.template.spec.volumes as Manifest[]).map((vol) => vol.configMap?.name))
        .filter((n): n is string => typeof n === 'string'),
    );
    const kept = kube
      .getJson<{ items: Manifest[] }>(['configmaps', '-n', namespace, '-l', 'toxicity/retain=rollback'])
      .items.map((cm) => cm.metadata.name as string);
    expect(new Set(kept)).toEqual(mounted);
  });
});

function configMapOf(d: Manifest): string {
  return (d.spec.template.spec.volumes as Manifest[]).find((v) => v.configMap)!.configMap.name as string;
}

// The committed manifests deploy too (what the real pipeline applies).
describe('the committed dist/', () => {
  it('applies as committed and passes a server-side dry run of a second apply', () => {
    const committed = readFileSync(join(__dirname, '../../dist/toxicity-serving.k8s.yaml'), 'utf8');
    kube.kubectl(['apply', '--server-side', '--field-manager=committed', '-f', '-'], { input: committed });
    const diff = kube.kubectl(['diff', '--server-side', '--field-manager=committed', '-f', '-'], {
      input: committed,
      allowFailure: true,
    });
    expect(diff.status).toBe(0);
  });
});
