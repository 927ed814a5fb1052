import type { AppConfig, Env } from '../config';

/**
 * What a command module gets from the `toxicity` entry point. Command modules never read
 * `process.env`, argv or the config file themselves; the entry point hands them these.
 */
export interface CliContext {
  /** The validated environment (`parseEnv`): secrets such as JWT_SECRET, config overrides. */
  readonly env: Env;
  /** Working directory relative paths are resolved against. */
  readonly cwd: string;
  /** Loads and validates the config once (honours the global `--config` option); cached. */
  loadConfig(): AppConfig;
  /** Standard output: results (a token, a JSON report). */
  readonly stdout: NodeJS.WritableStream;
  /** Standard error: progress and human-readable messages. */
  readonly stderr: NodeJS.WritableStream;
}

/**
 * An error whose message is for the user as is (no stack trace). `exitCode` 2 (the default): the
 * invocation is wrong in itself (a flag value, a missing setting) and nothing was attempted; 1: the
 * work failed (a file, the data, a service, a gate). See `EXIT` in program.ts.
 */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * The "Examples:" section of a command's `--help` (commander prints it after the options):
 * `.addHelpText('after', examples('toxicity train --data comments.csv'))`.
 */
export function examples(...commands: string[]): string {
  return `\nExamples:\n${commands.map((c) => `  $ ${c}`).join('\n')}\n`;
}
