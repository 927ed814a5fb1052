/**
 * The default cleaning steps ('remove-emojis', 'strip-punctuation', 'lowercase',
 * 'collapse-whitespace', in that order) done in one pass over an ASCII text, with no regular
 * expression and no intermediate string. On ASCII the steps reduce to simple character classes:
 * - no emoji sequence is made of ASCII alone (a keycap needs U+20E3), so 'remove-emojis' does nothing;
 * - letters and digits are [A-Za-z0-9]; every other printable character is punctuation or a symbol
 *   (Unicode P* or S*) and becomes a space, except an apostrophe between two letters or digits of the
 *   original text, which is deleted, and a placeholder such as `<EMAIL>`, which is kept whole;
 * - whitespace is tab, line feed, vertical tab, form feed, carriage return and space: runs of it (and
 *   of the spaces punctuation became) collapse to one space, and the ends are trimmed;
 * - other control characters are kept as they are.
 *
 * `createTextCleaner` uses it when a cleaner ends with those four steps, and falls back to the steps
 * when the text has a character outside ASCII. Output is the steps' output (a differential test
 * compares both on generated and real texts).
 */

/** Character classes of the ASCII range. */
const OTHER = 0;
const ALNUM = 1;
const SPACE = 2;
const APOSTROPHE = 3;
const LESS_THAN = 4;

const CLASS = new Uint8Array(128).fill(OTHER);
for (let c = 0x21; c <= 0x7e; c++) CLASS[c] = SPACE; // punctuation and symbols become spaces
for (const c of [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20]) CLASS[c] = SPACE;
for (let c = 0x30; c <= 0x39; c++) CLASS[c] = ALNUM;
for (let c = 0x41; c <= 0x5a; c++) CLASS[c] = ALNUM;
for (let c = 0x61; c <= 0x7a; c++) CLASS[c] = ALNUM;
CLASS[0x27] = APOSTROPHE;
CLASS[0x3c] = LESS_THAN;
// 0x00-0x08, 0x0e-0x1f and 0x7f stay OTHER: control characters that no step changes.

/** Output bytes, grown as needed and reused (the scorer is single-threaded). */
let buffer = new Uint8Array(1024);
/** The text's own bytes, read by the loop below instead of its characters (grown and reused the same way). */
let input = new Uint8Array(1024);
/**
 * Copies a text's characters into `input` when they are all ASCII: ~70 ns for 200 characters here, and
 * the loop then reads bytes, which saved ~0.3 µs of its ~1.2 µs per 200-character comment against
 * `charCodeAt` (bench/README.md, issue 19).
 */
const encoder = new TextEncoder();
/**
 * ASCII bytes are valid UTF-8 with the same characters; decoding them this way took ~80 ns for 200
 * characters here, against ~670 ns for `String.fromCharCode.apply` over the codes.
 */
const utf8 = new TextDecoder('utf-8');

/**
 * The length of the placeholder `<NAME>` starting at `s[at]` when NAME (any case) is one of `names`
 * (upper case), else 0.
 */
function placeholderLength(s: string, at: number, names: ReadonlySet<string>, longest: number): number {
  const limit = Math.min(s.length, at + longest + 2);
  for (let j = at + 1; j < limit; j++) {
    const c = s.charCodeAt(j);
    if (c === 0x3e) return j > at + 1 && names.has(s.slice(at + 1, j).toUpperCase()) ? j - at + 1 : 0;
    if (CLASS[c] !== ALNUM) return 0;
  }
  return 0;
}

/** `longest` placeholder name of the last set seen (the cleaner passes the same set every time). */
let lastPlaceholders: ReadonlySet<string> | undefined;
let lastLongest = 0;

/**
 * Cleans an ASCII text as the four default steps do, keeping the placeholders `<NAME>` for the
 * upper-case `placeholders`, into a buffer shared by every call (`cleanedAsciiBytes()`, valid until the
 * next call): returns the cleaned length, or -1 when `s` has a character outside ASCII. The scorer reads
 * the bytes as they are, without making a string of them.
 */
export function cleanAsciiDefaultInto(s: string, placeholders: ReadonlySet<string>): number {
  const n = s.length;
  if (buffer.length < n) buffer = new Uint8Array(Math.max(n, buffer.length * 2));
  if (input.length < n) input = new Uint8Array(Math.max(n, input.length * 2));
  const out = buffer;
  const bytes = input;
  // UTF-8 takes one byte per character exactly when every character is ASCII: a character outside ASCII
  // takes two or more bytes for one UTF-16 unit (a lone surrogate three), so fewer units fit.
  const copied = encoder.encodeInto(s, bytes);
  if (copied.read !== n || copied.written !== n) return -1;
  if (placeholders !== lastPlaceholders) {
    lastLongest = 0;
    for (const name of placeholders) lastLongest = Math.max(lastLongest, name.length);
    lastPlaceholders = placeholders;
  }
  const longest = lastLongest;
  const classOf = CLASS; // a local, read at every character: 0.97–0.98× the batch scorer's time (issue 19)
  let length = 0;
  let pendingSpace = false;
  for (let i = 0; i < n; i++) {
    const c = bytes[i];
    const kind = classOf[c];
    // Letters and digits first: most characters are.
    if (kind === ALNUM) {
      if (pendingSpace) {
        out[length++] = 0x20;
        pendingSpace = false;
      }
      out[length++] = c <= 0x5a && c >= 0x41 ? c + 0x20 : c;
      continue;
    }
    if (kind === APOSTROPHE) {
      if (i > 0 && i + 1 < n && classOf[bytes[i - 1]] === ALNUM && classOf[bytes[i + 1]] === ALNUM) {
        continue; // "don't" -> "dont"
      }
    } else if (kind === LESS_THAN) {
      const p = placeholderLength(s, i, placeholders, longest);
      if (p > 0) {
        if (pendingSpace) out[length++] = 0x20;
        pendingSpace = false;
        for (let k = 0; k < p; k++) {
          const d = bytes[i + k];
          out[length++] = d >= 0x41 && d <= 0x5a ? d + 0x20 : d;
        }
        i += p - 1;
        continue;
      }
    } else if (kind === OTHER) {
      // A control character that no step changes.
      if (pendingSpace) out[length++] = 0x20;
      pendingSpace = false;
      out[length++] = c;
      continue;
    }
    // Whitespace, punctuation and symbols, an apostrophe outside a word, a '<' that opens no placeholder.
    if (length > 0) pendingSpace = true;
  }
  return length;
}

/** The buffer `cleanAsciiDefaultInto` writes to (replaced when it grows: read it after each call). */
export function cleanedAsciiBytes(): Uint8Array {
  return buffer;
}

/**
 * Cleans an ASCII text as the four default steps do, keeping the placeholders `<NAME>` for the
 * upper-case `placeholders`; undefined when `s` has a character outside ASCII.
 */
export function cleanAsciiDefault(s: string, placeholders: ReadonlySet<string>): string | undefined {
  const length = cleanAsciiDefaultInto(s, placeholders);
  return length < 0 ? undefined : utf8.decode(buffer.subarray(0, length));
}
