import { InFlightLimit, SubjectRateLimit } from '../../model-server/load-shedding';

describe('InFlightLimit', () => {
  it('admits up to the cap, refuses beyond it, and admits again after a release', () => {
    const limit = new InFlightLimit(2);
    expect([limit.tryAcquire(), limit.tryAcquire(), limit.tryAcquire()]).toEqual([true, true, false]);
    expect(limit.inFlight).toBe(2);
    limit.release();
    expect(limit.tryAcquire()).toBe(true);
  });

  it('never goes below zero on a stray release', () => {
    const limit = new InFlightLimit(1);
    limit.release();
    expect(limit.inFlight).toBe(0);
    expect(limit.tryAcquire()).toBe(true);
    expect(limit.tryAcquire()).toBe(false);
  });

  it('refuses a cap that is not a positive integer', () => {
    expect(() => new InFlightLimit(0)).toThrow(/integer >= 1, got 0/);
    expect(() => new InFlightLimit(1.5)).toThrow(/integer >= 1/);
  });
});

describe('SubjectRateLimit', () => {
  it('lets a subject make its burst at once, then refuses with the seconds until the next token', () => {
    const limit = new SubjectRateLimit(2, 3);
    const t = 1_000_000;
    const decisions = [1, 2, 3, 4].map(() => limit.take('a', t));
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false]);
    expect(decisions.map((d) => d.remaining)).toEqual([2, 1, 0, 0]);
    expect(decisions[3].retryAfterSeconds).toBe(1);
  });

  it('refills at the configured rate, never above the burst', () => {
    const limit = new SubjectRateLimit(10, 5);
    for (let i = 0; i < 5; i++) limit.take('a', 0);
    expect(limit.take('a', 0).allowed).toBe(false);
    // 250 ms at 10/s: 2.5 tokens.
    expect([limit.take('a', 250), limit.take('a', 250), limit.take('a', 250)].map((d) => d.allowed)).toEqual([
      true,
      true,
      false,
    ]);
    // A long pause refills to the burst only.
    const after = [1, 2, 3, 4, 5, 6].map(() => limit.take('a', 3_600_000).allowed);
    expect(after).toEqual([true, true, true, true, true, false]);
  });

  it('keeps one bucket per subject: one subject flooding leaves another untouched', () => {
    const limit = new SubjectRateLimit(1, 2);
    for (let i = 0; i < 100; i++) limit.take('flooder', 0);
    expect(limit.take('flooder', 0).allowed).toBe(false);
    expect(limit.take('other', 0)).toEqual({ allowed: true, remaining: 1, retryAfterSeconds: 0 });
  });

  it('forgets the oldest subject when it holds the maximum number of them', () => {
    const limit = new SubjectRateLimit(1, 1, 2);
    limit.take('a', 0);
    limit.take('b', 0);
    limit.take('c', 0); // drops a
    expect(limit.take('a', 0).allowed).toBe(true);
    expect(limit.take('c', 0).allowed).toBe(false);
  });

  it('states its policy and a refusal as draft-ietf-httpapi-ratelimit-headers fields', () => {
    const limit = new SubjectRateLimit(50, 100);
    expect(limit.policy).toBe('"burst";q=100;w=2');
    expect(SubjectRateLimit.field({ allowed: false, remaining: 0, retryAfterSeconds: 3 })).toBe('"burst";r=0;t=3');
  });

  it('refuses a rate or burst that cannot work', () => {
    expect(() => new SubjectRateLimit(0, 1)).toThrow(/positive number/);
    expect(() => new SubjectRateLimit(Number.NaN, 1)).toThrow(/positive number/);
    expect(() => new SubjectRateLimit(1, 0)).toThrow(/burst must be an integer >= 1/);
  });
});
