import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LOG_BATCH_LIMITS, MlflowClient, MlflowError, splitLogBatch } from '../../../src/mlflow/mlflow-client';

describe('splitLogBatch', () => {
  it('keeps a small input in one batch', () => {
    const batches = splitLogBatch({
      metrics: [{ key: 'accuracy', value: 0.9, timestamp: 1 }],
      params: { C: 1, loss: 'squared_hinge', balanced: true },
      tags: { commit: 'abc' },
    });
    expect(batches).toEqual([
      {
        metrics: [{ key: 'accuracy', value: 0.9, timestamp: 1 }],
        params: [
          { key: 'C', value: '1' },
          { key: 'loss', value: 'squared_hinge' },
          { key: 'balanced', value: 'true' },
        ],
        tags: [{ key: 'commit', value: 'abc' }],
      },
    ]);
  });

  it('splits params at 100 per batch and metrics at 1000 items per batch', () => {
    const params = Object.fromEntries(Array.from({ length: 250 }, (_, i) => [`p${i}`, i]));
    const metrics = Array.from({ length: 1500 }, (_, i) => ({ key: `m${i}`, value: i, timestamp: 0 }));
    const batches = splitLogBatch({ params, metrics });
    for (const b of batches) {
      expect(b.params.length).toBeLessThanOrEqual(LOG_BATCH_LIMITS.params);
      expect(b.metrics.length + b.params.length + b.tags.length).toBeLessThanOrEqual(LOG_BATCH_LIMITS.items);
    }
    expect(batches.flatMap((b) => b.params)).toHaveLength(250);
    expect(batches.flatMap((b) => b.metrics)).toHaveLength(1500);
  });

  it('splits by size so no batch exceeds about 1 MB', () => {
    const tags = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`t${i}`, 'x'.repeat(5000)]));
    const params = Object.fromEntries(Array.from({ length: 90 }, (_, i) => [`p${i}`, 'y'.repeat(6000)]));
    const metrics = Array.from({ length: 900 }, (_, i) => ({ key: 'k'.repeat(200) + i, value: i, timestamp: 0 }));
    const batches = splitLogBatch({ tags, params, metrics });
    expect(batches.length).toBeGreaterThanOrEqual(1);
    for (const b of batches) expect(Buffer.byteLength(JSON.stringify(b))).toBeLessThan(LOG_BATCH_LIMITS.bytes);
  });

  it('returns no batch for an empty input', () => {
    expect(splitLogBatch({})).toEqual([]);
  });
});

describe('MlflowClient transport', () => {
  let server: Server;
  let base: string;
  let responses: { status: number; body: string }[];
  const seen: { method: string; url: string; auth?: string }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push({ method: req.method!, url: req.url!, auth: req.headers.authorization });
      const next = responses.shift() ?? { status: 500, body: '{}' };
      res.writeHead(next.status, { 'content-type': 'application/json' }).end(next.body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  beforeEach(() => {
    seen.length = 0;
  });

  const noSleep = () => Promise.resolve();

  it('retries on 5xx with backoff and then succeeds', async () => {
    responses = [
      { status: 503, body: 'busy' },
      { status: 502, body: 'bad gateway' },
      { status: 200, body: '{"experiment":{"experiment_id":"7"}}' },
    ];
    const delays: number[] = [];
    const client = new MlflowClient({ trackingUri: base, sleep: (ms) => (delays.push(ms), Promise.resolve()) });
    expect(await client.getOrCreateExperiment('toxicity')).toBe('7');
    expect(delays).toEqual([250, 500]);
    expect(seen.map((s) => s.url)).toEqual(
      Array(3).fill('/api/2.0/mlflow/experiments/get-by-name?experiment_name=toxicity'),
    );
  });

  it('does not retry a 4xx and reports MLflow error code and message', async () => {
    responses = [{ status: 400, body: '{"error_code":"INVALID_PARAMETER_VALUE","message":"bad alias"}' }];
    const client = new MlflowClient({ trackingUri: base, sleep: noSleep });
    const err = await client.setAlias('m', 'champion', '1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MlflowError);
    expect(err).toMatchObject({ status: 400, errorCode: 'INVALID_PARAMETER_VALUE' });
    expect((err as Error).message).toBe(
      'MLflow POST /api/2.0/mlflow/registered-models/alias failed: 400 INVALID_PARAMETER_VALUE: bad alias',
    );
    expect(seen).toHaveLength(1);
  });

  it('sends a bearer token and says which variables to check on 401', async () => {
    responses = [{ status: 401, body: 'Unauthorized' }];
    const client = new MlflowClient({ trackingUri: base, token: 't0k', sleep: noSleep });
    await expect(client.getRun('r1')).rejects.toThrow(/401 HTTP_401: Unauthorized \(check MLFLOW_TRACKING_TOKEN/);
    expect(seen[0].auth).toBe('Bearer t0k');
  });

  it('sends basic auth when a user and password are given', async () => {
    responses = [{ status: 200, body: '{"run":{"info":{"run_id":"r1"},"data":{}}}' }];
    const client = new MlflowClient({ trackingUri: base, username: 'u', password: 'p', sleep: noSleep });
    await client.getRun('r1');
    expect(seen[0].auth).toBe(`Basic ${Buffer.from('u:p').toString('base64')}`);
  });

  it('fails with UNAVAILABLE after the last attempt when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const client = new MlflowClient({ trackingUri: `http://127.0.0.1:${port}`, attempts: 2, sleep: noSleep });
    await expect(client.getRun('r')).rejects.toMatchObject({ status: 0, errorCode: 'UNAVAILABLE' });
    await expect(client.getRun('r')).rejects.toThrow(/could not be reached .* after 2 attempts: ECONNREFUSED/);
  });

  it('throws when the tracking URI is not an http(s) URL', () => {
    expect(() => new MlflowClient({ trackingUri: 'localhost:5000' })).toThrow(/must be http\(s\)|not a URL/);
    expect(() => new MlflowClient({ trackingUri: 'nope' })).toThrow('MLflow tracking URI is not a URL: nope');
  });

  it('refuses artifact paths that climb out of the run folder', async () => {
    const client = new MlflowClient({ trackingUri: base, sleep: noSleep });
    const run = {
      run_id: 'r',
      experiment_id: '1',
      status: 'RUNNING' as const,
      artifact_uri: 'mlflow-artifacts:/1/r/artifacts',
    };
    await expect(client.logArtifact(run, '../x.json', '{}', 'application/json')).rejects.toThrow(
      "artifact path must be relative without '..': ../x.json",
    );
    await expect(
      client.logArtifact({ ...run, artifact_uri: 'gs://b/1/r' }, 'x.json', '{}', 'application/json'),
    ).rejects.toThrow(/--serve-artifacts/);
  });
});
