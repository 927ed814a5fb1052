import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BuildStep } from '../../../pipelines/cloud-build-model';
import { applySubstitutions } from '../../../pipelines/substitution-template';

export interface StepRunOptions {
  /** Built-in and user substitutions, as Cloud Build would resolve them for this build. */
  readonly substitutions: Readonly<Record<string, string>>;
  /** Fake tools put first on PATH: name → bash body run after the call is logged. */
  readonly stubs?: Readonly<Record<string, string>>;
  /** Values of the step's secretEnv variables. */
  readonly secrets?: Readonly<Record<string, string>>;
  /** Workspace folder (default: a fresh temporary one). */
  readonly workspace?: string;
  /** Further environment of the builder (e.g. KUBECONFIG when real kubectl talks to a local API server). */
  readonly env?: Readonly<Record<string, string>>;
  /** @default 20000 */
  readonly timeoutMs?: number;
}

export interface StepRunResult {
  readonly status: number;
  /** One line per stub call: `<tool> <args…>`. */
  readonly calls: string[];
  readonly stdout: string;
  readonly stderr: string;
  readonly workspace: string;
  /** Environment seen by the first stub call, as `KEY=VALUE` lines. */
  readonly env: string;
}

const created: string[] = [];

/** A fresh temporary folder, removed by `removeTemporaryFolders`. */
export function temporaryFolder(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/** Removes every folder `runStep` and `temporaryFolder` created (call in `afterAll`). */
export function removeTemporaryFolders(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/**
 * Runs a generated `bash -c` step the way Cloud Build would: substitutions applied to the
 * arguments and env first, `$$` unescaped, secrets exported, the workspace as working directory.
 * The external tools named in `stubs` (gcloud, docker, npm, node…) are stubs that log their calls;
 * any other tool is the machine's own (the kube integration suite runs the real kubectl).
 */
export function runStep(step: BuildStep, options: StepRunOptions): StepRunResult {
  if (step.entrypoint !== 'bash' || step.args?.[0] !== '-c' || step.args.length !== 2) {
    throw new Error(`step ${step.id ?? step.name} is not a bash -c step`);
  }
  const root = temporaryFolder('cloudbuild-step-');
  const bin = join(root, 'bin');
  const workspace = options.workspace ?? join(root, 'workspace');
  mkdirSync(bin);
  mkdirSync(workspace, { recursive: true });
  const log = join(root, 'calls.log');
  const envDump = join(root, 'env.txt');
  writeFileSync(log, '');
  for (const [name, body] of Object.entries(options.stubs ?? {})) {
    const file = join(bin, name);
    writeFileSync(
      file,
      `#!/usr/bin/env bash\necho "${name} $*" >> "${log}"\n[ -s "${envDump}" ] || env > "${envDump}"\n${body}\n`,
    );
    chmodSync(file, 0o755);
  }
  const env: Record<string, string> = {
    PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    HOME: root,
    ...options.env,
    ...options.secrets,
  };
  for (const entry of step.env ?? []) {
    const resolved = applySubstitutions(entry, options.substitutions);
    const eq = resolved.indexOf('=');
    env[resolved.slice(0, eq)] = resolved.slice(eq + 1);
  }
  const script = applySubstitutions(step.args[1], options.substitutions);
  const result = spawnSync('bash', ['-c', script], {
    cwd: workspace,
    env,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 20_000,
  });
  let envText = '';
  try {
    envText = readFileSync(envDump, 'utf8');
  } catch {
    envText = '';
  }
  return {
    status: result.status ?? -1,
    calls: readFileSync(log, 'utf8')
      .split('\n')
      .filter((l) => l !== ''),
    stdout: result.stdout,
    stderr: result.stderr,
    workspace,
    env: envText,
  };
}
