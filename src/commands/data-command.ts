import type { Command } from 'commander';
import type { AppConfig } from '../config';
import { createStandardStores, type StoreSet, toStorageUri } from '../storage';
import {
  checkDataQuality,
  dataQualityMetrics,
  DatasetError,
  type DataQualityInput,
  type DataQualityReport,
  formatDataQualityReport,
} from '../training';
import { type CliContext, UsageError, examples } from './cli-context';
import { type EvalSet, readEvalSet, readHashedDataset } from './dataset-input';
import { mlflowClientFrom } from './registry-commands';

interface ValidateFlags {
  data: string;
  evalSet?: string;
  evalSetHash?: string;
  report?: string;
  minRows?: string;
  json?: boolean;
  track?: boolean;
  experiment?: string;
}

/** What `data validate` needs from outside the context; tests pass their own clock or stores. */
export interface DataCommandDeps {
  readonly now?: () => Date;
  readonly stores?: StoreSet;
}

/** The report of a data file, and the evaluation set it was checked against. */
export async function validateDataFile(
  stores: StoreSet,
  config: AppConfig,
  dataUri: string,
  evalSet: EvalSet | null,
  minRows?: number,
): Promise<DataQualityReport> {
  const policy = { ...config.retraining.dataQuality, ...(minRows === undefined ? {} : { minRows }) };
  const size = (await (await stores.storeFor(dataUri)).stat(dataUri))?.size;
  if (size === undefined) throw new UsageError(`no such data file: ${dataUri}`, 1);
  const evalInput = evalSet ? { uri: evalSet.uri, hash: evalSet.hash, normalisedTexts: evalSet.normalisedTexts } : null;
  let input: DataQualityInput;
  if (size > policy.maxBytes) {
    // Not read at all: the cap protects the build machine's memory.
    input = {
      uri: dataUri,
      hash: null,
      bytes: size,
      dataset: null,
      read: null,
      unreadable: 'over the size cap',
      evalSet: evalInput,
    };
  } else {
    try {
      const read = await readHashedDataset(stores, dataUri);
      input = {
        uri: dataUri,
        hash: read.hash,
        bytes: read.bytes,
        dataset: read.dataset,
        read: read.report,
        evalSet: evalInput,
      };
    } catch (err) {
      if (!(err instanceof DatasetError)) throw err;
      input = {
        uri: dataUri,
        hash: null,
        bytes: size,
        dataset: null,
        read: null,
        unreadable: err.message,
        evalSet: evalInput,
      };
    }
  }
  return checkDataQuality(input, policy);
}

/** Registers `toxicity data validate`: the data-quality gate of the retraining pipeline. */
export function registerDataCommands(program: Command, ctx: CliContext, deps: DataCommandDeps = {}): void {
  const data = program
    .command('data')
    .description('check training data before it is trained on')
    .addHelpText('after', examples('toxicity data validate --data comments.csv --eval-set eval.csv'));
  data
    .command('validate')
    .description(
      'run the data-quality gate on a data file (columns, rows, class ratio, empty texts, labels, encoding, duplicates, leakage, size); exits 1 when a check fails',
    )
    .requiredOption('--data <uri>', 'data file: a path, file://… or gs://…')
    .option('--eval-set <uri>', 'the frozen evaluation set, for the leakage check')
    .option('--eval-set-hash <sha256:hex>', 'hash the evaluation set must have (default: retraining.evalSetHash)')
    .option('--report <uri>', 'also write the JSON report there (a path, file://… or gs://…)')
    .option('--min-rows <n>', 'fewest usable rows (default: retraining.dataQuality.minRows)')
    .option('--json', 'print the JSON report on stdout instead of the summary')
    .option('--track', 'log the report to MLflow as a run of its own (metrics dq.*, artifact data-quality.json)')
    .option('--experiment <name>', 'MLflow experiment (default: mlflow.experiment)')
    .addHelpText(
      'after',
      examples(
        'toxicity data validate --data comments.csv --eval-set eval.csv',
        'toxicity data validate --data gs://my-data/comments.csv --json --report gs://my-data/report.json',
      ),
    )
    .action(async (given: ValidateFlags) => {
      // Plain paths beside URIs: `--data comments.csv` is the file:// URI of that file.
      const at = (location: string | undefined) =>
        location === undefined ? undefined : toStorageUri(location, ctx.cwd);
      const flags = {
        ...given,
        data: toStorageUri(given.data, ctx.cwd),
        evalSet: at(given.evalSet),
        report: at(given.report),
      };
      const config = ctx.loadConfig();
      const now = deps.now ?? (() => new Date());
      const stores =
        deps.stores ?? createStandardStores({ cwd: ctx.cwd, gcsApiEndpoint: ctx.env.GCS_EMULATOR_ENDPOINT });
      let minRows: number | undefined;
      if (flags.minRows !== undefined) {
        minRows = Number(flags.minRows);
        if (!Number.isInteger(minRows) || minRows < 1) {
          throw new UsageError(`--min-rows must be a positive whole number, got ${JSON.stringify(flags.minRows)}`);
        }
      }
      const expectedHash = flags.evalSetHash ?? config.retraining.evalSetHash;
      if (expectedHash !== null && !/^sha256:[0-9a-f]{64}$/.test(expectedHash)) {
        throw new UsageError(`--eval-set-hash must be sha256:<64 hex digits>, got ${JSON.stringify(expectedHash)}`);
      }
      const evalSet = flags.evalSet ? await readEvalSet(stores, flags.evalSet, expectedHash) : null;
      if (!evalSet) ctx.stderr.write('warning: no --eval-set: the leakage check is skipped\n');
      const report = await validateDataFile(stores, config, flags.data, evalSet, minRows);
      const json = `${JSON.stringify(report, null, 2)}\n`;
      if (flags.report) {
        await (await stores.storeFor(flags.report)).write(flags.report, json, { contentType: 'application/json' });
      }
      if (flags.track) {
        const client = mlflowClientFrom(ctx, config);
        const experimentId = await client.getOrCreateExperiment(flags.experiment ?? config.mlflow.experiment);
        const run = await client.createRun(experimentId, {
          runName: `data-validate-${now().toISOString().slice(0, 19)}`,
          startTime: now().getTime(),
          tags: {
            stage: 'data-validate',
            data_uri: report.data.uri,
            ...(report.data.hash ? { dataset_version: report.data.hash } : {}),
            ...(report.evalSet ? { eval_set_hash: report.evalSet.hash } : {}),
          },
        });
        await client.logBatch(run.run_id, {
          metrics: Object.entries(dataQualityMetrics(report)).map(([key, value]) => ({
            key,
            value,
            timestamp: now().getTime(),
          })),
        });
        await client.logArtifact(run, 'data-quality.json', json, 'application/json');
        await client.updateRun(run.run_id, report.passed ? 'FINISHED' : 'FAILED', now().getTime());
        ctx.stderr.write(`MLflow run ${run.run_id}: data-quality report logged\n`);
      }
      if (flags.json) ctx.stdout.write(json);
      else ctx.stdout.write(formatDataQualityReport(report));
      if (!report.passed) {
        throw new UsageError(`${given.data}: rejected by the data-quality gate`, 1);
      }
    });
}
