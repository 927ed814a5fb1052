import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PubSub } from '@google-cloud/pubsub';
import { Storage } from '@google-cloud/storage';
import { parse as parseCsv } from 'csv-parse/sync';
import { stringify as toYaml } from 'yaml';
import { MlflowClient } from '../../src/mlflow/mlflow-client';
import { freePort, tempDir } from '../support/fixtures';
import { requireService } from './support/services';

/**
 * The retraining loop end to end with real parts: an upload to fake-gcs-server raises an
 * OBJECT_FINALIZE notification on the Pub/Sub emulator, `toxicity retrain subscribe` receives it
 * and runs the retraining build's steps (scripts/retrain-step.sh, as Cloud Build runs them) against
 * a real MLflow, and a running API server on the champion pointer follows by hot reload while it
 * serves light continuous traffic.
 */
const ROOT = resolve(__dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const CLI = join(ROOT, 'src/cli.ts');

interface Row {
  id: string;
  comment_text: string;
  toxic: string;
}

/** The demo comments split once: a frozen evaluation set and a pool the uploads are made of. */
function demoSplit(): { evalRows: Row[]; pool: Row[] } {
  const rows = parseCsv<Row>(readFileSync(join(ROOT, 'data/demo/comments.csv')), { columns: true }).sort((a, b) =>
    a.id < b.id ? -1 : 1,
  );
  return { evalRows: rows.filter((_, i) => i % 4 === 0), pool: rows.filter((_, i) => i % 4 !== 0) };
}

function csv(rows: readonly Row[], flip: (i: number) => boolean = () => false): string {
  const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const lines = rows.map((r, i) => {
    const toxic = flip(i) ? String(1 - Number(r.toxic)) : r.toxic;
    return `${r.id},${quote(r.comment_text)},${toxic}`;
  });
  return ['id,comment_text,toxic', ...lines].join('\n') + '\n';
}

interface Report {
  messageId: string;
  object?: string;
  generation?: string;
  outcome: string;
  ack: boolean;
  detail: string;
  steps?: { id: string; exitCode: number; seconds: number }[];
}

describe('the retraining loop end to end', () => {
  const mlflowUri = requireService('MLFLOW_TRACKING_URI');
  const gcsEndpoint = requireService('GCS_EMULATOR_ENDPOINT');
  const pubsubHost = requireService('PUBSUB_EMULATOR_HOST');
  const project = requireService('PUBSUB_PROJECT_ID');
  const topic = requireService('PUBSUB_TOPIC');
  const dataBucket = requireService('RETRAIN_EVENT_BUCKET');
  const prefix = `${requireService('RETRAIN_EVENT_PREFIX')}${randomUUID().slice(0, 8)}/`;
  const id = randomUUID().slice(0, 8);
  const name = `toxic-retrain-${id}`;
  const modelsBucket = `models-retrain-${id}`;
  const storage = new Storage({ apiEndpoint: gcsEndpoint, projectId: project });
  const mlflow = new MlflowClient({ trackingUri: mlflowUri });
  const { evalRows, pool } = demoSplit();
  const dir = tempDir('retrain-e2e-');
  const env = {
    ...process.env,
    TOXICITY_CONFIG: join(dir, 'toxicity.config.yaml'),
    MLFLOW_TRACKING_URI: mlflowUri,
    GCS_EMULATOR_ENDPOINT: gcsEndpoint,
    PUBSUB_EMULATOR_HOST: pubsubHost,
    USER: 'retrain-e2e',
  };
  const reports: Report[] = [];
  let subscriber: ChildProcess | undefined;
  let subscriberErr = '';
  let server: ChildProcess | undefined;
  let serverErr = '';

  async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, seconds = 60): Promise<T> {
    const until = Date.now() + seconds * 1000;
    for (;;) {
      const value = await probe().catch(() => undefined);
      if (value !== undefined) return value;
      if (Date.now() > until) {
        throw new Error(`timed out waiting for ${what}\nsubscriber:\n${subscriberErr.slice(-3000)}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  /** Uploads a file under the watched prefix; resolves with its generation. */
  async function upload(file: string, text: string): Promise<string> {
    const f = storage.bucket(dataBucket).file(`${prefix}${file}`);
    await f.save(text, { resumable: false, contentType: 'text/csv' });
    const [meta] = await f.getMetadata();
    return String(meta.generation);
  }

  const reportOf = (file: string, generation: string, nth = 1) =>
    waitFor(
      `the subscriber's report on ${file}`,
      () => {
        const found = reports.filter((r) => r.object === `${prefix}${file}` && r.generation === generation);
        return Promise.resolve(found.length >= nth ? found[nth - 1] : undefined);
      },
      150,
    );

  const runFolder = (file: string, generation: string) => `${name}/retrain/runs/${prefix}${file}@${generation}`;
  const readJson = async <T>(bucket: string, object: string): Promise<T> =>
    JSON.parse((await storage.bucket(bucket).file(object).download())[0].toString()) as T;
  const champion = async () => (await mlflow.getModelVersionByAlias(name, 'champion'))?.version;

  beforeAll(async () => {
    await storage.createBucket(dataBucket).catch((err: { code?: number }) => {
      if (err.code !== 409) throw err; // kept by an earlier suite run against the same services
    });
    await storage.createBucket(modelsBucket);
    // The frozen evaluation set lives outside the watched prefix: writing it starts nothing.
    await storage.bucket(dataBucket).file(`eval/${id}/frozen.csv`).save(csv(evalRows), { resumable: false });
    writeFileSync(
      env.TOXICITY_CONFIG,
      toYaml({
        gcp: { projectId: project },
        model: { name },
        mlflow: { server: { internalAddress: '10.10.0.50' } },
        retraining: { evalSet: `eval/${id}/frozen.csv`, dataQuality: { minRows: 150 } },
        infra: { retrain: { dataPrefix: prefix } },
      }),
    );
    subscriber = spawn(
      TSX,
      [
        CLI,
        'retrain',
        'subscribe',
        '--subscription',
        `retrain-e2e-${id}`,
        '--topic',
        topic,
        '--set',
        `_DATA_BUCKET=${dataBucket}`,
        '--set',
        `_MODELS_BUCKET=${modelsBucket}`,
        '--retry-delay',
        '1',
        '--json',
      ],
      { cwd: ROOT, env },
    );
    let out = '';
    subscriber.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const lines = out.split('\n');
      out = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) reports.push(JSON.parse(line) as Report);
    });
    subscriber.stderr!.on('data', (c: Buffer) => (subscriberErr += c.toString()));
    await waitFor('the subscriber to listen', () => Promise.resolve(/listening on/.test(subscriberErr) || undefined));
  });

  afterAll(async () => {
    // Where the time went (a record for docs/retraining.md, not an assertion).
    const lines = reports
      .filter((r) => r.object?.startsWith(prefix))
      .map(
        (r) =>
          `${r.object!.slice(prefix.length)}: ${r.outcome} [${(r.steps ?? []).map((s) => `${s.id} ${s.seconds} s`).join(', ')}]`,
      );
    process.stderr.write(`retraining runs:\n  ${lines.join('\n  ')}\n`);
    server?.kill('SIGINT');
    if (subscriber && subscriber.exitCode === null) {
      const exited = new Promise((r) => subscriber!.once('close', r));
      subscriber.kill('SIGTERM');
      await exited;
    }
  });

  it('promotes the first upload when there is no champion yet', async () => {
    // 25% of the labels flipped: a weak first champion.
    const generation = await upload(
      'seed.csv',
      csv(pool.slice(0, 220), (i) => i % 4 === 0),
    );
    const report = await reportOf('seed.csv', generation);
    expect(report).toMatchObject({ outcome: 'promoted', ack: true });
    expect(await champion()).toBe('1');
    const pointer = await readJson<{ version: string }>(modelsBucket, `${name}/champion`);
    expect(pointer.version).toBe('1');
  });

  let traffic: Promise<void> | undefined;
  let stopTraffic = false;
  let requests = 0;
  const failures: string[] = [];
  let servedVersion: () => Promise<string | undefined> = () => Promise.resolve(undefined);

  it('serves the champion pointer under light continuous load', async () => {
    const port = await freePort();
    server = spawn(
      TSX,
      [
        CLI,
        'serve',
        '--model',
        `gs://${modelsBucket}/${name}/champion`,
        '--port',
        String(port),
        '--ephemeral-secret',
        '--print-curl',
      ],
      {
        cwd: ROOT,
        env: {
          ...env,
          MODEL_POLL_SECONDS: '1',
          RATE_LIMIT_PER_SECOND: '1000000',
          ADMIN_PORT: String(await freePort()),
        },
      },
    );
    server.stderr!.on('data', (c: Buffer) => (serverErr += c.toString()));
    const token = await waitFor('the printed token', () =>
      Promise.resolve(/Authorization: Bearer ([\w.-]+)/.exec(serverErr)?.[1]),
    );
    const base = `http://127.0.0.1:${port}`;
    const auth = { authorization: `Bearer ${token}` };
    servedVersion = async () => {
      const r = await fetch(`${base}/v1/model`, { headers: auth });
      if (!r.ok) return undefined;
      return /\/versions\/(\d+)\/model\.json$/.exec(((await r.json()) as { resolved_uri: string }).resolved_uri)?.[1];
    };
    await waitFor('the server to load version 1', async () => ((await servedVersion()) === '1' ? true : undefined));
    // Two clients, each a request every 20 ms: light, continuous, and every answer must be a 200.
    const client = async () => {
      while (!stopTraffic) {
        const r = await fetch(`${base}/v1/predict`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: JSON.stringify({ texts: ['you are a stupid idiot', 'thanks for the help'] }),
        }).catch((e: Error) => ({ ok: false, status: 0, statusText: e.message }) as Response);
        requests++;
        if (!r.ok) failures.push(`${r.status} ${r.statusText}`);
        await new Promise((w) => setTimeout(w, 20));
      }
    };
    traffic = Promise.all([client(), client()]).then(() => undefined);
    await waitFor('some traffic', () => Promise.resolve(requests > 5 || undefined));
  });

  let goodGeneration = '';

  it('validates, trains and promotes a good upload, and the server swaps to it', async () => {
    goodGeneration = await upload('good.csv', csv(pool));
    const report = await reportOf('good.csv', goodGeneration);
    expect(report).toMatchObject({ outcome: 'promoted', ack: true });
    expect(await champion()).toBe('2');
    await waitFor('the server to load version 2', async () => ((await servedVersion()) === '2' ? true : undefined));

    // The gate's report beside the run, and both models on the frozen set side by side in MLflow.
    const quality = await readJson<{ passed: boolean; evalSet: { rows: number } }>(
      modelsBucket,
      `${runFolder('good.csv', goodGeneration)}/data-quality.json`,
    );
    expect(quality).toMatchObject({ passed: true, evalSet: { rows: evalRows.length } });
    const run = await mlflow.getRun((await mlflow.getModelVersion(name, '2')).run_id!);
    const metric = (key: string) => run.data.metrics?.find((m) => m.key === key)?.value;
    expect(metric('challenger.toxic.rocAuc')).toBeGreaterThan(metric('champion.toxic.rocAuc')!);
    expect(run.data.tags).toEqual(
      expect.arrayContaining([
        { key: 'champion_version', value: '1' },
        { key: 'data_object', value: `${prefix}good.csv` },
        { key: 'gate_decision', value: 'promote' },
      ]),
    );
    const claim = await readJson<{ status: string; attempt: number }>(
      modelsBucket,
      `${name}/retrain/claims/${prefix}good.csv@${goodGeneration}.json`,
    );
    expect(claim).toMatchObject({ status: 'promoted', attempt: 1 });
  });

  it('does nothing on a second delivery of the same notification', async () => {
    const versions = (await mlflow.listModelVersions(name)).length;
    // What Pub/Sub's at-least-once delivery may do: the same event (object and generation) again.
    await new PubSub({ projectId: project, apiEndpoint: pubsubHost, emulatorMode: true }).topic(topic).publishMessage({
      data: Buffer.from('{}'),
      attributes: {
        eventType: 'OBJECT_FINALIZE',
        payloadFormat: 'JSON_API_V1',
        bucketId: dataBucket,
        objectId: `${prefix}good.csv`,
        objectGeneration: goodGeneration,
      },
    });
    const report = await reportOf('good.csv', goodGeneration, 2);
    expect(report).toMatchObject({ outcome: 'duplicate', ack: true, detail: expect.stringContaining('promoted') });
    expect(await mlflow.listModelVersions(name)).toHaveLength(versions);
    expect(await champion()).toBe('2');
  });

  it.each([
    ['one class', 'one-class.csv', () => csv(pool.filter((r) => r.toxic === '0').slice(0, 200)), 'class-ratio'],
    ['too few rows', 'too-few.csv', () => csv(pool.slice(0, 60)), 'min-rows'],
    [
      'leaked evaluation rows',
      'leaked.csv',
      () => csv([...pool.slice(0, 200), ...evalRows.slice(0, 10)]),
      'eval-overlap',
    ],
  ])(
    'rejects an upload with %s, with its report, and leaves the champion and serving alone',
    async (_, file, data, check) => {
      const versions = (await mlflow.listModelVersions(name)).length;
      const generation = await upload(file, data());
      const report = await reportOf(file, generation);
      expect(report).toMatchObject({ outcome: 'rejected', ack: true });
      expect(report.detail).toContain(`${runFolder(file, generation)}/data-quality.json`);
      const quality = await readJson<{ passed: boolean; checks: { id: string; passed: boolean }[] }>(
        modelsBucket,
        `${runFolder(file, generation)}/data-quality.json`,
      );
      expect(quality.passed).toBe(false);
      expect(quality.checks.filter((c) => !c.passed).map((c) => c.id)).toContain(check);
      expect(await mlflow.listModelVersions(name)).toHaveLength(versions);
      expect(await champion()).toBe('2');
      expect(await servedVersion()).toBe('2');
    },
  );

  it('registers a worse model without promoting it, and records why', async () => {
    // 45% of the labels flipped.
    const generation = await upload(
      'worse.csv',
      csv(pool.slice(0, 220), (i) => i % 20 < 9),
    );
    const report = await reportOf('worse.csv', generation);
    expect(report).toMatchObject({ outcome: 'not-promoted', ack: true });
    expect(report.detail).toMatch(/stays challenger|toxic\.rocAuc/);
    expect(await champion()).toBe('2');
    const v3 = await mlflow.getModelVersion(name, '3');
    expect(v3.tags).toEqual(expect.arrayContaining([{ key: 'not_promoted_reason', value: report.detail }]));
    expect((await mlflow.getModelVersionByAlias(name, 'challenger'))?.version).toBe('3');
    expect(await servedVersion()).toBe('2');
  });

  it('fails with what to do when the subscription does not exist', async () => {
    const child = spawn(TSX, [CLI, 'retrain', 'subscribe', '--subscription', `missing-${id}`], { cwd: ROOT, env });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise((r) => child.on('close', r));
    // The invocation is fine; the service lacks the subscription: a runtime failure (exit 1).
    expect(code).toBe(1);
    expect(stderr).toContain(
      `toxicity: Pub/Sub subscription missing-${id} does not exist in project ${project}: create it (gcloud pubsub subscriptions create missing-${id} --topic toxicity-data-uploads) or pass --topic`,
    );
  });

  it('served every request of the whole loop', async () => {
    stopTraffic = true;
    await traffic;
    expect(requests).toBeGreaterThan(20);
    expect(failures).toEqual([]);
    expect(reports.filter((r) => r.object?.startsWith(prefix) && !r.ack)).toEqual([]);
  });
});
