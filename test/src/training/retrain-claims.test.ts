import { FileObjectStore } from '../../../src/storage';
import {
  claimGeneration,
  claimUri,
  finishClaim,
  isRetriable,
  readClaim,
  releaseLease,
  tryAcquireLease,
} from '../../../src/training';
import { tempDir } from '../../support/fixtures';

const T0 = new Date(Date.UTC(2026, 0, 1, 12));
const later = (s: number) => new Date(T0.getTime() + s * 1000);

const OPTS = { now: T0, ttlSeconds: 3600 };

function setup() {
  const dir = tempDir('retrain-claims-');
  return { store: new FileObjectStore(dir), base: `file://${dir}/models/toxic-detector` };
}

describe('claimUri', () => {
  it('keys the claim by object and generation, and refuses a bad generation', () => {
    expect(claimUri('gs://m/toxic-detector/', 'uploads/a b.csv', '17')).toBe(
      'gs://m/toxic-detector/retrain/claims/uploads/a b.csv@17.json',
    );
    expect(() => claimUri('gs://m/x', 'uploads/a.csv', 'abc')).toThrow(/generation must be a positive integer/);
    expect(() => claimUri('gs://m/x', '../pointer', '1')).toThrow(/object name must be a relative path/);
  });
});

describe('claimGeneration', () => {
  it('lets the first delivery of a generation claim it and tells a second one who did', async () => {
    const { store, base } = setup();
    const uri = claimUri(base, 'uploads/new.csv', '5');
    const info = { object: 'uploads/new.csv', generation: '5', claimedAt: T0.toISOString(), claimedBy: 'build-1' };
    expect(await claimGeneration(store, uri, info, OPTS)).toMatchObject({ claimed: true });
    const again = await claimGeneration(store, uri, { ...info, claimedBy: 'build-2' }, OPTS);
    expect(again).toMatchObject({ claimed: false, existing: { claimedBy: 'build-1', status: 'running' } });
  });

  it('treats a new generation of the same object as new data', async () => {
    const { store, base } = setup();
    const info = { object: 'uploads/new.csv', claimedAt: T0.toISOString(), claimedBy: 'b' };
    await claimGeneration(store, claimUri(base, 'uploads/new.csv', '5'), { ...info, generation: '5' }, OPTS);
    const next = await claimGeneration(
      store,
      claimUri(base, 'uploads/new.csv', '6'),
      { ...info, generation: '6' },
      OPTS,
    );
    expect(next.claimed).toBe(true);
  });

  it('records how the run ended', async () => {
    const { store, base } = setup();
    const uri = claimUri(base, 'uploads/new.csv', '5');
    await claimGeneration(
      store,
      uri,
      { object: 'uploads/new.csv', generation: '5', claimedAt: 'now', claimedBy: 'b' },
      OPTS,
    );
    await finishClaim(store, uri, 'rejected', 'class-ratio');
    const again = await claimGeneration(
      store,
      uri,
      { object: 'uploads/new.csv', generation: '5', claimedAt: 'x', claimedBy: 'c' },
      { ...OPTS, now: later(7200) },
    );
    expect(again).toMatchObject({
      claimed: false,
      refusal: 'finished',
      existing: { status: 'rejected', detail: 'class-ratio' },
    });
  });

  const info = (claimedBy: string) => ({ object: 'uploads/new.csv', generation: '5', claimedAt: 'x', claimedBy });

  it('lets a later delivery retry a failed run, up to maxAttempts runs, then leaves it failed', async () => {
    const { store, base } = setup();
    const uri = claimUri(base, 'uploads/new.csv', '5');
    const opts = { ...OPTS, maxAttempts: 2 };
    expect(await claimGeneration(store, uri, info('b1'), opts)).toMatchObject({ claim: { attempt: 1 } });
    await finishClaim(store, uri, 'failed', 'training failed', 'b1');
    expect(isRetriable((await readClaim(store, uri))!, T0, 2)).toBe(true);
    const retry = await claimGeneration(store, uri, info('b2'), opts);
    expect(retry).toMatchObject({
      claimed: true,
      claim: { attempt: 2, claimedBy: 'b2', status: 'running' },
      previous: { status: 'failed', detail: 'training failed' },
    });
    await finishClaim(store, uri, 'failed', 'training failed again', 'b2');
    expect(await claimGeneration(store, uri, info('b3'), opts)).toMatchObject({
      claimed: false,
      refusal: 'exhausted',
      existing: { attempt: 2, status: 'failed', detail: 'training failed again' },
    });
    expect(isRetriable((await readClaim(store, uri))!, T0, 2)).toBe(false);
  });

  it('takes over a running claim only once it lapsed (its build died), and the dead run cannot overwrite the retry', async () => {
    const { store, base } = setup();
    const uri = claimUri(base, 'uploads/new.csv', '5');
    await claimGeneration(store, uri, info('dead'), { now: T0, ttlSeconds: 600 });
    expect(await claimGeneration(store, uri, info('b2'), { now: later(599), ttlSeconds: 600 })).toMatchObject({
      claimed: false,
      refusal: 'running',
    });
    expect(await claimGeneration(store, uri, info('b2'), { now: later(600), ttlSeconds: 600 })).toMatchObject({
      claimed: true,
      claim: { attempt: 2, claimedBy: 'b2' },
      previous: { claimedBy: 'dead', status: 'running' },
    });
    expect(await finishClaim(store, uri, 'promoted', 'late', 'dead')).toBeNull();
    expect(await readClaim(store, uri)).toMatchObject({ claimedBy: 'b2', status: 'running' });
  });

  it('lets one of many concurrent deliveries of a failed generation retry it', async () => {
    const { store, base } = setup();
    const uri = claimUri(base, 'uploads/new.csv', '5');
    await claimGeneration(store, uri, info('b0'), OPTS);
    await finishClaim(store, uri, 'failed', 'x');
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => claimGeneration(store, uri, info(`b${i + 1}`), OPTS)),
    );
    expect(results.filter((r) => r.claimed)).toHaveLength(1);
    expect(results.filter((r) => !r.claimed).every((r) => !r.claimed && r.refusal === 'running')).toBe(true);
  });

  it('reads no claim for a generation never claimed', async () => {
    const { store, base } = setup();
    expect(await readClaim(store, claimUri(base, 'uploads/none.csv', '1'))).toBeNull();
  });

  it('throws when maxAttempts is not a positive integer', async () => {
    const { store, base } = setup();
    await expect(
      claimGeneration(store, claimUri(base, 'a.csv', '1'), info('b'), { ...OPTS, maxAttempts: 0 }),
    ).rejects.toThrow('maxAttempts must be a positive integer, got 0');
  });
});

