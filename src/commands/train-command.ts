import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';
import type { Command } from 'commander';
import { type CliContext, UsageError, examples } from './cli-context';
import { createProgress } from './progress';
import { createStandardStores, type StoreSet, toStorageUri } from '../storage';
import {
  buildModelCard,
  cardValidation,
  DATA_QUALITY_REPORT_SCHEMA,
  type DataQualityReport,
  DatasetError,
  type DatasetFormat,
  datasetLabelCounts,
  renderModelCardMarkdown,
  withModelCard,
  flattenMetrics,
  readDataset,
  type ReadReport,
  TrainingError,
  trainingParams,
  type TrainOptions,
  type TrainReport,
  trainToxicityModel,
} from '../training';
import { MlflowError, ModelRegistry, type QualityGate, type RegistrationResult, type RunInfo } from '../mlflow';
import { championPublicationFor, mlflowClientFrom } from './registry-commands';
import type { ModelArtifact, ModelCardValidation } from '../ml';

/** The bundled demo data (written for this project), used when `--data` is not given. */
export const DEMO_DATA_URI = 'file://data/demo/comments.csv';

interface TrainFlags {
  data?: string;
  out?: string;
  format: string;
  encoding: string;
  labels?: string;
  seed: string;
  testFraction: string;
  cv?: string;
  threshold: string;
  maxFeatures: string;
  minDf: string;
  maxDf: string;
  ngramRange: string;
  c: string;
  loss: string;
  classWeight: string;
  maskPii: boolean;
  piiTagger?: boolean;
  track?: boolean;
  register?: string;
  gateMetric?: string;
  minImprovement: string;
  experiment?: string;
  json?: boolean;
  progress: boolean;
  ifMissing?: boolean;
  validationReport?: string;
}

/** What `train` needs from outside the context; tests pass their own clock or stores. */
export interface TrainCommandDeps {
  readonly now?: () => Date;
  readonly stores?: StoreSet;
}

/** Registers `toxicity train`. */
export function registerTrainCommand(program: Command, ctx: CliContext, deps: TrainCommandDeps = {}): void {
  program
    .command('train')
    .description(
      'train the classifier: read comments, mask personal data, fit TF-IDF + linear SVM, evaluate, write the model',
    )
    .option(
      '--data <uri>',
      `training data: a path, file://… or gs://… (Jigsaw CSV, or Hugging Face CSV/JSONL) (default: ${DEMO_DATA_URI}, the bundled demo set)`,
    )
    .option('--out <uri>', 'model.json to write, or a folder for model.json + metrics.json (default: model.localUri)')
    .option('--format <format>', 'auto | jigsaw-csv | hf-csv | hf-jsonl', 'auto')
    .option(
      '--encoding <name>',
      'character encoding of the data: auto (BOM, else strict UTF-8), utf-8 (bad bytes kept as U+FFFD), windows-1252, latin1, utf-16le…',
      'auto',
    )
    .option('--labels <list>', 'comma-separated labels to train (default: every label column found)')
    .option('--seed <n>', 'seed of the split, folds and solver', '42')
    .option('--test-fraction <f>', 'share of comments held out for evaluation', '0.2')
    .option('--cv <k>', 'also report k-fold cross-validation on the training part')
    .option(
      '--threshold <p>',
      'probability above which a comment counts as toxic (and toxicity ≥ p in float exports)',
      '0.5',
    )
    .option('--max-features <n>', 'vocabulary size limit (0: none)', '10000')
    .option('--min-df <n|f>', 'ignore terms in fewer documents (count, or fraction if < 1)', '2')
    .option('--max-df <n|f>', 'ignore terms in more documents (fraction if ≤ 1, else count)', '0.95')
    .option('--ngram-range <a,b>', 'word n-gram sizes', '1,2')
    .option('--c <C>', 'SVM regularization C', '1')
    .option('--loss <loss>', 'squared_hinge | hinge', 'squared_hinge')
    .option('--class-weight <w>', 'balanced | none', 'balanced')
    .option('--no-mask-pii', 'do not mask personal data in the training texts (not recommended: GDPR)')
    .option(
      '--pii-tagger',
      "also ask compromise's English tagger about names (about 5x slower masking, no better on the evaluation sets)",
    )
    .option('--no-pii-tagger', 'mask names with the lists and rules only (the default; kept for existing scripts)')
    .option(
      '--track',
      'log the run (params, metrics, artifacts) to MLflow ($MLFLOW_TRACKING_URI or mlflow.trackingUri)',
    )
    .option(
      '--register <name>',
      'register the model in MLflow and make it champion if it passes the quality gate (implies --track)',
    )
    .option('--gate-metric <metric>', 'metric the gate compares, e.g. toxic.rocAuc (default: <first label>.rocAuc)')
    .option('--min-improvement <d>', 'how much the gate metric must beat the champion by', '0')
    .option('--experiment <name>', 'MLflow experiment (default: mlflow.experiment)')
    .option('--json', 'print the report as JSON on stdout instead of the summary')
    .option('--no-progress', 'no progress on stderr')
    .option('--if-missing', 'do nothing when the output model already exists (first-run setup)')
    .option(
      '--validation-report <uri>',
      "the data's report from `toxicity data validate --report`, recorded in the model card (it must be of the same data)",
    )
    .addHelpText(
      'after',
      examples(
        'toxicity train --data data/demo/comments.csv --out models/demo',
        'toxicity train --data train.csv --register toxic-detector --experiment jigsaw',
      ),
    )
    .action(async (flags: TrainFlags) => {
      await runTrain(flags, ctx, deps);
    });
}

