import { readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import * as grpc from '@grpc/grpc-js';
import { Command } from 'commander';
import { type AppConfig, parseConfig } from '../../../src/config';
import { type CliContext, UsageError } from '../../../src/commands/cli-context';
import { registerPipelineCommands, type PipelineCommandDeps } from '../../../src/commands/pipeline-commands';
import { GENERATED_HEADER } from '../../../pipelines/render-build-yaml';
import { CloudBuildGrpcServer } from '../../pipelines/support/cloud-build-grpc-server';
import { removeTemporaryFolders, temporaryFolder } from '../../pipelines/support/run-step';

afterAll(removeTemporaryFolders);

const FIXTURES = join(__dirname, '../../fixtures/cloudbuild');

interface Harness {
  run(...args: string[]): Promise<void>;
  stdout(): string;
  stderr(): string;
  readonly cwd: string;
}

function harness(config: AppConfig, deps: PipelineCommandDeps = {}, env: Record<string, string> = {}): Harness {
  const cwd = temporaryFolder('pipeline-cli-');
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (d: Buffer) => (stdout += d.toString()));
  err.on('data', (d: Buffer) => (stderr += d.toString()));
  const ctx: CliContext = { env, cwd, stdout: out, stderr: err, loadConfig: () => config };
  return {
    cwd,
    async run(...args) {
      const program = new Command('toxicity').exitOverride();
      registerPipelineCommands(program, ctx, deps);
      await program.parseAsync(['node', 'toxicity', ...args]);
    },
    stdout: () => stdout,
    stderr: () => stderr,
  };
}

const config = parseConfig({
  gcp: { projectId: 'acme-toxicity' },
  mlflow: { server: { internalAddress: '10.10.0.50' } },
  pipeline: { githubOwner: 'acme', githubRepo: 'toxicity' },
});

describe('toxicity pipeline synth', () => {
  it('writes cloudbuild.yaml and cloudbuild-retrain.yaml with the generated header into the working directory', async () => {
    const h = harness(config);
    await h.run('pipeline', 'synth');
    const text = readFileSync(join(h.cwd, 'cloudbuild.yaml'), 'utf8');
    expect(text.startsWith(`${GENERATED_HEADER}\nsteps:\n`)).toBe(true);
    expect(text).toContain('_DATA_BUCKET: ${PROJECT_ID}-toxicity-data');
    // The six steps of the API plus the MLflow server's build, push and rollout.
    expect(h.stderr()).toBe('wrote cloudbuild.yaml (9 steps)\nwrote cloudbuild-retrain.yaml (5 steps)\n');
    expect(readFileSync(join(h.cwd, 'cloudbuild-retrain.yaml'), 'utf8').split('\n')[0]).toBe(GENERATED_HEADER);
  });

  it('warns when an environment variable overrides the config the file is made from', async () => {
    const h = harness(config, {}, { MLFLOW_TRACKING_URI: 'http://127.0.0.1:5000' });
    await h.run('pipeline', 'synth');
    expect(h.stderr()).toContain('warning: MLFLOW_TRACKING_URI override the config file');
  });

  it('writes elsewhere with --out', async () => {
    const h = harness(config);
    await h.run('pipeline', 'synth', '--out', 'other.yaml');
    expect(readFileSync(join(h.cwd, 'other.yaml'), 'utf8').split('\n')[0]).toBe(GENERATED_HEADER);
  });
});

describe('toxicity pipeline validate', () => {
  it('accepts the file synth wrote', async () => {
    const h = harness(config);
    await h.run('pipeline', 'synth');
    await h.run('pipeline', 'validate');
    expect(h.stdout()).toBe('');
    expect(h.stderr()).toContain('cloudbuild.yaml: valid\n');
  });

  it('prints every problem as file:line: path: message and fails with exit code 1', async () => {
    const h = harness(config);
    writeFileSync(
      join(h.cwd, 'broken.yaml'),
      [
        'steps:',
        '  - id: tests',
        '    name: node:20',
        '    args: [npm, test]',
        '  - name: ubuntu',
        '    args: [echo, $HOME]',
        '    waitFor: [tets]',
        'timeout: 600',
        '',
      ].join('\n'),
    );
    const run = h.run('pipeline', 'validate', 'broken.yaml');
    await expect(run).rejects.toBeInstanceOf(UsageError);
    await expect(run).rejects.toMatchObject({ exitCode: 1, message: 'broken.yaml: 3 error(s), 0 warning(s)' });
    expect(h.stdout().split('\n').filter(Boolean).sort()).toEqual([
      'broken.yaml:6: steps[1].args[1]: $HOME is not a built-in substitution; escape shell variables as "$$HOME"',
      'broken.yaml:7: steps[1].waitFor[0]: unknown step id "tets"; did you mean "tests"?',
      'broken.yaml:8: timeout: must be a duration in seconds ending in "s", e.g. "600s" or "3.5s" (write "600s"), got 600',
    ]);
  });

  it('passes with warnings, and fails on them with --strict', async () => {
    const h = harness(config);
    copyFileSync(join(FIXTURES, 'valid/allow-loose.yaml'), join(h.cwd, 'loose.yaml'));
    await h.run('pipeline', 'validate', 'loose.yaml');
    expect(h.stdout()).toContain(
      'loose.yaml:4: steps[0].args[2]: warning: substitution $_NOT_SET is used but not defined',
    );
    await expect(h.run('pipeline', 'validate', '--strict', 'loose.yaml')).rejects.toMatchObject({ exitCode: 1 });
  });

  it('fails with a usage error naming the path when the file does not exist', async () => {
    const h = harness(config);
    await expect(h.run('pipeline', 'validate', 'missing.yaml')).rejects.toThrow(
      `no such file: ${join(h.cwd, 'missing.yaml')}`,
    );
  });
});

describe('toxicity pipeline trigger', () => {
  let server: CloudBuildGrpcServer;
  beforeEach(async () => {
    server = new CloudBuildGrpcServer({
      GetBuildTrigger: () => ({ code: grpc.status.NOT_FOUND, details: 'not found' }),
      CreateBuildTrigger: (req) => ({ response: { ...(req.trigger as object), id: 'new-trigger' } }),
    });
    await server.start();
  });
  afterEach(() => server.stop());

  it('--dry-run prints the exact requests and sends nothing', async () => {
    const h = harness(config, { createClient: () => server.client() });
    await h.run('pipeline', 'trigger', '--dry-run');
    const printed = JSON.parse(h.stdout()) as Record<string, unknown>;
    expect(printed.createBuildTrigger).toMatchObject({
      projectId: 'acme-toxicity',
      trigger: { github: { owner: 'acme', name: 'toxicity', push: { branch: '^main$' } }, filename: 'cloudbuild.yaml' },
    });
    expect(server.calls).toEqual([]);
  });

  it('creates the trigger through the client and reports it', async () => {
    const h = harness(config, { createClient: () => server.client() });
    await h.run('pipeline', 'trigger');
    expect(server.calls.map((c) => c.method)).toEqual(['GetBuildTrigger', 'CreateBuildTrigger']);
    expect(h.stdout()).toBe('created trigger toxicity-main (id new-trigger)\n');
  });

  it('fails with a usage error when the config names no repository', async () => {
    const h = harness(parseConfig({}), { createClient: () => server.client() });
    await expect(h.run('pipeline', 'trigger')).rejects.toBeInstanceOf(UsageError);
    expect(server.calls).toEqual([]);
  });
});
