/**
 * Corpus term statistics for `TfidfVectorizer.fit`: for every distinct term of the analyzer, its corpus
 * frequency (tf) and document frequency (df).
 *
 * For word n-grams with a tokenizer whose tokens cannot contain spaces (the default pattern), a term is
 * determined by its sequence of words, so terms are counted as nodes of a trie over word ids: each n-gram
 * costs one integer-pair hash probe and no string is built per occurrence. A term's string (its words
 * joined by one space, as scikit-learn's `_word_ngrams` writes it) is made only when asked for, which
 * `fit` does only for the terms that survive df pruning. Other analyzers count the analyzer's term
 * strings in a Map.
 */
import type { TextAnalyzer } from './text-analyzer';

/** What counting produced. Entry ids are dense, 0 … entries − 1; not every entry need be a term. */
export interface TermCounts {
  /** Number of entries. */
  readonly entries: number;
  /** Number of distinct terms (scikit-learn's vocabulary size before pruning). */
  readonly terms: number;
  /** Whether entry `id` is a term (trie nodes shorter than the minimum n are not). */
  isTerm(id: number): boolean;
  /** Corpus frequency of entry `id`. */
  readonly tf: Float64Array;
  /** Document frequency of entry `id`. */
  readonly df: Int32Array;
  /** The term string of entry `id`. */
  term(id: number): string;
}

function grownInt32(a: Int32Array, fill?: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  if (fill !== undefined) b.fill(fill, a.length);
  b.set(a);
  return b;
}

function grownFloat64(a: Float64Array): Float64Array<ArrayBuffer> {
  const b = new Float64Array(a.length * 2);
  b.set(a);
  return b;
}

/** Per-entry tf, df and the last document seen (to count each document once), growable. */
class Frequencies {
  tf: Float64Array = new Float64Array(1024);
  df: Int32Array = new Int32Array(1024);
  lastDoc: Int32Array = new Int32Array(1024).fill(-1);

  ensure(id: number): void {
    if (id < this.tf.length) return;
    this.tf = grownFloat64(this.tf);
    this.df = grownInt32(this.df);
    this.lastDoc = grownInt32(this.lastDoc, -1);
  }

  add(id: number, doc: number): void {
    this.tf[id]++;
    if (this.lastDoc[id] !== doc) {
      this.lastDoc[id] = doc;
      this.df[id]++;
    }
  }
}

/** Growable open-addressing map (parent node + 1, word id) → node id; linear probing. */
class NodeTable {
  private keysA = new Int32Array(1 << 12).fill(-1);
  private keysB = new Int32Array(1 << 12);
  private vals = new Int32Array(1 << 12);
  private mask = (1 << 12) - 1;
  private count = 0;

  private static slot(a: number, b: number, mask: number): number {
    return (Math.imul(a ^ Math.imul(b, 0x27d4eb2d), 0x9e3779b1) >>> 7) & mask;
  }

  /** The node for (a, b), or `fresh` stored as the new node when absent. */
  getOrSet(a: number, b: number, fresh: number): number {
    const { keysA, keysB, mask } = this;
    let s = NodeTable.slot(a, b, mask);
    for (;;) {
      const k = keysA[s];
      if (k === -1) break;
      if (k === a && keysB[s] === b) return this.vals[s];
      s = (s + 1) & mask;
    }
    keysA[s] = a;
    keysB[s] = b;
    this.vals[s] = fresh;
    if (++this.count * 2 > keysA.length) this.grow();
    return fresh;
  }

  private grow(): void {
    const { keysA, keysB, vals } = this;
    const size = keysA.length * 2;
    this.keysA = new Int32Array(size).fill(-1);
    this.keysB = new Int32Array(size);
    this.vals = new Int32Array(size);
    this.mask = size - 1;
    for (let s = 0; s < keysA.length; s++) {
      const a = keysA[s];
      if (a === -1) continue;
      let t = NodeTable.slot(a, keysB[s], this.mask);
      while (this.keysA[t] !== -1) t = (t + 1) & this.mask;
      this.keysA[t] = a;
      this.keysB[t] = keysB[s];
      this.vals[t] = vals[s];
    }
  }
}

