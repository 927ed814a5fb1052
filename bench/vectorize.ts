/**
 * The training's vectorize phase alone (TF-IDF fit on the training part, then transform of both parts, with
 * the trainer's settings: 1–2-grams, English stop words, ASCII accent stripping, min_df 2, max_df 0.95,
 * max_features 10,000) on the generated Jigsaw-shaped corpus (bench/jigsaw-corpus.ts), three ways in the
 * same invocation, interleaved, median of the rounds:
 *
 * - `TfidfVectorizer` as it is now;
 * - the previous fit, kept here as the reference: every term occurrence built as a string and counted in a
 *   Map, all distinct terms sorted by code point, then a stable sort by corpus frequency for max_features
 *   (the transform is the same extractor);
 * - scikit-learn's `TfidfVectorizer` on the same texts (the project's .venv, `bash scripts/setup-python.sh`),
 *   timed inside Python around fit_transform + transform only.
 *
 * Checks that the current and previous fits give the same vocabulary, idf and matrices before printing.
 *
 *   npx tsx bench/vectorize.ts [--rows 40000] [--rounds 3]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ENGLISH_STOP_WORDS } from '../src/ml/english-stop-words';
import { FeatureExtractor } from '../src/ml/feature-extractor';
import type { TfidfVectorizerSpec } from '../src/ml/model-artifact';
import type { CsrMatrix } from '../src/ml/sparse-matrix';
import { TextAnalyzer } from '../src/ml/text-analyzer';
import { compareCodePoints, TfidfVectorizer, transformWith } from '../src/ml/tfidf-vectorizer';
import { generate } from './jigsaw-corpus';

const ROOT = resolve(__dirname, '..');
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const ROWS = Number(arg('--rows', '40000'));
const ROUNDS = Number(arg('--rounds', '3'));

const OPTIONS = {
  lowercase: true,
  stripAccents: 'ascii' as const,
  stopWords: ENGLISH_STOP_WORDS,
  ngramRange: [1, 2] as [number, number],
};
const MIN_DF = 2;
const MAX_DF = 0.95;
const MAX_FEATURES = 10000;

/** The previous `TfidfVectorizer.fit` (reference): term strings in a Map, full code-point sort, stable tf sort. */
function previousFit(docs: readonly string[]): TfidfVectorizerSpec {
  const analyzer = new TextAnalyzer(OPTIONS);
  const ids = new Map<string, number>();
  const tf: number[] = [];
  const df: number[] = [];
  const lastDoc: number[] = [];
  docs.forEach((doc, d) => {
    for (const term of analyzer.terms(doc)) {
      let id = ids.get(term);
      if (id === undefined) {
        id = ids.size;
        ids.set(term, id);
        tf.push(0);
        df.push(0);
        lastDoc.push(-1);
      }
      tf[id]++;
      if (lastDoc[id] !== d) {
        lastDoc[id] = d;
        df[id]++;
      }
    }
  });
  const maxCount = MAX_DF * docs.length;
  let kept = [...ids.keys()].sort(compareCodePoints).filter((t) => {
    const f = df[ids.get(t)!];
    return f <= maxCount && f >= MIN_DF;
  });
  if (kept.length > MAX_FEATURES) {
    const order = kept.map((_, i) => i);
    order.sort((a, b) => tf[ids.get(kept[b])!] - tf[ids.get(kept[a])!] || a - b);
    kept = order
      .slice(0, MAX_FEATURES)
      .sort((a, b) => a - b)
      .map((i) => kept[i]);
  }
  const n = docs.length;
  return {
    type: 'tfidf',
    vocabulary: kept,
    idf: kept.map((t) => Math.log((n + 1) / (df[ids.get(t)!] + 1)) + 1),
    norm: 'l2',
    sublinearTf: false,
    binary: false,
  };
}

interface Result {
  spec: TfidfVectorizerSpec;
  Xtrain: CsrMatrix;
  Xtest: CsrMatrix;
}

function current(train: readonly string[], test: readonly string[]): Result {
  const v = new TfidfVectorizer({
    ...OPTIONS,
    minDf: { count: MIN_DF },
    maxDf: { fraction: MAX_DF },
    maxFeatures: MAX_FEATURES,
  });
  const { spec } = v.fit(train);
  return { spec, Xtrain: v.transform(train), Xtest: v.transform(test) };
}

