import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import type { Manifest } from './k8s-manifests';

const ROOT = resolve(__dirname, '../..');

export interface CommandResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** podman with the settings that work here (scripts/image/podman.sh); throws on failure unless allowed. */
export function podman(
  args: readonly string[],
  options: { allowFailure?: boolean; timeoutMs?: number } = {},
): CommandResult {
  const r = spawnSync('bash', [join(ROOT, 'scripts/image/podman.sh'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 120_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  const result = {
    status: r.status ?? -1,
    stdout: r.stdout ?? '',
    stderr: (r.stderr ?? '') + (r.error ? String(r.error) : ''),
  };
  if (result.status !== 0 && !options.allowFailure) {
    throw new Error(`podman ${args.join(' ')} failed (exit ${result.status}):\n${result.stderr.slice(-4000)}`);
  }
  return result;
}

/** The local stand-in for the Dockerfile's production base (scripts/image/build-base.sh), built when missing. */
export function localBaseImage(): string {
  const r = spawnSync('bash', [join(ROOT, 'scripts/image/build-base.sh')], {
    encoding: 'utf8',
    timeout: 3_600_000,
  });
  if (r.status !== 0) throw new Error(`scripts/image/build-base.sh failed:\n${r.stderr}`);
  return r.stdout.trim();
}

/** The local stand-in for mlflow-server/Dockerfile's Debian base (scripts/image/build-debian-base.sh), built when missing. */
export function localDebianBaseImage(): string {
  const r = spawnSync('bash', [join(ROOT, 'scripts/image/build-debian-base.sh')], {
    encoding: 'utf8',
    timeout: 3_600_000,
  });
  if (r.status !== 0) throw new Error(`scripts/image/build-debian-base.sh failed:\n${r.stderr}`);
  return r.stdout.trim();
}

/**
 * Builds mlflow-server/Dockerfile (the real one, with its context as the pipeline's mlflow-build step
 * gives it) on `base`, tagged `tag`. Unchanged layers come from podman's cache.
 */
export function buildMlflowImage(base: string, tag: string): void {
  podman(
    [
      'build',
      '--isolation',
      'chroot',
      '--network',
      'host',
      '--file',
      'mlflow-server/Dockerfile',
      '--build-arg',
      `BASE_IMAGE=${base}`,
      '--tag',
      tag,
      'mlflow-server',
    ],
    { timeoutMs: 3_600_000 },
  );
}

/** Builds model-server/Dockerfile (the real one) on `base`, tagged `tag`. */
export function buildServerImage(base: string, tag: string): void {
  podman(
    [
      'build',
      '--isolation',
      'chroot',
      '--network',
      'host',
      '--file',
      'model-server/Dockerfile',
      '--build-arg',
      `NODE_IMAGE=${base}`,
      '--tag',
      tag,
      '.',
    ],
    { timeoutMs: 3_600_000 },
  );
}

/**
 * `podman run` flags that reproduce what the kubelet gives the API container of a synthesized
 * Deployment: its UID/GID, read-only root filesystem, dropped capabilities, no privilege escalation,
 * the RuntimeDefault seccomp profile (podman's default), and each emptyDir as a tmpfs of its sizeLimit.
 * Fails on a securityContext field it does not know how to reproduce, so a new hardening field
 * cannot be skipped silently.
 */
export function securityFlags(deployment: Manifest): string[] {
  const pod = deployment.spec.template.spec as Manifest;
  const container = pod.containers[0] as Manifest;
  const sc = { ...(pod.securityContext as Manifest), ...(container.securityContext as Manifest) };
  const flags: string[] = [];
  const known = new Set([
    'runAsUser',
    'runAsGroup',
    'runAsNonRoot',
    'readOnlyRootFilesystem',
    'allowPrivilegeEscalation',
    'privileged',
    'capabilities',
    'seccompProfile',
    'fsGroup',
    'fsGroupChangePolicy',
  ]);
  const unknown = Object.keys(sc).filter((k) => !known.has(k));
  if (unknown.length > 0) throw new Error(`securityContext fields not reproduced: ${unknown.join(', ')}`);
  if (sc.runAsNonRoot && !(Number(sc.runAsUser) > 0)) throw new Error('runAsNonRoot without a non-zero runAsUser');
  flags.push('--user', `${sc.runAsUser}:${sc.runAsGroup ?? sc.runAsUser}`);
  if (sc.fsGroup !== undefined) flags.push('--group-add', String(sc.fsGroup));
  if (sc.readOnlyRootFilesystem) flags.push('--read-only', '--read-only-tmpfs=false');
  if (sc.allowPrivilegeEscalation === false) flags.push('--security-opt', 'no-new-privileges');
  if (sc.privileged) throw new Error('privileged containers are not reproduced');
  for (const cap of (sc.capabilities?.drop ?? []) as string[]) flags.push('--cap-drop', cap);
  for (const cap of (sc.capabilities?.add ?? []) as string[]) flags.push('--cap-add', cap);
  if (sc.seccompProfile && sc.seccompProfile.type !== 'RuntimeDefault') {
    throw new Error(`seccomp profile ${String(sc.seccompProfile.type)} is not reproduced`);
  }
  const volumes = new Map((pod.volumes as Manifest[]).map((v) => [v.name as string, v]));
  for (const mount of container.volumeMounts as Manifest[]) {
    const volume = volumes.get(mount.name as string);
    if (volume?.emptyDir) {
      const size = volume.emptyDir.sizeLimit ? `,size=${String(volume.emptyDir.sizeLimit).replace(/i$/, '')}` : '';
      flags.push('--tmpfs', `${mount.mountPath as string}:rw,nosuid,nodev${size},mode=1777`);
    }
  }
  return flags;
}