async function runTrain(flags: TrainFlags, ctx: CliContext, deps: TrainCommandDeps): Promise<void> {
  const config = ctx.loadConfig();
  const now = deps.now ?? (() => new Date());
  const options = parseTrainOptions(flags);
  // Plain paths are accepted beside URIs (`--data mydata.csv`).
  const dataUri = flags.data === undefined ? DEMO_DATA_URI : toStorageUri(flags.data, ctx.cwd);
  const { modelUri, metricsUri } = outputUris(
    flags.out === undefined ? config.model.localUri : toStorageUri(flags.out, ctx.cwd),
  );
  const stores = deps.stores ?? createStandardStores({ cwd: ctx.cwd, gcsApiEndpoint: ctx.env.GCS_EMULATOR_ENDPOINT });
  if (flags.ifMissing && (await (await stores.storeFor(modelUri)).stat(modelUri)) !== null) {
    ctx.stderr.write(`${modelUri} exists; not training again (remove it, or drop --if-missing, to retrain)\n`);
    return;
  }
  const progress = createProgress(ctx.stderr, flags.progress && !flags.json);
  const say = (line: string) => ctx.stderr.write(`${line}\n`);

  const registerName = flags.register;
  const tracking = flags.track === true || registerName !== undefined;
  const client = tracking ? mlflowClientFrom(ctx, config) : null;
  const commit = ctx.env.COMMIT_SHA || ctx.env.GIT_COMMIT || null;

  // Open the run first so that a failure later is recorded as a FAILED run, not lost.
  let run: RunInfo | null = null;
  if (client) {
    const experiment = flags.experiment ?? config.mlflow.experiment;
    const experimentId = await client.getOrCreateExperiment(experiment);
    run = await client.createRun(experimentId, {
      runName: `train-${now().toISOString().slice(0, 19)}`,
      startTime: now().getTime(),
      tags: { model_type: 'tfidf-linear-svm', ...(commit ? { git_commit: commit } : {}) },
    });
    say(`MLflow run ${run.run_id} in experiment "${experiment}" at ${client.trackingUri}`);
  }
  try {
    const started = performance.now();
    say(`reading ${dataUri}${flags.data === undefined ? ' (the bundled demo data; pass --data for your own)' : ''}`);
    const {
      dataset,
      report: readReport,
      dataHash,
      bytes,
    } = await readWithHash(stores, dataUri, flags.format, flags.encoding, options, progress);
    progress.finish();
    reportRead(readReport, say);
    const validation =
      flags.validationReport === undefined
        ? null
        : await readValidationReport(stores, toStorageUri(flags.validationReport, ctx.cwd), dataHash);
    const { artifact: trained, report } = trainToxicityModel(
      dataset,
      { ...options, name: registerName ?? config.model.name },
      {
        dataUri,
        dataHash,
        commit,
        now: now(),
        clock: () => performance.now(),
        onProgress: (phase, done, total) => progress.update(phase, done, total),
      },
    );
    progress.finish();
    const card = buildModelCard(trained, {
      report,
      config: config.modelCard,
      validation,
      labelCounts: datasetLabelCounts(dataset),
    });
    const artifact = withModelCard(trained, card);
    const cardJson = `${JSON.stringify(card, null, 2)}\n`;
    const cardMarkdown = renderModelCardMarkdown(card);
    const modelJson = `${JSON.stringify(artifact)}\n`;
    const trainingSeconds = (performance.now() - started) / 1000;
    const metricsDoc = {
      model: { name: artifact.name, version: artifact.version, uri: modelUri, sizeBytes: Buffer.byteLength(modelJson) },
      data: { uri: dataUri, hash: dataHash, bytes, read: readReport },
      trainingSeconds,
      ...report,
    };
    const modelStore = await stores.storeFor(modelUri);
    await modelStore.write(modelUri, modelJson, { contentType: 'application/json' });
    await (
      await stores.storeFor(metricsUri)
    ).write(metricsUri, `${JSON.stringify(metricsDoc, null, 2)}\n`, {
      contentType: 'application/json',
    });
    const cardUri = metricsUri.replace(/metrics\.json$/, 'model-card.json');
    await (await stores.storeFor(cardUri)).write(cardUri, cardJson, { contentType: 'application/json' });
    const cardMdUri = metricsUri.replace(/metrics\.json$/, 'model-card.md');
    await (await stores.storeFor(cardMdUri)).write(cardMdUri, cardMarkdown, { contentType: 'text/markdown' });

    let registration: RegistrationResult | null = null;
    if (client && run) {
      const flat = flattenMetrics(report, {
        trainingSeconds,
        modelSizeBytes: Buffer.byteLength(modelJson),
        read: readReport,
      });
      await client.logBatch(run.run_id, {
        params: {
          ...trainingParams(artifact, options, { dataUri, dataHash, commit }),
          data_encoding: readReport.encoding,
        },
        metrics: Object.entries(flat).map(([key, value]) => ({ key, value, timestamp: now().getTime() })),
        tags: { dataset_version: dataHash, model_version: artifact.version },
      });
      await client.logArtifact(run, 'model/model.json', modelJson, 'application/json');
      await client.logArtifact(run, 'metrics.json', JSON.stringify(metricsDoc, null, 2), 'application/json');
      // The card beside the model in the run's artifacts, which the registered version points at.
      await client.logArtifact(run, 'model/model-card.json', cardJson, 'application/json');
      await client.logArtifact(run, 'model/model-card.md', cardMarkdown, 'text/markdown');
      // vega is loaded only here: other commands (serve, token, …) should not pay for it at start-up.
      const { renderRunCharts } = await import('../training/run-charts');
      for (const chart of await renderRunCharts(report)) {
        await client.logArtifact(run, chart.path, chart.svg, 'image/svg+xml');
      }
      if (registerName) {
        // A gs:// model is registered where it lies; a local one through the run's artifact copy
        // (MLflow refuses local paths outside the run's artifacts).
        const source = modelUri.startsWith('gs://') ? modelUri : `${run.artifact_uri}/model/model.json`;
        const gate: QualityGate = {
          metric: flags.gateMetric ?? `${artifact.labels[0]}.rocAuc`,
          minImprovement: parseNumber('--min-improvement', flags.minImprovement, 0, 1),
        };
        const champion = championPublicationFor(ctx, config, client, registerName, now);
        registration = await new ModelRegistry(client, registerName, {
          actor: ctx.env.USER || ctx.env.BUILD_ID || 'toxicity-cli',
          now,
          ...(champion ? { champion } : {}),
        }).registerAndGate(source, run.run_id, flat, gate);
      }
      await client.updateRun(run.run_id, 'FINISHED', now().getTime());
    }

    if (flags.json) ctx.stdout.write(`${JSON.stringify({ ...metricsDoc, registration }, null, 2)}\n`);
    else
      ctx.stdout.write(
        summary(artifact, report, {
          modelUri,
          metricsUri,
          trainingSeconds,
          size: Buffer.byteLength(modelJson),
          registration,
        }),
      );
  } catch (err) {
    if (client && run) {
      await client.updateRun(run.run_id, 'FAILED', now().getTime()).catch(() => {
        say(`could not mark MLflow run ${run?.run_id} as FAILED (MLflow unreachable); it stays RUNNING`);
      });
    }
    if (err instanceof DatasetError || err instanceof TrainingError) throw new UsageError(err.message, 1);
    if (err instanceof MlflowError) throw new UsageError(`${err.message}\nno model was registered or promoted`, 1);
    throw err;
  }
}

