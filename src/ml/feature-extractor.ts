/**
 * Turns one (cleaned) text into one sparse feature row with a fitted vectorizer — the shared inner loop of
 * `TfidfVectorizer.transform`, `HashingVectorizer.transform` and the scorer, so that what is tested for
 * parity with scikit-learn is what serves.
 *
 * Per text: preprocess, tokenize, drop stop words, look up every n-gram's column, count, then
 * tf → (binary) → (1 + ln tf when sublinear) → × idf → row norm, in scikit-learn's order
 * (`CountVectorizer._count_vocab`, `TfidfTransformer.transform`, `normalize`).
 *
 * With a TF-IDF vocabulary and a tokenizer whose tokens cannot contain spaces, n-grams are looked up in a
 * trie over word ids (no n-gram string is built); hashing writes the words' UTF-8 bytes once per text and
 * hashes byte ranges. Buffers are reused: an extractor is not re-entrant.
 */
import type { HashingVectorizerSpec, Norm, TfidfVectorizerSpec, VectorizerSpec } from './model-artifact';
import { encodeUtf8Into, hashedColumn, murmurhash3String, murmurhash3x86_32 } from './murmurhash3';
import type { TextAnalyzer } from './text-analyzer';
import { ASCII_WORD, TokenSpans } from './tokenizer';

/** One sparse row: `length` entries, columns strictly increasing. Reused between texts. */
export class SparseRow {
  columns = new Int32Array(64);
  values = new Float64Array(64);
  length = 0;

  /** Makes room for `n` entries (drops content). */
  reserve(n: number): void {
    if (n > this.columns.length) {
      const size = Math.max(n, this.columns.length * 2);
      this.columns = new Int32Array(size);
      this.values = new Float64Array(size);
    }
  }
}

/**
 * Where the features of a text came from, for explanations: the words kept (after stop words) as spans in
 * the preprocessed text, the map from preprocessed chars to input chars, and every n-gram occurrence.
 */
export class FeatureTrace {
  /** Preprocessed (lowercased, accent-stripped) text. */
  preprocessed = '';
  /** map[i] = index in the extractor's input of preprocessed char i; map[len] = input length. */
  map: Int32Array = new Int32Array(1);
  /** Spans of kept words in `preprocessed`. */
  readonly words = new TokenSpans();
  /** Occurrence k: column `occColumns[k]` from kept words `occFirst[k]` … `occFirst[k] + occLength[k] - 1`. */
  occColumns = new Int32Array(64);
  occFirst = new Int32Array(64);
  occLength = new Int32Array(64);
  /** The term of occurrence k when it is not its words joined by spaces (character n-grams). */
  occTerms: (string | undefined)[] = [];
  occurrences = 0;

  clear(): void {
    this.words.clear();
    this.occurrences = 0;
  }

  add(column: number, first: number, length: number, term?: string): void {
    if (this.occurrences === this.occColumns.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.occColumns = grow(this.occColumns);
      this.occFirst = grow(this.occFirst);
      this.occLength = grow(this.occLength);
    }
    this.occColumns[this.occurrences] = column;
    this.occFirst[this.occurrences] = first;
    this.occLength[this.occurrences] = length;
    this.occTerms[this.occurrences] = term;
    this.occurrences++;
  }

  /** The n-gram of occurrence k as scikit-learn writes it (words joined by one space). */
  term(k: number): string {
    const own = this.occTerms[k];
    if (own !== undefined) return own;
    const first = this.occFirst[k];
    const parts: string[] = [];
    for (let i = first; i < first + this.occLength[k]; i++) {
      parts.push(this.preprocessed.slice(this.words.starts[i], this.words.ends[i]));
    }
    return parts.join(' ');
  }
}

