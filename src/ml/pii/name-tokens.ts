/**
 * The tokens the name rules walk: words with their case, sentence-start and elision flags, read by
 * the word scanner (or, on the reference path, the regular expression it replaces), and the
 * helpers that look at neighbouring tokens.
 */
import * as lexicon from './name-lexicon';
import * as wordIndex from './word-index';
import { scanWords } from './word-scanner';
// Imported values read once, not at each use (docs/pii-masking.md, "Imported names under tsx").
const { DETERMINER_SET, GREETING_SET, HONORIFIC_SET, lists, NAME_BREAKERS, NOT_NAME_SET } = lexicon;
const { HAS_LOWER, HAS_UPPER, LIST_BITS } = wordIndex;

export interface Token {
  /** As written, without an elided French article ("l'", "d'") or a possessive "'s". */
  readonly text: string;
  readonly lower: string;
  readonly start: number;
  readonly end: number;
  /** Starts with an upper-case letter and is not all capitals. */
  readonly cap: boolean;
  /** Written without Title Case: all capitals (two letters or more) or all lower case. */
  readonly caseless: boolean;
  /** First word of a sentence (or of the text). */
  readonly sentenceStart: boolean;
  /** The elided word before it, lower case ("d", "l", "qu"), or ''. */
  readonly elided: string;
  /** For a word of ASCII letters only: the IN_* lists holding it lower-cased (see word-index.ts); else -1. */
  readonly lists: number;
}

/**
 * Every token is of this one class, so that the rules reading tokens see one object shape (mixed
 * shapes made V8 throw away and recompile the optimised name detector several times per run). Its
 * strings are made on first use: most ASCII tokens are only looked at through their index bits and
 * case flags. `text` is `source.slice(start, end)` unless given (the elided article that prevWord
 * presents as a word of its own).
 */
class WordToken implements Token {
  private textCache: string | undefined;
  private lowerCache: string | undefined;
  constructor(
    private readonly source: string,
    readonly start: number,
    readonly end: number,
    readonly cap: boolean,
    readonly caseless: boolean,
    readonly sentenceStart: boolean,
    readonly elided: string,
    readonly lists: number,
    text?: string,
    lower?: string,
  ) {
    this.textCache = text;
    this.lowerCache = lower;
  }
  get text(): string {
    return (this.textCache ??= this.source.slice(this.start, this.end));
  }
  get lower(): string {
    return (this.lowerCache ??= this.text.toLowerCase());
  }
}

