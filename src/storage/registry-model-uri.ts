import { type IObjectStore, type ObjectStat, StorageError, type StoredObject } from './object-store';
import type { Readable } from 'node:stream';

/**
 * The part of a model registry this folder needs: alias and version look-ups, and reading a run's
 * artifacts. The MLflow client (src/mlflow) implements it; storage does not depend on that module.
 */
export interface ModelRegistryReader {
  /** Where the registry is, for messages. */
  readonly trackingUri: string;
  /** The version an alias points at, or null when the alias is not set. */
  getModelVersionByAlias(name: string, alias: string): Promise<{ readonly source: string } | null>;
  getModelVersion(name: string, version: string): Promise<{ readonly source: string }>;
  /** Bytes of a `mlflow-artifacts:/…` URI. */
  downloadArtifact(uri: string): Promise<Buffer>;
  /** Files in a run's artifact folder. */
  listArtifacts(runId: string, path?: string): Promise<{ path: string; is_dir: boolean; file_size?: number }[]>;
}

/** A parsed registry URI: `models:/<name>@<alias>` or `models:/<name>/<version>` (MLflow's syntax). */
export type RegistryModelUri =
  | { readonly name: string; readonly alias: string; readonly version?: never }
  | { readonly name: string; readonly version: string; readonly alias?: never };

export function parseRegistryModelUri(uri: string): RegistryModelUri {
  const alias = /^models:\/([A-Za-z0-9][A-Za-z0-9_.-]*)@([A-Za-z0-9_-]+)$/.exec(uri);
  if (alias) return { name: alias[1], alias: alias[2] };
  const version = /^models:\/([A-Za-z0-9][A-Za-z0-9_.-]*)\/([1-9]\d*)$/.exec(uri);
  if (version) return { name: version[1], version: version[2] };
  throw new StorageError(
    'INVALID_URI',
    uri,
    `not a registry model URI (models:/<name>@<alias> or models:/<name>/<version>): ${uri}`,
  );
}

/**
 * Resolves a registry URI to the storage URI of the version's `model.json`, through MLflow. A
 * version's source is the model file itself (`gs://…/model.json`) or a folder holding it (the
 * run's `mlflow-artifacts:/…/model`). Called at every poll, so moving the alias moves the model.
 */
export function createRegistryResolver(client: ModelRegistryReader): (uri: string) => Promise<string> {
  return async (uri) => {
    const ref = parseRegistryModelUri(uri);
    let source: string;
    try {
      if (ref.alias !== undefined) {
        const version = await client.getModelVersionByAlias(ref.name, ref.alias);
        if (version === null) {
          throw new StorageError(
            'NOT_FOUND',
            uri,
            `${ref.name} has no version with alias "${ref.alias}" in ${client.trackingUri}`,
          );
        }
        source = version.source;
      } else {
        source = (await client.getModelVersion(ref.name, ref.version)).source;
      }
    } catch (err) {
      if (err instanceof StorageError) throw err;
      throw new StorageError('UNAVAILABLE', uri, `cannot resolve ${uri} through MLflow: ${(err as Error).message}`, {
        cause: err,
      });
    }
    return source.endsWith('.json') ? source : `${source.replace(/\/+$/, '')}/model.json`;
  };
}

/**
 * Read-only store for `mlflow-artifacts:/…` URIs (artifacts logged to a run, served by
 * `mlflow server --serve-artifacts`). Run artifacts never change, so the generation is the URI.
 */
export class MlflowArtifactStore implements IObjectStore {
  readonly schemes = ['mlflow-artifacts:'] as const;

  constructor(private readonly client: ModelRegistryReader) {}

  async read(uri: string): Promise<StoredObject> {
    try {
      const data = await this.client.downloadArtifact(uri);
      return { uri, data, generation: uri, size: data.length };
    } catch (err) {
      const status = (err as { status?: number }).status;
      if (status === 404) throw new StorageError('NOT_FOUND', uri, `no such artifact: ${uri}`, { cause: err });
      throw new StorageError('UNAVAILABLE', uri, `MLflow artifact ${uri}: ${(err as Error).message}`, { cause: err });
    }
  }

  /** Lists the artifact's folder through the tracking API (no download), so polling stays cheap. */
  async stat(uri: string): Promise<ObjectStat | null> {
    const match = /^mlflow-artifacts:\/+[^/]+\/([0-9a-f]{32})\/artifacts\/(.+)$/.exec(uri);
    if (!match)
      throw new StorageError(
        'INVALID_URI',
        uri,
        `not a run artifact URI (mlflow-artifacts:/<experiment>/<run>/artifacts/<path>): ${uri}`,
      );
    const [, runId, path] = match as unknown as [string, string, string];
    const folder = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : undefined;
    let files;
    try {
      files = await this.client.listArtifacts(runId, folder);
    } catch (err) {
      throw new StorageError('UNAVAILABLE', uri, `MLflow artifact ${uri}: ${(err as Error).message}`, { cause: err });
    }
    const file = files.find((f) => f.path === path && !f.is_dir);
    return file ? { uri, generation: uri, size: file.file_size ?? 0 } : null;
  }

  async openReadStream(uri: string): Promise<Readable> {
    const { Readable: R } = await import('node:stream');
    return R.from([(await this.read(uri)).data]);
  }

  write(uri: string): Promise<ObjectStat> {
    return Promise.reject(new StorageError('INVALID_URI', uri, `run artifacts are read-only here: ${uri}`));
  }
}