const STOP = -2;
const UNKNOWN = -1;
// eslint-disable-next-line no-control-regex
const NON_ASCII = /[^\u0000-\u007f]/;

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** FNV-1a over UTF-16 code units, optionally lowercasing A–Z on the way (the word table's hash). */
function hashRange(text: string, start: number, end: number, lowerAscii: boolean): number {
  let h = FNV_OFFSET;
  for (let i = start; i < end; i++) {
    let c = text.charCodeAt(i);
    if (lowerAscii && c >= 0x41 && c <= 0x5a) c += 0x20;
    h = Math.imul(h ^ c, FNV_PRIME);
  }
  return h;
}

/**
 * Words → value (trie node id, or STOP for a stop word), looked up straight from a range of the text —
 * no substring is made — by hash and char-by-char comparison. Open addressing, linear probing.
 *
 * A slot is four int32 in one array (hash, value, offset of the word's UTF-16 units in `chars`, length
 * + 1, 0 for an empty slot), and the words' units sit side by side in one array: a lookup reads one
 * slot and one run of `chars`, instead of following a slot index to separate arrays and a string object
 * (about five scattered memory reads per word, which the scorer pays for every word of every text).
 */
class WordTable {
  private slots = new Int32Array(16 * 4);
  private mask = 15;
  private chars = new Uint16Array(256);
  private used = 0;
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Value of a word, or undefined. */
  get(word: string): number | undefined {
    const at = this.find(word, 0, word.length, hashRange(word, 0, word.length, false), false);
    return at < 0 ? undefined : this.slots[at + 1];
  }

  set(word: string, value: number): void {
    const h = hashRange(word, 0, word.length, false);
    const at = this.find(word, 0, word.length, h, false);
    if (at >= 0) {
      this.slots[at + 1] = value;
      return;
    }
    if ((this.count + 1) * 2 > this.mask + 1) this.grow();
    if (this.used + word.length > this.chars.length) {
      const chars = new Uint16Array(Math.max(this.used + word.length, this.chars.length * 2));
      chars.set(this.chars.subarray(0, this.used));
      this.chars = chars;
    }
    for (let i = 0; i < word.length; i++) this.chars[this.used + i] = word.charCodeAt(i);
    this.place(this.slots, this.mask, h, value, this.used, word.length + 1);
    this.used += word.length;
    this.count++;
  }

  private place(
    slots: Int32Array,
    mask: number,
    h: number,
    value: number,
    offset: number,
    lengthPlusOne: number,
  ): void {
    let slot = h & mask;
    while (slots[slot * 4 + 3] !== 0) slot = (slot + 1) & mask;
    const at = slot * 4;
    slots[at] = h;
    slots[at + 1] = value;
    slots[at + 2] = offset;
    slots[at + 3] = lengthPlusOne;
  }

  private grow(): void {
    const old = this.slots;
    const capacity = (this.mask + 1) * 2;
    this.slots = new Int32Array(capacity * 4);
    this.mask = capacity - 1;
    for (let at = 0; at < old.length; at += 4) {
      if (old[at + 3] !== 0) this.place(this.slots, this.mask, old[at], old[at + 1], old[at + 2], old[at + 3]);
    }
  }

  /**
   * Position in `slots` of the word equal to text[start, end) (A–Z lowercased when `lowerAscii`), or
   * -1.
   */
  private find(text: string, start: number, end: number, h: number, lowerAscii: boolean): number {
    const slots = this.slots;
    const chars = this.chars;
    const lengthPlusOne = end - start + 1;
    for (let slot = h & this.mask; ; slot = (slot + 1) & this.mask) {
      const at = slot * 4;
      const l = slots[at + 3];
      if (l === 0) return -1;
      if (slots[at] !== h || l !== lengthPlusOne) continue;
      const offset = slots[at + 2] - start;
      let same = true;
      for (let i = start; i < end; i++) {
        let c = text.charCodeAt(i);
        if (lowerAscii && c >= 0x41 && c <= 0x5a) c += 0x20;
        if (c !== chars[offset + i]) {
          same = false;
          break;
        }
      }
      if (same) return at;
    }
  }

  /** Value of the word bytes[start, end) (ASCII, A–Z lowercased when `lowerAscii`) whose hash is `h`, or UNKNOWN. */
  lookupBytes(bytes: Uint8Array, start: number, end: number, h: number, lowerAscii: boolean): number {
    const slots = this.slots;
    const chars = this.chars;
    const lengthPlusOne = end - start + 1;
    for (let slot = h & this.mask; ; slot = (slot + 1) & this.mask) {
      const at = slot * 4;
      const l = slots[at + 3];
      if (l === 0) return UNKNOWN;
      if (slots[at] !== h || l !== lengthPlusOne) continue;
      const offset = slots[at + 2] - start;
      let same = true;
      for (let i = start; i < end; i++) {
        let c = bytes[i];
        if (lowerAscii && c >= 0x41 && c <= 0x5a) c += 0x20;
        if (c !== chars[offset + i]) {
          same = false;
          break;
        }
      }
      if (same) return slots[at + 1];
    }
  }

  /** Value of the word text[start, end) whose hash is `h`, or UNKNOWN. */
  lookup(text: string, start: number, end: number, h: number, lowerAscii: boolean): number {
    const at = this.find(text, start, end, h, lowerAscii);
    return at < 0 ? UNKNOWN : this.slots[at + 1];
  }
}

/** Open-addressing map (node id, word id) → child node id, for the n-gram trie. */
class PairTable {
  /** Slot s is entries[4s … 4s + 2]: key a (-1 when empty), key b, value; one memory read per probe. */
  private readonly entries: Int32Array;
  private readonly mask: number;

  constructor(expected: number) {
    let cap = 16;
    while (cap < expected * 2) cap *= 2;
    this.entries = new Int32Array(cap * 4);
    for (let at = 0; at < this.entries.length; at += 4) this.entries[at] = -1;
    this.mask = cap - 1;
  }

  private slot(a: number, b: number): number {
    return (Math.imul(a ^ Math.imul(b, 0x27d4eb2d), 0x9e3779b1) >>> 7) & this.mask;
  }

  get(a: number, b: number): number {
    const e = this.entries;
    for (let s = this.slot(a, b); ; s = (s + 1) & this.mask) {
      const at = s * 4;
      const k = e[at];
      if (k === -1) return -1;
      if (k === a && e[at + 1] === b) return e[at + 2];
    }
  }

  /** Returns the existing value or stores `value`. */
  getOrSet(a: number, b: number, value: number): number {
    const e = this.entries;
    for (let s = this.slot(a, b); ; s = (s + 1) & this.mask) {
      const at = s * 4;
      const k = e[at];
      if (k === -1) {
        e[at] = a;
        e[at + 1] = b;
        e[at + 2] = value;
        return value;
      }
      if (k === a && e[at + 1] === b) return e[at + 2];
    }
  }
}

/** Extracts feature rows for one fitted vectorizer. */
export class FeatureExtractor {
  readonly nFeatures: number;
  private readonly spec: VectorizerSpec;
  private readonly idf: Float64Array | null;
  private readonly norm: Norm;
  private readonly sublinear: boolean;
  private readonly binary: boolean;
  // TF-IDF, trie mode
  private readonly useTrie: boolean;
  private wordIds = new WordTable();
  /** Default tokenizer: ASCII texts are tokenized and looked up in place, without preprocessing copies. */
  private readonly asciiFastPath: boolean;
  private nodeColumn = new Int32Array(0);
  /**
   * 1 for a trie node with children: most words begin no n-gram of the vocabulary, and this saves
   * their probe of the pair table (a miss in a table of several hundred kilobytes for a large model).
   */
  private hasChildren = new Uint8Array(0);
  private children: PairTable | null = null;
  // TF-IDF, string mode
  private termColumns: Map<string, number> | null = null;
  // per-text buffers
  private readonly spans = new TokenSpans();
  private ids = new Int32Array(64);
  private keptStarts = new Int32Array(64);
  private keptEnds = new Int32Array(64);
  private bytes = new Uint8Array(1024);
  private byteStart = new Int32Array(64);
  private byteEnd = new Int32Array(64);
  private readonly acc: Float64Array;
  private readonly seen: Uint8Array;
  private touched = new Int32Array(64);
  private touchedCount = 0;

  constructor(
    readonly analyzer: TextAnalyzer,
    spec: VectorizerSpec,
  ) {
    this.spec = spec;
    this.norm = spec.norm;
    this.binary = spec.binary;
    if (spec.type === 'tfidf') {
      this.nFeatures = spec.vocabulary.length;
      this.idf = spec.idf ? Float64Array.from(spec.idf) : null;
      this.sublinear = spec.sublinearTf;
      this.useTrie = analyzer.kind === 'word' && analyzer.tokenizer.spaceFree;
      this.asciiFastPath = this.useTrie && analyzer.tokenizer.isDefault;
      if (this.useTrie) this.buildTrie(spec);
      else this.termColumns = new Map(spec.vocabulary.map((t, j) => [t, j]));
      for (const w of analyzer.options.stopWords ?? []) {
        if (this.useTrie) this.wordIds.set(w, STOP);
      }
    } else {
      this.nFeatures = spec.nFeatures;
      this.idf = null;
      this.sublinear = false;
      this.useTrie = false;
      this.asciiFastPath = false;
    }
    this.acc = new Float64Array(this.nFeatures);
    this.seen = new Uint8Array(this.nFeatures);
  }

  private buildTrie(spec: TfidfVectorizerSpec): void {
    const { minN, maxN } = this.analyzer;
    const stop = new Set(this.analyzer.options.stopWords ?? []);
    const wordIds = this.wordIds;
    const split = spec.vocabulary.map((t) => t.split(' '));
    for (const words of split) {
      for (const w of words) if (wordIds.get(w) === undefined && !stop.has(w)) wordIds.set(w, wordIds.size);
    }
    const wordCount = wordIds.size;
    let nodeCount = wordCount;
    let pairs = 0;
    for (const words of split) pairs += words.length - 1;
    const children = new PairTable(Math.max(pairs, 1));
    const nodeColumn: number[] = new Array<number>(wordCount).fill(-1);
    split.forEach((_, column) => {
      const words = split[column];
      const n = words.length;
      if (n < minN || n > maxN || words.some((w) => stop.has(w) || w === '')) return; // unreachable term
      let node = wordIds.get(words[0])!;
      for (let k = 1; k < n; k++) {
        const child = children.getOrSet(node, wordIds.get(words[k])!, nodeCount);
        if (child === nodeCount) {
          nodeColumn.push(-1);
          nodeCount++;
        }
        node = child;
      }
      nodeColumn[node] = column;
    });
    this.nodeColumn = Int32Array.from(nodeColumn);
    this.hasChildren = new Uint8Array(nodeCount);
    split.forEach((words) => {
      if (words.length < 2 || words.length < minN || words.length > maxN) return;
      if (words.some((w) => stop.has(w) || w === '')) return;
      let node = wordIds.get(words[0])!;
      for (let k = 1; k < words.length; k++) {
        this.hasChildren[node] = 1;
        node = children.get(node, wordIds.get(words[k])!);
      }
    });
    this.children = children;
  }

  private ensureWords(n: number): void {
    if (n <= this.ids.length) return;
    const size = Math.max(n, this.ids.length * 2);
    this.ids = new Int32Array(size);
    this.keptStarts = new Int32Array(size);
    this.keptEnds = new Int32Array(size);
    this.byteStart = new Int32Array(size);
    this.byteEnd = new Int32Array(size);
  }

  private count(column: number, amount: number): void {
    if (this.seen[column] === 0) {
      this.seen[column] = 1;
      if (this.touchedCount === this.touched.length) {
        const t = new Int32Array(this.touched.length * 2);
        t.set(this.touched);
        this.touched = t;
      }
      this.touched[this.touchedCount++] = column;
    }
    this.acc[column] += amount;
  }

  /**
   * Whether `extractAscii` can be used: a TF-IDF vocabulary with the default tokenizer, whose ASCII
   * texts are tokenized and looked up in place.
   */
  get readsAsciiBytes(): boolean {
    return this.asciiFastPath;
  }

  /**
   * Extracts the row of the ASCII text `bytes[0 … length - 1]` into `out`: the same row as `extract` of
   * the string of those characters, without making the string. Only when `readsAsciiBytes`.
   */
  extractAscii(bytes: Uint8Array, length: number, out: SparseRow): void {
    if (!this.asciiFastPath) throw new Error('extractAscii needs a TF-IDF vocabulary and the default tokenizer');
    this.touchedCount = 0;
    this.emitTrie(this.asciiByteWordIds(bytes, length), undefined);
    this.finishRow(out);
  }

  /**
   * Extracts the row of `text` into `out`; with `trace`, also records where each feature came from
   * (slower: only for explanations).
   */
  extract(text: string, out: SparseRow, trace?: FeatureTrace): void {
    if (!trace && this.asciiFastPath && !NON_ASCII.test(text)) {
      this.touchedCount = 0;
      this.emitTrie(this.asciiWordIds(text), undefined);
      this.finishRow(out);
      return;
    }
    const analyzer = this.analyzer;
    let pre: string;
    if (trace) {
      const mapped = analyzer.preprocessWithMap(text);
      pre = mapped.text;
      trace.clear();
      trace.preprocessed = pre;
      trace.map = mapped.map;
    } else pre = analyzer.preprocess(text);
    const spans = this.spans;
    if (analyzer.kind === 'word') analyzer.tokenizer.tokenize(pre, spans);
    else spans.clear();
    this.ensureWords(spans.length);
    this.touchedCount = 0;

    if (analyzer.kind !== 'word') this.extractChars(pre, trace);
    else if (this.spec.type === 'hashing') this.extractHashing(pre, spans, this.spec, trace);
    else if (this.useTrie) this.extractTrie(pre, spans, trace);
    else this.extractStrings(pre, spans, trace);

    this.finishRow(out);
  }

  private keep(k: number, start: number, end: number, trace: FeatureTrace | undefined): void {
    this.keptStarts[k] = start;
    this.keptEnds[k] = end;
    if (trace) trace.words.push(start, end);
  }

  /**
   * Word ids of an ASCII text, tokenized with the default pattern straight from the raw text: for ASCII,
   * lowercasing keeps word characters word characters and accent stripping changes nothing, so the
   * tokens are those of the preprocessed text; lowercasing happens inside hashing and comparison.
   */
  private asciiWordIds(text: string): number {
    const n = text.length;
    this.ensureWords((n >> 1) + 1);
    const ids = this.ids;
    const table = this.wordIds;
    const lower = this.analyzer.options.lowercase;
    // In a local: compiled to CommonJS, an import is a property of the module object, read again at every
    // use in the loop (the local took the batch scorer from ~4.47 to ~4.22 µs per comment, issue 19).
    const word = ASCII_WORD;
    let kept = 0;
    for (let i = 0; i < n;) {
      if (word[text.charCodeAt(i)] === 0) {
        i++;
        continue;
      }
      const start = i;
      let h = FNV_OFFSET;
      do {
        let c = text.charCodeAt(i);
        if (lower && c >= 0x41 && c <= 0x5a) c += 0x20;
        h = Math.imul(h ^ c, FNV_PRIME);
        i++;
      } while (i < n && word[text.charCodeAt(i)] === 1);
      if (i - start < 2) continue;
      const id = table.lookup(text, start, i, h, lower);
      if (id !== STOP) ids[kept++] = id;
    }
    return kept;
  }

  /** `asciiWordIds` over the bytes of an ASCII text (the same tokens, hashes and ids). */
  private asciiByteWordIds(bytes: Uint8Array, n: number): number {
    this.ensureWords((n >> 1) + 1);
    const ids = this.ids;
    const table = this.wordIds;
    const lower = this.analyzer.options.lowercase;
    const word = ASCII_WORD; // a local, as in asciiWordIds
    let kept = 0;
    for (let i = 0; i < n;) {
      if (word[bytes[i]] === 0) {
        i++;
        continue;
      }
      const start = i;
      let h = FNV_OFFSET;
      do {
        let c = bytes[i];
        if (lower && c >= 0x41 && c <= 0x5a) c += 0x20;
        h = Math.imul(h ^ c, FNV_PRIME);
        i++;
      } while (i < n && word[bytes[i]] === 1);
      if (i - start < 2) continue;
      const id = table.lookupBytes(bytes, start, i, h, lower);
      if (id !== STOP) ids[kept++] = id;
    }
    return kept;
  }

  private extractTrie(pre: string, spans: TokenSpans, trace: FeatureTrace | undefined): void {
    const wordIds = this.wordIds;
    const ids = this.ids;
    let kept = 0;
    for (let t = 0; t < spans.length; t++) {
      const start = spans.starts[t];
      const end = spans.ends[t];
      const id = wordIds.lookup(pre, start, end, hashRange(pre, start, end, false), false);
      if (id === STOP) continue;
      ids[kept] = id;
      this.keep(kept, start, end, trace);
      kept++;
    }
    this.emitTrie(kept, trace);
  }

  /** Counts the n-grams of the first `kept` word ids (ids[]) through the trie. */
  private emitTrie(kept: number, trace: FeatureTrace | undefined): void {
    const ids = this.ids;
    const { minN, maxN } = this.analyzer;
    const nodeColumn = this.nodeColumn;
    const hasChildren = this.hasChildren;
    const children = this.children!;
    for (let i = 0; i < kept; i++) {
      let node = ids[i];
      if (node < 0) continue;
      if (minN === 1) {
        const col = nodeColumn[node];
        if (col >= 0) {
          this.count(col, 1);
          if (trace) trace.add(col, i, 1);
        }
      }
      for (let n = 2; n <= maxN && i + n <= kept; n++) {
        const w = ids[i + n - 1];
        if (w < 0 || hasChildren[node] === 0) break;
        node = children.get(node, w);
        if (node < 0) break;
        if (n >= minN) {
          const col = nodeColumn[node];
          if (col >= 0) {
            this.count(col, 1);
            if (trace) trace.add(col, i, n);
          }
        }
      }
    }
  }

  private extractStrings(pre: string, spans: TokenSpans, trace: FeatureTrace | undefined): void {
    const words: string[] = [];
    const analyzer = this.analyzer;
    for (let t = 0; t < spans.length; t++) {
      const start = spans.starts[t];
      const end = spans.ends[t];
      const w = pre.slice(start, end);
      if (analyzer.isStopWord(w)) continue;
      this.keep(words.length, start, end, trace);
      words.push(w);
    }
    const { minN, maxN } = analyzer;
    const termColumns = this.termColumns!;
    for (let n = minN; n <= maxN; n++) {
      for (let i = 0; i + n <= words.length; i++) {
        let term = words[i];
        for (let k = 1; k < n; k++) term += ' ' + words[i + k];
        const col = termColumns.get(term);
        if (col !== undefined) {
          this.count(col, 1);
          if (trace) trace.add(col, i, n);
        }
      }
    }
  }

  /** Character n-grams: looked up in the vocabulary, or hashed as whole strings. */
  private extractChars(pre: string, trace: FeatureTrace | undefined): void {
    const spec = this.spec;
    const termColumns = this.termColumns;
    this.analyzer.charNgrams(pre, (term, start, end) => {
      let col: number;
      let amount = 1;
      if (spec.type === 'hashing') {
        const h = murmurhash3String(term);
        col = hashedColumn(h, spec.nFeatures);
        if (spec.alternateSign && h < 0) amount = -1;
      } else {
        const found = termColumns!.get(term);
        if (found === undefined) return;
        col = found;
      }
      this.count(col, amount);
      if (trace) {
        trace.add(col, trace.words.length, 1, term);
        trace.words.push(start, end);
      }
    });
  }

  private extractHashing(
    pre: string,
    spans: TokenSpans,
    spec: HashingVectorizerSpec,
    trace: FeatureTrace | undefined,
  ): void {
    const analyzer = this.analyzer;
    let kept = 0;
    let o = 0;
    for (let t = 0; t < spans.length; t++) {
      const start = spans.starts[t];
      const end = spans.ends[t];
      const w = pre.slice(start, end);
      if (analyzer.isStopWord(w)) continue;
      const need = o + 1 + 3 * w.length;
      if (need > this.bytes.length) {
        const b = new Uint8Array(Math.max(need, this.bytes.length * 2));
        b.set(this.bytes.subarray(0, o));
        this.bytes = b;
      }
      if (kept > 0) this.bytes[o++] = 0x20;
      this.byteStart[kept] = o;
      o = encodeUtf8Into(w, this.bytes, o);
      this.byteEnd[kept] = o;
      this.keep(kept, start, end, trace);
      kept++;
    }
    const { minN, maxN } = analyzer;
    const { nFeatures, alternateSign } = spec;
    for (let n = minN; n <= maxN; n++) {
      for (let i = 0; i + n <= kept; i++) {
        const from = this.byteStart[i];
        const h = murmurhash3x86_32(this.bytes, from, this.byteEnd[i + n - 1] - from, 0);
        const col = hashedColumn(h, nFeatures);
        this.count(col, alternateSign && h < 0 ? -1 : 1);
        if (trace) trace.add(col, i, n);
      }
    }
  }

  private finishRow(out: SparseRow): void {
    const n = this.touchedCount;
    const touched = this.touched;
    // Insertion sort: rows are short; larger ones use the typed-array sort.
    if (n > 64) touched.subarray(0, n).sort();
    else {
      for (let i = 1; i < n; i++) {
        const v = touched[i];
        let j = i - 1;
        while (j >= 0 && touched[j] > v) {
          touched[j + 1] = touched[j]!;
          j--;
        }
        touched[j + 1] = v;
      }
    }
    out.reserve(n);
    const columns = out.columns;
    const values = out.values;
    const acc = this.acc;
    const seen = this.seen;
    const idf = this.idf;
    for (let k = 0; k < n; k++) {
      const col = touched[k];
      let v = acc[col];
      acc[col] = 0;
      seen[col] = 0;
      if (this.binary) v = 1;
      else if (this.sublinear) v = Math.log(v) + 1;
      if (idf !== null) v *= idf[col];
      columns[k] = col;
      values[k] = v;
    }
    out.length = n;
    normalizeRow(values, n, this.norm);
  }
}

/** Row normalization as scikit-learn's `normalize` (sum, then divide; zero rows left as they are). */
export function normalizeRow(values: Float64Array, n: number, norm: Norm): void {
  if (norm === null || n === 0) return;
  let s = 0;
  if (norm === 'l2') {
    for (let k = 0; k < n; k++) s += values[k] * values[k];
    s = Math.sqrt(s);
  } else {
    for (let k = 0; k < n; k++) s += Math.abs(values[k]);
  }
  if (s === 0) return;
  for (let k = 0; k < n; k++) values[k] /= s;
}
