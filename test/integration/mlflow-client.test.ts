import { randomUUID } from 'node:crypto';
import { MlflowClient, MlflowError } from '../../src/mlflow/mlflow-client';
import { requireService } from './support/services';

describe('MlflowClient against a real MLflow server', () => {
  const client = new MlflowClient({ trackingUri: requireService('MLFLOW_TRACKING_URI') });
  const suffix = randomUUID().slice(0, 8);

  it('creates an experiment once and finds it again by name', async () => {
    const id = await client.getOrCreateExperiment(`exp-${suffix}`);
    expect(await client.getOrCreateExperiment(`exp-${suffix}`)).toBe(id);
  });

  it('records a run with params, metrics, tags, an artifact and a final status', async () => {
    const experimentId = await client.getOrCreateExperiment(`runs-${suffix}`);
    const run = await client.createRun(experimentId, {
      runName: 'r1',
      startTime: 1_700_000_000_000,
      tags: { team: 'ml' },
    });
    const params = Object.fromEntries(Array.from({ length: 120 }, (_, i) => [`p${i}`, i]));
    await client.logBatch(run.run_id, {
      params,
      metrics: [{ key: 'accuracy', value: 0.93, timestamp: 1_700_000_000_500 }],
      tags: { commit: 'abc123' },
    });
    await client.logArtifact(run, 'model/model.json', '{"schemaVersion":1}', 'application/json');
    const downloaded = await client.downloadArtifact(`${run.artifact_uri}/model/model.json`);
    expect(downloaded.toString()).toBe('{"schemaVersion":1}');
    const info = await client.updateRun(run.run_id, 'FINISHED', 1_700_000_001_000);
    expect(info.status).toBe('FINISHED');

    const stored = await client.getRun(run.run_id);
    expect(stored.data.params).toHaveLength(120);
    expect(stored.data.metrics).toEqual([expect.objectContaining({ key: 'accuracy', value: 0.93 })]);
    expect(stored.data.tags).toEqual(expect.arrayContaining([{ key: 'commit', value: 'abc123' }]));
    expect(await client.listArtifacts(run.run_id, 'model')).toEqual([
      expect.objectContaining({ path: 'model/model.json', is_dir: false, file_size: 19 }),
    ]);
  });

  it('registers versions and moves aliases', async () => {
    const name = `model-${suffix}`;
    await client.ensureRegisteredModel(name);
    await client.ensureRegisteredModel(name); // idempotent
    const v1 = await client.createModelVersion(name, 'gs://models-bucket/v1/model.json', undefined, { origin: 'test' });
    const v2 = await client.createModelVersion(name, 'gs://models-bucket/v2/model.json');
    expect([v1.version, v2.version]).toEqual(['1', '2']);
    expect(await client.getModelVersionByAlias(name, 'champion')).toBeNull();
    await client.setAlias(name, 'champion', v1.version);
    expect((await client.getModelVersionByAlias(name, 'champion'))?.source).toBe('gs://models-bucket/v1/model.json');
    await client.setAlias(name, 'champion', v2.version);
    expect((await client.getModelVersionByAlias(name, 'champion'))?.version).toBe('2');
    await client.setModelVersionTag(name, '2', 'promoted_by', 'test');
    const got = await client.getModelVersion(name, '2');
    expect(got.tags).toEqual(expect.arrayContaining([{ key: 'promoted_by', value: 'test' }]));
    expect((await client.listModelVersions(name)).map((v) => v.version)).toEqual(['2', '1']);
    await client.deleteAlias(name, 'champion');
    expect(await client.getModelVersionByAlias(name, 'champion')).toBeNull();
  });

  it("refuses a local file as a version source without a run, with MLflow's reason", async () => {
    const name = `local-${suffix}`;
    await client.ensureRegisteredModel(name);
    await expect(client.createModelVersion(name, 'file:///tmp/model.json')).rejects.toMatchObject({
      status: 400,
      errorCode: 'INVALID_PARAMETER_VALUE',
    });
  });

  it('reports MLflow error codes for a missing run', async () => {
    const err = await client.getRun('0123456789abcdef0123456789abcdef').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MlflowError);
    expect((err as MlflowError).errorCode).toBe('RESOURCE_DOES_NOT_EXIST');
  });
});
