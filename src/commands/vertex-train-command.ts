import type { Command } from 'commander';
import { parseModelArtifact } from '../ml';
import { type MlflowClient, MlflowError, type RunInfo } from '../mlflow';
import { createStandardStores, type StoreSet } from '../storage';
import {
  flattenMetrics,
  type ReadReport,
  type TrainReport,
  trainingParams,
  runVertexJob,
  type VertexJobApi,
  VertexJobFailedError,
  VertexJobInputError,
  vertexTrainingJobRequest,
} from '../training';
import { type CliContext, UsageError, examples } from './cli-context';
import { mlflowClientFrom } from './registry-commands';
import { outputUris } from './train-command';

/** What `retrain vertex-train` needs from outside; tests pass a client that speaks the real protocol. */
export interface VertexTrainDeps {
  /**
   * Builds the Vertex AI job client for a region. The default is `JobServiceClient` of
   * `@google-cloud/aiplatform` on `<region>-aiplatform.googleapis.com` (Vertex AI's API is regional:
   * cloud.google.com/vertex-ai/docs/reference/rest#rest_endpoints), with Application Default Credentials.
   */
  readonly createJobApi?: (region: string) => VertexJobApi & { close?: () => Promise<void> };
  readonly sleep?: (ms: number) => Promise<void>;
  /** Where `--track` reads the candidate and its metrics from. */
  readonly stores?: StoreSet;
  readonly now?: () => Date;
}

interface VertexTrainFlags {
  data: string;
  out: string;
  image: string;
  project?: string;
  runId?: string;
  dryRun?: boolean;
  track?: boolean;
  experiment?: string;
}

/** What `toxicity train` writes as metrics.json beside the model (see train-command.ts). */
type TrainMetricsDocument = TrainReport & {
  readonly trainingSeconds: number;
  readonly data: { readonly uri: string; readonly hash: string; readonly read: ReadReport };
};

function defaultJobApi(region: string): VertexJobApi & { close?: () => Promise<void> } {
  // Loaded only here (the package takes seconds to load), and without its 20 MB of type declarations:
  // the shape used is `VertexJobApi`, which the test checks against the package's protos.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { v1 } = require('@google-cloud/aiplatform') as {
    v1: { JobServiceClient: new (options: { apiEndpoint: string }) => VertexJobApi & { close(): Promise<void> } };
  };
  return new v1.JobServiceClient({ apiEndpoint: `${region}-aiplatform.googleapis.com` });
}

/** The bucket of a `gs://bucket/…` URI. */
function bucketOf(uri: string): string {
  return /^gs:\/\/([^/]+)\//.exec(uri)?.[1] ?? '';
}

/**
 * Registers `toxicity retrain vertex-train`: the train step of the retraining pipeline when
 * `retraining.trainer` is `vertex-ai`. It submits `toxicity train --data … --out …` as a Vertex AI
 * custom job running the project's image, prints each state the job goes through, and fails with
 * the job's own error when it does not succeed (so the build fails and the champion stays).
 */
