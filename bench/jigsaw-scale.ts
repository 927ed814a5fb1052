/**
 * Training at the size of real data: a generated corpus shaped like the Jigsaw toxic-comment training
 * set (160k rows by default, 6 labels with Jigsaw's positive rates, comment lengths spread like
 * Jigsaw's) is trained end to end by the `toxicity train` command (read the CSV, clean, TF-IDF, one
 * linear SVM per label, Platt calibration, evaluation, write the model) and, in the same run on the
 * same file, by scikit-learn's `TfidfVectorizer` (the original settings) + `OneVsRestClassifier(LinearSVC)`
 * (the project's .venv, made by `bash scripts/setup-python.sh`). Prints the wall time and peak RSS of
 * each process (GNU time) and their ratios.
 *
 *   npx tsx bench/jigsaw-scale.ts [--rows 160000] [--mask] [--keep]
 *   npx tsx bench/jigsaw-scale.ts --rows 1000000
 *
 * `--mask` trains with the default PII masking (the CLI default); without it `--no-mask-pii`, the same
 * work scikit-learn does. `--keep` leaves the generated CSV in the temporary folder.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generate, LABEL_RATES } from './jigsaw-corpus';

const ROOT = resolve(__dirname, '..');
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const ROWS = Number(arg('--rows', '160000'));
const MASK = process.argv.includes('--mask');
const KEEP = process.argv.includes('--keep');

/** Runs a command under GNU time; wall seconds and peak RSS (MiB) of the process. */
function timed(command: string, args: string[]): { seconds: number; peakMiB: number; stdout: string } {
  const stats = join(mkdtempSync(join(tmpdir(), 'bench-time-')), 'time.txt');
  const run = spawnSync('/usr/bin/time', ['-f', '%e %M', '-o', stats, command, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (run.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${run.status}):\n${run.stderr}`);
  const [seconds, kib] = readFileSync(stats, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  return { seconds, peakMiB: kib / 1024, stdout: run.stdout };
}

const SKLEARN = `
import csv, json, resource, sys, time
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.model_selection import train_test_split
from sklearn.multiclass import OneVsRestClassifier
from sklearn.svm import LinearSVC
t0 = time.perf_counter()
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    rows = list(csv.reader(f))
header, rows = rows[0], rows[1:]
texts = [r[1] for r in rows]
y = [[int(v) for v in r[2:]] for r in rows]
tr, te = train_test_split(range(len(texts)), test_size=0.2, random_state=42)
t1 = time.perf_counter()
v = TfidfVectorizer(max_features=10000, ngram_range=(1, 2), min_df=2, max_df=0.95, strip_accents="ascii", stop_words="english")
X = v.fit_transform([texts[i] for i in tr]); Xt = v.transform([texts[i] for i in te])
t2 = time.perf_counter()
m = OneVsRestClassifier(LinearSVC(class_weight="balanced", max_iter=10000)).fit(X, [y[i] for i in tr])
m.decision_function(Xt)
t3 = time.perf_counter()
print(json.dumps({"read": t1 - t0, "tfidf": t2 - t1, "svm": t3 - t2}))
`;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-jigsaw-'));
  const csv = join(dir, 'train.csv');
  const g0 = performance.now();
  await generate(csv, ROWS);
  const size = statSync(csv).size;
  console.log(
    `corpus: ${ROWS.toLocaleString('en')} rows × ${LABEL_RATES.length} labels, ${(size / 2 ** 20).toFixed(0)} MiB ` +
      `(generated in ${((performance.now() - g0) / 1000).toFixed(1)} s) at ${csv}`,
  );
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  console.log(`load average before: ${load} (the machine may be shared with other jobs)\n`);

  const ours = timed(join(ROOT, 'node_modules/.bin/tsx'), [
    'src/cli.ts',
    'train',
    '--data',
    csv,
    '--out',
    join(dir, 'model'),
    '--no-progress',
    '--json',
    ...(MASK ? [] : ['--no-mask-pii']),
  ]);
  const report = JSON.parse(ours.stdout) as { timingsMs?: Record<string, number> };
  const phases = Object.entries(report.timingsMs ?? {})
    .map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`)
    .join(', ');

  const python = join(ROOT, '.venv/bin/python');
  const sk = existsSync(python) ? timed(python, ['-c', SKLEARN, csv]) : null;
  const skPhases = sk ? (JSON.parse(sk.stdout) as Record<string, number>) : null;

  const fmt = (s: number) => `${s.toFixed(1)} s`;
  console.log('| run | wall time | peak RSS | phases |');
  console.log('| --- | ---: | ---: | --- |');
  console.log(
    `| toxicity train (${MASK ? 'default PII masking' : '--no-mask-pii'}; + Platt, evaluation, model written) | ${fmt(ours.seconds)} | ${ours.peakMiB.toFixed(0)} MiB | ${phases} |`,
  );
  if (sk && skPhases) {
    console.log(
      `| scikit-learn TfidfVectorizer + OneVsRestClassifier(LinearSVC) | ${fmt(sk.seconds)} | ${sk.peakMiB.toFixed(0)} MiB | ` +
        `read ${fmt(skPhases.read)}, tfidf ${fmt(skPhases.tfidf)}, svm ${fmt(skPhases.svm)} |`,
    );
    console.log(
      `\nratio (ours / scikit-learn): wall time ${(ours.seconds / sk.seconds).toFixed(2)}×, peak RSS ${(ours.peakMiB / sk.peakMiB).toFixed(2)}×`,
    );
  } else {
    console.log('| scikit-learn | n/a (run bash scripts/setup-python.sh) | | |');
  }
  console.log(`peak RSS ${ours.peakMiB <= 2048 ? '≤' : '>'} 2 GiB (target for 160k rows: ≤ 2 GiB)`);
  console.log(`load average after: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
  if (!KEEP) rmSync(dir, { recursive: true, force: true });
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
