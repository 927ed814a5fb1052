/**
 * End-to-end training time: `trainToxicityModel` (mask → clean → TF-IDF → SVM per label → Platt →
 * evaluation) on the bundled demo set and on SpamAssassin, against scikit-learn doing the
 * vectorizing and LinearSVC part of the same work in the same run (the project's .venv, made by
 * `bash scripts/setup-python.sh`).
 *
 * By default the trainer runs from the sources through tsx, as `npx toxicity train` runs it; with
 * `--compiled`, from the build/ output of `npm run build`, as Cloud Build's train step runs it
 * (`node build/src/cli.js train`).
 *
 *   npx tsx bench/training.ts [--rounds 3] [--skip-tagger (leave out the slow --pii-tagger variant)] [--compiled]
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type LabelledDataset, readDataset } from '../src/training/read-dataset';
import * as sources from '../src/training/train-model';
import type { TrainOptions } from '../src/training/train-model';
import { loadSpamAssassin } from './spam-assassin';

const ROOT = resolve(__dirname, '..');
const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1] || 3) || 3;
const compiled = process.argv.includes('--compiled');

/** The trainer from the sources, or from build/ with --compiled (an error says to build when it is missing). */
function trainer(): typeof sources.trainToxicityModel {
  if (!compiled) return sources.trainToxicityModel;
  const built = join(ROOT, 'build/src/training/train-model.js');
  if (!existsSync(built)) throw new Error(`--compiled needs ${built}: run \`npm run build\` first`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(built) as typeof sources).trainToxicityModel;
}
const trainToxicityModel = trainer();

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function timeOurs(dataset: LabelledDataset, options: TrainOptions): { ms: number; phases: Record<string, number> } {
  const times: number[] = [];
  let phases: Record<string, number> = {};
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    const { report } = trainToxicityModel(dataset, options, {
      dataUri: 'bench',
      dataHash: 'sha256:bench',
      commit: null,
      now: new Date(0),
      clock: () => performance.now(),
    });
    times.push(performance.now() - t0);
    phases = report.timingsMs;
  }
  return { ms: median(times), phases };
}

/** scikit-learn: TfidfVectorizer(original settings) fit on the train part + LinearSVC per label, timed in Python. */
function timeSklearn(dataset: LabelledDataset): number | null {
  const python = join(ROOT, '.venv/bin/python');
  if (!existsSync(python)) return null;
  const dir = mkdtempSync(join(tmpdir(), 'bench-train-'));
  const file = join(dir, 'data.json');
  writeFileSync(file, JSON.stringify({ texts: dataset.texts, targets: dataset.targets.map((t) => Array.from(t)) }));
  const script = `
import json, sys, time
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC
from sklearn.model_selection import train_test_split
d = json.load(open(sys.argv[1])); rounds = int(sys.argv[2]); times = []
for _ in range(rounds):
    t0 = time.perf_counter()
    idx = list(range(len(d["texts"])))
    tr, te = train_test_split(idx, test_size=0.2, random_state=42)
    v = TfidfVectorizer(max_features=10000, ngram_range=(1, 2), min_df=2, max_df=0.95, strip_accents="ascii", stop_words="english")
    X = v.fit_transform([d["texts"][i] for i in tr]); Xt = v.transform([d["texts"][i] for i in te])
    for y in d["targets"]:
        yt = [y[i] for i in tr]
        if len(set(yt)) < 2: continue
        m = LinearSVC(class_weight="balanced", max_iter=10000).fit(X, yt); m.decision_function(Xt)
    times.append((time.perf_counter() - t0) * 1000)
times.sort(); print(times[len(times) // 2])
`;
  return Number(execFileSync(python, ['-c', script, file, String(rounds)], { encoding: 'utf8' }).trim());
}

async function main(): Promise<void> {
  const { dataset: demo } = await readDataset(createReadStream(join(ROOT, 'data/demo/comments.csv')), {
    name: 'comments.csv',
  });
  const spam = loadSpamAssassin();
  const spamSet: LabelledDataset = {
    ids: spam.texts.map(String),
    texts: spam.texts,
    labels: ['spam'],
    targets: [spam.labels],
  };

  const rows: string[][] = [];
  for (const [name, data] of [
    ['demo (606 comments, 6 labels)', demo],
    ['SpamAssassin (6,046 messages, 1 label)', spamSet],
  ] as const) {
    const withMask = process.argv.includes('--skip-tagger') ? null : timeOurs(data, { piiTagger: true });
    const fastMask = timeOurs(data, {});
    const noMask = timeOurs(data, { maskPii: false });
    const sk = timeSklearn(data);
    const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
    const phases = Object.entries(noMask.phases)
      .map(([k, v]) => `${k} ${fmt(v)}`)
      .join(', ');
    rows.push([
      name,
      withMask === null ? 'skipped' : fmt(withMask.ms),
      fmt(fastMask.ms),
      fmt(noMask.ms),
      sk === null ? 'n/a (run scripts/setup-python.sh)' : fmt(sk),
      sk === null ? '-' : `${(noMask.ms / sk).toFixed(2)}×`,
      phases,
    ]);
  }
  console.log(`rounds: ${rounds} (medians); trainer: ${compiled ? 'build/ (npm run build)' : 'sources through tsx'}\n`);
  console.log(
    '| data | ours, PII masking with tagger (`--pii-tagger`) | ours, masking without tagger (default) | ours, no masking | scikit-learn (vectorize + LinearSVC) | ratio (no masking / sklearn) | our phases, no masking |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  console.log(
    '\nOurs also fits Platt calibration (3 extra SVM fits per label) and evaluates; scikit-learn here does not.',
  );
}

void main();
