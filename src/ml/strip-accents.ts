/**
 * Accent stripping as scikit-learn's `strip_accents` option does it
 * (sklearn/feature_extraction/text.py, `strip_accents_ascii` and `strip_accents_unicode`):
 *
 * - `'ascii'`: NFKD-decompose, then drop every character outside ASCII (so 'é' → 'e', 'ß' → '', 'ﬁ' → 'fi');
 * - `'unicode'`: NFKD-decompose, then drop every character whose canonical combining class is not 0
 *   (Python's `unicodedata.combining(c) != 0`), keeping non-Latin letters.
 *
 * Both return the input unchanged when it is pure ASCII. The `*WithMap` forms also return, for every
 * output character, the index of the input character it came from (decomposition works character by
 * character, so this mapping is exact).
 */

/** The accent-stripping modes of scikit-learn's vectorizers (`null` keeps accents). */
export type StripAccents = 'ascii' | 'unicode' | null;

// eslint-disable-next-line no-control-regex
const NON_ASCII = /[^\u0000-\u007f]/;
// eslint-disable-next-line no-control-regex
const NON_ASCII_GLOBAL = /[^\u0000-\u007f]+/g;
const MARK = /^\p{M}$/u;

/**
 * Characters with canonical combining class 1 (overlays). Canonical reordering cannot tell them from
 * class-0 characters (nothing sorts below class 1), so they are listed (Unicode 15, DerivedCombiningClass.txt).
 */
const CCC_ONE = new Set<number>([
  0x0334, 0x0335, 0x0336, 0x0337, 0x0338, 0x1cd4, 0x1ce2, 0x1ce3, 0x1ce4, 0x1ce5, 0x1ce6, 0x1ce7, 0x1ce8, 0x20d2,
  0x20d3, 0x20d8, 0x20d9, 0x20da, 0x20e5, 0x20e6, 0x20ea, 0x20eb, 0x10a39, 0x16af0, 0x16af1, 0x16af2, 0x16af3, 0x16af4,
  0x1bc9e, 0x1d167, 0x1d168, 0x1d169,
]);

const combiningCache = new Map<number, boolean>();

/**
 * Whether `cp` has a non-zero canonical combining class. JavaScript exposes no combining classes, so this
 * uses canonical reordering: for a mark m with class > 1, NFD('a' + m + U+0334) puts U+0334 (class 1)
 * before m. Only marks (gc=M) can have a non-zero class.
 */
export function isCombining(cp: number): boolean {
  if (cp < 0x0300) return false;
  const cached = combiningCache.get(cp);
  if (cached !== undefined) return cached;
  const ch = String.fromCodePoint(cp);
  let result = false;
  if (MARK.test(ch)) {
    if (CCC_ONE.has(cp)) result = true;
    else {
      // Class > 1: canonical ordering moves U+0334 (class 1) right after the base letter.
      result = `a${ch}\u0334`.normalize('NFD').indexOf('\u0334') === 1;
    }
  }
  combiningCache.set(cp, result);
  return result;
}

/** `strip_accents='ascii'`: NFKD, then keep only ASCII characters. */
export function stripAccentsAscii(text: string): string {
  if (!NON_ASCII.test(text)) return text;
  return text.normalize('NFKD').replace(NON_ASCII_GLOBAL, '');
}

/** `strip_accents='unicode'`: NFKD, then drop characters with a non-zero combining class. */
export function stripAccentsUnicode(text: string): string {
  if (!NON_ASCII.test(text)) return text;
  const decomposed = text.normalize('NFKD');
  let out = '';
  let runStart = 0;
  for (let i = 0; i < decomposed.length;) {
    const cp = decomposed.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    if (isCombining(cp)) {
      out += decomposed.slice(runStart, i);
      runStart = i + width;
    }
    i += width;
  }
  return out + decomposed.slice(runStart);
}

/** A transformed text with, for every output char, the index of the input char it came from. */
export interface MappedText {
  readonly text: string;
  /** map[i] = index in the input of output char i; `map.length === text.length + 1`, last = input length. */
  readonly map: Int32Array;
}

/**
 * Strips accents and maps every output char to its input char. Decomposition is per character and the
 * only reordering NFKD does is among combining marks, which both modes drop, so the text equals
 * `stripAccents(text, mode)`.
 */
export function stripAccentsWithMap(text: string, mode: StripAccents): MappedText {
  const map = new Int32Array(text.length + 1);
  if (mode === null || !NON_ASCII.test(text)) {
    for (let i = 0; i <= text.length; i++) map[i] = i;
    return { text, map };
  }
  const parts: string[] = [];
  let n = 0;
  let out = map;
  for (let i = 0; i < text.length;) {
    const cp = text.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    const piece = cp < 0x80 ? text[i] : stripAccents(String.fromCodePoint(cp), mode);
    if (n + piece.length + 1 > out.length) {
      const grown = new Int32Array(Math.max(out.length * 2, n + piece.length + 1));
      grown.set(out.subarray(0, n));
      out = grown;
    }
    for (let k = 0; k < piece.length; k++) out[n++] = i;
    parts.push(piece);
    i += width;
  }
  out[n] = text.length;
  return { text: parts.join(''), map: out.length === n + 1 ? out : out.slice(0, n + 1) };
}

/** Applies one of the modes; `null` returns the text unchanged. */
export function stripAccents(text: string, mode: StripAccents): string {
  if (mode === 'ascii') return stripAccentsAscii(text);
  if (mode === 'unicode') return stripAccentsUnicode(text);
  return text;
}
