import type { Command } from 'commander';
import {
  runVertexJob,
  type VertexJobApi,
  VertexJobFailedError,
  VertexJobInputError,
  vertexTrainingJobRequest,
} from '../training';
import { type CliContext, UsageError } from './cli-context';

/** What `retrain vertex-train` needs from outside; tests pass a client that speaks the real protocol. */
export interface VertexTrainDeps {
  /**
   * Builds the Vertex AI job client for a region. The default is `JobServiceClient` of
   * `@google-cloud/aiplatform` on `<region>-aiplatform.googleapis.com` (Vertex AI's API is regional:
   * cloud.google.com/vertex-ai/docs/reference/rest#rest_endpoints), with Application Default Credentials.
   */
  readonly createJobApi?: (region: string) => VertexJobApi & { close?: () => Promise<void> };
  readonly sleep?: (ms: number) => Promise<void>;
}

interface VertexTrainFlags {
  data: string;
  out: string;
  image: string;
  project?: string;
  runId?: string;
  dryRun?: boolean;
}

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
    .requiredOption('--out <uri>', 'gs://…/model.json the candidate is written to (metrics.json beside it)')
    .requiredOption('--image <uri>', "the project's image, <registry>/<project>/<repository>/<name>:<tag>")
    .option('--project <id>', 'project the job runs in (default: gcp.projectId)')
    .option('--run-id <id>', "the run's id in the job's name and labels (default: $BUILD_ID)")
    .option('--dry-run', 'print the CreateCustomJob request as JSON and submit nothing')
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
      const region = v.region ?? config.gcp.region;
      const api = (deps.createJobApi ?? defaultJobApi)(region);
      const worker = request.customJob.jobSpec.workerPoolSpecs[0]!;
      ctx.stderr.write(
        `submitting Vertex AI custom job "${request.customJob.displayName}" in ${request.parent}: ${worker.machineSpec.machineType}, ${worker.containerSpec.imageUri}, as ${request.customJob.jobSpec.serviceAccount}\n`,
      );
      const started = Date.now();
      try {
        const name = await runVertexJob(api, request, {
          pollSeconds: v.pollSeconds,
          sleep,
          onState: (state, job) =>
            ctx.stderr.write(`${job}: ${state} (${Math.round((Date.now() - started) / 1000)} s)\n`),
        });
        ctx.stdout.write(`Vertex AI custom job ${name} succeeded: ${flags.out}\n`);
      } catch (err) {
        if (err instanceof VertexJobFailedError) throw new UsageError(err.message, 1);
        throw err;
      } finally {
        await api.close?.();
      }
    });
}
