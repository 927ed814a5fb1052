import { FileObjectStore } from './file-object-store';
import { GcsObjectStore } from './gcs-object-store';
import { type IObjectStore, StorageError, uriScheme } from './object-store';
import { MlflowArtifactStore, type ModelRegistryReader } from './registry-model-uri';

/** Builds a store on first use. */
export type StoreFactory = () => IObjectStore | Promise<IObjectStore>;

/** The stores an entry point can reach, by URI scheme, each built on first use. */
export interface StoreSet {
  /** The store serving a `file://` or `gs://` URI. Throws `StorageError` INVALID_URI for any other. */
  storeFor(uri: string): Promise<IObjectStore>;
}

/** A store set over explicit factories keyed by scheme (`'file:'`, `'gs:'`). */
export function createStoreSet(factories: Readonly<Record<string, StoreFactory>>): StoreSet {
  const built = new Map<string, Promise<IObjectStore>>();
  return {
    async storeFor(uri: string): Promise<IObjectStore> {
      const scheme = uriScheme(uri);
      const factory = factories[scheme];
      if (!factory) {
        const hint = scheme === 'models:' ? ' (a registry URI: resolve it through MLflow first)' : '';
        const known = Object.keys(factories)
          .map((s) => `${s}//`)
          .join(', ');
        throw new StorageError('INVALID_URI', uri, `no store for ${scheme}// URIs (known: ${known})${hint}: ${uri}`);
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

export interface StandardStoreOptions {
  /** Folder relative `file://` URIs are resolved against (the working directory). */
  readonly cwd: string;
  /**
   * Cloud Storage JSON API endpoint, for an emulator (`GCS_EMULATOR_ENDPOINT`, e.g.
   * `http://127.0.0.1:4443`); unset in GCP, where Application Default Credentials are used.
   */
  readonly gcsApiEndpoint?: string;
  /** Project id for the client; an emulator needs one. @default 'local' with an endpoint */
  readonly projectId?: string;
  /** MLflow client: adds `mlflow-artifacts:/` (models registered from a run's artifacts). */
  readonly mlflow?: ModelRegistryReader;
}

/**
 * `file://` through `FileObjectStore(cwd)` and `gs://` through `@google-cloud/storage`, which is
 * loaded only when a gs:// URI is first used (it adds ~90 ms to start-up that a local run does not need).
 */
export function createStandardStores(options: StandardStoreOptions): StoreSet {
  const mlflow = options.mlflow;
  return createStoreSet({
    ...(mlflow ? { 'mlflow-artifacts:': () => new MlflowArtifactStore(mlflow) } : {}),
    'file:': () => new FileObjectStore(options.cwd),
    'gs:': async () => {
      const { Storage } = await import('@google-cloud/storage');
      const endpoint = options.gcsApiEndpoint;
      return new GcsObjectStore(
        new Storage(endpoint ? { apiEndpoint: endpoint, projectId: options.projectId ?? 'local' } : {}),
      );
    },
  });
}
