import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
/** The bin npm links for the `packages/cli` workspace: what `npx toxicity` runs. */
const BIN = join(ROOT, 'node_modules/.bin/toxicity');

describe('the toxicity command', () => {
  it('is linked by npm ci, so npx toxicity runs it without a build', () => {
    const out = execFileSync(BIN, ['--help'], { cwd: ROOT, encoding: 'utf8' });
    expect(out).toMatch(/^Usage: toxicity /);
  });

  it('prints the package version for -V and --version', () => {
    expect(execFileSync(BIN, ['-V'], { encoding: 'utf8' })).toBe(`${VERSION}\n`);
    expect(execFileSync(BIN, ['--version'], { encoding: 'utf8' })).toBe(`${VERSION}\n`);
  });

  it('keeps --version after a subcommand for that subcommand (promote --version <n>)', () => {
    const res = spawnSync(BIN, ['promote', 'm', '--version', 'x'], { encoding: 'utf8' });
    expect(res.stdout).not.toBe(`${VERSION}\n`);
    expect(res.stderr).toMatch(/version must be a positive integer, got "x"/);
    expect(res.status).not.toBe(0);
  });

  it('prints an unexpected error as one line, and its stack trace only with --debug', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-'));
    writeFileSync(join(dir, 'model.json'), 'not json');
    const args = ['predict', '-', '--model', join(dir, 'model.json')];
    const plain = spawnSync(BIN, args, { input: 'text\na\n', encoding: 'utf8' });
    expect(plain.status).toBe(1);
    expect(plain.stderr.trim().split('\n')).toHaveLength(1);
    expect(plain.stderr).toMatch(/^toxicity: .*JSON.*\(run again with --debug for the stack trace\)\n$/);
    const debug = spawnSync(BIN, ['--debug', ...args], { input: 'text\na\n', encoding: 'utf8' });
    expect(debug.status).toBe(1);
    expect(debug.stderr).toMatch(/\n\s+at /);
  });

  it('stops quietly when its reader closes the pipe early (toxicity --help | head -1)', () => {
    const res = spawnSync('bash', ['-c', `set -o pipefail; "${BIN}" --help | true`], {
      encoding: 'utf8',
    });
    expect(res.stderr).not.toMatch(/EPIPE|Unhandled|at /);
    expect(res.status).toBe(0);
  });
});
