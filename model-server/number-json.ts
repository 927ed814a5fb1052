/**
 * Numbers written as JSON writes them (`String(x)` for a finite number, else `null`), straight into a
 * byte buffer. A batch response has 12 numbers per comment, and `String(x)` plus copying its characters
 * cost ~140 ns each here, with a string to collect per number. The common case, 1e-6 ≤ |x| < 1e16
 * (probabilities and decision values), is done here with double arithmetic only, exactly (~97 ns in
 * the same micro-benchmark, and no garbage; bench/README.md, issue 19, has what it saved per comment):
 *
 * - x · 10^k is scaled into [1e16, 1e17) for an integer k ≤ 22 (10^k is an exact double), and the
 *   product is kept exactly as p + err: p its rounded value (an integer, being ≥ 2^53) and err its
 *   rounding error, from Dekker's exact product (T. J. Dekker, "A floating-point technique for
 *   extending the available precision", Numer. Math. 18, 1971).
 * - The decimals that read back as x are those within half a gap to x's neighbours; scaled by 10^k that
 *   half-gap is 2^(e-1) · 10^k, exact too. The shortest output is the multiple of the largest 10^j
 *   inside that interval, and among two, the closer one (ECMA-262, Number::toString).
 * - Whenever a distance is within 1e-9 of a boundary or of a tie, x is a power of two (uneven gaps), or
 *   the interval holds a multiple of 10^8 (a short number such as 0.5), it falls back to `String(x)`,
 *   so every answer is `String(x)`'s. Tests compare both on millions of seeded doubles.
 */

/** 10^k, exact as doubles for k ≤ 22. */
const POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));
/** 10^-j for j ≤ 8 (rounded: only used for a quotient that is then corrected). */
const INVERSE_POW10 = POW10.slice(0, 9).map((p) => 1 / p);
/** Dekker's split of each 10^k into a high and a low half (26 bits each). */
const SPLIT = 134217729; // 2^27 + 1
const POW10_HIGH = POW10.map((p) => SPLIT * p - (SPLIT * p - p));
const POW10_LOW = POW10.map((p, k) => p - POW10_HIGH[k]);

/** log10(2), to guess the decimal exponent from the binary one. */
const LOG10_2 = Math.log10(2);
/** Distances this close to a boundary or to each other are not trusted (they are accurate to ~1e-13). */
const MARGIN = 1e-9;
/** Distances of up to this many units are computed; beyond, no candidate can be near (the half-gap is ≤ 16). */
const NEAR = 1024;

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);
/** Little-endian machines keep the high word of a double second. */
const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
const LOW = 1 - HIGH;
/** "00", "01", … "99" as ASCII pairs. */
const PAIRS = Uint8Array.from({ length: 200 }, (_, i) => 0x30 + (i % 2 === 0 ? Math.floor(i / 20) : (i >> 1) % 10));

/**
 * Writes the JSON of `x` (`String(x)` when finite, `null` otherwise) as ASCII bytes at `out[at]`;
 * returns the position after it. `out` must have room for 25 bytes from `at`: past the returned position
 * some of them may have been used as scratch (for digits then dropped), for the next write to cover.
 */
export function writeNumberJson(out: Uint8Array, at: number, x: number): number {
  if (!Number.isFinite(x)) return writeAscii(out, at, 'null');
  const end = writeShortest(out, at, x);
  return end >= 0 ? end : writeAscii(out, at, String(x));
}

function writeAscii(out: Uint8Array, at: number, text: string): number {
  for (let j = 0; j < text.length; j++) out[at + j] = text.charCodeAt(j);
  return at + text.length;
}

/**
 * `String(x)` for a finite x with 1e-6 ≤ |x| < 1e16 (or 0) written at `out[at]`, returning the position
 * after it; -1, with nothing decided, when x is outside that range or too close to call (see above).
 * Exported for tests, which check how often it declines.
 */
