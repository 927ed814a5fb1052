import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

/** Result of one kubectl call. */
export interface KubectlResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A local control plane (scripts/kube/control-plane.sh) and a kubectl bound to its admin kubeconfig. */
export interface KubeCluster {
  /** Path of the admin kubeconfig. */
  readonly kubeconfig: string;
  /** Runs kubectl; throws with its stderr when it fails, unless `allowFailure`. */
  kubectl(args: readonly string[], options?: { input?: string; allowFailure?: boolean }): KubectlResult;
  /** `kubectl get … -o json`, parsed. */
  getJson<T = Record<string, unknown>>(args: readonly string[]): T;
  /** Stops every process of the control plane and deletes its state. */
  stop(): void;
}

function run(cmd: string, args: readonly string[], env: NodeJS.ProcessEnv, input?: string, timeout = 120_000) {
  const r = spawnSync(cmd, args, { env, input, encoding: 'utf8', timeout, maxBuffer: 64 * 1024 * 1024 });
  return {
    status: r.status ?? -1,
    stdout: r.stdout ?? '',
    stderr: (r.stderr ?? '') + (r.error ? String(r.error) : ''),
  };
}

/**
 * Starts etcd, kube-apiserver (PodSecurity admission on), kube-controller-manager, kube-scheduler and
 * kwok (one simulated node, so pods become Ready) on free loopback ports, with their own certificates.
 * The binaries are built once per machine by scripts/kube/build.sh (about 20 min on 2 cores) and cached.
 */
export function startKubeCluster(): KubeCluster {
  const state = mkdtempSync(join(tmpdir(), 'toxicity-kube-'));
  const up = run('bash', [join(ROOT, 'scripts/kube/control-plane.sh'), 'up', state], process.env, undefined, 3_600_000);
  if (up.status !== 0) {
    run('bash', [join(ROOT, 'scripts/kube/control-plane.sh'), 'down', state], process.env);
    throw new Error(`control plane did not start (exit ${up.status}):\n${up.stderr}`);
  }
  const kubeconfig = join(state, 'admin.kubeconfig');
  readFileSync(kubeconfig); // fails loudly if the script did not write it
  const env = { ...process.env, KUBECONFIG: kubeconfig };
  const kubectl: KubeCluster['kubectl'] = (args, options = {}) => {
    const r = run('kubectl', args, env, options.input);
    if (r.status !== 0 && !options.allowFailure) {
      throw new Error(`kubectl ${args.join(' ')} failed (exit ${r.status}):\n${r.stderr}${r.stdout}`);
    }
    return r;
  };
  return {
    kubeconfig,
    kubectl,
    getJson: <T>(args: readonly string[]) => JSON.parse(kubectl(['get', ...args, '-o', 'json']).stdout) as T,
    stop: () => {
      run('bash', [join(ROOT, 'scripts/kube/control-plane.sh'), 'down', state], process.env);
      rmSync(state, { recursive: true, force: true });
    },
  };
}

/** Folder of the monitoring CRDs (PodMonitoring, Rules, ServiceMonitor, PrometheusRule), fetched by scripts/kube/crds.sh. */
export function monitoringCrdsDir(): string {
  const r = run('bash', [join(ROOT, 'scripts/kube/crds.sh')], process.env, undefined, 600_000);
  if (r.status !== 0) throw new Error(`scripts/kube/crds.sh failed:\n${r.stderr}`);
  return r.stdout.trim();
}
