import { createHash } from 'node:crypto';
import { type IObjectStore, StorageError } from './object-store';
import type { StoreSet } from './store-set';

/**
 * The champion pointer: what deployed servers load, so that serving never needs the MLflow
 * registry to start or scale out (KServe's `storageUri` model).
 *
 * Layout next to the pointer URI `<base>/champion`:
 *   `<base>/versions/<N>/model.json`  the registered version N's model, written once, never replaced
 *   `<base>/champion`                 a small JSON document naming the version being served
 *
 * The version objects are written with `ifGenerationMatch: 0` (create-only) and the pointer with the
 * generation that was read, so two concurrent promotions cannot both win
 * (cloud.google.com/storage/docs/request-preconditions). On `file://` the store makes the same checks
 * atomic between processes (link(2) for create-only, a lock file around compare-and-rename).
 */
export const POINTER_SCHEMA = 'toxicity.champion-pointer/v1';

export interface ChampionPointer {
  readonly schema: typeof POINTER_SCHEMA;
  /** Registered model name. */
  readonly model: string;
  /** Registry version being served. */
  readonly version: string;
  /** The immutable model object, `<base>/versions/<version>/model.json`. */
  readonly uri: string;
  /** `sha256:<hex>` of that object's bytes, checked by writers before they reuse it. */
  readonly sha256: string;
  /** When and by whom the pointer was moved, and why. */
  readonly updatedAt: string;
  readonly updatedBy: string;
  readonly reason: string;
}

/**
 * True when a model URI names a champion pointer rather than a model document: its last path
 * segment has no `.json` extension (`gs://b/toxic-detector/champion`). Model documents always end
 * in `.json` (`model.json`), which is how the server tells the two apart without an extra read.
 */
export function isPointerUri(uri: string): boolean {
  if (!/^(gs|file):\/\//.test(uri)) return false;
  const last = uri.slice(uri.lastIndexOf('/') + 1);
  return last !== '' && !last.toLowerCase().endsWith('.json');
}

/** `<base>/versions/<N>/model.json` for pointer `<base>/<pointer name>`. */
export function versionUriFor(pointerUri: string, version: string): string {
  assertPointerUri(pointerUri);
  if (!/^[1-9]\d*$/.test(version)) {
    throw new StorageError(
      'INVALID_URI',
      pointerUri,
      `version must be a positive integer, got ${JSON.stringify(version)}`,
    );
  }
  return `${pointerUri.slice(0, pointerUri.lastIndexOf('/'))}/versions/${version}/model.json`;
}

/** Parses and checks a pointer document; throws `StorageError` INVALID_URI naming what is wrong. */
export function parsePointer(uri: string, data: Buffer | string): ChampionPointer {
  let doc: unknown;
  try {
    doc = JSON.parse(data.toString());
  } catch {
    throw new StorageError('INVALID_URI', uri, `${uri} is not a champion pointer (not JSON)`);
  }
  const p = doc as Partial<ChampionPointer> | null;
  if (p === null || typeof p !== 'object' || p.schema !== POINTER_SCHEMA) {
    throw new StorageError('INVALID_URI', uri, `${uri} is not a champion pointer (schema must be "${POINTER_SCHEMA}")`);
  }
  for (const key of ['model', 'version', 'uri', 'sha256'] as const) {
    if (typeof p[key] !== 'string' || p[key] === '') {
      throw new StorageError('INVALID_URI', uri, `champion pointer ${uri} has no "${key}"`);
    }
  }
  if (p.uri !== versionUriFor(uri, p.version as string)) {
    throw new StorageError(
      'INVALID_URI',
      uri,
      `champion pointer ${uri} names ${String(p.uri)}, outside its own versions folder`,
    );
  }
  return p as ChampionPointer;
}

/**
 * Resolver for pointer URIs, as the model server's source uses it at every poll: reads the small
 * pointer object and returns the immutable model URI it names. Other URIs pass through unchanged.
 */
export function createPointerResolver(stores: StoreSet): (uri: string) => Promise<string> {
  return async (uri) => {
    if (!isPointerUri(uri)) return uri;
    const store = await stores.storeFor(uri);
    const { data } = await store.read(uri);
    return parsePointer(uri, data).uri;
  };
}

export interface PublishChampionOptions {
  readonly model: string;
  readonly version: string;
  /** The model document's bytes (read from the version's registry source). */
  readonly data: Buffer;
  readonly actor: string;
  readonly reason: string;
  readonly now: Date;
}

export interface PublishResult {
  readonly pointer: ChampionPointer;
  /** The version the pointer named before (null for the first publication). */
  readonly previousVersion: string | null;
  /** False when the version object already existed with the same bytes (a retried promotion). */
  readonly wroteVersion: boolean;
}

/**
 * Publishes a registered version as the champion: writes its model to `versions/<N>/model.json`
 * once (an existing object with other bytes is an error, never overwritten), then replaces the
 * pointer on the condition that it is still the generation read before. A concurrent move makes
 * this fail with `PRECONDITION_FAILED` instead of silently losing one of the two.
 */
export async function publishChampion(
  store: IObjectStore,
  pointerUri: string,
  options: PublishChampionOptions,
): Promise<PublishResult> {
  const versionUri = versionUriFor(pointerUri, options.version);
  const sha256 = `sha256:${createHash('sha256').update(options.data).digest('hex')}`;
  let wroteVersion = true;
  try {
    await store.write(versionUri, options.data, { ifGenerationMatch: 0, contentType: 'application/json' });
  } catch (err) {
    if (!(err instanceof StorageError) || err.code !== 'PRECONDITION_FAILED') throw err;
    const existing = await store.read(versionUri);
    const existingSha = `sha256:${createHash('sha256').update(existing.data).digest('hex')}`;
    if (existingSha !== sha256) {
      throw new StorageError(
        'PRECONDITION_FAILED',
        versionUri,
        `${versionUri} already holds other bytes (${existingSha}, expected ${sha256}); versions are immutable`,
      );
    }
    wroteVersion = false;
  }
  const current = await store.stat(pointerUri);
  let previousVersion: string | null = null;
  if (current !== null) {
    const read = await store.read(pointerUri);
    previousVersion = parsePointer(pointerUri, read.data).version;
    if (read.generation !== current.generation) {
      throw new StorageError('PRECONDITION_FAILED', pointerUri, `${pointerUri} changed while it was read; try again`);
    }
  }
  const pointer: ChampionPointer = {
    schema: POINTER_SCHEMA,
    model: options.model,
    version: options.version,
    uri: versionUri,
    sha256,
    updatedAt: options.now.toISOString(),
    updatedBy: options.actor,
    reason: options.reason,
  };
  await store.write(pointerUri, `${JSON.stringify(pointer, null, 2)}\n`, {
    ifGenerationMatch: current === null ? 0 : current.generation,
    contentType: 'application/json',
  });
  return { pointer, previousVersion, wroteVersion };
}

/** The pointer as it is now, or null when nothing was published yet. */
export async function readChampionPointer(store: IObjectStore, pointerUri: string): Promise<ChampionPointer | null> {
  assertPointerUri(pointerUri);
  if ((await store.stat(pointerUri)) === null) return null;
  return parsePointer(pointerUri, (await store.read(pointerUri)).data);
}

function assertPointerUri(uri: string): void {
  if (!isPointerUri(uri)) {
    throw new StorageError(
      'INVALID_URI',
      uri,
      `not a champion pointer URI (gs://bucket/<path>/champion or file://…/champion, no .json): ${uri}`,
    );
  }
}
