import { freePort } from '../support/fixtures';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Storage } from '@google-cloud/storage';
import { MlflowClient } from '../../src/mlflow/mlflow-client';
import { requireService } from './support/services';

/**
 * The model's way to production and back, end to end, with the real CLI, a real MLflow server and a
 * real Cloud Storage emulator: data uploaded to a bucket → `toxicity train --register` → champion →
 * a worse model stays challenger → a better one becomes champion → a running server on
 * `models:/<name>@champion` follows without a failed request → `toxicity rollback` → back again.
 */
const ROOT = resolve(__dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const CLI = join(ROOT, 'src/cli.ts');

describe('training, registry and serving end to end', () => {
  const mlflowUri = requireService('MLFLOW_TRACKING_URI');
  const gcsEndpoint = requireService('GCS_EMULATOR_ENDPOINT');
  const client = new MlflowClient({ trackingUri: mlflowUri });
  const id = randomUUID().slice(0, 8);
  const name = `toxic-e2e-${id}`;
  const dataBucket = `data-${id}`;
  const modelsBucket = `models-${id}`;
  // Promotions also publish the champion pointer, into this suite's own models bucket.
  const env = {
    ...process.env,
    MLFLOW_TRACKING_URI: mlflowUri,
    GCS_EMULATOR_ENDPOINT: gcsEndpoint,
    MODEL_CHAMPION_STORE: `gs://${modelsBucket}`,
    USER: 'e2e',
  };
  let server: ChildProcess | undefined;

  beforeAll(async () => {
    const storage = new Storage({ apiEndpoint: gcsEndpoint, projectId: 'e2e' });
    await storage.createBucket(dataBucket);
    await storage.createBucket(modelsBucket);
    await storage
      .bucket(dataBucket)
      .file('comments.csv')
      .save(readFileSync(join(ROOT, 'data/demo/comments.csv')), { resumable: false });
  });

  afterAll(() => {
    server?.kill('SIGINT');
  });

  function cli(
    args: string[],
    extraEnv: Record<string, string> = {},
  ): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((done, fail) => {
      const child = spawn(TSX, [CLI, ...args], { cwd: ROOT, env: { ...env, ...extraEnv } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('error', fail);
      child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
    });
  }

  const train = (run: string, extra: string[]) =>
    cli([
      'train',
      '--data',
      `gs://${dataBucket}/comments.csv`,
      '--out',
      `gs://${modelsBucket}/${run}/`,
      '--register',
      name,
      '--labels',
      'toxic',
      '--no-progress',
      ...extra,
    ]);

  async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, seconds = 30): Promise<T> {
    const until = Date.now() + seconds * 1000;
    for (;;) {
      const value = await probe().catch(() => undefined);
      if (value !== undefined) return value;
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  it('promotes, gates, serves, follows the alias and rolls back without a failed request', async () => {
    // v1: a small vocabulary, the first champion.
    const v1 = await train('run1', ['--max-features', '300']);
    expect(v1.stderr).not.toMatch(/toxicity: /);
    expect(v1.code).toBe(0);
    expect(v1.stdout).toContain(`version 1 is the first champion of ${name}`);

    // The run, its params, metrics and artifacts are in MLflow.
    const champion1 = await client.getModelVersionByAlias(name, 'champion');
    expect(champion1).toMatchObject({ version: '1', source: `gs://${modelsBucket}/run1/model.json` });
    const run1 = await client.getRun(champion1!.run_id!);
    expect(run1.info.status).toBe('FINISHED');
    expect(run1.data.params).toEqual(
      expect.arrayContaining([{ key: 'data_uri', value: `gs://${dataBucket}/comments.csv` }]),
    );
    expect(run1.data.metrics?.map((m) => m.key)).toEqual(
      expect.arrayContaining(['toxic.rocAuc', 'toxic.f1', 'features']),
    );
    const artifacts = await client.listArtifacts(run1.info.run_id);
    expect(artifacts.map((a) => a.path)).toEqual(expect.arrayContaining(['model', 'metrics.json']));

    // v2: a deliberately poor model (5 features) stays challenger.
    const v2 = await train('run2', ['--max-features', '5']);
    expect(v2.code).toBe(0);
    expect(v2.stdout).toMatch(/version 2 stays challenger: toxic\.rocAuc [\d.]+ vs champion v1 [\d.]+/);
    expect((await client.getModelVersionByAlias(name, 'champion'))?.version).toBe('1');

    // A server following the champion alias, polling every second.
    const port = await freePort();
    server = spawn(
      TSX,
      [
        CLI,
        'serve',
        '--model',
        `models:/${name}@champion`,
        '--port',
        String(port),
        '--ephemeral-secret',
        '--print-curl',
      ],
      {
        cwd: ROOT,
        // One subject sends the traffic below as fast as it can: the per-subject rate limit (its own suite,
        // server-abuse) would answer 429 by design. A free admin port, so no fixed port is assumed free.
        env: {
          ...env,
          MODEL_POLL_SECONDS: '1',
          RATE_LIMIT_PER_SECOND: '1000000',
          ADMIN_PORT: String(await freePort()),
        },
      },
    );
    let serverErr = '';
    server.stderr!.on('data', (c: Buffer) => (serverErr += c.toString()));
    const token = await waitFor('the printed token', () =>
      Promise.resolve(/Authorization: Bearer ([\w.-]+)/.exec(serverErr)?.[1]),
    );
    const base = `http://127.0.0.1:${port}`;
    const auth = { authorization: `Bearer ${token}` };
    const servedUri = async () => {
      const r = await fetch(`${base}/v1/model`, { headers: auth });
      return r.ok ? ((await r.json()) as { resolved_uri: string }).resolved_uri : undefined;
    };
    await waitFor('the first model', async () =>
      (await servedUri()) === `gs://${modelsBucket}/run1/model.json` ? true : undefined,
    );

    // Traffic all along; every request must succeed.
    let stop = false;
    const failures: string[] = [];
    let requests = 0;
    const traffic = (async () => {
      while (!stop) {
        const r = await fetch(`${base}/v1/predict`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: JSON.stringify({ texts: ['you are a stupid idiot', 'thanks for the help'] }),
        }).catch((e: Error) => ({ ok: false, status: 0, statusText: e.message }) as Response);
        requests++;
        if (!r.ok) failures.push(`${r.status} ${r.statusText}`);
      }
    })();

    // v3: the full model beats the champion and the server switches to it.
    const v3 = await train('run3', []);
    expect(v3.code).toBe(0);
    expect(v3.stdout).toMatch(/version 3 replaces v1 as champion/);
    await waitFor('the server to load v3', async () =>
      (await servedUri()) === `gs://${modelsBucket}/run3/model.json` ? true : undefined,
    );

    // Roll the model back: the server returns to v1.
    const rollback = await cli(['rollback', name, '--reason', 'e2e check']);
    expect(rollback.code).toBe(0);
    expect(rollback.stdout).toBe(
      `${name}: champion moved back from version 3 to version 1\ngs://${modelsBucket}/${name}/champion -> version 1\n`,
    );
    await waitFor('the server to return to v1', async () =>
      (await servedUri()) === `gs://${modelsBucket}/run1/model.json` ? true : undefined,
    );

    stop = true;
    await traffic;
    expect(requests).toBeGreaterThan(10);
    expect(failures).toEqual([]);
  });

  it('marks the run FAILED and registers nothing when training cannot finish', async () => {
    const before = await client.listModelVersions(name);
    const result = await train('bad', ['--gate-metric', 'toxic.nonexistent']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/quality gate metric "toxic.nonexistent" is not among the model's metrics/);
    expect(await client.listModelVersions(name)).toHaveLength(before.length);
    const runId = /MLflow run ([0-9a-f]{32})/.exec(result.stderr)?.[1];
    expect(runId).toBeDefined();
    expect((await client.getRun(runId!)).info.status).toBe('FAILED');
  });

  it('fails with a clear message and no registration when the data object is missing', async () => {
    const result = await cli([
      'train',
      '--data',
      `gs://${dataBucket}/missing.csv`,
      '--register',
      name,
      '--no-progress',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`toxicity: no such object: gs://${dataBucket}/missing.csv`);
  });
});
