import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { FileObjectStore, createStoreSet } from '../../src/storage';
import { createJsonLogger } from '../../model-server/logger';
import { ServerMetrics } from '../../model-server/server-metrics';
import { ModelHolder, WARM_UP_COMMENT } from '../../model-server/model-holder';
import { ToxicityModel } from '../../src/ml';
import { createModelSource, createStandardModelSource, type ModelSource } from '../../src/storage/model-source';
import { harness } from './support/app-harness';
import { modelFileUri, tempDir, testArtifact, writeModelFile } from '../support/fixtures';

/** A file store that counts reads (to show a known-bad object is not downloaded again). */
class CountingFileStore extends FileObjectStore {
  reads = 0;
  override read(uri: string) {
    this.reads++;
    return super.read(uri);
  }
}

function setup(options: { source?: ModelSource; uri?: string; store?: FileObjectStore } = {}) {
  const dir = tempDir();
  const store = options.store ?? new CountingFileStore(dir);
  const lines: string[] = [];
  const metrics = new ServerMetrics({ defaultMetrics: false });
  let now = Date.UTC(2025, 1, 1);
  const holder = new ModelHolder({
    uri: options.uri ?? modelFileUri(dir),
    source: options.source ?? createModelSource({ stores: createStoreSet({ 'file:': () => store }) }),
    pollIntervalMs: 60_000,
    missingModelAdvice: 'Train one with `toxicity train`',
    logger: createJsonLogger({ write: (l) => lines.push(l), level: 'DEBUG', now: () => now }),
    metrics,
    now: () => now,
  });
  const logs = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  const failures = async () => (await metrics.registry.getSingleMetricAsString('model_load_failures_total')).trim();
  return {
    dir,
    store: store as CountingFileStore,
    holder,
    logs,
    failures,
    metrics,
    tick: (ms: number) => (now += ms),
    write: (content: unknown) =>
      store.write(modelFileUri(dir), typeof content === 'string' ? content : JSON.stringify(content)),
  };
}

