import { randomUUID } from 'node:crypto';
import { MlflowArtifactStore, createRegistryResolver, createStandardStores } from '../../src/storage';
import { MlflowClient } from '../../src/mlflow/mlflow-client';
import { requireService } from './support/services';

describe('registry model URIs against a real MLflow server', () => {
  const client = new MlflowClient({ trackingUri: requireService('MLFLOW_TRACKING_URI') });
  const resolve = createRegistryResolver(client);
  const name = `resolve-${randomUUID().slice(0, 8)}`;

  it('resolves an alias and a version to the model file, following alias moves', async () => {
    await client.ensureRegisteredModel(name);
    await client.createModelVersion(name, 'gs://models/a/model.json');
    await client.createModelVersion(name, 'gs://models/b');
    await client.setAlias(name, 'champion', '1');
    expect(await resolve(`models:/${name}@champion`)).toBe('gs://models/a/model.json');
    await client.setAlias(name, 'champion', '2');
    expect(await resolve(`models:/${name}@champion`)).toBe('gs://models/b/model.json');
    expect(await resolve(`models:/${name}/1`)).toBe('gs://models/a/model.json');
  });

  it('fails with NOT_FOUND when the alias does not exist', async () => {
    await expect(resolve(`models:/${name}@nobody`)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining(`${name} has no version with alias "nobody"`),
    });
  });

  it('fails with UNAVAILABLE, naming the URI, when MLflow cannot answer', async () => {
    const down = createRegistryResolver(new MlflowClient({ trackingUri: 'http://127.0.0.1:1', attempts: 1 }));
    await expect(down('models:/x@champion')).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringContaining('cannot resolve models:/x@champion through MLflow'),
    });
  });

  it('reads a model logged to a run through the artifact store, with a cheap stat', async () => {
    const experimentId = await client.getOrCreateExperiment(`art-${name}`);
    const run = await client.createRun(experimentId, { startTime: Date.now() });
    await client.logArtifact(run, 'model/model.json', '{"schemaVersion":1}', 'application/json');
    await client.ensureRegisteredModel(`${name}-run`);
    await client.createModelVersion(`${name}-run`, `${run.artifact_uri}/model`, run.run_id);
    const uri = await resolve(`models:/${name}-run/1`);
    expect(uri).toBe(`${run.artifact_uri}/model/model.json`);
    const store = await createStandardStores({ cwd: '/tmp', mlflow: client }).storeFor(uri);
    expect(store).toBeInstanceOf(MlflowArtifactStore);
    expect(await store.stat(uri)).toEqual({ uri, generation: uri, size: 19 });
    expect((await store.read(uri)).data.toString()).toBe('{"schemaVersion":1}');
    expect(await store.stat(`${run.artifact_uri}/model/other.json`)).toBeNull();
    await expect(store.read(`${run.artifact_uri}/model/other.json`)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
