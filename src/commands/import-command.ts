import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { parse as parseCsv } from 'csv-parse/sync';
import { MlflowError } from '../mlflow';
import { type CliContext, UsageError, examples } from './cli-context';
import {
  BUILT_IN_CHECK_TEXTS,
  importSklearnModel,
  type ModelArtifact,
  type ParityReport,
  ParityError,
  type SklearnDescription,
  SklearnImportError,
  SUPPORTED_SKLEARN,
} from '../ml';
import { GateError } from '../training';
import { openRegistration, registerImported, type RegisterFlags } from './import-registration';

/** Exit statuses of python/sklearn_export.py. */
const EXPORT_REFUSED = 2;
const EXPORT_MISSING_PACKAGES = 3;

const PICKLE_WARNING =
  'load a pickle or joblib file: loading one runs any code it names, so a model file from someone else ' +
  'can take over this machine; use only for files you trust (skops files need no flag)';

interface ImportFlags extends RegisterFlags {
  out: string;
  allowPickle?: boolean;
  python: string;
  checkData?: string;
  textColumn: string;
  labels?: string;
  name?: string;
  version?: string;
  tolerance: string;
  register?: string;
  gateMetric?: string;
  minImprovement?: string;
  experiment?: string;
}

/** What `import sklearn` needs from outside the context; tests pass their own clock. */
export interface ImportCommandDeps {
  readonly now?: () => Date;
}

/** The exporter shipped with the project: python/sklearn_export.py, found from this file up. */
export function exporterScript(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'python', 'sklearn_export.py');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`python/sklearn_export.py not found above ${from}`);
  }
}

/** Texts of a check file: a CSV (`textColumn`), a JSON list of strings, or one text per line. */
export function readCheckTexts(path: string, textColumn: string): string[] {
  const raw = readFileSync(path, 'utf8');
  if (path.endsWith('.json')) {
    const parsed: unknown = JSON.parse(raw);
    if (!Array.isArray(parsed) || !parsed.every((t) => typeof t === 'string')) {
      throw new UsageError(`--check-data ${path}: expected a JSON list of strings`, 1);
    }
    return parsed;
  }
  if (path.endsWith('.csv')) {
    const rows = parseCsv<Record<string, string>>(raw, { columns: true, skip_empty_lines: true, bom: true });
    if (rows.length > 0 && !(textColumn in rows[0])) {
      throw new UsageError(
        `--check-data ${path}: no column ${JSON.stringify(textColumn)} (columns: ${Object.keys(rows[0]).join(', ')}); set --text-column`,
        1,
      );
    }
    return rows.map((r) => r[textColumn]);
  }
  return raw.split(/\r?\n/).filter((line) => line.length > 0);
}

/** Runs the exporter with the user's Python; resolves with its JSON, or throws a UsageError with its message. */
function runExporter(python: string, args: string[], texts: readonly string[]): Promise<SklearnDescription> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(python, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e: NodeJS.ErrnoException) => {
      reject(
        new UsageError(
          e.code === 'ENOENT'
            ? `cannot run ${python}: not found; install Python 3 with scikit-learn and skops ` +
                '(`python3 -m pip install scikit-learn skops`) or pass --python /path/to/python'
            : `cannot run ${python}: ${e.message}`,
          1,
        ),
      );
    });
    child.on('close', (code) => {
      const stderr = Buffer.concat(err).toString('utf8').trim();
      if (code === 0) {
        try {
          resolvePromise(JSON.parse(Buffer.concat(out).toString('utf8')) as SklearnDescription);
        } catch (e) {
          reject(new UsageError(`the exporter printed invalid JSON: ${(e as Error).message}`, 1));
        }
        return;
      }
      const prefix =
        code === EXPORT_REFUSED
          ? 'refused: '
          : code === EXPORT_MISSING_PACKAGES
            ? ''
            : `the exporter failed (exit ${code}): `;
      reject(new UsageError(`${prefix}${stderr || 'no message'}`, 1));
    });
    child.stdin.on('error', () => undefined); // the exporter may exit before reading (a refused file)
    child.stdin.end(JSON.stringify(texts));
  });
}

/**
 * Registers `toxicity import sklearn <model> [classifier] --out model.json`: converts a fitted scikit-learn
 * text classifier into the project's model artifact through python/sklearn_export.py, scores check texts
 * with both, and writes the artifact only when every difference is within the tolerance. With `--register`,
 * the artifact and the champion are also scored on the labelled check data, and the artifact is registered
 * in MLflow with the champion-vs-challenger gate's decision (as `retrain challenge` does).
 */
