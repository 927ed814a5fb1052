import { resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Readable } from 'node:stream';

/**
 * Where the trainer reads data and writes models, and where the model server reads them from: one
 * interface over `file://` (local default) and `gs://` (Cloud Storage). `models:/` URIs are resolved
 * to one of these through the MLflow registry before a store is used.
 *
 * A generation identifies one version of an object (Cloud Storage's object generation; a file's
 * inode, mtime and size locally). Readers poll it to notice a new model; writers pass the generation they
 * expect so concurrent writers cannot overwrite each other unnoticed.
 */
export interface IObjectStore {
  /** The URI schemes this store serves, e.g. `['gs:']`. */
  readonly schemes: readonly string[];
  /** Reads a whole object with the generation that was read. Throws `StorageError` NOT_FOUND. */
  read(uri: string): Promise<StoredObject>;
  /** The current generation and size, or null when there is no such object. */
  stat(uri: string): Promise<ObjectStat | null>;
  /** Streams an object (large data files). Throws `StorageError` NOT_FOUND before the first byte. */
  openReadStream(uri: string): Promise<Readable>;
  /**
   * Writes a whole object atomically (readers see the old or the new content, never a mix).
   * `ifGenerationMatch`: the generation the caller expects to replace, or `0` for "must not exist".
   */
  write(uri: string, data: string | Uint8Array, options?: WriteOptions): Promise<ObjectStat>;
}

export interface StoredObject extends ObjectStat {
  readonly data: Buffer;
}

export interface ObjectStat {
  readonly uri: string;
  readonly generation: string;
  readonly size: number;
}

export interface WriteOptions {
  readonly ifGenerationMatch?: string | 0;
  readonly contentType?: string;
}

export type StorageErrorCode = 'NOT_FOUND' | 'PRECONDITION_FAILED' | 'INVALID_URI' | 'UNAVAILABLE';

/** A storage failure with a stable code and a message naming the URI. */
export class StorageError extends Error {
  constructor(
    readonly code: StorageErrorCode,
    readonly uri: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StorageError';
  }
}

/** `gs://bucket/path/to/object` → `{ bucket, name }`; throws `StorageError` INVALID_URI otherwise. */
export function parseGcsUri(uri: string): { bucket: string; name: string } {
  const match = /^gs:\/\/([a-z0-9][-a-z0-9_.]{1,221}[a-z0-9])\/(.+)$/.exec(uri);
  if (!match) {
    throw new StorageError('INVALID_URI', uri, `not a Cloud Storage object URI (gs://bucket/object): ${uri}`);
  }
  return { bucket: match[1], name: match[2] };
}

/** The scheme of a URI (`gs:`, `file:`, `models:`), or throws INVALID_URI when there is none. */
export function uriScheme(uri: string): string {
  const match = /^([a-z][a-z0-9+.-]*:)\//i.exec(uri);
  if (!match) {
    throw new StorageError('INVALID_URI', uri, `not a URI with a scheme (file://, gs://, models:/): ${uri}`);
  }
  return match[1].toLowerCase();
}

/**
 * A command-line location as a storage URI: a URI with a scheme (`file://…`, `gs://…`) as it is, a
 * plain path (`data.csv`, `/tmp/m.json`) as the absolute `file://` URI of that path under `cwd`.
 */
export function toStorageUri(location: string, cwd: string): string {
  if (/^[a-z][a-z0-9+.-]*:\//i.test(location)) return location;
  return pathToFileURL(resolvePath(cwd, location)).href;
}
