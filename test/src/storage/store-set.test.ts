import {
  FileObjectStore,
  GcsObjectStore,
  createStandardStores,
  createStoreSet,
  parseGcsUri,
  uriScheme,
} from '../../../src/storage';

describe('createStandardStores', () => {
  const stores = createStandardStores({ cwd: '/tmp', gcsApiEndpoint: 'http://127.0.0.1:1' });

  it('serves file:// with the file store and gs:// with the Cloud Storage store', async () => {
    expect(await stores.storeFor('file://m.json')).toBeInstanceOf(FileObjectStore);
    expect(await stores.storeFor('gs://bucket/m.json')).toBeInstanceOf(GcsObjectStore);
  });

  it('builds each store once', async () => {
    expect(await stores.storeFor('gs://a/x')).toBe(await stores.storeFor('gs://b/y'));
  });

  it('rejects a registry URI, saying it must be resolved first', async () => {
    await expect(stores.storeFor('models:/toxic@champion')).rejects.toThrow(
      'no store for models:// URIs (known: file://, gs://) (a registry URI: resolve it through MLflow first): models:/toxic@champion',
    );
  });

  it('rejects a URI without a scheme', async () => {
    await expect(stores.storeFor('models/m.json')).rejects.toMatchObject({ code: 'INVALID_URI' });
  });
});

describe('createStoreSet', () => {
  it('retries a factory that failed', async () => {
    let calls = 0;
    const set = createStoreSet({
      'file:': () => {
        calls++;
        if (calls === 1) throw new Error('first call fails');
        return new FileObjectStore('/tmp');
      },
    });
    await expect(set.storeFor('file://a')).rejects.toThrow('first call fails');
    expect(await set.storeFor('file://a')).toBeInstanceOf(FileObjectStore);
  });
});

describe('uriScheme', () => {
  it('reads the scheme of file, gs and models URIs', () => {
    expect(uriScheme('file://a')).toBe('file:');
    expect(uriScheme('GS://b/o')).toBe('gs:');
    expect(uriScheme('models:/name@alias')).toBe('models:');
  });

  it('throws when there is no scheme', () => {
    expect(() => uriScheme('models/m.json')).toThrow(
      'not a URI with a scheme (file://, gs://, models:/): models/m.json',
    );
  });
});

describe('parseGcsUri', () => {
  it('splits bucket and object name', () => {
    expect(parseGcsUri('gs://my-bucket/a/b/model.json')).toEqual({ bucket: 'my-bucket', name: 'a/b/model.json' });
  });

  it('throws when the URI has no object name or a bad bucket', () => {
    expect(() => parseGcsUri('gs://my-bucket')).toThrow(
      'not a Cloud Storage object URI (gs://bucket/object): gs://my-bucket',
    );
    expect(() => parseGcsUri('gs://My_Bucket/x')).toThrow(/not a Cloud Storage object URI/);
  });
});