function previous(train: readonly string[], test: readonly string[]): Result {
  const spec = previousFit(train);
  const extractor = new FeatureExtractor(new TextAnalyzer(OPTIONS), spec);
  return { spec, Xtrain: transformWith(extractor, train), Xtest: transformWith(extractor, test) };
}

function sameMatrix(a: CsrMatrix, b: CsrMatrix): boolean {
  const eq = (x: ArrayLike<number>, y: ArrayLike<number>) => {
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return false;
    return true;
  };
  return (
    a.rows === b.rows && a.cols === b.cols && eq(a.indptr, b.indptr) && eq(a.indices, b.indices) && eq(a.data, b.data)
  );
}

const SKLEARN = `
import csv, json, sys, time
from sklearn.feature_extraction.text import TfidfVectorizer
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    texts = [r[1] for r in list(csv.reader(f))[1:]]
cut = int(sys.argv[2])
tr, te = texts[:cut], texts[cut:]
times = []
for _ in range(int(sys.argv[3])):
    t0 = time.perf_counter()
    v = TfidfVectorizer(max_features=10000, ngram_range=(1, 2), min_df=2, max_df=0.95, strip_accents="ascii", stop_words="english")
    X = v.fit_transform(tr); Xt = v.transform(te)
    times.append(time.perf_counter() - t0)
print(json.dumps({"seconds": times, "vocabulary": len(v.vocabulary_), "nnz": int(X.nnz)}))
`;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = <T>(f: () => T): [T, number] => {
  const t0 = performance.now();
  const r = f();
  return [r, (performance.now() - t0) / 1000];
};

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-vectorize-'));
  const csv = join(dir, 'train.csv');
  await generate(csv, ROWS);
  // The generator quotes each text and writes no quote inside it: the text is between the first two quotes.
  const texts = readFileSync(csv, 'utf8')
    .split('\n')
    .slice(1)
    .filter((l) => l.length > 0)
    .map((l) => l.split('"')[1]);
  const cut = Math.floor(texts.length * 0.8);
  const train = texts.slice(0, cut);
  const test = texts.slice(cut);
  const loadBefore = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  console.log(`corpus: ${ROWS.toLocaleString('en')} rows (${train.length} fit + transform, ${test.length} transform)`);
  console.log(`load average before: ${loadBefore}`);

  const ours: number[] = [];
  const before: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const [a, ta] = time(() => current(train, test));
    const [b, tb] = time(() => previous(train, test));
    ours.push(ta);
    before.push(tb);
    if (r === 0) {
      const same =
        JSON.stringify(a.spec) === JSON.stringify(b.spec) &&
        sameMatrix(a.Xtrain, b.Xtrain) &&
        sameMatrix(a.Xtest, b.Xtest);
      if (!same) throw new Error('current and previous fits differ: vocabulary, idf or matrix values changed');
      console.log(
        `identical output: ${a.spec.vocabulary.length} terms, ${a.Xtrain.data.length} non-zeros in the fit matrix`,
      );
    }
  }
  const python = join(ROOT, '.venv/bin/python');
  let sk: number | null = null;
  if (existsSync(python)) {
    const run = spawnSync(python, ['-c', SKLEARN, csv, String(cut), String(ROUNDS)], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`scikit-learn run failed:\n${run.stderr}`);
    sk = median((JSON.parse(run.stdout) as { seconds: number[] }).seconds);
  }
  const fmt = (s: number) => `${s.toFixed(2)} s`;
  console.log('\n| vectorize (fit + transform) | median wall time |');
  console.log('| --- | ---: |');
  console.log(`| TfidfVectorizer now | ${fmt(median(ours))} |`);
  console.log(`| previous fit (reference) | ${fmt(median(before))} |`);
  console.log(`| scikit-learn TfidfVectorizer | ${sk === null ? 'n/a (run bash scripts/setup-python.sh)' : fmt(sk)} |`);
  console.log(`\nratio now / previous: ${(median(ours) / median(before)).toFixed(3)}×`);
  if (sk !== null) console.log(`ratio now / scikit-learn: ${(median(ours) / sk).toFixed(3)}×`);
  console.log(`load average after: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
  rmSync(dir, { recursive: true, force: true });
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
