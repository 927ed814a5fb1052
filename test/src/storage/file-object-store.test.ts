import { mkdtemp, readdir, readFile, rm, writeFile, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileObjectStore, StorageError } from '../../../src/storage';

describe('FileObjectStore', () => {
  let dir: string;
  let store: FileObjectStore;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'file-store-'));
    store = new FileObjectStore(dir);
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('resolves relative file:// URIs against the base folder and absolute ones as they are', () => {
    expect(store.pathOf('file://models/m.json')).toBe(join(dir, 'models/m.json'));
    expect(store.pathOf('file:///etc/m.json')).toBe('/etc/m.json');
    expect(store.pathOf('file://a%20b.json')).toBe(join(dir, 'a b.json'));
  });

  it('throws when the URI is not a file:// URI or names a folder', () => {
    expect(() => store.pathOf('gs://b/o')).toThrow('not a file:// URI: gs://b/o');
    expect(() => store.pathOf('file://models/')).toThrow('file URI names a folder, not a file: file://models/');
  });

  it('writes, creating folders, and reads back the same bytes and generation', async () => {
    const written = await store.write('file://a/b/model.json', '{"x":1}');
    const read = await store.read('file://a/b/model.json');
    expect(read.data.toString()).toBe('{"x":1}');
    expect(read.generation).toBe(written.generation);
    expect(read.size).toBe(7);
    expect(await readdir(join(dir, 'a/b'))).toEqual(['model.json']);
  });

  it('changes the generation when the content is replaced', async () => {
    const first = await store.write('file://m.json', 'one');
    await utimes(join(dir, 'm.json'), new Date(1000), new Date(1000));
    const second = await store.write('file://m.json', 'two!');
    expect(second.generation).not.toBe(first.generation);
  });

  it('returns null from stat and throws NOT_FOUND from read when the file is missing', async () => {
    expect(await store.stat('file://nope.json')).toBeNull();
    await expect(store.read('file://nope.json')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(store.openReadStream('file://nope.json')).rejects.toBeInstanceOf(StorageError);
  });

  it('writes only when the expected generation still matches', async () => {
    const first = await store.write('file://m.json', 'one');
    await store.write('file://m.json', 'two', { ifGenerationMatch: first.generation });
    await utimes(join(dir, 'm.json'), new Date(5000), new Date(5000));
    await expect(store.write('file://m.json', 'three', { ifGenerationMatch: first.generation })).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
    });
    expect(await readFile(join(dir, 'm.json'), 'utf8')).toBe('two');
    expect(await readdir(dir)).toEqual(['m.json']);
  });

  it('refuses to create over an existing file when the generation is 0', async () => {
    await writeFile(join(dir, 'm.json'), 'old');
    await expect(store.write('file://m.json', 'new', { ifGenerationMatch: 0 })).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
    });
    await store.write('file://fresh.json', 'new', { ifGenerationMatch: 0 });
    expect(await readFile(join(dir, 'fresh.json'), 'utf8')).toBe('new');
  });

  it('lets exactly one of many concurrent writers replace a generation they all read', async () => {
    const first = await store.write('file://lease.json', 'free');
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        store.write('file://lease.json', `holder-${i}`, { ifGenerationMatch: first.generation }),
      ),
    );
    const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
    expect(won).toHaveLength(1);
    for (const r of results) {
      if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'PRECONDITION_FAILED' });
    }
    expect(await readFile(join(dir, 'lease.json'), 'utf8')).toBe(`holder-${won[0]}`);
    expect(await readdir(dir)).toEqual(['lease.json']);
  });

  it('lets exactly one of many concurrent creators create a file', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => store.write('file://claim.json', `claim-${i}`, { ifGenerationMatch: 0 })),
    );
    const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
    expect(won).toHaveLength(1);
    expect(await readFile(join(dir, 'claim.json'), 'utf8')).toBe(`claim-${won[0]}`);
    expect(await readdir(dir)).toEqual(['claim.json']);
  });

  it('returns the generation of the bytes it wrote, which a later read sees', async () => {
    const created = await store.write('file://m.json', 'one', { ifGenerationMatch: 0 });
    expect((await store.read('file://m.json')).generation).toBe(created.generation);
    const replaced = await store.write('file://m.json', 'two', { ifGenerationMatch: created.generation });
    expect(replaced.generation).not.toBe(created.generation);
    expect((await store.stat('file://m.json'))?.generation).toBe(replaced.generation);
  });

  it('tells two same-size writes in the same clock tick apart', async () => {
    const tick = new Date(1000);
    await store.write('file://m.json', 'aaa');
    await utimes(join(dir, 'm.json'), tick, tick);
    const before = (await store.stat('file://m.json'))!.generation;
    await store.write('file://m.json', 'bbb');
    await utimes(join(dir, 'm.json'), tick, tick);
    expect((await store.stat('file://m.json'))!.generation).not.toBe(before);
  });

  it('waits for a writer holding the lock and fails with a clear message when it never lets go', async () => {
    const slow = new FileObjectStore(dir, { waitMs: 100, staleLockMs: 60_000 });
    const first = await slow.write('file://m.json', 'one');
    await writeFile(join(dir, 'm.json.lock'), '');
    await expect(slow.write('file://m.json', 'two', { ifGenerationMatch: first.generation })).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringMatching(/m\.json\.lock has been held for more than 100 ms .*delete the lock file/),
    });
    expect(await readFile(join(dir, 'm.json'), 'utf8')).toBe('one');
  });

  it('breaks a lock left by a writer that died, and writes', async () => {
    const quick = new FileObjectStore(dir, { waitMs: 5000, staleLockMs: 1000 });
    const first = await quick.write('file://m.json', 'one');
    await writeFile(join(dir, 'm.json.lock'), '');
    await utimes(join(dir, 'm.json.lock'), new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    await quick.write('file://m.json', 'two', { ifGenerationMatch: first.generation });
    expect(await readFile(join(dir, 'm.json'), 'utf8')).toBe('two');
    expect(await readdir(dir)).toEqual(['m.json']);
  });

  it('streams a file', async () => {
    await store.write('file://data.csv', 'a,b\n1,2\n');
    const chunks: Buffer[] = [];
    for await (const chunk of await store.openReadStream('file://data.csv')) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('a,b\n1,2\n');
  });
});