/**
 * The data-quality report given with `--validation-report`, for the card. Refused (UsageError, nothing
 * trained) when it cannot be read, is not a data-quality report, or was made for other data.
 */
async function readValidationReport(stores: StoreSet, uri: string, dataHash: string): Promise<ModelCardValidation> {
  const store = await stores.storeFor(uri);
  if ((await store.stat(uri)) === null) {
    throw new UsageError(`--validation-report: no such file: ${uri} (write it with toxicity data validate --report)`);
  }
  let report: DataQualityReport;
  try {
    report = JSON.parse((await store.read(uri)).data.toString('utf8')) as DataQualityReport;
  } catch (err) {
    throw new UsageError(`--validation-report: ${uri} is not JSON (${(err as Error).message})`);
  }
  if (report === null || typeof report !== 'object' || report.schema !== DATA_QUALITY_REPORT_SCHEMA) {
    throw new UsageError(
      `--validation-report: ${uri} is not a data-quality report (expected "schema": "${DATA_QUALITY_REPORT_SCHEMA}")`,
    );
  }
  if (report.data?.hash !== dataHash) {
    throw new UsageError(
      `--validation-report: ${uri} is the report of other data (${String(report.data?.hash)}), not of the training data (${dataHash}); validate this file first`,
    );
  }
  return cardValidation(report, uri);
}

