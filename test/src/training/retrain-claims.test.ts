import { FileObjectStore } from '../../../src/storage';
import { claimGeneration, claimUri, finishClaim, releaseLease, tryAcquireLease } from '../../../src/training';
import { tempDir } from '../../support/fixtures';

const T0 = new Date(Date.UTC(2026, 0, 1, 12));
const later = (s: number) => new Date(T0.getTime() + s * 1000);

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
    expect(await claimGeneration(store, uri, info)).toMatchObject({ claimed: true });
    const again = await claimGeneration(store, uri, { ...info, claimedBy: 'build-2' });
    expect(again).toMatchObject({ claimed: false, existing: { claimedBy: 'build-1', status: 'running' } });
  });

  it('treats a new generation of the same object as new data', async () => {
    const { store, base } = setup();
    const info = { object: 'uploads/new.csv', claimedAt: T0.toISOString(), claimedBy: 'b' };
    await claimGeneration(store, claimUri(base, 'uploads/new.csv', '5'), { ...info, generation: '5' });
    const next = await claimGeneration(store, claimUri(base, 'uploads/new.csv', '6'), { ...info, generation: '6' });
    expect(next.claimed).toBe(true);
  });

  it('records how the run ended', async () => {
    const { store, base } = setup();
    const uri = claimUri(base, 'uploads/new.csv', '5');
    await claimGeneration(store, uri, { object: 'uploads/new.csv', generation: '5', claimedAt: 'now', claimedBy: 'b' });
    await finishClaim(store, uri, 'rejected', 'class-ratio');
    const again = await claimGeneration(store, uri, {
      object: 'uploads/new.csv',
      generation: '5',
      claimedAt: 'x',
      claimedBy: 'c',
    });
    expect(again).toMatchObject({ claimed: false, existing: { status: 'rejected', detail: 'class-ratio' } });
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