export function registerVertexTrainCommand(retrain: Command, ctx: CliContext, deps: VertexTrainDeps = {}): void {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  retrain
    .command('vertex-train')
    .description(
      'train on Vertex AI (retraining.trainer: vertex-ai): submit the training as a custom job running the project image, wait for it and print its states',
    )
    .requiredOption('--data <uri>', 'gs:// object of the uploaded data')
    .addHelpText(
      'after',
      examples(
        'toxicity retrain vertex-train --data gs://my-data/uploads/comments.csv --out gs://my-models/toxic-detector/candidate/model.json --image europe-west1-docker.pkg.dev/my-project/toxicity/toxicity-api:abc1234 --dry-run',
      ),
    )
    .requiredOption('--out <uri>', 'gs://…/model.json the candidate is written to (metrics.json beside it)')
    .requiredOption('--image <uri>', "the project's image, <registry>/<project>/<repository>/<name>:<tag>")
    .option('--project <id>', 'project the job runs in (default: gcp.projectId)')
    .option('--run-id <id>', "the run's id in the job's name and labels (default: $BUILD_ID)")
    .option('--dry-run', 'print the CreateCustomJob request as JSON and submit nothing')
    .option(
      '--track',
      'log the training run to MLflow like `train --track` (the job writes the model and metrics.json; a failed job is a FAILED run)',
    )
    .option('--experiment <name>', 'MLflow experiment (default: mlflow.experiment)')
    .action(async (flags: VertexTrainFlags) => {
      const config = ctx.loadConfig();
      const v = config.retraining.vertexAi;
      if (config.retraining.trainer !== 'vertex-ai' && !flags.dryRun) {
        throw new UsageError(
          `retraining.trainer is ${config.retraining.trainer}: set it to vertex-ai to train on Vertex AI (or run \`toxicity train\`)`,
        );
      }
      let request;
      try {
        request = vertexTrainingJobRequest(config.retraining, {
          projectId: flags.project ?? config.gcp.projectId,
          defaultRegion: config.gcp.region,
          modelsBucket: bucketOf(flags.out),
          modelName: config.model.name,
          dataUri: flags.data,
          outUri: flags.out,
          imageUri: flags.image,
          runId: flags.runId ?? (ctx.env.BUILD_ID || 'manual'),
          commit: ctx.env.COMMIT_SHA || ctx.env.GIT_COMMIT || '',
        });
      } catch (err) {
        if (err instanceof VertexJobInputError) throw new UsageError(err.message);
        throw err;
      }
      if (flags.dryRun) {
        ctx.stdout.write(`${JSON.stringify(request, null, 2)}\n`);
        return;
      }
      const now = deps.now ?? (() => new Date());
      const commit = ctx.env.COMMIT_SHA || ctx.env.GIT_COMMIT || null;
      // Open the run first so that a failed job is recorded as a FAILED run, as `train --track` does.
      const client = flags.track ? mlflowClientFrom(ctx, config) : null;
      let run: RunInfo | null = null;
      if (client) {
        const experiment = flags.experiment ?? config.mlflow.experiment;
        try {
          run = await client.createRun(await client.getOrCreateExperiment(experiment), {
            runName: `train-${now().toISOString().slice(0, 19)}`,
            startTime: now().getTime(),
            tags: { model_type: 'tfidf-linear-svm', trainer: 'vertex-ai', ...(commit ? { git_commit: commit } : {}) },
          });
        } catch (err) {
          if (err instanceof MlflowError) throw new UsageError(`${err.message}\nno Vertex AI job was submitted`, 1);
          throw err;
        }
        ctx.stderr.write(`MLflow run ${run.run_id} in experiment "${experiment}" at ${client.trackingUri}\n`);
      }
      const region = v.region ?? config.gcp.region;
      const api = (deps.createJobApi ?? defaultJobApi)(region);
      const worker = request.customJob.jobSpec.workerPoolSpecs[0];
      ctx.stderr.write(
        `submitting Vertex AI custom job "${request.customJob.displayName}" in ${request.parent}: ${worker.machineSpec.machineType}, ${worker.containerSpec.imageUri}, as ${request.customJob.jobSpec.serviceAccount}\n`,
      );
      const started = Date.now();
      let jobName = '';
      try {
        jobName = await runVertexJob(api, request, {
          pollSeconds: v.pollSeconds,
          sleep,
          onState: (state, job) => {
            jobName = job;
            ctx.stderr.write(`${job}: ${state} (${Math.round((Date.now() - started) / 1000)} s)\n`);
          },
        });
        if (client && run) {
          const stores =
            deps.stores ?? createStandardStores({ cwd: ctx.cwd, gcsApiEndpoint: ctx.env.GCS_EMULATOR_ENDPOINT });
          await recordTrainingRun(client, run, stores, flags.out, { commit, jobName, now });
          await client.updateRun(run.run_id, 'FINISHED', now().getTime());
        }
        ctx.stdout.write(`Vertex AI custom job ${jobName} succeeded: ${flags.out}\n`);
      } catch (err) {
        if (client && run) {
          const detail = err instanceof VertexJobFailedError ? err.state : 'error';
          await client
            .logBatch(run.run_id, { tags: { ...(jobName ? { vertex_job: jobName } : {}), vertex_job_end: detail } })
            .then(() => client.updateRun(run.run_id, 'FAILED', now().getTime()))
            .catch(() => ctx.stderr.write(`could not mark MLflow run ${run.run_id} as FAILED (MLflow unreachable)\n`));
        }
        if (err instanceof VertexJobFailedError) throw new UsageError(err.message, 1);
        throw err;
      } finally {
        await api.close?.();
      }
    });
}

/**
 * Logs what the job wrote (model.json, metrics.json) to the run as `train --track` logs a build-step
 * training: the same params, flat metrics, artifacts and charts, plus the job's name.
 */
async function recordTrainingRun(
  client: MlflowClient,
  run: RunInfo,
  stores: StoreSet,
  out: string,
  info: { readonly commit: string | null; readonly jobName: string; readonly now: () => Date },
): Promise<void> {
  const { modelUri, metricsUri } = outputUris(out);
  const read = async (uri: string) => (await (await stores.storeFor(uri)).read(uri)).data.toString();
  const modelJson = await read(modelUri);
  const artifact = parseModelArtifact(JSON.parse(modelJson));
  const metricsJson = await read(metricsUri);
  const doc = JSON.parse(metricsJson) as TrainMetricsDocument;
  if (!doc.data?.read || !Array.isArray(doc.labels) || typeof doc.trainingSeconds !== 'number') {
    throw new UsageError(`${metricsUri} is not the metrics report of \`toxicity train\``, 1);
  }
  const flat = flattenMetrics(doc, {
    trainingSeconds: doc.trainingSeconds,
    modelSizeBytes: Buffer.byteLength(modelJson),
    read: doc.data.read,
  });
  await client.logBatch(run.run_id, {
    params: {
      ...trainingParams(
        artifact,
        { maskPii: doc.pii.masked },
        { dataUri: doc.data.uri, dataHash: doc.data.hash, commit: info.commit },
      ),
      data_encoding: doc.data.read.encoding,
    },
    metrics: Object.entries(flat).map(([key, value]) => ({ key, value, timestamp: info.now().getTime() })),
    tags: { dataset_version: doc.data.hash, model_version: artifact.version, vertex_job: info.jobName },
  });
  await client.logArtifact(run, 'model/model.json', modelJson, 'application/json');
  await client.logArtifact(run, 'metrics.json', metricsJson, 'application/json');
  const { renderRunCharts } = await import('../training/run-charts');
  for (const chart of await renderRunCharts(doc)) await client.logArtifact(run, chart.path, chart.svg, 'image/svg+xml');
}