async function readWithHash(
  stores: StoreSet,
  uri: string,
  format: string,
  encoding: string,
  options: TrainOptions,
  progress: ReturnType<typeof createProgress>,
): Promise<{
  dataset: Awaited<ReturnType<typeof readDataset>>['dataset'];
  report: ReadReport;
  dataHash: string;
  bytes: number;
}> {
  const store = await stores.storeFor(uri);
  const total = (await store.stat(uri))?.size ?? 0;
  const hash = createHash('sha256');
  let bytes = 0;
  const hashing = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  const stream = (await store.openReadStream(uri)).pipe(hashing);
  const { dataset, report } = await readDataset(stream, {
    name: uri,
    format: format as DatasetFormat | 'auto',
    encoding,
    threshold: options.threshold ?? 0.5,
    onProgress: (b) => progress.update('read', b, total),
  });
  return { dataset, report, dataHash: `sha256:${hash.digest('hex')}`, bytes };
}

function reportRead(r: ReadReport, say: (line: string) => void): void {
  const skipped = Object.entries(r.skipped);
  say(
    `read ${r.rowsUsed} of ${r.rowsRead} rows (${r.format}, ${r.encoding})${skipped.length ? `; rejected ${skipped.map(([k, v]) => `${v} ${k}`).join(', ')}` : ''}`,
  );
  if (r.replacementChars > 0) {
    say(
      `  ${r.rowsWithReplacementChars} rows kept with ${r.replacementChars} U+FFFD replacement characters (text damaged before it reached us)`,
    );
  }
  for (const p of r.problems.slice(0, 5)) say(`  line ${p.line}: ${p.reason}: ${p.detail}`);
  if (r.problems.length > 5) say(`  … ${r.problems.length - 5} more in metrics.json`);
  if (r.stoppedEarly) say(`warning: ${r.stoppedEarly}`);
}

/** `--out`: a `.json` URI is the model file (metrics.json beside it); anything else is a folder. */
export function outputUris(out: string): { modelUri: string; metricsUri: string } {
  if (out.endsWith('.json')) {
    const folder = out.slice(0, out.lastIndexOf('/') + 1);
    return { modelUri: out, metricsUri: `${folder}metrics.json` };
  }
  const folder = out.endsWith('/') ? out : `${out}/`;
  return { modelUri: `${folder}model.json`, metricsUri: `${folder}metrics.json` };
}

