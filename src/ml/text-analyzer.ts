/**
 * scikit-learn's word analyzer (`CountVectorizer.build_analyzer()` with `analyzer='word'`), step by step:
 * lowercase, then strip accents (`_preprocess`), tokenize with `token_pattern`, drop stop words, then
 * build word n-grams for n in `ngramRange`, unigrams first, each n-gram the words joined by one space
 * (`_word_ngrams`). Stop words are removed before n-grams are built, so "not a good" gives the bigram
 * "good" neighbours of the surviving words only.
 */
import { ENGLISH_STOP_WORDS } from './english-stop-words';
import { type MappedText, type StripAccents, stripAccents, stripAccentsWithMap } from './strip-accents';
import { createTokenizer, DEFAULT_TOKEN_PATTERN, PY_SPACE, TokenSpans, type Tokenizer } from './tokenizer';

/** scikit-learn's built-in analyzers: word n-grams, character n-grams, character n-grams within words. */
export const ANALYZER_KINDS = ['word', 'char', 'char_wb'] as const;
export type AnalyzerKind = (typeof ANALYZER_KINDS)[number];

const IS_PY_SPACE = new RegExp(`^[${PY_SPACE}]$`, 'u');

/** How text becomes terms; the fields mirror scikit-learn's vectorizer parameters of the same names. */
export interface AnalyzerOptions {
  /** `lowercase` (applied before accent stripping, as scikit-learn does). */
  readonly lowercase: boolean;
  /** `strip_accents`. */
  readonly stripAccents: StripAccents;
  /** `token_pattern`, a Python regex (see tokenizer.ts for the supported subset). */
  readonly tokenPattern: string;
  /** `stop_words` as an explicit list (use `ENGLISH_STOP_WORDS` for `'english'`), or null. */
  readonly stopWords: readonly string[] | null;
  /** `ngram_range` (min n, max n), inclusive. */
  readonly ngramRange: readonly [number, number];
  /**
   * `analyzer`: `word`, or character n-grams (`char`, `char_wb`), which ignore the token pattern and stop words.
   * @default 'word'
   */
  readonly analyzer?: AnalyzerKind;
}

/** Receives one character n-gram and its span [start, end) in the preprocessed text. */
export type CharNgramSink = (term: string, start: number, end: number) => void;

/** scikit-learn's defaults: lowercase, no accent stripping, default token pattern, no stop words, unigrams. */
export const SKLEARN_ANALYZER_DEFAULTS: AnalyzerOptions = Object.freeze({
  lowercase: true,
  stripAccents: null,
  tokenPattern: DEFAULT_TOKEN_PATTERN,
  stopWords: null,
  ngramRange: Object.freeze<[number, number]>([1, 1]),
});

/** Resolves scikit-learn's `stop_words` argument: `'english'`, a list, or null. */
export function resolveStopWords(
  stopWords: 'english' | readonly string[] | null | undefined,
): readonly string[] | null {
  if (stopWords === 'english') return ENGLISH_STOP_WORDS;
  return stopWords ?? null;
}

/** Checks an n-gram range; throws naming the value. */
export function checkNgramRange(range: readonly number[], where = 'ngramRange'): void {
  const [min, max] = range;
  if (range.length !== 2 || !Number.isInteger(min) || !Number.isInteger(max) || min < 1 || max < min) {
    throw new Error(`${where} must be [min, max] with integers 1 <= min <= max, got ${JSON.stringify(range)}`);
  }
}

/** The analyzer: text in, terms out, exactly as scikit-learn's. Build once, reuse for many texts. */
export class TextAnalyzer {
  readonly options: AnalyzerOptions;
  readonly tokenizer: Tokenizer;
  readonly minN: number;
  readonly maxN: number;
  private readonly stopSet: ReadonlySet<string> | null;
  private readonly spans = new TokenSpans();

  constructor(options: Partial<AnalyzerOptions> = {}) {
    this.options = { ...SKLEARN_ANALYZER_DEFAULTS, ...options };
    checkNgramRange(this.options.ngramRange);
    [this.minN, this.maxN] = this.options.ngramRange;
    this.tokenizer = createTokenizer(this.options.tokenPattern);
    this.stopSet = this.options.stopWords ? new Set(this.options.stopWords) : null;
  }

  /** Lowercases then strips accents (scikit-learn's `_preprocess`). */
  preprocess(text: string): string {
    const lowered = this.options.lowercase ? text.toLowerCase() : text;
    return stripAccents(lowered, this.options.stripAccents);
  }

  /**
   * `preprocess` plus, for every output char, the index of the input char it came from. Lowercasing is
   * mapped char by char; its only context rule (final sigma) changes no length, so the whole-string result
   * is used for the text and the per-char lengths for the map.
   */
  preprocessWithMap(text: string): MappedText {
    let lowered: MappedText;
    if (!this.options.lowercase) lowered = identityMap(text);
    else lowered = lowercaseWithMap(text);
    if (this.options.stripAccents === null) return lowered;
    const stripped = stripAccentsWithMap(lowered.text, this.options.stripAccents);
    const map = new Int32Array(stripped.map.length);
    for (let i = 0; i < map.length; i++) map[i] = lowered.map[stripped.map[i]]!;
    return { text: stripped.text, map };
  }

