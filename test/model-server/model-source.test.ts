import { FileObjectStore, GcsObjectStore, StorageError } from '../../src/storage';
import { createModelSource, createStandardModelSource } from '../../model-server/model-source';

describe('createModelSource', () => {
  it('resolves file:// and gs:// URIs to themselves', async () => {
    const source = createModelSource({ stores: {} });
    expect(await source.resolve('file:///m/model.json')).toBe('file:///m/model.json');
    expect(await source.resolve('gs://bucket/m/model.json')).toBe('gs://bucket/m/model.json');
  });

  it('resolves models:/ URIs through the registry resolver it is given', async () => {
    const source = createModelSource({
      stores: {},
      resolveRegistryUri: (uri) => Promise.resolve(`gs://b/${uri.slice('models:/'.length)}.json`),
    });
    expect(await source.resolve('models:/toxic@champion')).toBe('gs://b/toxic@champion.json');
  });

  it('rejects models:/ URIs without a resolver, saying what to use instead', async () => {
    await expect(createModelSource({ stores: {} }).resolve('models:/toxic@champion')).rejects.toThrow(
      'models:/toxic@champion is a registry URI, and this server has no MLflow registry resolver: use a file:// or gs:// URI',
    );
  });

  it('rejects URIs without a scheme', async () => {
    await expect(createModelSource({ stores: {} }).resolve('models/model.json')).rejects.toBeInstanceOf(StorageError);
  });

  it('builds each store once, on first use', async () => {
    let built = 0;
    const source = createModelSource({
      stores: {
        'file:': () => {
          built++;
          return new FileObjectStore('/tmp');
        },
      },
    });
    expect(built).toBe(0);
    const a = await source.storeFor('file:///a.json');
    const b = await source.storeFor('file:///b.json');
    expect(a).toBe(b);
    expect(built).toBe(1);
  });

  it('tries again after a store factory failed', async () => {
    let attempts = 0;
    const source = createModelSource({
      stores: {
        'gs:': () => {
          attempts++;
          if (attempts === 1) throw new Error('no credentials');
          return new FileObjectStore('/tmp');
        },
      },
    });
    await expect(source.storeFor('gs://b/m.json')).rejects.toThrow('no credentials');
    await expect(source.storeFor('gs://b/m.json')).resolves.toBeInstanceOf(FileObjectStore);
  });

  it('throws INVALID_URI naming the known schemes for an unknown one', async () => {
    const source = createModelSource({ stores: { 'file:': () => new FileObjectStore('/tmp') } });
    await expect(source.storeFor('s3://bucket/model.json')).rejects.toMatchObject({
      code: 'INVALID_URI',
      message: 'no store for s3:// URIs (known: file://): s3://bucket/model.json',
    });
  });
});

describe('createStandardModelSource', () => {
  it('serves file:// from the working folder and gs:// through the Cloud Storage client', async () => {
    const source = createStandardModelSource({
      cwd: '/srv',
      storageEmulatorHost: 'http://127.0.0.1:1',
      projectId: 'p',
    });
    const file = await source.storeFor('file://models/model.json');
    expect(file).toBeInstanceOf(FileObjectStore);
    expect((file as FileObjectStore).pathOf('file://models/model.json')).toBe('/srv/models/model.json');
    expect(await source.storeFor('gs://bucket/model.json')).toBeInstanceOf(GcsObjectStore);
  });
});
