import { basename } from 'node:path';
import type { AppConfig, ChallengerGateConfig } from '../config';
import { CHAMPION, type MlflowClient, MlflowError, type RunInfo } from '../mlflow';
import type { ModelArtifact, ParityReport, SklearnDescription } from '../ml';
import { createStandardStores, toStorageUri } from '../storage';
import { challengeOnSet, comparisonMetrics, DatasetError, formatComparison, type GateMetric } from '../training';
import { modelRegistryFor, readChampion, registerChallenge } from './challenge-registration';
import { type CliContext, UsageError } from './cli-context';
import { type HashedDataset, readHashedDataset } from './dataset-input';
import { mlflowClientFrom } from './registry-commands';

/**
 * `toxicity import sklearn --register`: the labelled check data, the MLflow run of the import, and the
 * registration of the imported model through the champion-vs-challenger gate of `retrain challenge`.
 */

const GATE_METRICS: readonly GateMetric[] = ['rocAuc', 'prAuc', 'f1', 'accuracy', 'precision', 'recall'];

/** The flags of `import sklearn` that `--register` reads. */
export interface RegisterFlags {
  readonly register?: string;
  readonly checkData?: string;
  readonly gateMetric?: string;
  readonly minImprovement?: string;
  readonly experiment?: string;
}

/**
 * The gate of `--register`: `retraining.gate` from the config, with `--gate-metric <label>.<metric>` and
 * `--min-improvement` overriding its primary label, metric and margin.
 */
export function importGate(
  flags: Pick<RegisterFlags, 'gateMetric' | 'minImprovement'>,
  config: AppConfig,
): ChallengerGateConfig {
  let gate = config.retraining.gate;
  if (flags.gateMetric !== undefined) {
    const match = /^([A-Za-z0-9_]+)\.([A-Za-z0-9]+)$/.exec(flags.gateMetric);
    if (!match || !(GATE_METRICS as readonly string[]).includes(match[2])) {
      throw new UsageError(
        `--gate-metric must be <label>.<metric> with a metric among ${GATE_METRICS.join(', ')}, got ${JSON.stringify(flags.gateMetric)}`,
      );
    }
    gate = { ...gate, primaryLabel: match[1], metric: match[2] as GateMetric };
  }
  if (flags.minImprovement !== undefined) {
    const d = Number(flags.minImprovement);
    if (flags.minImprovement.trim() === '' || !Number.isFinite(d) || d < -1 || d > 1) {
      throw new UsageError(
        `--min-improvement must be a number from -1 to 1, got ${JSON.stringify(flags.minImprovement)}`,
      );
    }
    gate = { ...gate, minImprovement: d };
  }
  return gate;
}

/** The labelled check data and the open MLflow run of `--register`. */
export interface Registration {
  readonly name: string;
  readonly client: MlflowClient;
  readonly run: RunInfo;
  readonly checkData: HashedDataset;
  readonly gate: ChallengerGateConfig;
}

/**
 * Checks what `--register` needs before the (slow) conversion: labelled check data and a reachable MLflow,
 * where the import's run is opened so that a failure later is recorded.
 */
