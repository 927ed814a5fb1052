import { type IObjectStore, StorageError, uriScheme } from './object-store';
import { createRegistryResolver } from './registry-model-uri';
import { type StandardStoreOptions, type StoreSet, createStandardStores } from './store-set';
import { createPointerResolver, isPointerUri } from './champion-pointer';

/**
 * Where the model server gets its model bytes: a resolver from the configured URI to a storage URI,
 * and the store serving that URI. The resolver is the seam for `models:/<name>@<alias>` URIs (MLflow
 * registry): it is called at every poll, so moving the alias moves the served model.
 */
export interface ModelSource {
  /** Configured URI → storage URI (`file://…` or `gs://…`). */
  resolve(uri: string): Promise<string>;
  /** The store that serves a storage URI. */
  storeFor(uri: string): Promise<IObjectStore>;
}

export interface ModelSourceOptions {
  /** The stores by URI scheme (`createStoreSet` / `createStandardStores` from src/storage). */
  readonly stores: StoreSet;
  /**
   * Resolves registry URIs (`models:/…`) to a storage URI; without it they are refused with a clear
   * message.
   * @default none
   */
  readonly resolveRegistryUri?: (uri: string) => Promise<string>;
}

/**
 * Resolver: a champion pointer (`gs://…/champion`, no `.json`) is read at every poll and followed to
 * the immutable version it names; other `file://` and `gs://` URIs are used as they are;
 * `models:/` goes through `resolveRegistryUri`.
 */
export function createModelSource(options: ModelSourceOptions): ModelSource {
  const followPointer = createPointerResolver(options.stores);
  return {
    async resolve(uri: string): Promise<string> {
      if (isPointerUri(uri)) return followPointer(uri);
      if (uriScheme(uri) !== 'models:') return uri;
      if (!options.resolveRegistryUri) {
        throw new StorageError(
          'INVALID_URI',
          uri,
          `${uri} is a registry URI, and this server has no MLflow registry resolver: use a file:// or gs:// URI`,
        );
      }
      return options.resolveRegistryUri(uri);
    },
    storeFor: (uri) => options.stores.storeFor(uri),
  };
}

/**
 * The source entry points use: `createStandardStores` (file:// under `cwd`; gs:// through
 * `@google-cloud/storage`, loaded on first use, with `gcsApiEndpoint` for an emulator), and, with an
 * MLflow client, `models:/<name>@<alias>` resolved through the registry at every poll plus the
 * `mlflow-artifacts:/` store for models registered from a run's artifacts.
 */
export function createStandardModelSource(
  options: StandardStoreOptions & { readonly resolveRegistryUri?: (uri: string) => Promise<string> },
): ModelSource {
  const resolveRegistryUri =
    options.resolveRegistryUri ?? (options.mlflow ? createRegistryResolver(options.mlflow) : undefined);
  return createModelSource({
    stores: createStandardStores(options),
    ...(resolveRegistryUri ? { resolveRegistryUri } : {}),
  });
}