describe('ModelHolder', () => {
  it('loads a valid model and says what it loaded', async () => {
    const t = setup();
    await t.write(testArtifact({ version: '1.2.3' }));
    expect(await t.holder.checkNow()).toBe('loaded');
    const m = t.holder.current!;
    expect(m).toMatchObject({
      name: 'toxicity',
      version: '1.2.3',
      labels: ['toxic', 'insult'],
      primaryLabel: 'toxic',
      sourceUri: modelFileUri(t.dir),
      resolvedUri: modelFileUri(t.dir),
      trainedAt: '2025-01-31T12:00:00Z',
    });
    expect(m.model.score(['idiot'])[0].scores).toHaveLength(2);
    expect(t.logs()).toEqual([
      expect.objectContaining({ severity: 'NOTICE', message: 'model loaded', version: '1.2.3', features: 6 }),
    ]);
    const text = await t.metrics.registry.metrics();
    expect(text).toContain('model_info{name="toxicity",version="1.2.3"} 1');
    expect(text).toContain('model_loads_total 1');
  });

  it('stays without a model when the object is missing, logs what to do once, and keeps checking', async () => {
    const t = setup();
    expect(await t.holder.checkNow()).toBe('failed');
    expect(await t.holder.checkNow()).toBe('failed');
    expect(t.holder.current).toBeUndefined();
    expect(t.holder.lastFailure).toMatchObject({
      reason: 'not_found',
      detail: 'there is no model at the configured model URI yet',
    });
    const errors = t.logs().filter((l) => l.severity === 'ERROR');
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toBe(
      `no model at ${modelFileUri(t.dir)}; not ready until a valid model is loaded. ` +
        'Train one with `toxicity train`; checking again every 60 s',
    );
    expect(t.logs().filter((l) => l.severity === 'DEBUG')).toHaveLength(1);
    expect(await t.failures()).toContain('model_load_failures_total{reason="not_found"} 1');

    await t.write(testArtifact());
    expect(await t.holder.checkNow()).toBe('loaded');
    expect(t.holder.lastFailure).toBeUndefined();
  });

  it('does nothing when the generation has not changed', async () => {
    const t = setup();
    await t.write(testArtifact());
    await t.holder.checkNow();
    expect(await t.holder.checkNow()).toBe('unchanged');
    expect(t.store.reads).toBe(1);
  });

  it('swaps in a new generation and logs the versions', async () => {
    const t = setup();
    await t.write(testArtifact({ version: '1' }));
    await t.holder.checkNow();
    const first = t.holder.current;
    await t.write(testArtifact({ version: '2' }));
    expect(await t.holder.checkNow()).toBe('loaded');
    expect(t.holder.current).not.toBe(first);
    expect(t.holder.current!.version).toBe('2');
    expect(t.logs().at(-1)).toMatchObject({ message: 'model reloaded', version: '2', previousVersion: '1' });
    expect(await t.metrics.registry.metrics()).toContain('model_info{name="toxicity",version="2"} 1');
    expect(await t.metrics.registry.metrics()).not.toContain('version="1"');
  });

  it.each([
    [
      'a partially written (truncated) object',
      () => JSON.stringify(testArtifact()).slice(0, 200),
      'invalid_json',
      /is not JSON \(corrupt or partially written\)/,
    ],
    [
      'an artifact of another schema version',
      () => ({ ...testArtifact(), schemaVersion: 2 }),
      'invalid_artifact',
      /schemaVersion: this code reads version 1, got 2/,
    ],
    [
      'an artifact with wrong dimensions',
      () => ({ ...testArtifact(), heads: testArtifact().heads.map((h) => ({ ...h, coef: [1] })) }),
      'invalid_artifact',
      /heads\[0\]\.coef: expected 6 numbers \(vocabulary size\), got 1/,
    ],
    [
      'a model without a label being served',
      () => testArtifact({ labels: ['toxic'] }),
      'incompatible',
      /lacks label\(s\) "insult"/,
    ],
  ])('rejects %s, keeps serving the old model and counts it once', async (_name, content, reason, message) => {
    const t = setup();
    await t.write(testArtifact({ version: 'good' }));
    await t.holder.checkNow();
    await t.write(content());
    expect(await t.holder.checkNow()).toBe('rejected');
    expect(await t.holder.checkNow()).toBe('rejected');
    expect(t.holder.current!.version).toBe('good');
    expect(t.holder.lastFailure?.reason).toBe(reason);
    const errors = t.logs().filter((l) => l.severity === 'ERROR');
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toMatch(message);
    expect(errors[0].message).toMatch(/still serving version good/);
    expect(await t.failures()).toContain(`model_load_failures_total{reason="${reason}"} 1`);
    // The known-bad generation is not downloaded again.
    expect(t.store.reads).toBe(2);
  });

  it('scores a test comment before serving a model, and refuses one that fails to score, keeping the old one', async () => {
    const t = setup();
    const score = jest.spyOn(ToxicityModel.prototype, 'score');
    try {
      await t.write(testArtifact({ version: 'good' }));
      expect(await t.holder.checkNow()).toBe('loaded');
      expect(score).toHaveBeenCalledWith([WARM_UP_COMMENT]);
      score.mockImplementationOnce(() => {
        throw new RangeError('weights out of range');
      });
      await t.write(testArtifact({ version: 'broken' }));
      expect(await t.holder.checkNow()).toBe('rejected');
      expect(t.holder.current!.version).toBe('good');
      expect(t.holder.lastFailure?.reason).toBe('invalid_artifact');
      const errors = t.logs().filter((l) => l.severity === 'ERROR');
      expect(errors).toHaveLength(1);
      expect(errors[0].message).toMatch(
        /failed to score a test comment: weights out of range; still serving version good/,
      );
    } finally {
      score.mockRestore();
    }
  });

  it('accepts a model with other labels when nothing is being served yet', async () => {
    const t = setup();
    await t.write(testArtifact({ labels: ['obscene'] }));
    expect(await t.holder.checkNow()).toBe('loaded');
    expect(t.holder.current!.primaryLabel).toBe('obscene');
  });

  it('reports a store failure as storage, with the store message in the log only', async () => {
    const t = setup();
    mkdirSync(join(t.dir, 'model.json')); // a folder where the file should be
    expect(await t.holder.checkNow()).toBe('failed');
    expect(t.holder.lastFailure).toMatchObject({ reason: 'storage', detail: 'the model store could not be read' });
    expect(t.logs()[0].message).toMatch(/^could not read .*model\.json: not a regular file/);
  });

  it('reports registry URIs as unresolvable without a registry resolver', async () => {
    const t = setup({ uri: 'models:/toxic-detector@champion' });
    expect(await t.holder.checkNow()).toBe('failed');
    expect(t.holder.lastFailure?.reason).toBe('resolve');
    expect(t.logs()[0].message).toMatch(/has no MLflow registry resolver/);
  });

  it('follows a registry alias through a pluggable resolver, at every check', async () => {
    const dir = tempDir();
    const v1 = writeModelFile(dir, testArtifact({ version: '1' }), 'v1.json');
    const v2 = writeModelFile(dir, testArtifact({ version: '2' }), 'v2.json');
    let champion = v1;
    const t = setup({
      uri: 'models:/toxic-detector@champion',
      source: createModelSource({
        stores: createStoreSet({ 'file:': () => new FileObjectStore(dir) }),
        resolveRegistryUri: (uri) => Promise.resolve(uri === 'models:/toxic-detector@champion' ? champion : 'nope'),
      }),
    });
    await t.holder.checkNow();
    expect(t.holder.current).toMatchObject({
      version: '1',
      resolvedUri: v1,
      sourceUri: 'models:/toxic-detector@champion',
    });
    champion = v2;
    expect(await t.holder.checkNow()).toBe('loaded');
    expect(t.holder.current).toMatchObject({ version: '2', resolvedUri: v2 });
  });

  it('shares one check between concurrent callers', async () => {
    const t = setup();
    await t.write(testArtifact());
    const outcomes = await Promise.all([t.holder.checkNow(), t.holder.checkNow(), t.holder.checkNow()]);
    expect(outcomes).toEqual(['loaded', 'loaded', 'loaded']);
    expect(t.store.reads).toBe(1);
    expect(t.holder.checks).toBe(1);
  });

  it('polls on its own after start() until stop()', async () => {
    const dir = tempDir();
    const holder = new ModelHolder({
      uri: modelFileUri(dir),
      source: createStandardModelSource({ cwd: dir }),
      pollIntervalMs: 20,
    });
    expect(await holder.start()).toBe('failed');
    writeModelFile(dir, testArtifact({ version: 'polled' }));
    for (let i = 0; i < 200 && holder.current === undefined; i++) await new Promise((r) => setTimeout(r, 10));
    expect(holder.current?.version).toBe('polled');
    holder.stop();
    const checks = holder.checks;
    await new Promise((r) => setTimeout(r, 100));
    expect(holder.checks).toBe(checks);
  });
});

