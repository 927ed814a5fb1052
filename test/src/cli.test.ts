import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
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
});
