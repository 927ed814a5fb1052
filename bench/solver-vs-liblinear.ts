/**
 * Our dual coordinate descent solver vs liblinear's (`train -s 1`, L2-regularized L2-loss SVC, dual) on
 * the same TF-IDF matrix, in one run.
 *
 *   bash bench/setup.sh                         # apt: liblinear-tools, liblinear-dev; builds the timer
 *   npx tsx bench/solver-vs-liblinear.ts [--rounds 9] [--seed 42] [--C 1] [--eps 0.1] [--loss squared_hinge]
 *
 * SpamAssassin, full messages, seeded 80/20 split; TfidfVectorizer() defaults fitted on the train part.
 * The matrix is written in liblinear's sparse text format once. Each round then runs, back to back:
 *   - liblinear's train() alone, timed inside a small C program linked to Debian's liblinear
 *     (bench/liblinear-solve-timer.c: reads the file first, then times only train());
 *   - our trainLinearSvm on the in-memory matrix (same C, eps, bias 1).
 * Rounds alternate so both see the same machine load; the ratio is of the medians. Also printed: the
 * whole `liblinear-train` process time (file parsing included) and our first, cold (JIT warm-up) run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SvmProblem, type SvmLoss, trainLinearSvm } from '../src/ml/linear-svm';
import { type CsrMatrix, csrDot } from '../src/ml/sparse-matrix';
import { TfidfVectorizer } from '../src/ml/tfidf-vectorizer';
import { splitSpamAssassin } from './spam-assassin';

const ROOT = resolve(__dirname, '..');
const TIMER = join(ROOT, '.bench', 'liblinear-solve-timer');

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}

/** liblinear's text format: "+1 3:0.25 17:0.5" with 1-based feature indices. */
function toLiblinearFormat(X: CsrMatrix, labels: Uint8Array): string {
  const lines: string[] = new Array<string>(X.rows);
  for (let i = 0; i < X.rows; i++) {
    let line = labels[i] ? '+1' : '-1';
    for (let p = X.indptr[i]; p < X.indptr[i + 1]; p++) line += ` ${X.indices[p] + 1}:${X.data[p]}`;
    lines[i] = line;
  }
  return `${lines.join('\n')}\n`;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function accuracy(decisions: Float64Array, labels: Uint8Array): number {
  let ok = 0;
  for (let i = 0; i < labels.length; i++) if (decisions[i] > 0 === (labels[i] === 1)) ok++;
  return ok / labels.length;
}

function main(): void {
  const rounds = Number(option('rounds', '9'));
  const seed = Number(option('seed', '42'));
  const C = Number(option('C', '1'));
  const eps = Number(option('eps', '0.1'));
  const loss = option('loss', 'squared_hinge') as SvmLoss;
  const solverNumber = loss === 'hinge' ? 3 : 1;
  if (!existsSync(TIMER) || spawnSync('liblinear-train', [], { stdio: 'ignore' }).error) {
    console.error('liblinear is not set up: run `bash bench/setup.sh` first');
    process.exit(2);
  }

  let t = performance.now();
  const split = splitSpamAssassin(seed);
  const vectorizer = new TfidfVectorizer();
  const Xtrain = vectorizer.fitTransform(split.trainTexts);
  const Xtest = vectorizer.transform(split.testTexts);
  const vectorizeMs = performance.now() - t;
  console.log(
    `SpamAssassin: ${Xtrain.rows} train × ${Xtrain.cols} features (${Xtrain.indices.length} non-zeros), ` +
      `${Xtest.rows} test; TF-IDF fit+transform ${vectorizeMs.toFixed(0)} ms`,
  );

  const dir = mkdtempSync(join(tmpdir(), 'solver-bench-'));
  try {
    const trainFile = join(dir, 'train.txt');
    const testFile = join(dir, 'test.txt');
    writeFileSync(trainFile, toLiblinearFormat(Xtrain, split.trainLabels));
    writeFileSync(testFile, toLiblinearFormat(Xtest, split.testLabels));

    // Counterpart of liblinear reading its file into its own row format, which its train() time leaves out:
    // copy the rows into the solver's (WebAssembly) memory, once. Everything else (row norms, allocation,
    // the iterations, the objective) is inside the timed trainLinearSvm, as it is inside liblinear's train().
    t = performance.now();
    const problem = new SvmProblem(Xtrain);
    const prepareMs = performance.now() - t;

    const ours: number[] = [];
    const theirs: number[] = [];
    let ourAccuracy = 0;
    let ourIterations = 0;
    let ourObjective = 0;
    let theirAccuracy = 0;
    let theirIterations = 0;
    let theirObjective = 0;
    for (let r = 0; r < rounds; r++) {
      const run = spawnSync(TIMER, [trainFile, testFile, String(solverNumber), String(C), String(eps), '1', '1'], {
        encoding: 'utf8',
      });
      if (run.status !== 0) throw new Error(`liblinear timer failed: ${run.stderr}`);
      const result = JSON.parse(run.stdout) as {
        solveMs: number[];
        iterations: number;
        accuracy: number;
        objective: number;
      };
      theirs.push(result.solveMs[0]);
      theirAccuracy = result.accuracy;
      theirIterations = result.iterations;
      theirObjective = result.objective;

      t = performance.now();
      const model = trainLinearSvm(problem, split.trainLabels, { C, tol: eps, loss, bias: 1, seed: r });
      ours.push(performance.now() - t);
      ourAccuracy = accuracy(csrDot(Xtest, model.coef, model.intercept), split.testLabels);
      ourIterations = model.iterations;
      ourObjective = -model.dualObjective;
    }

    t = performance.now();
    const whole = spawnSync('liblinear-train', [
      '-s',
      String(solverNumber),
      '-c',
      String(C),
      '-e',
      String(eps),
      '-B',
      '1',
      '-q',
      trainFile,
      join(dir, 'model.txt'),
    ]);
    const wholeMs = performance.now() - t;
    if (whole.status !== 0) throw new Error(`liblinear-train failed: ${String(whole.stderr)}`);

    const ratio = median(ours) / median(theirs);
    const fmt = (xs: number[]) => xs.map((x) => x.toFixed(1)).join(' ');
    console.log(
      `loss ${loss} (liblinear -s ${solverNumber}), C ${C}, eps ${eps}, bias 1, ${rounds} alternating rounds`,
    );
    console.log(`liblinear train(): median ${median(theirs).toFixed(1)} ms  [${fmt(theirs)}]`);
    console.log(
      `ours trainLinearSvm: median ${median(ours).toFixed(1)} ms  [${fmt(ours)}]  ` +
        `(first, cold JIT: ${ours[0].toFixed(1)} ms; SvmProblem prepared once in ${prepareMs.toFixed(1)} ms, ${problem.kernels.kind} kernels)`,
    );
    console.log(
      `liblinear-train whole process (parses the ${(Xtrain.indices.length / 1e6).toFixed(2)}M-entry file): ${wholeMs.toFixed(0)} ms`,
    );
    console.log(
      `accuracy: liblinear ${(theirAccuracy * 100).toFixed(2)}%, ours ${(ourAccuracy * 100).toFixed(2)}%; ` +
        `iterations: liblinear ${theirIterations}, ours ${ourIterations}; ` +
        `dual objective (liblinear's sign): liblinear ${theirObjective.toFixed(4)}, ours ${ourObjective.toFixed(4)}`,
    );
    console.log(`RATIO ours / liblinear (median solver time): ${ratio.toFixed(2)}×  (target ≤ 1.5×)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