export async function openRegistration(flags: RegisterFlags, ctx: CliContext, now: () => Date): Promise<Registration> {
  const name = flags.register!;
  if (flags.checkData === undefined) {
    throw new UsageError(
      '--register needs --check-data <file>: labelled comments (a CSV with comment_text and label columns such as ' +
        'toxic, or Hugging Face CSV/JSONL, as for `train --data`) on which the imported model and the champion are compared',
    );
  }
  const config = ctx.loadConfig();
  const gate = importGate(flags, config);
  const client = mlflowClientFrom(ctx, config);
  const stores = createStandardStores({ cwd: ctx.cwd, gcsApiEndpoint: ctx.env.GCS_EMULATOR_ENDPOINT, mlflow: client });
  const uri = toStorageUri(flags.checkData, ctx.cwd);
  let checkData: HashedDataset;
  try {
    checkData = await readHashedDataset(stores, uri);
  } catch (err) {
    if (err instanceof DatasetError) {
      throw new UsageError(`--check-data ${uri} is not usable labelled data: ${err.message}`, 1);
    }
    throw err;
  }
  try {
    const experiment = flags.experiment ?? config.mlflow.experiment;
    const run = await client.createRun(await client.getOrCreateExperiment(experiment), {
      runName: `import-${now().toISOString().slice(0, 19)}`,
      startTime: now().getTime(),
      tags: { stage: 'import', model_type: 'sklearn-import', check_data_uri: uri, check_data_hash: checkData.hash },
    });
    ctx.stderr.write(`MLflow run ${run.run_id} in experiment "${experiment}" at ${client.trackingUri}\n`);
    return { name, client, run, checkData, gate };
  } catch (err) {
    if (err instanceof MlflowError) {
      throw new UsageError(
        `${err.message}\nnothing was imported or registered: start MLflow or point MLFLOW_TRACKING_URI (or mlflow.trackingUri) at it, ` +
          'or drop --register to convert only',
        1,
      );
    }
    throw err;
  }
}

/** Logs the import (source, parity) to the run, compares with the champion on the check data, registers. */
export async function registerImported(
  r: Registration,
  imported: {
    artifact: ModelArtifact;
    parity: ParityReport;
    tolerance: number;
    description: SklearnDescription;
    out: string;
  },
  ctx: CliContext,
  now: () => Date,
): Promise<void> {
  const { client, run, checkData } = r;
  const { artifact, parity, description } = imported;
  const stores = createStandardStores({ cwd: ctx.cwd, gcsApiEndpoint: ctx.env.GCS_EMULATOR_ENDPOINT, mlflow: client });
  const champion = await readChampion(client, stores, r.name);
  const challenge = challengeOnSet(artifact, champion, checkData.dataset, r.gate);
  const source = description.source;
  const parityMetrics: Record<string, number | null> = {
    'parity.texts': parity.texts,
    'parity.max_decision_difference': parity.maxDecisionDifference,
    'parity.max_probability_difference': parity.maxProbabilityDifference,
    'parity.tolerance': imported.tolerance,
  };
  await client.logBatch(run.run_id, {
    params: {
      source_files: source.files.map((f) => `${f.name} (${f.format})`).join(', '),
      source_hash: source.files.map((f) => f.hash).join(','),
      sklearn_version: source.sklearnVersion,
      estimator: source.estimator,
      labels: artifact.labels.join(','),
      check_data_rows: checkData.dataset.texts.length,
    },
    metrics: Object.entries(parityMetrics)
      .filter((e): e is [string, number] => e[1] !== null)
      .map(([key, value]) => ({ key, value, timestamp: now().getTime() })),
    tags: { model_version: artifact.version },
  });
  await client.logArtifact(
    run,
    'import.json',
    JSON.stringify({ source, parity: { ...parity, tolerance: imported.tolerance } }, null, 2),
    'application/json',
  );
  const registered = await registerChallenge({
    client,
    registry: modelRegistryFor(ctx, ctx.loadConfig(), client, r.name, now),
    run,
    candidate: artifact,
    candidateUri: null,
    challenge,
    versionTags: {
      check_data_hash: checkData.hash,
      imported_from: `${source.files[0].name} ${source.files[0].hash}`,
      sklearn_version: source.sklearnVersion,
      ...Object.fromEntries(
        Object.entries(comparisonMetrics(null, challenge.challenger)).map(([k, v]) => [
          k.replace(/^challenger\./, 'metric.check.'),
          String(v),
        ]),
      ),
    },
    now,
  });
  await client.updateRun(run.run_id, 'FINISHED', now().getTime());
  ctx.stdout.write(
    formatComparison(
      challenge.decision,
      challenge.champion,
      challenge.challenger,
      `the check data ${basename(checkData.uri)}`,
    ),
  );
  ctx.stdout.write(
    `${r.name} version ${registered.version}: ${registered.promoted ? `now ${CHAMPION}` : `registered as challenger: ${registered.reason}`}\n`,
  );
  ctx.stderr.write(`registered ${basename(imported.out)} as ${r.name} version ${registered.version}\n`);
}
