/**
 * Which word lists an ASCII word belongs to, read straight from the text: no substring, no
 * lower-casing, no string hashing. Each word of the lists is stored lower case with a bit mask of
 * its lists, in an open-addressing table keyed by FNV-1a over the lower-cased letters (ASCII
 * letters lower-case by `| 32`). The name detector asks it about every word; most words are in no
 * list and cost one pass over their letters and one or two table probes.
 */

/** Flags of a lookup result: some letter is upper case / lower case. List bits stay below 1 << 24. */
export const HAS_UPPER = 1 << 28;
export const HAS_LOWER = 1 << 29;
/** Mask of the list bits in a lookup result. */
export const LIST_BITS = (1 << 24) - 1;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

export class WordIndex {
  private readonly words: string[] = [];
  private readonly masks: number[] = [];
  private readonly slots: Int32Array;
  /** The full hash of the word in each slot: a probe compares it before reading the word. */
  private readonly hashes: Int32Array;
  private readonly slotMask: number;

  /** `entries`: each list's bit and its words (lower case; words with other characters are ignored). */
  constructor(entries: readonly (readonly [bit: number, words: Iterable<string>])[]) {
    const lists = entries.map(([bit, list]) => {
      if (bit <= 0 || bit > LIST_BITS) throw new Error(`list bit ${bit} is outside 1..${LIST_BITS}`);
      return [bit, Array.isArray(list) ? (list as readonly string[]) : [...list]] as const;
    });
    let total = 0;
    for (const [, list] of lists) total += list.length;
    let size = 16;
    while (size < total * 2) size *= 2;
    this.slots = new Int32Array(size);
    this.hashes = new Int32Array(size);
    this.slotMask = size - 1;
    // Straight into the table (no intermediate Map: the lists hold ~60k words, built at first use).
    for (const [bit, list] of lists) {
      for (const w of list) {
        if (!isLowerAscii(w)) continue;
        let h = FNV_OFFSET;
        for (let k = 0; k < w.length; k++) h = Math.imul(h ^ w.charCodeAt(k), FNV_PRIME);
        let s = h & this.slotMask;
        for (;;) {
          const e = this.slots[s];
          if (e === 0) {
            this.words.push(w);
            this.masks.push(bit);
            this.slots[s] = this.words.length; // index + 1; 0 marks an empty slot
            this.hashes[s] = h;
            break;
          }
          if (this.words[e - 1] === w) {
            this.masks[e - 1] |= bit;
            break;
          }
          s = (s + 1) & this.slotMask;
        }
      }
    }
  }

  /**
   * For `text.slice(start, end)` made only of ASCII letters: the bits of the lists holding it
   * lower-cased, plus HAS_UPPER and HAS_LOWER; -1 for any other word (the caller falls back to
   * strings). A number, so that the common case allocates nothing.
   */
  lookup(text: string, start: number, end: number): number {
    let h = FNV_OFFSET;
    let hasUpper = false;
    let hasLower = false;
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c >= 97 && c <= 122) hasLower = true;
      else if (c >= 65 && c <= 90) hasUpper = true;
      else return -1;
      h = Math.imul(h ^ (c | 32), FNV_PRIME);
    }
    const len = end - start;
    const flags = (hasUpper ? HAS_UPPER : 0) | (hasLower ? HAS_LOWER : 0);
    let s = h & this.slotMask;
    for (;;) {
      const e = this.slots[s];
      if (e === 0) return flags;
      if (this.hashes[s] !== h) {
        s = (s + 1) & this.slotMask;
        continue;
      }
      const w = this.words[e - 1];
      if (w.length === len) {
        let k = 0;
        while (k < len && w.charCodeAt(k) === (text.charCodeAt(start + k) | 32)) k++;
        if (k === len) return flags | this.masks[e - 1];
      }
      s = (s + 1) & this.slotMask;
    }
  }
}

/** A non-empty word of ASCII lower-case letters only. */
function isLowerAscii(w: string): boolean {
  if (w.length === 0) return false;
  for (let k = 0; k < w.length; k++) {
    const c = w.charCodeAt(k);
    if (c < 97 || c > 122) return false;
  }
  return true;
}
