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
  /**
   * The words' letters, back to back, and each entry's start in them (entry e spans
   * starts[e]..starts[e + 1]): ~76k short words as bytes rather than string objects (issue 19: the
   * lists are built in every server that masks names, before it is ready).
   */
  private readonly chars: Uint8Array;
  private readonly starts: Int32Array;
  private readonly masks: Int32Array;
  /** Distinct words held. */
  readonly count: number;
  private readonly slots: Int32Array;
  /** The full hash of the word in each slot: a probe compares it before reading the word. */
  private readonly hashes: Int32Array;
  private readonly slotMask: number;

  /**
   * `entries`: each list's bit (or bits) and its words (lower case; words with other characters are
   * ignored).
   */
  constructor(entries: readonly (readonly [bit: number, words: Iterable<string>])[]) {
    const lists = entries.map(([bit, list]) => {
      if (bit <= 0 || bit > LIST_BITS) throw new Error(`list bit ${bit} is outside 1..${LIST_BITS}`);
      return [bit, Array.isArray(list) ? (list as readonly string[]) : [...list]] as const;
    });
    let total = 0;
    let letters = 0;
    for (const [, list] of lists) {
      total += list.length;
      for (const w of list) letters += w.length;
    }
    // A load of at most 2/3 if every word were distinct; the lists share many (a first name that is
    // also a family name), so the real load is lower.
    let size = 16;
    while (size < total * 1.5) size *= 2;
    this.slots = new Int32Array(size);
    this.hashes = new Int32Array(size);
    this.slotMask = size - 1;
    // Sized for every word; duplicates leave the ends unused, which costs less than a second pass.
    // Locals, not fields, in the loop: it runs once, mostly before the JIT has compiled it.
    const chars = new Uint8Array(letters);
    const starts = new Int32Array(total + 1);
    const masks = new Int32Array(total);
    const slots = this.slots;
    const hashes = this.hashes;
    const slotMask = this.slotMask;
    let count = 0;
    for (const [bit, list] of lists) {
      next: for (const w of list) {
        const len = w.length;
        if (len === 0) continue;
        let h = FNV_OFFSET;
        for (let k = 0; k < len; k++) {
          const c = w.charCodeAt(k);
          if (c < 97 || c > 122) continue next; // ASCII lower-case words only
          h = Math.imul(h ^ c, FNV_PRIME);
        }
        let s = h & slotMask;
        for (;;) {
          const e = slots[s];
          if (e === 0) {
            const at = starts[count];
            for (let k = 0; k < len; k++) chars[at + k] = w.charCodeAt(k);
            masks[count] = bit;
            count++;
            starts[count] = at + len;
            slots[s] = count; // index + 1; 0 marks an empty slot
            hashes[s] = h;
            break;
          }
          if (hashes[s] === h && starts[e] - starts[e - 1] === len) {
            const from = starts[e - 1];
            let k = 0;
            while (k < len && chars[from + k] === w.charCodeAt(k)) k++;
            if (k === len) {
              masks[e - 1] |= bit;
              break;
            }
          }
          s = (s + 1) & slotMask;
        }
      }
    }
    // Copies of the used parts: the lists repeat many words, so the arrays were sized too large.
    this.chars = chars.slice(0, starts[count]);
    this.starts = starts.slice(0, count + 1);
    this.masks = masks.slice(0, count);
    this.count = count;
  }

  /** Entry e equals `text.slice(start, end)` lower-cased (ASCII letters). */
  private sameWord(e: number, text: string, start: number, end: number): boolean {
    const from = this.starts[e];
    if (this.starts[e + 1] - from !== end - start) return false;
    for (let k = start; k < end; k++) if (this.chars[from + k - start] !== (text.charCodeAt(k) | 32)) return false;
    return true;
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
    const flags = (hasUpper ? HAS_UPPER : 0) | (hasLower ? HAS_LOWER : 0);
    let s = h & this.slotMask;
    for (;;) {
      const e = this.slots[s];
      if (e === 0) return flags;
      if (this.hashes[s] === h && this.sameWord(e - 1, text, start, end)) return flags | this.masks[e - 1];
      s = (s + 1) & this.slotMask;
    }
  }

  /** `word` is ASCII lower case and in the list of `bit` (a Set's `has` over one list of the index). */
  has(word: string, bit: number): boolean {
    const found = this.lookup(word, 0, word.length);
    return found >= 0 && (found & HAS_UPPER) === 0 && (found & bit) !== 0;
  }
}

/** A non-empty word of ASCII lower-case letters only. */
export function isLowerAscii(w: string): boolean {
  if (w.length === 0) return false;
  for (let k = 0; k < w.length; k++) {
    const c = w.charCodeAt(k);
    if (c < 97 || c > 122) return false;
  }
  return true;
}
