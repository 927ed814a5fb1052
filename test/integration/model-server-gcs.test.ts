import { freePort } from '../support/fixtures';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Storage } from '@google-cloud/storage';
import { parseConfig } from '../../src/config';
import { GcsObjectStore } from '../../src/storage';
import { createApp } from '../../model-server/create-app';
import { JwtKeyRing } from '../../model-server/jwt-key-ring';
import { JwtVerifier } from '../../model-server/jwt-verifier';
import { ServerMetrics } from '../../model-server/server-metrics';
import { ModelHolder } from '../../model-server/model-holder';
import { createStandardModelSource } from '../../src/storage/model-source';
import { testArtifact } from '../support/fixtures';
import { startServerProcess, writeConfigFile } from '../model-server/support/server-process';
import { tempDir } from '../support/fixtures';
import { requireService } from './support/services';

const SECRET = 'gcs-integration-secret-of-32-bytes-or-more';
// One client sends the load below as fast as it can: the per-subject rate limit (its own suites) is off.
const config = parseConfig({ server: { rateLimitPerSecond: 0 } });
const keys = JwtKeyRing.fromEnv({ JWT_SECRET: SECRET });
const token = keys.sign({
  subject: 'gcs-it',
  issuer: config.auth.issuer,
  audience: config.auth.audience,
  ttlSeconds: 3600,
  nowMs: Date.now(),
});

describe('model server with models in Cloud Storage (fake-gcs-server)', () => {
  const endpoint = requireService('GCS_EMULATOR_ENDPOINT');
  const storage = new Storage({ apiEndpoint: endpoint, projectId: 'test-project' });
  const store = new GcsObjectStore(storage);
  const bucket = `ms-${randomUUID().slice(0, 8)}`;
  const uri = `gs://${bucket}/toxic-detector/model.json`;

  beforeAll(async () => {
    await storage.createBucket(bucket);
  });

  it('hot-reloads a good model, refuses corrupt ones, with zero failed requests under load', async () => {
    await store.write(uri, JSON.stringify(testArtifact({ version: '1.0.0' })), { contentType: 'application/json' });
    const metrics = new ServerMetrics({ defaultMetrics: false });
    const holder = new ModelHolder({
      uri,
      source: createStandardModelSource({ cwd: '/', gcsApiEndpoint: endpoint, projectId: 'test-project' }),
      pollIntervalMs: 60_000,
      metrics,
    });
    expect(await holder.checkNow()).toBe('loaded');
    const app = createApp({
      server: config.server,
      verifier: new JwtVerifier(keys, {
        issuer: config.auth.issuer,
        audience: config.auth.audience,
        clockToleranceSeconds: 30,
        maxTokenAgeSeconds: null,
      }),
      models: holder,
      metrics,
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/predict`;
    const statuses: number[] = [];
    const versions: string[] = [];
    let running = true;
    const client = async () => {
      while (running) {
        const res = await fetch(url, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ texts: ['you idiot', 'thanks'] }),
        });
        statuses.push(res.status);
        const { model_version } = (await res.json()) as { model_version?: string };
        if (model_version && versions.at(-1) !== model_version) versions.push(model_version);
      }
    };
    const clients = Array.from({ length: 8 }, client);
    const pause = () => new Promise((r) => setTimeout(r, 200));
    try {
      await pause();
      await store.write(uri, JSON.stringify(testArtifact({ version: '2.0.0' })));
      expect(await holder.checkNow()).toBe('loaded');
      await pause();
      await store.write(uri, JSON.stringify(testArtifact({ version: '3.0.0' })).slice(0, 300));
      expect(await holder.checkNow()).toBe('rejected');
      await pause();
      await store.write(uri, JSON.stringify({ ...testArtifact({ version: '3.0.1' }), schemaVersion: 99 }));
      expect(await holder.checkNow()).toBe('rejected');
      await pause();
      await store.write(uri, JSON.stringify(testArtifact({ version: '4.0.0' })));
      expect(await holder.checkNow()).toBe('loaded');
      await pause();
    } finally {
      running = false;
      await Promise.all(clients);
      await new Promise((r) => server.close(r));
    }
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect(statuses.length).toBeGreaterThan(20);
    expect(versions).toEqual(['1.0.0', '2.0.0', '4.0.0']);
    const text = await metrics.registry.metrics();
    expect(text).toContain('model_load_failures_total{reason="invalid_json"} 1');
    expect(text).toContain('model_load_failures_total{reason="invalid_artifact"} 1');
  });

  it('runs the container entry point on a gs:// model and picks up a new generation by polling', async () => {
    const pollUri = `gs://${bucket}/poll/model.json`;
    await store.write(pollUri, JSON.stringify(testArtifact({ version: 'a' })));
    const port = await freePort();
    const p = startServerProcess({
      TOXICITY_CONFIG: writeConfigFile(tempDir()),
      PORT: String(port),
      ADMIN_PORT: String(await freePort()),
      HOST: '127.0.0.1',
      MODEL_URI: pollUri,
      MODEL_POLL_SECONDS: '1',
      GCS_EMULATOR_ENDPOINT: endpoint,
      JWT_SECRET: SECRET,
      DRAIN_SECONDS: '0',
      NODE_ENV: 'production',
    });
    try {
      await p.waitFor((e) => e.message === 'model loaded' && e.version === 'a', 60000);
      await store.write(pollUri, JSON.stringify(testArtifact({ version: 'b' })));
      await p.waitFor((e) => e.message === 'model reloaded' && e.version === 'b', 30000);
      const res = await fetch(`http://127.0.0.1:${port}/readyz`);
      // The public readiness says ready, not which version (the reload log above names it).
      expect(await res.json()).toEqual({ status: 'ready' });
    } finally {
      p.child.kill('SIGTERM');
    }
    expect((await p.exited).code).toBe(0);
  });
});
