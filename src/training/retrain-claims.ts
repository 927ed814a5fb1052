/**
 * Bookkeeping that makes the retraining loop safe under Pub/Sub's at-least-once delivery:
 * - a **claim** per uploaded object generation, created with `ifGenerationMatch: 0`, so a second
 *   delivery of the same event (same object, same generation) finds it and runs nothing;
 * - a **lease** per model, so one retraining runs at a time; it expires after a TTL (a build that
 *   dies without releasing it cannot block the loop for longer than that).
 *
 * Both are small JSON objects next to the champion pointer, written with generation preconditions
 * (cloud.google.com/storage/docs/request-preconditions), so two builds racing cannot both win.
 */
import { type IObjectStore, StorageError } from '../storage';

export const CLAIM_SCHEMA = 'toxicity.retrain-claim/v1';
export const LEASE_SCHEMA = 'toxicity.retrain-lease/v1';

export interface RetrainClaim {
  readonly schema: typeof CLAIM_SCHEMA;
  readonly object: string;
  readonly generation: string;
  readonly claimedAt: string;
  readonly claimedBy: string;
  /** `running` until the pipeline records how it ended. */
  readonly status: 'running' | 'rejected' | 'promoted' | 'not-promoted' | 'failed';
  readonly detail?: string;
}

/** `<base>/retrain/claims/<object name>@<generation>.json`, beside the pointer (the object's folders kept). */
export function claimUri(base: string, object: string, generation: string): string {
  if (!/^[1-9]\d*$/.test(generation)) {
    throw new StorageError(
      'INVALID_URI',
      object,
      `generation must be a positive integer, got ${JSON.stringify(generation)}`,
    );
  }
  if (object === '' || object.startsWith('/') || object.split('/').some((part) => part === '..' || part === '.')) {
    throw new StorageError('INVALID_URI', object, `object name must be a relative path, got ${JSON.stringify(object)}`);
  }
  return `${base.replace(/\/+$/, '')}/retrain/claims/${object}@${generation}.json`;
}

/**
 * Claims the object generation for this run. Returns the claim made, or `null` with the existing
 * claim when another delivery already took it (the caller then does nothing).
 */
export async function claimGeneration(
  store: IObjectStore,
  uri: string,
  claim: Omit<RetrainClaim, 'schema' | 'status'>,
): Promise<{ claimed: true; claim: RetrainClaim } | { claimed: false; existing: RetrainClaim | null }> {
  const doc: RetrainClaim = { schema: CLAIM_SCHEMA, ...claim, status: 'running' };
  try {
    await store.write(uri, `${JSON.stringify(doc, null, 2)}\n`, {
      ifGenerationMatch: 0,
      contentType: 'application/json',
    });
    return { claimed: true, claim: doc };
  } catch (err) {
    if (!(err instanceof StorageError) || err.code !== 'PRECONDITION_FAILED') throw err;
    const existing = await store.read(uri).then(
      (o) => JSON.parse(o.data.toString()) as RetrainClaim,
      () => null,
    );
    return { claimed: false, existing };
  }
}

/** Records how the claimed run ended (status and a one-line detail). */
export async function finishClaim(
  store: IObjectStore,
  uri: string,
  status: Exclude<RetrainClaim['status'], 'running'>,
  detail: string,
): Promise<RetrainClaim> {
  const current = await store.read(uri);
  const doc = { ...(JSON.parse(current.data.toString()) as RetrainClaim), status, detail };
  await store.write(uri, `${JSON.stringify(doc, null, 2)}\n`, {
    ifGenerationMatch: current.generation,
    contentType: 'application/json',
  });
  return doc;
}

export interface RetrainLease {
  readonly schema: typeof LEASE_SCHEMA;
  /** Who holds it (the build id or host), or null once released. */
  readonly holder: string | null;
  readonly expiresAt: string;
}

/** The outcome of one attempt to take the lease. */
export type LeaseAttempt =
  | { readonly acquired: true; readonly generation: string }
  | { readonly acquired: false; readonly holder: string; readonly expiresAt: string };

/**
 * Takes the lease when it is free (never written, released, or expired), atomically: the write is
 * conditional on the generation read, so of two racing takers one fails with PRECONDITION_FAILED
 * and is told who holds it.
 */
export async function tryAcquireLease(
  store: IObjectStore,
  uri: string,
  holder: string,
  now: Date,
  ttlSeconds: number,
): Promise<LeaseAttempt> {
  const current = await store.read(uri).catch((err: unknown) => {
    if (err instanceof StorageError && err.code === 'NOT_FOUND') return null;
    throw err;
  });
  if (current !== null) {
    const lease = JSON.parse(current.data.toString()) as RetrainLease;
    if (lease.holder !== null && lease.holder !== holder && Date.parse(lease.expiresAt) > now.getTime()) {
      return { acquired: false, holder: lease.holder, expiresAt: lease.expiresAt };
    }
  }
  const doc: RetrainLease = {
    schema: LEASE_SCHEMA,
    holder,
    expiresAt: new Date(now.getTime() + ttlSeconds * 1000).toISOString(),
  };
  try {
    const written = await store.write(uri, `${JSON.stringify(doc)}\n`, {
      ifGenerationMatch: current === null ? 0 : current.generation,
      contentType: 'application/json',
    });
    return { acquired: true, generation: written.generation };
  } catch (err) {
    if (err instanceof StorageError && err.code === 'PRECONDITION_FAILED') {
      const now2 = await store.read(uri);
      const lease = JSON.parse(now2.data.toString()) as RetrainLease;
      return { acquired: false, holder: lease.holder ?? '(released)', expiresAt: lease.expiresAt };
    }
    throw err;
  }
}

/** Releases the lease if `holder` still holds it; a lease taken over after expiry is left alone. */
export async function releaseLease(store: IObjectStore, uri: string, holder: string, now: Date): Promise<boolean> {
  const current = await store.read(uri).catch(() => null);
  if (current === null) return false;
  const lease = JSON.parse(current.data.toString()) as RetrainLease;
  if (lease.holder !== holder) return false;
  const doc: RetrainLease = { schema: LEASE_SCHEMA, holder: null, expiresAt: now.toISOString() };
  await store.write(uri, `${JSON.stringify(doc)}\n`, { ifGenerationMatch: current.generation });
  return true;
}
