/**
 * A small seeded pseudo-random generator, so that training is reproducible (the ML core never uses
 * `Math.random`). The state walks a Weyl sequence (step 0x9E3779B9, the 32-bit golden ratio) and each
 * output is that state through MurmurHash3's 32-bit finalizer (`fmix32`), which mixes every input bit into
 * every output bit. Period 2^32; statistically fine for shuffles and splits, not for cryptography.
 */
export class SeededRandom {
  private state: number;

  /** @param seed any number; its low 32 bits select the stream. */
  constructor(seed = 0) {
    if (!Number.isFinite(seed)) throw new Error(`seed must be a finite number, got ${seed}`);
    this.state = seed >>> 0;
  }

  /** Next value, uniform over [0, 2^32). */
  nextUint32(): number {
    this.state = (this.state + 0x9e3779b9) | 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  }

  /** Next value, uniform over [0, 1), with 32 random bits. */
  nextFloat(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [0, n) for 1 <= n <= 2^32 (multiply-shift; bias below 2^-32·n, negligible here). */
  nextInt(n: number): number {
    return Math.floor(this.nextFloat() * n);
  }

  /** Shuffles `array` in place (Fisher–Yates) and returns it. */
  shuffle<T extends { length: number; [i: number]: unknown }>(array: T): T {
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.nextInt(i + 1);
      const t = array[i];
      array[i] = array[j];
      array[j] = t;
    }
    return array;
  }
}