  /** Whether `word` is a stop word of this analyzer. */
  isStopWord(word: string): boolean {
    return this.stopSet !== null && this.stopSet.has(word);
  }

  /** The words of a preprocessed text after stop-word removal. */
  words(preprocessed: string): string[] {
    const spans = this.spans;
    this.tokenizer.tokenize(preprocessed, spans);
    const words: string[] = [];
    for (let i = 0; i < spans.length; i++) {
      const w = preprocessed.slice(spans.starts[i], spans.ends[i]);
      if (!this.isStopWord(w)) words.push(w);
    }
    return words;
  }

  /** `word`, `char` or `char_wb`. */
  get kind(): AnalyzerKind {
    return this.options.analyzer ?? 'word';
  }

  /** The terms of a raw text: what scikit-learn's `build_analyzer()(text)` returns (word terms in the same order). */
  terms(text: string): string[] {
    if (this.kind !== 'word') {
      const terms: string[] = [];
      this.charNgrams(this.preprocess(text), (term) => terms.push(term));
      return terms;
    }
    return this.ngrams(this.words(this.preprocess(text)));
  }

  /**
   * The character n-grams of a preprocessed text, as scikit-learn's `_char_ngrams` / `_char_wb_ngrams`
   * (sklearn/feature_extraction/text.py): runs of two or more whitespace characters (Python's `\s`) become one
   * space, characters are code points; `char_wb` pads each whitespace-separated word with one space on each
   * side, and takes a word shorter than n once, whole, then stops growing n for that word. Spans of
   * padding and collapsed whitespace cover the characters they stand for.
   */
  charNgrams(preprocessed: string, sink: CharNgramSink): void {
    const chars: string[] = [];
    const starts: number[] = [];
    const ends: number[] = [];
    for (let i = 0; i < preprocessed.length;) {
      const cp = preprocessed.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      const end = i + ch.length;
      if (IS_PY_SPACE.test(ch)) {
        let j = end;
        let runEnd = end;
        let count = 1;
        while (j < preprocessed.length && IS_PY_SPACE.test(preprocessed[j])) {
          j++;
          runEnd = j;
          count++;
        }
        chars.push(count >= 2 ? ' ' : ch);
        starts.push(i);
        ends.push(runEnd);
        i = runEnd;
        continue;
      }
      chars.push(ch);
      starts.push(i);
      ends.push(end);
      i = end;
    }
    const { minN, maxN } = this;
    if (this.kind === 'char') {
      for (let n = minN; n <= Math.min(maxN, chars.length); n++) {
        for (let i = 0; i + n <= chars.length; i++) {
          sink(chars.slice(i, i + n).join(''), starts[i], ends[i + n - 1]);
        }
      }
      return;
    }
    for (let a = 0; a < chars.length;) {
      if (IS_PY_SPACE.test(chars[a])) {
        a++;
        continue;
      }
      let b = a;
      while (b < chars.length && !IS_PY_SPACE.test(chars[b])) b++;
      // The padded word ' ' + w + ' ', with the pads spanning nothing at the word's edges.
      const w = [' ', ...chars.slice(a, b), ' '];
      const ws = [starts[a], ...starts.slice(a, b), ends[b - 1]];
      const we = [starts[a], ...ends.slice(a, b), ends[b - 1]];
      for (let n = minN; n <= maxN; n++) {
        let offset = 0;
        const emit = (o: number) => {
          const last = Math.min(o + n, w.length) - 1;
          sink(w.slice(o, o + n).join(''), ws[o], we[last]);
        };
        emit(0);
        while (offset + n < w.length) {
          offset++;
          emit(offset);
        }
        if (offset === 0) break; // a word no longer than n is taken once
      }
      a = b;
    }
  }

  /** Word n-grams of a word list (scikit-learn's `_word_ngrams` after stop-word removal). */
  ngrams(words: readonly string[]): string[] {
    const { minN, maxN } = this;
    if (maxN === 1) return words.slice();
    const terms: string[] = minN === 1 ? words.slice() : [];
    for (let n = Math.max(2, minN); n <= Math.min(maxN, words.length); n++) {
      for (let i = 0; i + n <= words.length; i++) {
        let term = words[i];
        for (let k = 1; k < n; k++) term += ' ' + words[i + k];
        terms.push(term);
      }
    }
    return terms;
  }
}

function identityMap(text: string): MappedText {
  const map = new Int32Array(text.length + 1);
  for (let i = 0; i <= text.length; i++) map[i] = i;
  return { text, map };
}

function lowercaseWithMap(text: string): MappedText {
  const lowered = text.toLowerCase();
  const map = new Int32Array(lowered.length + 1);
  if (lowered.length === text.length) {
    // Common case: lengths unchanged char by char (checked below only when lengths differ).
    for (let i = 0; i <= text.length; i++) map[i] = i;
    return { text: lowered, map };
  }
  let n = 0;
  for (let i = 0; i < text.length;) {
    const cp = text.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    const len = String.fromCodePoint(cp).toLowerCase().length;
    for (let k = 0; k < len; k++) map[n++] = i;
    i += width;
  }
  map[n] = text.length;
  return { text: lowered, map };
}