/** Counts word n-grams as trie nodes (tokens must not contain spaces). */
function countWordNgrams(analyzer: TextAnalyzer, documents: readonly string[]): TermCounts {
  const { minN, maxN } = analyzer;
  const wordIds = new Map<string, number>();
  const words: string[] = [];
  const table = new NodeTable();
  const freq = new Frequencies();
  let parent = new Int32Array(1024);
  let lastWord = new Int32Array(1024);
  let depth = new Int32Array(1024);
  let nodes = 0;
  let terms = 0;
  let ids = new Int32Array(64);
  for (let d = 0; d < documents.length; d++) {
    const doc = documents[d];
    if (typeof doc !== 'string') throw new TypeError(`documents[${d}] must be a string, got ${typeof doc}`);
    const docWords = analyzer.words(analyzer.preprocess(doc));
    const m = docWords.length;
    if (m > ids.length) ids = new Int32Array(Math.max(m, ids.length * 2));
    for (let i = 0; i < m; i++) {
      const w = docWords[i];
      let id = wordIds.get(w);
      if (id === undefined) {
        id = words.length;
        wordIds.set(w, id);
        words.push(w);
      }
      ids[i] = id;
    }
    for (let i = 0; i < m; i++) {
      let node = -1;
      for (let n = 1; n <= maxN && i + n <= m; n++) {
        const child = table.getOrSet(node + 1, ids[i + n - 1], nodes);
        if (child === nodes) {
          if (nodes === parent.length) {
            parent = grownInt32(parent);
            lastWord = grownInt32(lastWord);
            depth = grownInt32(depth);
          }
          parent[nodes] = node;
          lastWord[nodes] = ids[i + n - 1];
          depth[nodes] = n;
          freq.ensure(nodes);
          nodes++;
          if (n >= minN) terms++;
        }
        node = child;
        if (n >= minN) freq.add(node, d);
      }
    }
  }
  return {
    entries: nodes,
    terms,
    tf: freq.tf,
    df: freq.df,
    isTerm: (id) => depth[id] >= minN,
    term(id) {
      let s = words[lastWord[id]];
      for (let p = parent[id]; p >= 0; p = parent[p]) s = `${words[lastWord[p]]} ${s}`;
      return s;
    },
  };
}

/** Counts the analyzer's term strings in a Map (character n-grams, patterns whose tokens may hold spaces). */
function countTermStrings(analyzer: TextAnalyzer, documents: readonly string[]): TermCounts {
  const ids = new Map<string, number>();
  const freq = new Frequencies();
  for (let d = 0; d < documents.length; d++) {
    const doc = documents[d];
    if (typeof doc !== 'string') throw new TypeError(`documents[${d}] must be a string, got ${typeof doc}`);
    for (const term of analyzer.terms(doc)) {
      let id = ids.get(term);
      if (id === undefined) {
        id = ids.size;
        ids.set(term, id);
        freq.ensure(id);
      }
      freq.add(id, d);
    }
  }
  const strings = [...ids.keys()];
  return {
    entries: strings.length,
    terms: strings.length,
    tf: freq.tf,
    df: freq.df,
    isTerm: () => true,
    term: (id) => strings[id],
  };
}

/**
 * Term and document frequencies of every term of `documents` under `analyzer`. `strings` forces the
 * Map-of-strings path (the reference the trie path is tested against).
 */
export function countTerms(analyzer: TextAnalyzer, documents: readonly string[], strings = false): TermCounts {
  if (!strings && analyzer.kind === 'word' && analyzer.tokenizer.spaceFree) return countWordNgrams(analyzer, documents);
  return countTermStrings(analyzer, documents);
}
