/**
 * Bookkeeping that makes the retraining loop safe under Pub/Sub's at-least-once delivery:
 * - a **claim** per uploaded object generation, created with `ifGenerationMatch: 0`, so a second
 *   delivery of the same event (same object, same generation) finds it and runs nothing. A run that
 *   failed (`failed`), or died without saying how it ended (`running` past its `expiresAt`), leaves
 *   the generation retriable: the next delivery takes the claim over, up to `maxAttempts` runs in
 *   all; after that the claim stays `failed` and deliveries do nothing. `rejected`, `promoted` and
 *   `not-promoted` are final (bad data is fixed by uploading a new file, a new generation);
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
  /** Which run of this generation this is, from 1 (absent in claims written before retries: 1). */
  readonly attempt?: number;
  /** When a `running` claim is taken for abandoned by a build that died (absent: never). */
  readonly expiresAt?: string;
}

/** How a claim is made: when it lapses if its run dies, and how many runs a generation gets. */
export interface ClaimOptions {
  /** The time the claim is made; a `running` claim whose `expiresAt` is not after it has lapsed. */
  readonly now: Date;
  /** Seconds after which this run's claim lapses if it never finishes (longer than a run can take). */
  readonly ttlSeconds: number;
  /**
   * Runs a generation gets in all when they fail; a failed claim with fewer is taken over.
   * @default 3
   */
  readonly maxAttempts?: number;
}

/** Why a delivery found the generation claimed and runs nothing. */
export type ClaimRefusal =
  /** The run ended with a final outcome (rejected, promoted, not promoted). */
  | 'finished'
  /** Another run holds the claim and has not lapsed. */
  | 'running'
  /** It failed `maxAttempts` times. */
  | 'exhausted';

/** The outcome of `claimGeneration`. */
export type ClaimResult =
  | { readonly claimed: true; readonly claim: RetrainClaim; readonly previous: RetrainClaim | null }
  | { readonly claimed: false; readonly existing: RetrainClaim | null; readonly refusal: ClaimRefusal };

/** Runs a generation gets by default before it stays `failed`. */
export const DEFAULT_MAX_ATTEMPTS = 3;

/** Whether a delivery of this claim's generation would run it again (failed or lapsed, attempts left). */
export function isRetriable(claim: RetrainClaim, now: Date, maxAttempts = DEFAULT_MAX_ATTEMPTS): boolean {
  return refusalOf(claim, now, maxAttempts) === null;
}

function refusalOf(claim: RetrainClaim, now: Date, maxAttempts: number): ClaimRefusal | null {
  const lapsed =
    claim.status === 'running' && claim.expiresAt !== undefined && Date.parse(claim.expiresAt) <= now.getTime();
  if (claim.status === 'running' && !lapsed) return 'running';
  if (claim.status !== 'running' && claim.status !== 'failed') return 'finished';
  return (claim.attempt ?? 1) >= maxAttempts ? 'exhausted' : null;
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

/** `<base>/retrain/lease.json`: the one lease of a model's retraining runs, beside its claims. */
export function retrainLeaseUri(base: string): string {
  return `${base.replace(/\/+$/, '')}/retrain/lease.json`;
}

/**
 * Claims the object generation for this run: creates the claim, or takes over one whose run failed
 * or lapsed (with the generation read, so of two racing deliveries one wins). Otherwise returns the
 * existing claim and why nothing is to be done (the caller then does nothing).
 */
export async function claimGeneration(
  store: IObjectStore,
  uri: string,
  claim: Omit<RetrainClaim, 'schema' | 'status' | 'attempt' | 'expiresAt'>,
  options: ClaimOptions,
): Promise<ClaimResult> {
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new RangeError(`maxAttempts must be a positive integer, got ${maxAttempts}`);
  }
  const expiresAt = new Date(options.now.getTime() + options.ttlSeconds * 1000).toISOString();
  const fresh: RetrainClaim = { schema: CLAIM_SCHEMA, ...claim, status: 'running', attempt: 1, expiresAt };
  try {
    await store.write(uri, `${JSON.stringify(fresh, null, 2)}\n`, {
      ifGenerationMatch: 0,
      contentType: 'application/json',
    });
    return { claimed: true, claim: fresh, previous: null };
  } catch (err) {
    if (!(err instanceof StorageError) || err.code !== 'PRECONDITION_FAILED') throw err;
  }
  const current = await store.read(uri).catch((err: unknown) => {
    if (err instanceof StorageError && err.code === 'NOT_FOUND') return null;
    throw err;
  });
  if (current === null) return { claimed: false, existing: null, refusal: 'running' };
  const existing = JSON.parse(current.data.toString()) as RetrainClaim;
  const refusal = refusalOf(existing, options.now, maxAttempts);
  if (refusal !== null) return { claimed: false, existing, refusal };
  const retry: RetrainClaim = { ...fresh, attempt: (existing.attempt ?? 1) + 1 };
  try {
    await store.write(uri, `${JSON.stringify(retry, null, 2)}\n`, {
      ifGenerationMatch: current.generation,
      contentType: 'application/json',
    });
    return { claimed: true, claim: retry, previous: existing };
  } catch (err) {
    if (!(err instanceof StorageError) || err.code !== 'PRECONDITION_FAILED') throw err;
    // Another delivery took it over first.
    const winner = JSON.parse((await store.read(uri)).data.toString()) as RetrainClaim;
    return { claimed: false, existing: winner, refusal: 'running' };
  }
}

/**
 * Records how the claimed run ended (status and a one-line detail). With `holder`, only if that run
 * still holds the claim: a run that lapsed and was taken over by a retry must not overwrite the
 * retry's record (returns null then).
 */
export async function finishClaim(
  store: IObjectStore,
  uri: string,
  status: Exclude<RetrainClaim['status'], 'running'>,
  detail: string,
  holder?: string,
): Promise<RetrainClaim | null> {
  const current = await store.read(uri);
  const claim = JSON.parse(current.data.toString()) as RetrainClaim;
  if (holder !== undefined && claim.claimedBy !== holder) return null;
  const doc = { ...claim, status, detail };
  await store.write(uri, `${JSON.stringify(doc, null, 2)}\n`, {
    ifGenerationMatch: current.generation,
    contentType: 'application/json',
  });
  return doc;
}

/** Reads a claim, or null when the generation was never claimed. */
export async function readClaim(store: IObjectStore, uri: string): Promise<RetrainClaim | null> {
  try {
    return JSON.parse((await store.read(uri)).data.toString()) as RetrainClaim;
  } catch (err) {
    if (err instanceof StorageError && err.code === 'NOT_FOUND') return null;
    throw err;
  }
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
