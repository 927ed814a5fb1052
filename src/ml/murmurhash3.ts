/**
 * MurmurHash3, x86 32-bit variant (Austin Appleby, public domain reference MurmurHash3.cpp,
 * `MurmurHash3_x86_32`), as scikit-learn's HashingVectorizer uses it: over the UTF-8 bytes of a term,
 * seed 0, result read as a signed 32-bit integer (`murmurhash3_32(term, seed=0, positive=False)`).
 */

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

/** Hash of `length` bytes of `bytes` starting at `offset`, as a signed 32-bit integer. */
export function murmurhash3x86_32(bytes: Uint8Array, offset = 0, length = bytes.length - offset, seed = 0): number {
  let h = seed | 0;
  const blocks = length & ~3;
  let i = offset;
  const blockEnd = offset + blocks;
  for (; i < blockEnd; i += 4) {
    let k = bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24);
    k = Math.imul(k, C1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, C2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const tail = length & 3;
  if (tail > 0) {
    let k = 0;
    if (tail === 3) k ^= bytes[i + 2] << 16;
    if (tail >= 2) k ^= bytes[i + 1] << 8;
    k ^= bytes[i];
    k = Math.imul(k, C1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, C2);
    h ^= k;
  }
  h ^= length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/**
 * Writes the UTF-8 encoding of `text` into `out` at `offset` and returns the new offset; `out` must have
 * room for `3 * text.length` bytes. Lone surrogates are encoded as U+FFFD, as `TextEncoder` does.
 */
export function encodeUtf8Into(text: string, out: Uint8Array, offset: number): number {
  let o = offset;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      out[o++] = c;
      continue;
    }
    if (c < 0x800) {
      out[o++] = 0xc0 | (c >> 6);
      out[o++] = 0x80 | (c & 0x3f);
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const low = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && low >= 0xdc00 && low <= 0xdfff) {
        const cp = ((c - 0xd800) << 10) + (low - 0xdc00) + 0x10000;
        i++;
        out[o++] = 0xf0 | (cp >> 18);
        out[o++] = 0x80 | ((cp >> 12) & 0x3f);
        out[o++] = 0x80 | ((cp >> 6) & 0x3f);
        out[o++] = 0x80 | (cp & 0x3f);
        continue;
      }
      c = 0xfffd;
    }
    out[o++] = 0xe0 | (c >> 12);
    out[o++] = 0x80 | ((c >> 6) & 0x3f);
    out[o++] = 0x80 | (c & 0x3f);
  }
  return o;
}

let scratch = new Uint8Array(256);

/** MurmurHash3 x86_32 of the UTF-8 bytes of `text` (signed), like scikit-learn's `murmurhash3_32(text)`. */
export function murmurhash3String(text: string, seed = 0): number {
  if (scratch.length < text.length * 3) scratch = new Uint8Array(text.length * 3);
  const length = encodeUtf8Into(text, scratch, 0);
  return murmurhash3x86_32(scratch, 0, length, seed);
}

/**
 * Column and sign of a term in a HashingVectorizer with `nFeatures` columns, as scikit-learn's
 * `_hashing_fast.transform`: column = |h| mod nFeatures (with h = -2^31 handled as scikit-learn does),
 * sign = +1 when h >= 0.
 */
export function hashedColumn(h: number, nFeatures: number): number {
  if (h === -2147483648) return (2147483647 - (nFeatures - 1)) % nFeatures;
  return Math.abs(h) % nFeatures;
}
