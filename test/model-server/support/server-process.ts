import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '../../..');

/** A model server child process with its stdout captured as JSON log entries. */
export interface ServerProcess {
  readonly child: ChildProcess;
  readonly lines: string[];
  readonly stderr: string[];
  entries(): Record<string, unknown>[];
  /** Resolves with the first log entry matching, or rejects after the timeout / on exit. */
  waitFor(predicate: (entry: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts `node <entry>` (TypeScript through tsx unless the entry is .js) with exactly the given
 * environment plus PATH, the way the container runs it.
 */
export function startServerProcess(
  env: Record<string, string>,
  options: { entry?: string; cwd?: string; uid?: number; gid?: number } = {},
): ServerProcess {
  const entry = options.entry ?? resolve(REPO_ROOT, 'model-server/server.ts');
  const args = entry.endsWith('.ts') ? ['--import', 'tsx', entry] : [entry];
  const child = spawn(process.execPath, args, {
    cwd: options.cwd ?? REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.uid !== undefined ? { uid: options.uid } : {}),
    ...(options.gid !== undefined ? { gid: options.gid } : {}),
  });
  const lines: string[] = [];
  const stderr: string[] = [];
  const waiters = new Set<() => void>();
  let buffer = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk;
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      lines.push(buffer.slice(0, nl));
      buffer = buffer.slice(nl + 1);
    }
    for (const w of waiters) w();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    child.once('exit', (code, signal) => {
      for (const w of waiters) w();
      r({ code, signal });
    }),
  );
  const entries = () =>
    lines.map((l) => {
      try {
        return JSON.parse(l) as Record<string, unknown>;
      } catch {
        throw new Error(`not a JSON log line: ${l}`);
      }
    });
  return {
    child,
    lines,
    stderr,
    entries,
    exited,
    waitFor(predicate, timeoutMs = 30000) {
      return new Promise((resolvePromise, reject) => {
        const check = () => {
          const found = entries().find(predicate);
          if (found) {
            done();
            resolvePromise(found);
          } else if (child.exitCode !== null || child.signalCode !== null) {
            done();
            reject(
              new Error(
                `server exited (${child.exitCode}) first; stdout:\n${lines.join('\n')}\nstderr:\n${stderr.join('')}`,
              ),
            );
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`timed out; stdout:\n${lines.join('\n')}\nstderr:\n${stderr.join('')}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
  };
}

/** Writes a config file in `dir` (defaults apply to what it leaves out) and returns its path. */
export function writeConfigFile(dir: string, yaml = '{}\n'): string {
  const path = join(dir, 'toxicity.config.yaml');
  writeFileSync(path, yaml);
  return path;
}