export function writeShortest(out: Uint8Array, at: number, x: number): number {
  if (x === 0) {
    out[at] = 0x30; // '0', for -0 too
    return at + 1;
  }
  let v = x;
  let start = at;
  if (v < 0) {
    v = -v;
    out[start++] = 0x2d; // '-'
  }
  if (!(v >= 1e-6 && v < 1e16)) return -1;
  bits[0] = v;
  const high = words[HIGH];
  const biased = high >>> 20;
  if ((high & 0xfffff) === 0 && words[LOW] === 0) return -1; // a power of two: uneven gaps
  // x = m · 2^(biased - 1075) with m < 2^53; 10^k brings it into [1e16, 1e17).
  let k = 16 - Math.floor((biased - 1023) * LOG10_2);
  let p = 0;
  for (let tries = 0; ; tries++) {
    if (k < 0 || k > 22 || tries > 2) return -1;
    p = v * POW10[k];
    if (p < 1e16) k++;
    else if (p >= 1e17) k--;
    else break;
  }
  // Keep clear of the ends of [1e16, 1e17), where the digit count changes.
  if (p < 1e16 + NEAR || p > 1e17 - NEAR) return -1;
  // v · 10^k = p + err exactly.
  const t = SPLIT * v;
  const vHigh = t - (t - v);
  const vLow = v - vHigh;
  const err = vHigh * POW10_HIGH[k] - p + vHigh * POW10_LOW[k] + vLow * POW10_HIGH[k] + vLow * POW10_LOW[k];
  // Half the gap to either neighbour, scaled: 2^(biased - 1076) · 10^k (exact: 10^k = 5^k · 2^k).
  bits[0] = 0;
  words[HIGH] = (biased - 53) << 20;
  const half = bits[0] * POW10[k];
  // p = a · 1e8 + b, both integers below 2^31 (a · 1e8 < 2^57 is a multiple of 2^8, so exact).
  // The quotient by a rounded reciprocal (a multiplication: cheaper than dividing), off by at most one.
  let a = Math.floor(p * 1e-8);
  let b = p - a * 1e8;
  if (b < 0) {
    a -= 1;
    b += 1e8;
  } else if (b >= 1e8) {
    a += 1;
    b -= 1e8;
  }

  // j = 0: the integer nearest to x (always inside: the half-gap is at least 0.55).
  const floorErr = Math.floor(err);
  const fraction = err - floorErr;
  if (Math.abs(fraction - 0.5) <= MARGIN) return -1; // a tie
  // The best candidate so far: a multiple of 10^j at offset `pick` from p - (p mod 10^j).
  let pickQ = 0;
  let pickOffset = fraction < 0.5 ? floorErr : floorErr + 1;
  for (let j = 1; j <= 8; j++) {
    const m = POW10[j];
    // b mod m (b < 1e8), by a reciprocal, corrected when its rounding is off by one.
    let q = b - Math.floor(b * INVERSE_POW10[j]) * m;
    if (q < 0) q += m;
    else if (q >= m) q -= m;
    // Distances from x to the multiples of m just below it (low) and just above it (high), and the
    // offset of the one below from p - q. Only distances up to NEAR are computed accurately; the
    // others only need to be large.
    let low: number;
    let high: number;
    let lowOffset = 0;
    if (m <= NEAR) {
      // Small numbers: every step is accurate to ~1e-12.
      // d lies in (-m, 2m) (q < m, |err| ≤ 8 < m): the multiple below is -m, 0 or m, found without a division.
      const d = q + err;
      lowOffset = d < 0 ? -m : d >= m ? m : 0;
      // May be a hair below 0 when d is a hair below a multiple of m: still the distance to that one.
      low = d - lowOffset;
      high = m - low;
    } else if (q <= NEAR) {
      // m ≥ 1e4 and |err| ≤ 8: the multiple below is p - q, or the one before it.
      const d = q + err;
      if (d >= 0) {
        low = d;
        high = m;
      } else {
        low = m;
        high = -d;
        lowOffset = -m;
      }
    } else if (m - q <= NEAR) {
      const d = m - q - err; // from x up to p - q + m
      if (d >= 0) {
        low = m;
        high = d;
      } else {
        low = -d;
        high = m;
        lowOffset = m;
      }
    } else break;
    const lowIn = inside(low, half);
    const highIn = inside(high, half);
    if (lowIn < 0 || highIn < 0) return -1;
    if (lowIn === 0 && highIn === 0) break;
    let offset = lowOffset;
    if (lowIn === 1 && highIn === 1) {
      if (Math.abs(low - high) <= MARGIN) return -1; // a tie: too close to call
      if (high < low) offset += m;
    } else if (highIn === 1) offset += m;
    pickQ = q;
    pickOffset = offset;
    if (j === 8) return -1; // a short number such as 0.5: let String have it
  }

  // The candidate D = a · 1e8 + (b - q + offset), a multiple of 10^foundJ in [1e16, 1e17).
  let hi = a;
  let lo = b - pickQ + pickOffset;
  if (lo < 0) {
    lo += 1e8;
    hi -= 1;
  } else if (lo >= 1e8) {
    lo -= 1e8;
    hi += 1;
  }
  if (hi < 1e8 || hi >= 1e9) return -1;
  // D · 10^-k = 0.d1d2…d17 · 10^point, written as ECMA-262's Number::toString does for 1e-6 ≤ x < 1e21:
  // the 17 digits go straight to `out` (two at a time), then the point and the trailing zeros are settled.
  const point = 17 - k;
  let first: number; // where d1 goes
  if (point <= 0) {
    out[start] = 0x30; // '0'
    out[start + 1] = 0x2e; // '.'
    first = start + 2;
    for (let z = point; z < 0; z++) out[first++] = 0x30;
  } else first = start + 1; // one byte to the right: d1 … d(point) move left over it, the point after them
  const d1 = Math.floor(hi * 1e-8); // exact: see eightDigits
  out[first] = 0x30 + d1;
  eightDigits(out, first + 1, hi - d1 * 1e8);
  eightDigits(out, first + 9, lo);
  let end = first + 17;
  if (point <= 0) {
    while (out[end - 1] === 0x30) end--;
    return end;
  }
  for (let d = 0; d < point; d++) out[start + d] = out[first + d];
  out[start + point] = 0x2e; // '.'
  // Fractional digits are d(point+1) … d17 at start + point + 1 …; drop their trailing zeros, and the point
  // when none is left (the integer digits, zeros included, stay).
  while (end > start + point + 1 && out[end - 1] === 0x30) end--;
  return end === start + point + 1 ? start + point : end;
}