export function registerImportCommand(program: Command, ctx: CliContext, deps: ImportCommandDeps = {}): void {
  const importCmd = program
    .command('import')
    .description('convert a model fitted elsewhere into a model artifact')
    .addHelpText('after', examples('toxicity import sklearn pipeline.skops --out model.json'));
  importCmd
    .command('sklearn')
    .description(
      'convert a fitted scikit-learn text classifier (Pipeline, or vectorizer + classifier) into a model artifact, ' +
        'proving parity on check texts first (needs Python 3 with scikit-learn, and skops for .skops files)',
    )
    .argument(
      '<model>',
      'a .skops file (or a pickle/joblib file with --allow-pickle): a Pipeline, a (vectorizer, classifier) pair, or a vectorizer',
    )
    .argument('[classifier]', 'the classifier, when <model> holds only the vectorizer')
    .requiredOption('--out <path>', 'model.json to write')
    .option('--allow-pickle', PICKLE_WARNING)
    .option('--python <path>', 'the Python to run (with scikit-learn, and skops for .skops files)', 'python3')
    .option(
      '--check-data <file>',
      'texts to prove parity on: .csv (see --text-column), .json list, or one per line (default: a built-in set); ' +
        'with --register, labelled comments (a path, file://… or gs://…, read like `train --data`)',
    )
    .option('--text-column <name>', 'text column of a --check-data CSV', 'comment_text')
    .option('--labels <list>', "comma-separated label names replacing the model's, in its order")
    .option('--name <name>', 'model name in the artifact (default: the --register name, else toxicity)')
    .option('--version <version>', 'model version in the artifact (default: imported-<first 12 hex of the file hash>)')
    .option('--tolerance <t>', 'largest absolute difference allowed in decision values and probabilities', '1e-6')
    .option(
      '--register <name>',
      'register the imported model in MLflow: champion if it beats the champion on the labelled --check-data ' +
        '(the gate of `retrain challenge`), else challenger with the reason',
    )
    .option(
      '--gate-metric <label.metric>',
      'what the gate compares, e.g. toxic.rocAuc (default: retraining.gate.primaryLabel and .metric)',
    )
    .option('--min-improvement <d>', 'how much the gate metric must beat the champion by (default: retraining.gate)')
    .option('--experiment <name>', 'MLflow experiment of the import run (default: mlflow.experiment)')
    .addHelpText(
      'after',
      '\nSafe loading: pickle and joblib files execute code when loaded, so they are refused unless --allow-pickle\n' +
        'is given. skops files are loaded without running code, trusting only the types this converter supports;\n' +
        'convert a pickle you trust with `skops.io.dump(model, "model.skops")`.\n' +
        'Supported: TfidfVectorizer, CountVectorizer (+ TfidfTransformer), HashingVectorizer; LinearSVC,\n' +
        'LogisticRegression, SGDClassifier, RidgeClassifier, CalibratedClassifierCV (sigmoid, isotonic),\n' +
        'OneVsRestClassifier and MultiOutputClassifier (multi-label). Anything else is refused by name.\n' +
        `Versions: scikit-learn ${SUPPORTED_SKLEARN.join(' to ')}; others are refused.`,
    )
    .addHelpText(
      'after',
      examples(
        'toxicity import sklearn pipeline.skops --out model.json --check-data data/demo/comments.csv',
        'toxicity import sklearn vectorizer.skops svc.skops --out model.json --labels toxic',
      ),
    )
    .action(async (model: string, classifier: string | undefined, flags: ImportFlags) => {
      await runImport(model, classifier, flags, ctx, deps.now ?? (() => new Date()));
    });
}

async function runImport(
  model: string,
  classifier: string | undefined,
  flags: ImportFlags,
  ctx: CliContext,
  now: () => Date,
): Promise<void> {
  const tolerance = Number(flags.tolerance);
  if (!Number.isFinite(tolerance) || tolerance < 0) {
    throw new UsageError(`--tolerance must be a number >= 0, got ${JSON.stringify(flags.tolerance)}`);
  }
  const labels = flags.labels?.split(',').map((l) => l.trim());
  if (labels?.some((l) => l === ''))
    throw new UsageError(`--labels has an empty name: ${JSON.stringify(flags.labels)}`);
  const registration = flags.register === undefined ? null : await openRegistration(flags, ctx, now);
  const texts = registration
    ? registration.checkData.dataset.texts
    : flags.checkData
      ? readCheckTexts(resolve(ctx.cwd, flags.checkData), flags.textColumn)
      : [...BUILT_IN_CHECK_TEXTS];
  try {
    const args = [exporterScript(), resolve(ctx.cwd, model)];
    if (classifier) args.push(resolve(ctx.cwd, classifier));
    if (flags.allowPickle) args.push('--allow-pickle');
    args.push('--supported-sklearn', SUPPORTED_SKLEARN.join(','));
    const description = await runExporter(flags.python, args, texts);
    const hash = description.source.files[0].hash;
    let imported: { artifact: ModelArtifact; parity: ParityReport };
    try {
      imported = importSklearnModel(description, {
        name: flags.name ?? flags.register ?? 'toxicity',
        version: flags.version ?? `imported-${hash.replace(/^sha256:/, '').slice(0, 12)}`,
        labels,
        importedAt: now().toISOString(),
        tolerance,
      });
    } catch (err) {
      if (err instanceof ParityError) throw new UsageError(`${err.message}\nno model was written`, 1);
      if (err instanceof SklearnImportError) throw new UsageError(`refused: ${err.message}`, 1);
      throw err;
    }
    const { artifact, parity } = imported;
    const out = resolve(ctx.cwd, flags.out);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(artifact)}\n`);
    ctx.stderr.write(
      `imported ${description.source.estimator} (scikit-learn ${description.source.sklearnVersion}) as ` +
        `${artifact.name} ${artifact.version}, labels ${artifact.labels.join(', ')}\n` +
        `parity on ${parity.texts} texts: largest decision difference ${parity.maxDecisionDifference ?? 'n/a'}, ` +
        `largest probability difference ${parity.maxProbabilityDifference ?? 'n/a'} (tolerance ${tolerance})\n` +
        `wrote ${out}\n`,
    );
    if (registration) await registerImported(registration, { artifact, parity, tolerance, description, out }, ctx, now);
  } catch (err) {
    if (registration) {
      await registration.client.updateRun(registration.run.run_id, 'FAILED', now().getTime()).catch(() => {
        ctx.stderr.write(`could not mark MLflow run ${registration.run.run_id} as FAILED (MLflow unreachable)\n`);
      });
    }
    if (err instanceof GateError) {
      throw new UsageError(`${err.message}\nthe model was written to ${flags.out} but not registered`, 1);
    }
    if (err instanceof MlflowError) {
      throw new UsageError(`${err.message}\nthe model was written to ${flags.out} but not registered or promoted`, 1);
    }
    throw err;
  }
}
