/**
 * Word tokenizers that reproduce scikit-learn's `token_pattern` (a Python `re` pattern, default
 * `(?u)\b\w\w+\b`). In Python 3, `\w` on text is a Unicode word character (letters, numbers, `_`) and
 * `\b` is a boundary between word and non-word characters; JavaScript's `\w`/`\b` are ASCII-only even
 * with the `u` flag, so patterns are translated: `\w` → `[\p{L}\p{N}_]`, `\b` → look-arounds on that class.
 *
 * The default pattern gets a hand-written scanner (no regex, no allocation): its tokens are exactly the
 * maximal runs of at least two word characters, counted in code points as Python does.
 */

/** scikit-learn's default `token_pattern`. */
export const DEFAULT_TOKEN_PATTERN = '(?u)\\b\\w\\w+\\b';

const WORD_CLASS = '\\p{L}\\p{N}_';
/** Python 3 `str.isspace()` characters, which `\s` matches in a `str` pattern. */
export const PY_SPACE =
  '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';

/** Token spans of one text, in growable typed arrays reused from text to text. */
export class TokenSpans {
  /** starts[i], ends[i]: UTF-16 offsets of token i, end exclusive. */
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  length = 0;

  clear(): void {
    this.length = 0;
  }

  push(start: number, end: number): void {
    if (this.length === this.starts.length) {
      const starts = new Int32Array(this.length * 2);
      const ends = new Int32Array(this.length * 2);
      starts.set(this.starts);
      ends.set(this.ends);
      this.starts = starts;
      this.ends = ends;
    }
    this.starts[this.length] = start;
    this.ends[this.length] = end;
    this.length++;
  }
}

/** Splits text into tokens as scikit-learn's `token_pattern` does. */
export interface Tokenizer {
  /** The scikit-learn (Python) pattern this tokenizer implements. */
  readonly pattern: string;
  /**
   * True when no token can contain a space, so an n-gram's words can be recovered by splitting on ' '
   * (always the case for the default pattern).
   */
  readonly spaceFree: boolean;
  /** Clears `out` and fills it with the spans of the tokens of `text`, in order. */
  tokenize(text: string, out: TokenSpans): void;
  /** The tokens of `text` as strings (convenience; allocates). */
  tokens(text: string): string[];
  /** True for scikit-learn's default pattern, whose tokens are runs of ≥ 2 word characters. */
  readonly isDefault: boolean;
}

// 0 = unknown, 1 = word, 2 = not a word character; BMP only, filled lazily.
const bmpClass = new Uint8Array(0x10000);
const WORD_CHAR = /^[\p{L}\p{N}_]$/u;
for (let c = 0; c < 0x80; c++) {
  const isWord = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
  bmpClass[c] = isWord ? 1 : 2;
}

/** ASCII_WORD[c] = 1 when ASCII code c is a word character ([0-9A-Za-z_]), else 0. */
export const ASCII_WORD: Readonly<Uint8Array> = Uint8Array.from({ length: 128 }, (_, c) => (bmpClass[c] === 1 ? 1 : 0));

/** Whether a code point is a Python 3 `\w` character (letters, numbers, underscore). */
export function isWordCodePoint(cp: number): boolean {
  if (cp < 0x10000) {
    let k = bmpClass[cp];
    if (k === 0) {
      k = WORD_CHAR.test(String.fromCharCode(cp)) ? 1 : 2;
      bmpClass[cp] = k;
    }
    return k === 1;
  }
  return WORD_CHAR.test(String.fromCodePoint(cp));
}

/** Scanner for `(?u)\b\w\w+\b`: maximal runs of ≥ 2 word code points. */
class DefaultTokenizer implements Tokenizer {
  readonly pattern = DEFAULT_TOKEN_PATTERN;
  readonly spaceFree = true;
  readonly isDefault = true;

  tokenize(text: string, out: TokenSpans): void {
    out.clear();
    const n = text.length;
    let runStart = -1;
    let runLength = 0;
    for (let i = 0; i < n;) {
      let cp = text.charCodeAt(i);
      let width = 1;
      let word: boolean;
      if (cp < 0x80) word = bmpClass[cp] === 1;
      else {
        if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < n) {
          const low = text.charCodeAt(i + 1);
          if (low >= 0xdc00 && low <= 0xdfff) {
            cp = ((cp - 0xd800) << 10) + (low - 0xdc00) + 0x10000;
            width = 2;
          }
        }
        word = isWordCodePoint(cp);
      }
      if (word) {
        if (runStart < 0) {
          runStart = i;
          runLength = 0;
        }
        runLength++;
      } else if (runStart >= 0) {
        if (runLength >= 2) out.push(runStart, i);
        runStart = -1;
      }
      i += width;
    }
    if (runStart >= 0 && runLength >= 2) out.push(runStart, n);
  }

  tokens(text: string): string[] {
    return collect(this, text);
  }
}

function collect(tokenizer: Tokenizer, text: string): string[] {
  const spans = new TokenSpans();
  tokenizer.tokenize(text, spans);
  const result = new Array<string>(spans.length);
  for (let i = 0; i < spans.length; i++) result[i] = text.slice(spans.starts[i], spans.ends[i]);
  return result;
}

/** Tokenizer for any other pattern: the translated regex, token = whole match or its only group. */
class RegexTokenizer implements Tokenizer {
  readonly spaceFree: boolean;
  readonly isDefault = false;

  constructor(
    readonly pattern: string,
    private readonly regex: RegExp,
    private readonly useGroup: boolean,
  ) {
    this.spaceFree = false;
  }