const TOKEN_RE = /[\p{L}\p{M}]+(?:['’-][\p{L}\p{M}]+)*/gu;
const ELISION_RE = /^(?:[ldjmnstc]|qu|jusqu|lorsqu|puisqu)['’]/iu;
export const SENTENCE_END_RE = /[.!?…:;\n]/u;

/**
 * True when text[from, to) holds a sentence end (SENTENCE_END_RE's characters) or opens a quotation
 * or a bracket, after which a capital starts a title or a quoted phrase ("the "Early life" section"),
 * without a copy.
 */
function hasSentenceEnd(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    // . ! ? : ; \n …
    if (c === 46 || c === 33 || c === 63 || c === 58 || c === 59 || c === 10 || c === 0x2026) return true;
    // " ( [ “ « ‘ opening (a straight quote opens when a word follows it directly)
    if (c === 40 || c === 91 || c === 0x201c || c === 0xab || c === 0x2018) return true;
    if (c === 34 && i === to - 1) return true;
  }
  return false;
}

/** English contractions ("I'm", "We're", "Don't"): never a name, even after a greeting. */
export const CONTRACTION_RE = /['’](?:m|re|ve|ll|d|t|s)$/iu;

export function tokenize(text: string, reference = false): Token[] {
  const tokens: Token[] = [];
  let prevEnd = -1;
  const index = reference ? undefined : lists().index;
  const visit = (matchStart: number, matchEnd: number): void => {
    const found = index === undefined ? -1 : index.lookup(text, matchStart, matchEnd);
    if (found >= 0) {
      // ASCII letters only: the same flags as below, from the letters' cases.
      const allCaps = (found & HAS_UPPER) !== 0 && (found & HAS_LOWER) === 0 && matchEnd - matchStart > 1;
      const c = text.charCodeAt(matchStart);
      tokens.push(
        new WordToken(
          text,
          matchStart,
          matchEnd,
          c >= 65 && c <= 90 && !allCaps,
          allCaps || (found & HAS_UPPER) === 0,
          prevEnd < 0 || hasSentenceEnd(text, prevEnd, matchStart),
          '',
          found & LIST_BITS,
        ),
      );
      prevEnd = matchEnd;
      return;
    }
    let start = matchStart;
    let raw = text.slice(matchStart, matchEnd);
    let elided = '';
    // Elisions and possessives need an apostrophe: most tokens skip both tests.
    if (raw.includes("'") || raw.includes('’')) {
      const el = ELISION_RE.exec(raw);
      if (el !== null && raw.length > el[0].length) {
        elided = el[0].slice(0, -1).toLowerCase();
        start += el[0].length;
        raw = raw.slice(el[0].length);
      }
      if (/['’]s$/u.test(raw) && raw.length > 2) raw = raw.slice(0, -2);
    }
    const lower = raw.toLowerCase();
    const first = raw[0] ?? '';
    // Only a token with some upper-case letter can be all capitals (toUpperCase skipped otherwise).
    const allCaps = raw !== lower && raw.length > 1 && raw === raw.toUpperCase();
    tokens.push(
      new WordToken(
        text,
        start,
        start + raw.length,
        first !== first.toLowerCase() && first === first.toUpperCase() && !allCaps,
        allCaps || raw === lower,
        prevEnd < 0 || hasSentenceEnd(text, prevEnd, matchStart),
        elided,
        -1,
        raw,
        lower,
      ),
    );
    prevEnd = matchEnd;
  };
  // The reference path (FindNamesOptions.reference) keeps the regular expression the scanner replaces.
  if (reference) for (const m of text.matchAll(TOKEN_RE)) visit(m.index, m.index + m[0].length);
  else scanWords(text, visit);
  return tokens;
}

/**
 * The first UTF-16 code units of a set of words, so that a rule can skip most tokens without making
 * their strings: `firsts.has(source.charCodeAt(t.start)) && words.has(t.text)` answers as
 * `words.has(t.text)` does (a token's text starts at its start).
 */
export function firstCodes(words: Iterable<string>): Set<number> {
  const codes = new Set<number>();
  for (const w of words) codes.add(w.charCodeAt(0));
  return codes;
}

/** True when only spaces (no punctuation) separate tokens a and b. */
export function adjacent(text: string, a: Token, b: Token | undefined): b is Token {
  if (b === undefined || b.elided !== '' || b.start <= a.end) return false;
  // As /^[ \t\u00a0]+$/u on the gap, without copying it (asked hundreds of times per long text).
  for (let k = a.end; k < b.start; k++) {
    const c = text.charCodeAt(k);
    if (c !== 32 && c !== 9 && c !== 0xa0) return false;
  }
  return true;
}

/** The characters of /\s/u (ECMA-262's WhiteSpace and LineTerminator). */
function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

export function prevWord(text: string, tokens: readonly Token[], i: number): Token | undefined {
  const p = tokens[i - 1];
  const t = tokens[i];
  if (p === undefined) return undefined;
  // The elided article belongs to the token itself ("d'Antoine"): expose it as the previous word.
  if (t.elided !== '')
    return new WordToken(
      text,
      p.start,
      p.end,
      p.cap,
      p.caseless,
      p.sentenceStart,
      p.elided,
      p.lists,
      t.elided,
      t.elided,
    );
  // As /^[\s,]*$/u on the gap, without copying it.
  for (let k = p.end; k < t.start; k++) {
    const c = text.charCodeAt(k);
    if (c !== 44 && !isSpace(c)) return undefined;
  }
  return p;
}

/** Words that never trigger or pass the compromise check on their own. */
export function isFunctionalWord(t: Token): boolean {
  return isFunctionalLower(t.lower);
}

/** {@link isFunctionalWord} for a word already in lower case. */
export function isFunctionalLower(lower: string): boolean {
  return (
    NOT_NAME_SET.has(lower) ||
    HONORIFIC_SET.has(lower) ||
    GREETING_SET.has(lower) ||
    DETERMINER_SET.has(lower) ||
    NAME_BREAKERS.has(lower)
  );
}
