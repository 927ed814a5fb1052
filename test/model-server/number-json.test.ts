import { writeNumberJson, writeShortest } from '../../model-server/number-json';

const out = new Uint8Array(64);

/** What writeNumberJson writes for x, as a string. */
function written(x: number): string {
  const end = writeNumberJson(out, 0, x);
  return Buffer.from(out.subarray(0, end)).toString('latin1');
}

/** What JSON writes for a number. */
const json = (x: number) => JSON.stringify(x);

/** xorshift32, seeded: the same doubles on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);
const LOW = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;

/** The double `steps` units in the last place away from a positive x. */
function neighbour(x: number, steps: number): number {
  bits[0] = x;
  words[LOW] += steps;
  return bits[0];
}

/** Kinds of doubles: every bit pattern, and the ranges and shapes the fast path must get right. */
function generators(next: () => number): Record<string, () => number> {
  return {
    'any bit pattern (subnormals, NaNs, infinities, every exponent)': () => {
      words[0] = next() * 4294967296;
      words[1] = next() * 4294967296;
      return bits[0];
    },
    'uniform in [0, 1) with 53 random bits': () => next() + next() / 4294967296,
    'logistic of a decision value (what Platt calibration gives)': () => 1 / (1 + Math.exp(-(next() * 16 - 8))),
    'either sign, any decade from 1e-8 to 1e17': () =>
      (next() < 0.5 ? -1 : 1) * (next() + next() / 4294967296) * 10 ** (Math.floor(next() * 26) - 8),
    'short decimals (0.5, 12.25, 0.001…)': () =>
      Number((next() * 1000).toFixed(Math.floor(next() * 8))) / 10 ** Math.floor(next() * 7),
    'within 32 units in the last place of a power of ten': () => {
      bits[0] = 10 ** (Math.floor(next() * 24) - 7);
      words[LOW] += Math.floor(next() * 64) - 32;
      return bits[0];
    },
    'integers up to 2^60 and powers of two': () =>
      next() < 0.5 ? Math.floor(next() * 2 ** (next() * 60)) : 2 ** (Math.floor(next() * 120) - 60),
  };
}

describe('writeNumberJson', () => {
  it('writes what JSON.stringify writes for a number, at the edges', () => {
    const edges = [
      0,
      -0,
      Number.NaN,
      Infinity,
      -Infinity,
      1,
      -1.5,
      0.1,
      0.5,
      1 / 3,
      2 / 3,
      1e21,
      1e21 - 65536,
      123456789012345680000,
      1e-7,
      1.0000000000000002e-7,
      1e-6,
      neighbour(1e-6, -1),
      neighbour(1e-6, 1),
      neighbour(0.1, -1),
      neighbour(1, -1),
      1.0000000000000002e-6,
      1e16,
      1e16 - 2,
      1e16 + 2,
      1e17,
      2 ** 53 + 2,
      2 ** 53 - 1,
      5e-324,
      2.2250738585072014e-308,
      2.225073858507201e-308,
      Number.MAX_VALUE,
      -Number.MAX_VALUE,
      Number.MIN_VALUE,
      Number.EPSILON,
      0.30000000000000004,
      0.9999999999999999,
      0.49999999999999994,
      5e-7,
      4.35e-6,
    ];
    for (const x of edges) {
      expect([x, written(x)]).toEqual([x, json(x)]);
      expect(written(-x)).toBe(json(-x));
    }
  });

  it('writes what String writes for 2.1 million seeded random doubles of every kind', () => {
    const next = random(0x2545f491);
    for (const [kind, generate] of Object.entries(generators(next))) {
      for (let i = 0; i < 300_000; i++) {
        const x = generate();
        const got = written(x);
        if (got !== json(x)) throw new Error(`${kind}: ${String(x)} written as ${got}`);
      }
    }
  });

  it('writes at the given position and returns the one after it, touching nothing before it or 25 bytes on', () => {
    const buffer = Buffer.alloc(60, 0x78);
    expect(writeNumberJson(buffer, 3, 0.25)).toBe(7);
    expect(writeNumberJson(buffer, 7, -0.8682003084083957)).toBe(26);
    expect(buffer.toString('latin1', 0, 26)).toBe('xxx0.25-0.8682003084083957');
    // Past the number, up to 25 bytes from its start may hold scratch digits; beyond, nothing changes.
    expect(buffer.toString('latin1', 7 + 25)).toBe('x'.repeat(60 - 32));
    expect(writeNumberJson(buffer, 30, -1.2345678901234567e-6)).toBe(55);
    expect(buffer.toString('latin1', 30, 56)).toBe('-0.0000012345678901234567x');
  });
});

describe('writeShortest', () => {
  it('decides nearly every probability and decision value itself, without String', () => {
    const next = random(7);
    const kinds = generators(next);
    for (const kind of [
      'uniform in [0, 1) with 53 random bits',
      'logistic of a decision value (what Platt calibration gives)',
    ]) {
      let decided = 0;
      for (let i = 0; i < 100_000; i++) if (writeShortest(out, 0, kinds[kind]()) >= 0) decided++;
      expect(decided).toBeGreaterThan(99_900);
    }
  });

  it('declines numbers outside [1e-6, 1e16), powers of two and short numbers such as 0.5', () => {
    for (const x of [1e-7, 1e16, 1e300, 5e-324, 0.5, 0.25, 1024, 0.001, 3]) expect(writeShortest(out, 0, x)).toBe(-1);
  });
});