function parseNumber(flag: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max) {
    throw new UsageError(`${flag} must be a number from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return n;
}

function parseInteger(flag: string, value: string, min: number): number {
  const n = parseNumber(flag, value, min, Number.MAX_SAFE_INTEGER);
  if (!Number.isInteger(n)) throw new UsageError(`${flag} must be a whole number, got ${JSON.stringify(value)}`);
  return n;
}

/** Turns the command-line flags into trainer options; throws UsageError naming the flag and value. */
export function parseTrainOptions(flags: TrainFlags): TrainOptions {
  const df = (flag: string, value: string, fractionUpTo: number) => {
    const n = parseNumber(flag, value, 0, Number.MAX_SAFE_INTEGER);
    if (n <= fractionUpTo && !(fractionUpTo === 1 && n === 1 && flag === '--min-df')) return { fraction: n };
    if (!Number.isInteger(n)) throw new UsageError(`${flag} above ${fractionUpTo} must be a whole count, got ${value}`);
    return { count: n };
  };
  const range = /^(\d+),(\d+)$/.exec(flags.ngramRange.trim());
  if (!range || Number(range[1]) < 1 || Number(range[1]) > Number(range[2])) {
    throw new UsageError(`--ngram-range must be "min,max" with 1 ≤ min ≤ max, got ${JSON.stringify(flags.ngramRange)}`);
  }
  if (flags.loss !== 'squared_hinge' && flags.loss !== 'hinge') {
    throw new UsageError(`--loss must be squared_hinge or hinge, got ${JSON.stringify(flags.loss)}`);
  }
  if (flags.classWeight !== 'balanced' && flags.classWeight !== 'none') {
    throw new UsageError(`--class-weight must be balanced or none, got ${JSON.stringify(flags.classWeight)}`);
  }
  const formats = ['auto', 'jigsaw-csv', 'hf-csv', 'hf-jsonl'];
  if (!formats.includes(flags.format)) {
    throw new UsageError(`--format must be one of ${formats.join(', ')}, got ${JSON.stringify(flags.format)}`);
  }
  const maxFeatures = parseInteger('--max-features', flags.maxFeatures, 0);
  const testFraction = parseNumber('--test-fraction', flags.testFraction, 0, 1);
  if (testFraction <= 0 || testFraction >= 1) {
    throw new UsageError(`--test-fraction must be between 0 and 1 (exclusive), got ${flags.testFraction}`);
  }
  return {
    ...(flags.labels
      ? {
          labels: flags.labels
            .split(',')
            .map((l) => l.trim())
            .filter(Boolean),
        }
      : {}),
    seed: parseInteger('--seed', flags.seed, 0),
    testFraction,
    cvFolds: flags.cv === undefined ? null : parseInteger('--cv', flags.cv, 2),
    threshold: parseNumber('--threshold', flags.threshold, 0, 1),
    maskPii: flags.maskPii,
    piiTagger: flags.piiTagger === true,
    vectorizer: {
      maxFeatures: maxFeatures === 0 ? null : maxFeatures,
      minDf: df('--min-df', flags.minDf, 0.999999),
      maxDf: df('--max-df', flags.maxDf, 1),
      ngramRange: [Number(range[1]), Number(range[2])],
    },
    svm: {
      C: parseNumber('--c', flags.c, Number.MIN_VALUE, 1e6),
      loss: flags.loss,
      classWeight: flags.classWeight === 'balanced' ? 'balanced' : null,
    },
  };
}

function summary(
  artifact: ModelArtifact,
  report: TrainReport,
  out: {
    modelUri: string;
    metricsUri: string;
    trainingSeconds: number;
    size: number;
    registration: RegistrationResult | null;
  },
): string {
  const lines: string[] = [];
  lines.push(
    `Trained ${artifact.name} ${artifact.version} on ${report.rows} comments (${report.trainRows} train / ${report.testRows} test), ${report.features} features, in ${out.trainingSeconds.toFixed(1)} s`,
  );
  lines.push('');
  const header = [
    'label',
    'test +/-',
    'precision',
    'recall',
    'f1',
    'roc-auc',
    'pr-auc',
    ...(report.labels.some((l) => l.cv) ? ['cv roc-auc'] : []),
  ];
  const rows = report.labels.map((l) => {
    if (!l.metrics) return [l.label, `${l.test.positive}/${l.test.negative}`, `skipped: ${l.reason ?? ''}`];
    const m = l.metrics;
    const f = (v: number | null) => (v === null ? '-' : v.toFixed(3));
    return [
      l.label,
      `${l.test.positive}/${l.test.negative}`,
      f(m.precision),
      f(m.recall),
      f(m.f1),
      f(m.rocAuc),
      f(m.prAuc),
      ...(l.cv ? [l.cv.rocAuc ? `${l.cv.rocAuc.mean.toFixed(3)} ± ${l.cv.rocAuc.std.toFixed(3)}` : '-'] : []),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  for (const row of [header, ...rows])
    lines.push(
      row
        .map((c, i) => (c ?? '').padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    );
  lines.push('');
  lines.push(
    `precision/recall/f1 at probability > ${report.threshold}; personal data masked: ${formatCounts(report.pii.counts) || 'none found'}${report.pii.masked ? '' : ' (masking disabled)'}`,
  );
  lines.push(`wrote ${out.modelUri} (${(out.size / 1024).toFixed(1)} KiB) and ${out.metricsUri}`);
  if (out.registration) lines.push(out.registration.reason);
  return `${lines.join('\n')}\n`;
}

function formatCounts(counts: Readonly<Record<string, number | undefined>>): string {
  return Object.entries(counts)
    .filter(([, v]) => (v ?? 0) > 0)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
}
