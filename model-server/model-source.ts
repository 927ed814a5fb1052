import { FileObjectStore, GcsObjectStore, type IObjectStore, StorageError, uriScheme } from '../src/storage';

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

/** Builds a store on first use (so `@google-cloud/storage` is only loaded when a gs:// URI is served). */
export type StoreFactory = () => IObjectStore | Promise<IObjectStore>;

export interface DefaultModelSourceOptions {
  /** Store factories by URI scheme (`'file:'`, `'gs:'`). */
  readonly stores: Readonly<Record<string, StoreFactory>>;
  /**
   * Resolves registry URIs (`models:/…`); without it they are refused with a clear message.
   * @default none
   */
  readonly resolveRegistryUri?: (uri: string) => Promise<string>;
}

/** Resolver: identity for `file://` and `gs://`, `resolveRegistryUri` for `models:/`. */
export function createModelSource(options: DefaultModelSourceOptions): ModelSource {
  const built = new Map<string, Promise<IObjectStore>>();
  return {
    async resolve(uri: string): Promise<string> {
      const scheme = uriScheme(uri);
      if (scheme !== 'models:') return uri;
      if (!options.resolveRegistryUri) {
        throw new StorageError(
          'INVALID_URI',
          uri,
          `${uri} is a registry URI, and this server has no MLflow registry resolver: use a file:// or gs:// URI`,
        );
      }
      return options.resolveRegistryUri(uri);
    },
    async storeFor(uri: string): Promise<IObjectStore> {
      const scheme = uriScheme(uri);
      const factory = options.stores[scheme];
      if (!factory) {
        const known = Object.keys(options.stores).map((s) => `${s}//`);
        throw new StorageError(
          'INVALID_URI',
          uri,
          `no store for ${scheme}// URIs (known: ${known.join(', ')}): ${uri}`,
        );
      }
      let store = built.get(scheme);
      if (!store) {
        store = Promise.resolve().then(factory);
        built.set(scheme, store);
        store.catch(() => built.delete(scheme));
      }
      return store;
    },
  };
}

export interface StandardModelSourceOptions {
  /** Folder relative `file://` URIs are resolved against (the working directory). */
  readonly cwd: string;
  /** URL of a Cloud Storage emulator (`STORAGE_EMULATOR_HOST`); unset in GCP, where ADC is used. */
  readonly storageEmulatorHost?: string;
  /** Project id for the emulator client. */
  readonly projectId?: string;
  /** Registry resolver for `models:/` URIs (MLflow). */
  readonly resolveRegistryUri?: (uri: string) => Promise<string>;
}

/**
 * The source entry points use: `file://` through `FileObjectStore(cwd)`, `gs://` through
 * `@google-cloud/storage` (loaded on first use: it costs ~90 ms of start-up a file:// server does
 * not need), `models:/` through `resolveRegistryUri` when given.
 */
export function createStandardModelSource(options: StandardModelSourceOptions): ModelSource {
  return createModelSource({
    stores: {
      'file:': () => new FileObjectStore(options.cwd),
      'gs:': async () => {
        const { Storage } = await import('@google-cloud/storage');
        const emulator = options.storageEmulatorHost;
        return new GcsObjectStore(
          new Storage(emulator ? { apiEndpoint: emulator, projectId: options.projectId ?? 'local' } : {}),
        );
      },
    },
    ...(options.resolveRegistryUri ? { resolveRegistryUri: options.resolveRegistryUri } : {}),
  });
}
