/**
 * The words of a text as the name detector reads them, found by one loop over the UTF-16 units
 * instead of a Unicode-property regular expression: the same spans as
 * `/[\p{L}\p{M}]+(?:['’-][\p{L}\p{M}]+)*\/gu` (letters and marks, joined by single apostrophes or
 * hyphens), without a match object per word. ASCII is classified by code; any other code point by
 * that regular expression's own class (`\p{L}` or `\p{M}`), remembered per BMP unit.
 */

/** Letters and combining marks, the word class of the name detector's tokens. */
const WORD_CHAR_RE = /^[\p{L}\p{M}]$/u;

/**
 * Per BMP code unit: 0 = not yet classified, 1 = word character, 2 = other. ASCII is filled at
 * load; other units on first sight, by WORD_CHAR_RE.
 */
const bmpClass = new Uint8Array(0x10000).fill(2, 0, 0x80).fill(1, 65, 91).fill(1, 97, 123);

/** True when the code point `cp` is a letter (`\p{L}`) or a mark (`\p{M}`). */
export function isWordCodePoint(cp: number): boolean {
  if (cp > 0xffff) return WORD_CHAR_RE.test(String.fromCodePoint(cp));
  // A lone surrogate is category Cs, never a word character; not cached, so that the unit of a
  // pair (see wordCharAt) is never taken for a classified one.
  if (cp >= 0xd800 && cp <= 0xdfff) return false;
  let k = bmpClass[cp];
  if (k === 0) {
    k = WORD_CHAR_RE.test(String.fromCharCode(cp)) ? 1 : 2;
    bmpClass[cp] = k;
  }
  return k === 1;
}

/** Length in UTF-16 units (1 or 2) of the word character at `i < text.length`, or 0 when there is none. */
function wordCharAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  const k = bmpClass[c];
  if (k === 1) return 1;
  if (k === 2) return 0;
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
    const d = text.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return isWordCodePoint(((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000) ? 2 : 0;
  }
  return isWordCodePoint(c) ? 1 : 0;
}

/** End of the run of word characters starting at `i` (i itself when there is none). */
function runEnd(text: string, i: number): number {
  const n = text.length;
  let j = i;
  while (j < n) {
    // ASCII letters and already-classified units inline; the rest (surrogates, new units) by wordCharAt.
    const k = bmpClass[text.charCodeAt(j)];
    if (k === 1) j++;
    else if (k === 2) return j;
    else {
      const w = wordCharAt(text, j);
      if (w === 0) return j;
      j += w;
    }
  }
  return j;
}

/**
 * Calls `visit(start, end)` for each word of `text` in order: a run of letters and marks, extended
 * by `'`, `’` or `-` each followed by another run (a trailing or doubled joiner ends the word).
 */
export function scanWords(text: string, visit: (start: number, end: number) => void): void {
  let i = 0;
  const n = text.length;
  while (i < n) {
    if (bmpClass[text.charCodeAt(i)] === 2) {
      i++;
      continue;
    }
    const w = wordCharAt(text, i);
    if (w === 0) {
      i++;
      continue;
    }
    const start = i;
    let end = runEnd(text, i + w);
    while (end < n) {
      const c = text.charCodeAt(end);
      // ' ’ -
      if (c !== 39 && c !== 0x2019 && c !== 45) break;
      const next = end + 1 < n ? wordCharAt(text, end + 1) : 0;
      if (next === 0) break;
      end = runEnd(text, end + 1 + next);
    }
    visit(start, end);
    i = end;
  }
}
