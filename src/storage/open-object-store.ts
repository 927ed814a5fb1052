import { type IObjectStore, StorageError, uriScheme } from './object-store';

/**
 * Picks the store that serves a URI's scheme among the ones an entry point built (a file store
 * always; a GCS store when a `Storage` client can be made). `models:/` URIs must be resolved
 * through the registry first.
 */
export function storeFor(uri: string, stores: readonly IObjectStore[]): IObjectStore {
  const scheme = uriScheme(uri);
  const store = stores.find((s) => s.schemes.includes(scheme));
  if (store) return store;
  if (scheme === 'models:') {
    throw new StorageError('INVALID_URI', uri, `${uri} is a registry URI: resolve it through MLflow first`);
  }
  const known = stores.flatMap((s) => s.schemes).join(', ');
  throw new StorageError('INVALID_URI', uri, `no store for ${scheme}// URIs (known: ${known}): ${uri}`);
}
