import { SeededRandom } from '../../../src/ml/seeded-random';

describe('SeededRandom', () => {
  it('repeats its sequence for the same seed and differs for another', () => {
    const a = Array.from(
      { length: 5 },
      (
        (r) => () =>
          r.nextUint32()
      )(new SeededRandom(42)),
    );
    const b = Array.from(
      { length: 5 },
      (
        (r) => () =>
          r.nextUint32()
      )(new SeededRandom(42)),
    );
    const c = Array.from(
      { length: 5 },
      (
        (r) => () =>
          r.nextUint32()
      )(new SeededRandom(43)),
    );
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('gives the fmix32 of the Weyl sequence (first value for seed 0 computed by hand)', () => {
    // state = 0x9E3779B9; z ^= z >>> 16; z *= 0x85EBCA6B; z ^= z >>> 13; z *= 0xC2B2AE35; z ^= z >>> 16.
    let z = 0x9e3779b9 | 0;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    expect(new SeededRandom(0).nextUint32()).toBe((z ^ (z >>> 16)) >>> 0);
  });

  it('draws integers in range, roughly uniformly', () => {
    const r = new SeededRandom(1);
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < 100000; i++) counts[r.nextInt(10)]++;
    for (const c of counts) expect(Math.abs(c - 10000)).toBeLessThan(500);
    expect(r.nextFloat()).toBeLessThan(1);
  });

  it('shuffles into a permutation', () => {
    const xs = new SeededRandom(5).shuffle(Array.from({ length: 50 }, (_, i) => i));
    expect([...xs].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(xs).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('throws on a non-finite seed', () => {
    expect(() => new SeededRandom(Number.NaN)).toThrow('seed must be a finite number, got NaN');
  });
});
