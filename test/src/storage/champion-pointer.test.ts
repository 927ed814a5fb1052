import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  FileObjectStore,
  POINTER_SCHEMA,
  StorageError,
  createPointerResolver,
  createStoreSet,
  isPointerUri,
  parsePointer,
  publishChampion,
  readChampionPointer,
  versionUriFor,
} from '../../../src/storage';

describe('champion pointer', () => {
  let dir: string;
  let store: FileObjectStore;
  let pointer: string;
  const publish = (version: string, data: string, reason = 'test') =>
    publishChampion(store, pointer, {
      model: 'toxic',
      version,
      data: Buffer.from(data),
      actor: 'tester',
      reason,
      now: new Date('2026-01-02T03:04:05Z'),
    });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pointer-'));
    store = new FileObjectStore(dir);
    pointer = `file://${dir}/toxic/champion`;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('tells pointer URIs from model documents by the missing .json extension', () => {
    expect(isPointerUri('gs://models/toxic/champion')).toBe(true);
    expect(isPointerUri('file://models/toxic/champion')).toBe(true);
    expect(isPointerUri('gs://models/toxic/model.json')).toBe(false);
    expect(isPointerUri('models:/toxic@champion')).toBe(false);
    expect(isPointerUri('gs://models/toxic/')).toBe(false);
  });

  it('places version N next to the pointer and refuses a version that is not a positive integer', () => {
    expect(versionUriFor('gs://b/toxic/champion', '7')).toBe('gs://b/toxic/versions/7/model.json');
    expect(() => versionUriFor('gs://b/toxic/champion', '0')).toThrow('version must be a positive integer, got "0"');
    expect(() => versionUriFor('gs://b/toxic/model.json', '1')).toThrow('not a champion pointer URI');
  });

  it('writes the version once and points at it, then moves the pointer and reports the previous version', async () => {
    const first = await publish('1', '{"v":1}');
    expect(first.previousVersion).toBeNull();
    expect(first.wroteVersion).toBe(true);
    expect(first.pointer).toMatchObject({
      schema: POINTER_SCHEMA,
      model: 'toxic',
      version: '1',
      uri: `file://${dir}/toxic/versions/1/model.json`,
      updatedBy: 'tester',
      updatedAt: '2026-01-02T03:04:05.000Z',
    });
    const second = await publish('2', '{"v":2}');
    expect(second.previousVersion).toBe('1');
    expect((await readChampionPointer(store, pointer))?.version).toBe('2');
    // Version 1 is untouched: a rollback reuses it without rewriting.
    const back = await publish('1', '{"v":1}', 'rollback');
    expect(back).toMatchObject({ previousVersion: '2', wroteVersion: false });
    expect((await store.read(`file://${dir}/toxic/versions/1/model.json`)).data.toString()).toBe('{"v":1}');
  });

  it('refuses to overwrite a published version with other bytes and leaves the pointer where it was', async () => {
    await publish('1', '{"v":1}');
    await publish('2', '{"v":2}');
    await expect(publish('1', '{"v":"tampered"}')).rejects.toThrow(
      /already holds other bytes .* versions are immutable/,
    );
    expect((await readChampionPointer(store, pointer))?.version).toBe('2');
  });

  it('lets only one of two writers that read the same pointer generation win', async () => {
    await publish('1', '{"v":1}');
    const before = await store.stat(pointer);
    await publish('2', '{"v":2}');
    // A writer still holding the older generation is refused.
    await expect(store.write(pointer, '{}', { ifGenerationMatch: before!.generation })).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
    });
  });

  it('resolves a pointer to its version at every call and passes other URIs through', async () => {
    const resolve = createPointerResolver(createStoreSet({ 'file:': () => store }));
    await publish('1', '{"v":1}');
    expect(await resolve(pointer)).toBe(`file://${dir}/toxic/versions/1/model.json`);
    await publish('3', '{"v":3}');
    expect(await resolve(pointer)).toBe(`file://${dir}/toxic/versions/3/model.json`);
    expect(await resolve('gs://b/model.json')).toBe('gs://b/model.json');
  });

  it('rejects a pointer document that is not JSON, has another schema or points outside its folder', () => {
    const uri = 'gs://b/toxic/champion';
    expect(() => parsePointer(uri, 'nope')).toThrow('gs://b/toxic/champion is not a champion pointer (not JSON)');
    expect(() => parsePointer(uri, '{"schema":"other"}')).toThrow(`schema must be "${POINTER_SCHEMA}"`);
    const outside = { schema: POINTER_SCHEMA, model: 't', version: '1', uri: 'gs://evil/model.json', sha256: 'x' };
    expect(() => parsePointer(uri, JSON.stringify(outside))).toThrow('outside its own versions folder');
    expect(() => parsePointer(uri, JSON.stringify({ ...outside, version: undefined }))).toThrow('has no "version"');
  });

  it('reads no pointer as null, and a missing pointer as NOT_FOUND when resolving', async () => {
    expect(await readChampionPointer(store, pointer)).toBeNull();
    const resolve = createPointerResolver(createStoreSet({ 'file:': () => store }));
    await expect(resolve(pointer)).rejects.toBeInstanceOf(StorageError);
    await expect(resolve(pointer)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