describe('ModelHolder hot reload under load (file store)', () => {
  it('swaps a good model, then refuses a corrupt one, with zero failed requests', async () => {
    const h = await harness();
    const store = new FileObjectStore(h.dir);
    const server = h.app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/predict`;
    const token = h.token();
    const statuses = new Map<number, number>();
    const versions: string[] = [];
    let running = true;
    const client = async () => {
      while (running) {
        const res = await fetch(url, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ texts: ['you idiot', 'thanks, great'] }),
        });
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const body = (await res.json()) as { model_version?: string };
        if (body.model_version && versions.at(-1) !== body.model_version) versions.push(body.model_version);
      }
    };
    const clients = Array.from({ length: 8 }, client);
    const pause = () => new Promise((r) => setTimeout(r, 150));
    try {
      await pause();
      await store.write(h.uri, JSON.stringify(testArtifact({ version: '2.0.0' })));
      expect(await h.holder.checkNow()).toBe('loaded');
      await pause();
      await store.write(h.uri, JSON.stringify(testArtifact({ version: '3.0.0' })).slice(0, 500));
      expect(await h.holder.checkNow()).toBe('rejected');
      await pause();
      await store.write(h.uri, '');
      expect(await h.holder.checkNow()).toBe('rejected');
      await pause();
      await store.write(h.uri, JSON.stringify(testArtifact({ version: '4.0.0' })));
      expect(await h.holder.checkNow()).toBe('loaded');
      await pause();
    } finally {
      running = false;
      await Promise.all(clients);
      await new Promise((r) => server.close(r));
    }
    expect([...statuses.keys()]).toEqual([200]);
    expect(statuses.get(200)).toBeGreaterThan(20);
    expect(versions).toEqual(['1.0.0', '2.0.0', '4.0.0']);
  });
});