  tokenize(text: string, out: TokenSpans): void {
    out.clear();
    const re = this.regex;
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      if (m[0].length === 0) re.lastIndex = advance(text, re.lastIndex);
      if (this.useGroup) {
        const span = m.indices?.[1];
        if (span) out.push(span[0], span[1]);
        else out.push(m.index, m.index); // group did not take part: Python's findall yields ''
      } else out.push(m.index, m.index + m[0].length);
    }
  }

  tokens(text: string): string[] {
    return collect(this, text);
  }
}

function advance(text: string, index: number): number {
  const c = text.charCodeAt(index);
  return c >= 0xd800 && c <= 0xdbff && index + 1 < text.length ? index + 2 : index + 1;
}

/**
 * Translates a Python `re` pattern (as written for scikit-learn) to JavaScript regex source and flags.
 * Supports the common subset: `(?u)`/`(?i)`/`(?s)`/`(?m)` as leading flags, `\w \W \d \D \s \S \b \B`,
 * `\A \Z`, named groups `(?P<name>…)`/`(?P=name)`, classes and quantifiers (same syntax in both).
 * Throws, naming the construct, on what would behave differently (`(?x)`, `(?a)`, `(?L)`, `\W` inside a class…).
 */
export function translatePythonPattern(pattern: string): { source: string; flags: string } {
  let rest = pattern;
  let flags = 'gu';
  const leading = /^\(\?([aiLmsux]+)\)/.exec(rest);
  if (leading) {
    for (const f of leading[1]) {
      if (f === 'u') continue;
      if (f === 'i' || f === 's' || f === 'm') {
        if (!flags.includes(f)) flags += f;
        continue;
      }
      throw new Error(`token pattern ${JSON.stringify(pattern)}: inline flag (?${f}) is not supported`);
    }
    rest = rest.slice(leading[0].length);
  }
  const word = `[${WORD_CLASS}]`;
  const multiline = flags.includes('m');
  let out = '';
  let inClass = false;
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i];
    if (c === '\\') {
      const e = rest[i + 1];
      if (e === undefined) throw new Error(`token pattern ${JSON.stringify(pattern)}: ends with a lone backslash`);
      i++;
      if (inClass) {
        if (e === 'w') out += WORD_CLASS;
        else if (e === 'd') out += '\\p{Nd}';
        else if (e === 's') out += PY_SPACE;
        else if (e === 'W' || e === 'D' || e === 'S') {
          throw new Error(`token pattern ${JSON.stringify(pattern)}: \\${e} inside a character class is not supported`);
        } else out += `\\${e}`;
        continue;
      }
      switch (e) {
        case 'w':
          out += word;
          break;
        case 'W':
          out += `[^${WORD_CLASS}]`;
          break;
        case 'd':
          out += '\\p{Nd}';
          break;
        case 'D':
          out += '\\P{Nd}';
          break;
        case 's':
          out += `[${PY_SPACE}]`;
          break;
        case 'S':
          out += `[^${PY_SPACE}]`;
          break;
        case 'b':
          out += `(?:(?<=${word})(?!${word})|(?<!${word})(?=${word}))`;
          break;
        case 'B':
          out += `(?:(?<=${word})(?=${word})|(?<!${word})(?!${word}))`;
          break;
        case 'A':
          out += '(?<![\\s\\S])';
          break;
        case 'Z':
          out += '(?![\\s\\S])';
          break;
        default:
          out += `\\${e}`;
      }
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      // A ']' right after '[' or '[^' is a literal in Python.
      if (rest[i + 1] === '^') {
        out += '^';
        i++;
      }
      if (rest[i + 1] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (c === '(' && rest.startsWith('(?P<', i)) {
      out += '(?<';
      i += 3;
      continue;
    }
    if (c === '(' && rest.startsWith('(?P=', i)) {
      const close = rest.indexOf(')', i);
      out += `\\k<${rest.slice(i + 4, close)}>`;
      i = close;
      continue;
    }
    if (c === '(' && rest.startsWith('(?#', i)) {
      i = rest.indexOf(')', i);
      continue;
    }
    if (c === '(' && /^\(\?[aiLmsux-]+[:)]/.test(rest.slice(i))) {
      throw new Error(`token pattern ${JSON.stringify(pattern)}: inline flags inside the pattern are not supported`);
    }
    // Python's '$' (without MULTILINE) also matches before a final newline.
    if (c === '$' && !multiline) {
      out += '(?=\\n?(?![\\s\\S]))';
      continue;
    }
    out += c;
  }
  return { source: out, flags };
}

const DEFAULT_TOKENIZER = new DefaultTokenizer();

/**
 * Builds the tokenizer for a scikit-learn `token_pattern`. Like scikit-learn, a pattern with one
 * capturing group yields the group's text, and one with more groups is refused.
 */
export function createTokenizer(pattern: string = DEFAULT_TOKEN_PATTERN): Tokenizer {
  if (pattern === DEFAULT_TOKEN_PATTERN || pattern === '\\b\\w\\w+\\b') return DEFAULT_TOKENIZER;
  const { source, flags } = translatePythonPattern(pattern);
  let regex: RegExp;
  try {
    regex = new RegExp(source, flags);
  } catch (err) {
    throw new Error(
      `token pattern ${JSON.stringify(pattern)} is not a valid regular expression: ${(err as Error).message}`,
    );
  }
  const groups = new RegExp(`${source}|`, flags.replace('g', '')).exec('')!.length - 1;
  if (groups > 1) {
    throw new Error(
      `token pattern ${JSON.stringify(pattern)} has ${groups} capturing groups; scikit-learn allows at most one`,
    );
  }
  if (groups === 1) regex = new RegExp(source, `${flags}d`);
  return new RegexTokenizer(pattern, regex, groups === 1);
}
