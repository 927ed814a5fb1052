import { createReadStream } from 'node:fs';
import { link, mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { type IObjectStore, type ObjectStat, StorageError, type StoredObject, type WriteOptions } from './object-store';

/**
 * `file://` store. `file:///abs/path` is absolute; `file://rel/path` is relative to `baseDir` (the
 * working directory the entry point passes), which keeps the local default URI short.
 * Writes go to a temporary file in the same folder, are fsynced, then renamed over the target, so
 * a reader never sees a partial model. The generation is the file's inode, mtime in nanoseconds and
 * size (every write renames a new file over the old one, so two writes in the same clock tick with
 * the same size still differ by inode).
 *
 * Preconditions are atomic between processes sharing the folder, as Cloud Storage's are:
 * - `ifGenerationMatch: 0` hard-links the temporary file to the target, which fails with EEXIST when
 *   the target exists (link(2) never replaces), so of two creators exactly one wins;
 * - every other write holds `<file>.lock` (created with O_CREAT|O_EXCL, `open(…, 'wx')`) while it
 *   compares the generation and renames, so a compare-and-swap cannot interleave with another write.
 *   A lock left by a process that died inside that short window is broken after `staleLockMs`.
 */
export class FileObjectStore implements IObjectStore {
  readonly schemes = ['file:'] as const;

  constructor(
    private readonly baseDir: string,
    private readonly lockOptions: FileLockOptions = {},
  ) {}

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
      return { uri, generation: generationOf(s), size: Number(s.size) };
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
      return { uri, data, generation: generationOf(s), size: data.length };
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
    let written: ObjectStat;
    try {
      await handle.writeFile(data);
      await handle.sync();
      // link(2) and rename(2) keep the inode and mtime: this is the generation of the object written.
      const s = await handle.stat({ bigint: true });
      written = { uri, generation: generationOf(s), size: Number(s.size) };
    } finally {
      await handle.close();
    }
    try {
      if (options.ifGenerationMatch === 0 && (await createOnly(tmp, path, uri))) return written;
      await this.withLock(path, uri, async () => {
        if (options.ifGenerationMatch !== undefined) {
          const current = await this.stat(uri);
          const ok =
            options.ifGenerationMatch === 0 ? current === null : current?.generation === options.ifGenerationMatch;
          if (!ok) {
            throw new StorageError(
              'PRECONDITION_FAILED',
              uri,
              `${uri} changed since it was read (expected generation ${String(options.ifGenerationMatch)}, found ${current?.generation ?? 'none'})`,
            );
          }
        }
        await rename(tmp, path);
      });
    } finally {
      await unlink(tmp).catch(() => undefined);
    }
    return written;
  }

  /** Runs `fn` holding `<path>.lock`; waits for another writer's lock, breaks one left by a dead process. */
  private async withLock<T>(path: string, uri: string, fn: () => Promise<T>): Promise<T> {
    const lock = `${path}.lock`;
    const waitMs = this.lockOptions.waitMs ?? 10_000;
    const staleMs = this.lockOptions.staleLockMs ?? 30_000;
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      try {
        await (await open(lock, 'wx')).close();
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const held = await stat(lock).catch(() => null);
      if (held !== null && Date.now() - held.mtimeMs > staleMs) {
        // Held far longer than a compare-and-rename takes: its writer died inside the window.
        await unlink(lock).catch(() => undefined);
        continue;
      }
      if (Date.now() - started > waitMs) {
        throw new StorageError(
          'UNAVAILABLE',
          uri,
          `${lock} has been held for more than ${waitMs} ms by another writer; if no toxicity process is writing ${path}, delete the lock file`,
        );
      }
      await new Promise((r) => setTimeout(r, Math.min(2 ** attempt, 50)));
    }
    try {
      return await fn();
    } finally {
      await unlink(lock).catch(() => undefined);
    }
  }
}

/** Lock timing of a `FileObjectStore` (tests shorten it). */
export interface FileLockOptions {
  /** How long a write waits for another writer's lock. @default 10000 */
  readonly waitMs?: number;
  /** Age after which a lock is taken for one left by a dead process and removed. @default 30000 */
  readonly staleLockMs?: number;
}

function generationOf(s: { ino: bigint; mtimeNs: bigint; size: bigint }): string {
  return `${s.ino}-${s.mtimeNs}-${s.size}`;
}

/**
 * Puts the written temporary file at `path` only if nothing is there (link(2) fails with EEXIST
 * otherwise). Returns false on a file system without hard links; the caller then checks under the lock.
 */
async function createOnly(tmp: string, path: string, uri: string): Promise<boolean> {
  try {
    await link(tmp, path);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ENOSYS') return false;
    if (code !== 'EEXIST') throw err;
    throw new StorageError('PRECONDITION_FAILED', uri, `${uri} already exists (expected generation 0)`, {
      cause: err,
    });
  }
}

function isNotFound(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}
