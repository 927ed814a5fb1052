import { randomUUID } from 'node:crypto';
import { Storage } from '@google-cloud/storage';
import { GcsObjectStore, StorageError } from '../../src/storage';
import { requireService } from './support/services';

describe('GcsObjectStore against a real Cloud Storage JSON-API emulator', () => {
  const storage = new Storage({ apiEndpoint: requireService('GCS_EMULATOR_ENDPOINT'), projectId: 'test-project' });
  const store = new GcsObjectStore(storage);
  const bucket = `it-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    await storage.createBucket(bucket);
  });

  it('writes and reads back bytes with the generation of what was read', async () => {
    const written = await store.write(`gs://${bucket}/models/model.json`, '{"v":1}', {
      contentType: 'application/json',
    });
    const read = await store.read(`gs://${bucket}/models/model.json`);
    expect(read.data.toString()).toBe('{"v":1}');
    expect(read.generation).toBe(written.generation);
    expect(await store.stat(`gs://${bucket}/models/model.json`)).toEqual({
      uri: `gs://${bucket}/models/model.json`,
      generation: written.generation,
      size: 7,
    });
  });

  it('gives a new generation to each write', async () => {
    const a = await store.write(`gs://${bucket}/gen.json`, 'a');
    const b = await store.write(`gs://${bucket}/gen.json`, 'b');
    expect(b.generation).not.toBe(a.generation);
  });

  it('returns null from stat and throws NOT_FOUND from read when the object is missing', async () => {
    expect(await store.stat(`gs://${bucket}/missing.json`)).toBeNull();
    await expect(store.read(`gs://${bucket}/missing.json`)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(store.openReadStream(`gs://${bucket}/missing.json`)).rejects.toBeInstanceOf(StorageError);
  });

  it('rejects a write whose expected generation is stale and keeps the newer content', async () => {
    const uri = `gs://${bucket}/race.json`;
    const first = await store.write(uri, 'first');
    await store.write(uri, 'second', { ifGenerationMatch: first.generation });
    await expect(store.write(uri, 'third', { ifGenerationMatch: first.generation })).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
    });
    expect((await store.read(uri)).data.toString()).toBe('second');
  });

  it('lets only one of two concurrent create-if-absent writers win', async () => {
    const uri = `gs://${bucket}/once.json`;
    const results = await Promise.allSettled([
      store.write(uri, 'writer-1', { ifGenerationMatch: 0 }),
      store.write(uri, 'writer-2', { ifGenerationMatch: 0 }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected');
    expect(rejected?.reason).toMatchObject({ code: 'PRECONDITION_FAILED' });
  });

  it('streams an object', async () => {
    const uri = `gs://${bucket}/data.csv`;
    await store.write(uri, 'id,comment_text,toxic\n1,hello,0\n');
    const chunks: Buffer[] = [];
    for await (const chunk of await store.openReadStream(uri)) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('id,comment_text,toxic\n1,hello,0\n');
  });
});