describe('the retraining lease', () => {
  it('is held by one run at a time until released', async () => {
    const { store, base } = setup();
    const uri = `${base}/retrain/lease.json`;
    expect(await tryAcquireLease(store, uri, 'build-1', T0, 600)).toMatchObject({ acquired: true });
    expect(await tryAcquireLease(store, uri, 'build-2', later(10), 600)).toMatchObject({
      acquired: false,
      holder: 'build-1',
    });
    expect(await releaseLease(store, uri, 'build-2', later(11))).toBe(false);
    expect(await releaseLease(store, uri, 'build-1', later(12))).toBe(true);
    expect(await tryAcquireLease(store, uri, 'build-2', later(13), 600)).toMatchObject({ acquired: true });
  });

  it('is taken by exactly one of many runs racing for a released lease', async () => {
    const { store, base } = setup();
    const uri = `${base}/retrain/lease.json`;
    await tryAcquireLease(store, uri, 'build-0', T0, 600);
    await releaseLease(store, uri, 'build-0', later(1));
    const attempts = await Promise.all(
      Array.from({ length: 10 }, (_, i) => tryAcquireLease(store, uri, `build-${i + 1}`, later(2), 600)),
    );
    expect(attempts.filter((a) => a.acquired)).toHaveLength(1);
  });

  it('can be taken over once it expired, and the old holder then cannot release it', async () => {
    const { store, base } = setup();
    const uri = `${base}/retrain/lease.json`;
    await tryAcquireLease(store, uri, 'dead-build', T0, 60);
    expect(await tryAcquireLease(store, uri, 'build-2', later(61), 60)).toMatchObject({ acquired: true });
    expect(await releaseLease(store, uri, 'dead-build', later(62))).toBe(false);
    expect(await tryAcquireLease(store, uri, 'build-3', later(63), 60)).toMatchObject({
      acquired: false,
      holder: 'build-2',
    });
  });
});