/**
 * Writes the eight decimal digits of the integer 0 ≤ x < 1e8 (leading zeros included) at `out[at]`. Its two
 * halves of four digits are split first, so the two pairs of each half come from two short, independent
 * chains of arithmetic rather than one chain of four. `Math.floor(x · 10^-n)` is the exact quotient here
 * (n = 2, 4, 8 and x < 1e9): the doubles 1e-2, 1e-4 and 1e-8 are each a hair above their exact value, so a
 * multiple of 10^n is never pushed below its quotient, and any other integer's quotient is at least 10^-n
 * below the next integer, far more than the product's rounding error.
 */
function eightDigits(out: Uint8Array, at: number, x: number): void {
  const upper = Math.floor(x * 1e-4);
  const lower = x - upper * 1e4;
  const upperHigh = Math.floor(upper * 0.01);
  const lowerHigh = Math.floor(lower * 0.01);
  const a = 2 * upperHigh;
  const b = 2 * (upper - upperHigh * 100);
  const c = 2 * lowerHigh;
  const d = 2 * (lower - lowerHigh * 100);
  out[at] = PAIRS[a];
  out[at + 1] = PAIRS[a + 1];
  out[at + 2] = PAIRS[b];
  out[at + 3] = PAIRS[b + 1];
  out[at + 4] = PAIRS[c];
  out[at + 5] = PAIRS[c + 1];
  out[at + 6] = PAIRS[d];
  out[at + 7] = PAIRS[d + 1];
}

/** 1 when a distance is inside the half-gap, 0 when outside, -1 when too close to the boundary to tell. */
function inside(distance: number, half: number): number {
  if (distance < half - MARGIN) return 1;
  if (distance > half + MARGIN) return 0;
  return -1;
}
