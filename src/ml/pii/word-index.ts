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

/**
 * A list given as one string of words and single separators ("anne bob cleo"), read in place: the
 * large generated lists enter the index without a string object per word.
 */
export class SeparatedWords {
  constructor(
    readonly text: string,
    readonly separator: string,
  ) {}

  /** Calls `visit(start, end)` for each word of the text, in order. */
  forEach(visit: (start: number, end: number) => void): void {
    const { text } = this;
    const sep = this.separator.charCodeAt(0);
    let start = 0;
    for (let i = 0; i <= text.length; i++) {
      if (i === text.length || text.charCodeAt(i) === sep) {
        if (i > start) visit(start, i);
        start = i + 1;
      }
    }
  }
}

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
  constructor(entries: readonly (readonly [bit: number, words: Iterable<string> | SeparatedWords])[]) {
    const lists = entries.map(([bit, list]) => {
      if (bit <= 0 || bit > LIST_BITS) throw new Error(`list bit ${bit} is outside 1..${LIST_BITS}`);
      if (list instanceof SeparatedWords) return [bit, list] as const;
      return [bit, Array.isArray(list) ? (list as readonly string[]) : [...list]] as const;
    });
    let total = 0;
    let letters = 0;
    for (const [, list] of lists) {
      if (list instanceof SeparatedWords) {
        // At most one word per separator plus one; the separators themselves are counted as letters.
        list.forEach(() => total++);
        letters += list.text.length;
        continue;
      }
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
    // Adds text.slice(from, to) with `bit`, if it is ASCII lower case.
    const add = (text: string, from: number, to: number, bit: number): void => {
      const len = to - from;
      if (len === 0) return;
      let h = FNV_OFFSET;
      for (let k = from; k < to; k++) {
        const c = text.charCodeAt(k);
        if (c < 97 || c > 122) return; // ASCII lower-case words only
        h = Math.imul(h ^ c, FNV_PRIME);
      }
      let s = h & slotMask;
      for (;;) {
        const e = slots[s];
        if (e === 0) {
          const at = starts[count];
          for (let k = 0; k < len; k++) chars[at + k] = text.charCodeAt(from + k);
          masks[count] = bit;
          count++;
          starts[count] = at + len;
          slots[s] = count; // index + 1; 0 marks an empty slot
          hashes[s] = h;
          return;
        }
        if (hashes[s] === h && starts[e] - starts[e - 1] === len) {
          const at = starts[e - 1];
          let k = 0;
          while (k < len && chars[at + k] === text.charCodeAt(from + k)) k++;
          if (k === len) {
            masks[e - 1] |= bit;
            return;
          }
        }
        s = (s + 1) & slotMask;
      }
    };
    for (const [bit, list] of lists) {
      if (list instanceof SeparatedWords) list.forEach((from, to) => add(list.text, from, to, bit));
      else for (const w of list) add(w, 0, w.length, bit);
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
