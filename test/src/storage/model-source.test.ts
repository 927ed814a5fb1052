import {
  FileObjectStore,
  GcsObjectStore,
  MlflowArtifactStore,
  StorageError,
  createStoreSet,
} from '../../../src/storage';
import { MlflowClient } from '../../../src/mlflow/mlflow-client';
import { createModelSource, createStandardModelSource } from '../../../src/storage/model-source';

const noStores = createStoreSet({});

describe('createModelSource', () => {
  it('resolves file:// and gs:// URIs to themselves', async () => {
    const source = createModelSource({ stores: noStores });
    expect(await source.resolve('file:///m/model.json')).toBe('file:///m/model.json');
    expect(await source.resolve('gs://bucket/m/model.json')).toBe('gs://bucket/m/model.json');
  });

  it('resolves models:/ URIs through the registry resolver it is given', async () => {
    const source = createModelSource({
      stores: noStores,
      resolveRegistryUri: (uri) => Promise.resolve(`gs://b/${uri.slice('models:/'.length)}.json`),
    });
    expect(await source.resolve('models:/toxic@champion')).toBe('gs://b/toxic@champion.json');
  });

  it('rejects models:/ URIs without a resolver, saying what to use instead', async () => {
    await expect(createModelSource({ stores: noStores }).resolve('models:/toxic@champion')).rejects.toThrow(
      'models:/toxic@champion is a registry URI, and this server has no MLflow registry resolver: use a file:// or gs:// URI',
    );
  });

  it('rejects URIs without a scheme', async () => {
    await expect(createModelSource({ stores: noStores }).resolve('models/model.json')).rejects.toBeInstanceOf(
      StorageError,
    );
  });

  it('reads through the store set it is given', async () => {
    const file = new FileObjectStore('/tmp');
    const source = createModelSource({ stores: createStoreSet({ 'file:': () => file }) });
    expect(await source.storeFor('file:///a.json')).toBe(file);
    await expect(source.storeFor('s3://bucket/model.json')).rejects.toMatchObject({ code: 'INVALID_URI' });
  });
});

describe('createStandardModelSource', () => {
  it('serves file:// from the working folder and gs:// through the Cloud Storage client', async () => {
    const source = createStandardModelSource({ cwd: '/srv', gcsApiEndpoint: 'http://127.0.0.1:1', projectId: 'p' });
    const file = await source.storeFor('file://models/model.json');
    expect(file).toBeInstanceOf(FileObjectStore);
    expect((file as FileObjectStore).pathOf('file://models/model.json')).toBe('/srv/models/model.json');
    expect(await source.storeFor('gs://bucket/model.json')).toBeInstanceOf(GcsObjectStore);
  });
});

describe('createStandardModelSource with a registry', () => {
  // A tracking server that is not there: the resolution must go through it and say so.
  const mlflow = new MlflowClient({ trackingUri: 'http://127.0.0.1:9', attempts: 1, timeoutMs: 2000 });
  const source = createStandardModelSource({ cwd: '/srv', mlflow });

  it('resolves models:/ URIs through the MLflow registry', async () => {
    await expect(source.resolve('models:/toxic-detector@champion')).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringMatching(/^cannot resolve models:\/toxic-detector@champion through MLflow/),
    });
  });

  it('refuses registry URIs it cannot parse', async () => {
    await expect(source.resolve('models:/toxic-detector')).rejects.toMatchObject({ code: 'INVALID_URI' });
  });

  it('reads run artifacts through MLflow and everything else through the standard stores', async () => {
    expect(
      await source.storeFor('mlflow-artifacts:/1/0123456789abcdef0123456789abcdef/artifacts/model/model.json'),
    ).toBeInstanceOf(MlflowArtifactStore);
    expect(await source.storeFor('file://m.json')).toBeInstanceOf(FileObjectStore);
  });
});
