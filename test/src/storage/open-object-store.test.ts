import { Storage } from '@google-cloud/storage';
import { FileObjectStore, GcsObjectStore, parseGcsUri, storeFor, uriScheme } from '../../../src/storage';

describe('storeFor', () => {
  const file = new FileObjectStore('/tmp');
  const gcs = new GcsObjectStore(new Storage({ apiEndpoint: 'http://127.0.0.1:1', projectId: 'p' }));

  it('picks the store serving the URI scheme', () => {
    expect(storeFor('file://m.json', [file, gcs])).toBe(file);
    expect(storeFor('gs://bucket/m.json', [file, gcs])).toBe(gcs);
  });

  it('throws when no store serves the scheme, naming the known ones', () => {
    expect(() => storeFor('gs://bucket/m.json', [file])).toThrow(
      'no store for gs:// URIs (known: file:): gs://bucket/m.json',
    );
  });

  it('throws when a registry URI has not been resolved', () => {
    expect(() => storeFor('models:/toxic@champion', [file, gcs])).toThrow(/registry URI: resolve it through MLflow/);
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
