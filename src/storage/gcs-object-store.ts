import type { Readable } from 'node:stream';
import type { Storage } from '@google-cloud/storage';
import {
  type IObjectStore,
  type ObjectStat,
  StorageError,
  type StoredObject,
  type WriteOptions,
  parseGcsUri,
} from './object-store';

/**
 * `gs://` store over `@google-cloud/storage`. The entry point builds the `Storage` client (with
 * `apiEndpoint` for an emulator, Application Default Credentials in GCP) and hands it in.
 *
 * Reads fetch the metadata first and then download that exact generation, so data and generation
 * always belong together even while another writer replaces the object. Writes are single-request
 * uploads (atomic in Cloud Storage) with `ifGenerationMatch` when asked
 * (cloud.google.com/storage/docs/request-preconditions).
 */
export class GcsObjectStore implements IObjectStore {
  readonly schemes = ['gs:'] as const;

  constructor(private readonly storage: Storage) {}

  async stat(uri: string): Promise<ObjectStat | null> {
    const { bucket, name } = parseGcsUri(uri);
    try {
      const [meta] = await this.storage.bucket(bucket).file(name).getMetadata();
      return { uri, generation: String(meta.generation), size: Number(meta.size ?? 0) };
    } catch (err) {
      if (httpStatus(err) === 404) return null;
      throw wrap(err, uri);
    }
  }

  async read(uri: string): Promise<StoredObject> {
    const current = await this.stat(uri);
    if (current === null) throw new StorageError('NOT_FOUND', uri, `no such object: ${uri}`);
    const { bucket, name } = parseGcsUri(uri);
    try {
      const [data] = await this.storage
        .bucket(bucket)
        .file(name, { generation: Number(current.generation) })
        .download();
      return { ...current, data, size: data.length };
    } catch (err) {
      // The generation we saw was deleted or replaced between the two calls.
      if (httpStatus(err) === 404) throw new StorageError('NOT_FOUND', uri, `object changed while reading: ${uri}`);
      throw wrap(err, uri);
    }
  }

  async openReadStream(uri: string): Promise<Readable> {
    const current = await this.stat(uri);
    if (current === null) throw new StorageError('NOT_FOUND', uri, `no such object: ${uri}`);
    const { bucket, name } = parseGcsUri(uri);
    return this.storage
      .bucket(bucket)
      .file(name, { generation: Number(current.generation) })
      .createReadStream();
  }

  async write(uri: string, data: string | Uint8Array, options: WriteOptions = {}): Promise<ObjectStat> {
    const { bucket, name } = parseGcsUri(uri);
    const file = this.storage.bucket(bucket).file(name);
    try {
      await file.save(Buffer.from(data), {
        resumable: false,
        contentType: options.contentType ?? 'application/octet-stream',
        ...(options.ifGenerationMatch !== undefined
          ? { preconditionOpts: { ifGenerationMatch: Number(options.ifGenerationMatch) } }
          : {}),
      });
      const [meta] = await file.getMetadata();
      return { uri, generation: String(meta.generation), size: Number(meta.size ?? 0) };
    } catch (err) {
      if (httpStatus(err) === 412) {
        throw new StorageError(
          'PRECONDITION_FAILED',
          uri,
          `${uri} changed since it was read (expected generation ${String(options.ifGenerationMatch)})`,
          { cause: err },
        );
      }
      throw wrap(err, uri);
    }
  }
}

function httpStatus(err: unknown): number | undefined {
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'number' ? code : undefined;
}

function wrap(err: unknown, uri: string): Error {
  if (err instanceof StorageError) return err;
  const status = httpStatus(err);
  if (status === 404) return new StorageError('NOT_FOUND', uri, `no such object or bucket: ${uri}`, { cause: err });
  const reason = err instanceof Error ? err.message : String(err);
  return new StorageError('UNAVAILABLE', uri, `Cloud Storage request for ${uri} failed: ${reason}`, { cause: err });
}
