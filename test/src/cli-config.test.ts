import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');

function config(dir: string, ...args: string[]) {
  return spawnSync(TSX, [join(ROOT, 'src/cli.ts'), 'config', ...args], {
    cwd: dir,
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
    encoding: 'utf8',
  });
}

describe('toxicity config', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'toxicity-config-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses the embedded defaults for deployment with exit 2, naming the setting to set', () => {
    const run = config(dir);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('--local checks a local run only');
    expect(run.stderr).toContain('/mlflow/server/internalAddress: unset');
  });

  it('prints the resolved config with --local, and without it once the config is deployable', () => {
    const local = config(dir, '--local');
    expect(local.status).toBe(0);
    expect((JSON.parse(local.stdout) as { mlflow: { trackingUri: string } }).mlflow.trackingUri).toBe(
      'http://127.0.0.1:5000',
    );
    writeFileSync(join(dir, 'toxicity.config.yaml'), 'mlflow:\n  server:\n    internalAddress: 10.1.2.3\n');
    const deployable = config(dir);
    expect(deployable.stderr).toBe('');
    expect(deployable.status).toBe(0);
    expect((JSON.parse(deployable.stdout) as { model: { uri: string } }).model.uri).toBe(
      'gs://my-gcp-project-toxicity-models/toxic-detector/champion',
    );
  });
});
