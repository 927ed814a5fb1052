import { createReadStream } from 'node:fs';
import { mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { type IObjectStore, type ObjectStat, StorageError, type StoredObject, type WriteOptions } from './object-store';

/**
 * `file://` store. `file:///abs/path` is absolute; `file://rel/path` is relative to `baseDir` (the
 * working directory the entry point passes), which keeps the local default URI short.
 * Writes go to a temporary file in the same folder, are fsynced, then renamed over the target, so
 * a reader never sees a partial model. The generation is the file's mtime in nanoseconds and its
 * size; `ifGenerationMatch` is checked just before the rename (a local convenience, not a lock).
 */
export class FileObjectStore implements IObjectStore {
  readonly schemes = ['file:'] as const;

  constructor(private readonly baseDir: string) {}

  /** The local path a `file://` URI names. */
  pathOf(uri: string): string {
    if (!uri.startsWith('file://')) {
      throw new StorageError('INVALID_URI', uri, `not a file:// URI: ${uri}`);
    }
    const rest = decodeURIComponent(uri.slice('file://'.length));
    if (rest === '' || rest.endsWith('/')) {
      throw new StorageError('INVALID_URI', uri, `file URI names a folder, not a file: ${uri}`);
    }
    return isAbsolute(rest) ? rest : resolve(this.baseDir, rest);
  }

  async stat(uri: string): Promise<ObjectStat | null> {
    const path = this.pathOf(uri);
    try {
      const s = await stat(path, { bigint: true });
      if (!s.isFile()) throw new StorageError('INVALID_URI', uri, `not a regular file: ${path}`);
      return { uri, generation: `${s.mtimeNs}-${s.size}`, size: Number(s.size) };
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  async read(uri: string): Promise<StoredObject> {
    const path = this.pathOf(uri);
    // Open once and read stat + content from the same descriptor: a concurrent rename cannot mix them.
    let handle;
    try {
      handle = await open(path, 'r');
    } catch (err) {
      if (isNotFound(err)) throw new StorageError('NOT_FOUND', uri, `no such file: ${path}`, { cause: err });
      throw err;
    }
    try {
      const s = await handle.stat({ bigint: true });
      const data = await handle.readFile();
      return { uri, data, generation: `${s.mtimeNs}-${s.size}`, size: data.length };
    } finally {
      await handle.close();
    }
  }

  async openReadStream(uri: string): Promise<Readable> {
    const path = this.pathOf(uri);
    if ((await this.stat(uri)) === null) throw new StorageError('NOT_FOUND', uri, `no such file: ${path}`);
    return createReadStream(path);
  }

  async write(uri: string, data: string | Uint8Array, options: WriteOptions = {}): Promise<ObjectStat> {
    const path = this.pathOf(uri);
    await mkdir(dirname(path), { recursive: true });
    const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    const handle = await open(tmp, 'wx');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      if (options.ifGenerationMatch !== undefined) {
        const current = await this.stat(uri);
        const expected = options.ifGenerationMatch;
        const ok = expected === 0 ? current === null : current?.generation === expected;
        if (!ok) {
          throw new StorageError(
            'PRECONDITION_FAILED',
            uri,
            `${uri} changed since it was read (expected generation ${String(expected)}, found ${current?.generation ?? 'none'})`,
          );
        }
      }
      await rename(tmp, path);
    } catch (err) {
      await unlink(tmp).catch(() => undefined);
      throw err;
    }
    const after = await this.stat(uri);
    if (after === null) throw new StorageError('NOT_FOUND', uri, `${path} vanished right after it was written`);
    return after;
  }
}

function isNotFound(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}
