import { Writable } from 'node:stream';
import { Command } from 'commander';
import type { CliContext } from '../../../../src/commands/cli-context';
import { parseConfig } from '../../../../src/config';

/** A writable stream that keeps what is written. */
export class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    this.text += chunk.toString();
    callback();
  }
}

/** A `CliContext` over a config object, an env and a folder, with captured output. */
export function cliContext(options: { env?: Record<string, string>; cwd: string; config?: Record<string, unknown> }) {
  const stdout = new Capture();
  const stderr = new Capture();
  const config = parseConfig(options.config ?? {});
  const ctx: CliContext = { env: options.env ?? {}, cwd: options.cwd, stdout, stderr, loadConfig: () => config };
  return { ctx, stdout, stderr, config };
}

/** A program like the CLI's (errors thrown, not printed and exited). */
export function program(): Command {
  return new Command('toxicity')
    .exitOverride()
    .configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
}
