/**
 * The retraining pipeline's train step as a Vertex AI custom job: the request is built here by a pure
 * function from the config, and the job is watched through the small `VertexJobApi` interface that
 * `JobServiceClient` of `@google-cloud/aiplatform` satisfies (the CLI creates the client). The shapes
 * below are the subset of `google.cloud.aiplatform.v1` the project sets, in the protos' JSON names;
 * test/src/training/vertex-custom-job.test.ts checks every field and enum against the protos the
 * package ships. (Importing the package's own types would make the compiler read its 20 MB of
 * declarations on every build.)
 */
import type { RetrainingConfig } from '../config';
import { ENV } from '../contract';

/** `google.cloud.aiplatform.v1.EnvVar`. */
export interface VertexEnvVar {
  readonly name: string;
  readonly value: string;
}

/**
 * `google.cloud.aiplatform.v1.CustomJob`, as created (input fields only), in the object form the gRPC
 * client takes (protobuf.js `ICustomJob`: int64 as a decimal string, a Duration as `{seconds}`).
 */
export interface VertexCustomJobSpec {
  readonly displayName: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly jobSpec: {
    readonly workerPoolSpecs: readonly {
      readonly machineSpec: { readonly machineType: string };
      /** int64, as a decimal string. */
      readonly replicaCount: string;
      readonly diskSpec: { readonly bootDiskType: string; readonly bootDiskSizeGb: number };
      readonly containerSpec: {
        readonly imageUri: string;
        readonly command: readonly string[];
        readonly args: readonly string[];
        readonly env: readonly VertexEnvVar[];
      };
    }[];
    readonly serviceAccount: string;
    readonly baseOutputDirectory: { readonly outputUriPrefix: string };
    /** A `google.protobuf.Duration` (int64 seconds as a decimal string). */
    readonly scheduling: { readonly timeout: { readonly seconds: string } };
  };
}

/** `google.cloud.aiplatform.v1.CreateCustomJobRequest`. */
export interface VertexCreateCustomJobRequest {
  /** `projects/<project>/locations/<region>`. */
  readonly parent: string;
  readonly customJob: VertexCustomJobSpec;
}

/** `google.cloud.aiplatform.v1.JobState` names. */
export type VertexJobState =
  | 'JOB_STATE_UNSPECIFIED'
  | 'JOB_STATE_QUEUED'
  | 'JOB_STATE_PENDING'
  | 'JOB_STATE_RUNNING'
  | 'JOB_STATE_SUCCEEDED'
  | 'JOB_STATE_FAILED'
  | 'JOB_STATE_CANCELLING'
  | 'JOB_STATE_CANCELLED'
  | 'JOB_STATE_PAUSED'
  | 'JOB_STATE_EXPIRED'
  | 'JOB_STATE_UPDATING'
  | 'JOB_STATE_PARTIALLY_SUCCEEDED';

/** What the service answers about a job (the fields read here). The client gives `state` as a name. */
export interface VertexCustomJobStatus {
  readonly name?: string | null;
  readonly state?: VertexJobState | number | null;
  readonly error?: { readonly code?: number | null; readonly message?: string | null } | null;
}

/** The part of `JobServiceClient` the train step uses (the real client satisfies it). */
export interface VertexJobApi {
  createCustomJob(request: VertexCreateCustomJobRequest): Promise<[VertexCustomJobStatus, ...unknown[]]>;
  getCustomJob(request: { name: string }): Promise<[VertexCustomJobStatus, ...unknown[]]>;
}

/** What one training run is: the data, where the candidate goes, the image and the run's identity. */
export interface VertexTrainingRun {
  readonly projectId: string;
  /** Region of `gcp.region`, used when `retraining.vertexAi.region` is null. */
  readonly defaultRegion: string;
  /** The models bucket: the base output directory when `retraining.vertexAi.stagingBucket` is null. */
  readonly modelsBucket: string;
  readonly modelName: string;
  /** `gs://…` of the uploaded data. */
  readonly dataUri: string;
  /** `gs://…/model.json` the candidate is written to (metrics.json beside it). */
  readonly outUri: string;
  /** The project's image, `<registry>/<project>/<repository>/<name>:<tag>` or `…@sha256:…`. */
  readonly imageUri: string;
  /** A short id of the run (the build id), for the job's name and labels. */
  readonly runId: string;
  /** Commit the image and the model come from (provenance); empty when unknown. */
  readonly commit: string;
}

/** The command the job runs in the image: the CLI the image ships (`build/src/cli.js`, see model-server/Dockerfile). */
export const VERTEX_TRAIN_COMMAND: readonly string[] = ['node', 'build/src/cli.js'];

/** States after which a job does not change any more (google.cloud.aiplatform.v1.JobState). */
export const VERTEX_TERMINAL_STATES: readonly VertexJobState[] = [
  'JOB_STATE_SUCCEEDED',
  'JOB_STATE_FAILED',
  'JOB_STATE_CANCELLED',
  'JOB_STATE_EXPIRED',
  'JOB_STATE_PARTIALLY_SUCCEEDED',
];

/** Raised when a request cannot be built from what it was given; the message says what to fix. */
export class VertexJobInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VertexJobInputError';
  }
}

/** Raised when the job ended in any state but success; the message carries the job's own error. */
export class VertexJobFailedError extends Error {
  constructor(
    readonly jobName: string,
    readonly state: VertexJobState,
    readonly detail: string,
  ) {
    super(`Vertex AI custom job ${jobName} ended ${state}${detail ? `: ${detail}` : ''}`);
    this.name = 'VertexJobFailedError';
  }
}

const GCS_URI = /^gs:\/\/[a-z0-9][-a-z0-9_.]{1,61}[a-z0-9]\/\S+$/;
// Artifact Registry / container image reference with an explicit tag or digest (no implicit `latest`).
const IMAGE_URI = /^[a-z0-9.-]+(:\d+)?\/[a-z0-9._/-]+(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[a-f0-9]{64})$/;

/** A label value: lowercase letters, digits, `_` and `-`, at most 63 (cloud.google.com/vertex-ai/docs/general/resource-labels). */
function labelValue(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .slice(0, 63);
}

/**
 * The `CreateCustomJob` request of a retraining run: one worker of `retraining.vertexAi.machineType`
 * running the project's image with `toxicity train --data <upload> --out <candidate>` as
 * `retraining.vertexAi.serviceAccount`, stopped by Vertex AI after `timeoutSeconds`. Pure.
 */
export function vertexTrainingJobRequest(
  retraining: Pick<RetrainingConfig, 'vertexAi'>,
  run: VertexTrainingRun,
): VertexCreateCustomJobRequest {
  const v = retraining.vertexAi;
  const problems: string[] = [];
  if (!GCS_URI.test(run.dataUri)) problems.push(`the data must be a gs:// object, got ${JSON.stringify(run.dataUri)}`);
  if (!GCS_URI.test(run.outUri) || !run.outUri.endsWith('.json')) {
    problems.push(`the output must be a gs://…/model.json object, got ${JSON.stringify(run.outUri)}`);
  }
  if (!IMAGE_URI.test(run.imageUri)) {
    problems.push(
      `the image must be <registry>/<path>:<tag> or …@sha256:<digest>, got ${JSON.stringify(run.imageUri)} (an empty tag: $SHORT_SHA is empty in manual builds; pass the image)`,
    );
  }
  if (problems.length > 0) throw new VertexJobInputError(problems.join('; '));
  const region = v.region ?? run.defaultRegion;
  const staging = v.stagingBucket ?? run.modelsBucket;
  const runId = labelValue(run.runId) || 'manual';
  return {
    parent: `projects/${run.projectId}/locations/${region}`,
    customJob: {
      displayName: `${run.modelName}-retrain-${runId}`.slice(0, 128),
      labels: { app: 'toxicity', model: labelValue(run.modelName), run: runId },
      jobSpec: {
        workerPoolSpecs: [
          {
            machineSpec: { machineType: v.machineType },
            replicaCount: '1',
            diskSpec: { bootDiskType: 'pd-ssd', bootDiskSizeGb: v.bootDiskSizeGb },
            containerSpec: {
              imageUri: run.imageUri,
              command: [...VERTEX_TRAIN_COMMAND],
              args: ['train', '--data', run.dataUri, '--out', run.outUri, '--no-progress'],
              env: run.commit ? [{ name: ENV.commitSha, value: run.commit }] : [],
            },
          },
        ],
        serviceAccount: `${v.serviceAccount}@${run.projectId}.iam.gserviceaccount.com`,
        baseOutputDirectory: { outputUriPrefix: `gs://${staging}/${run.modelName}/retrain/vertex/${runId}/` },
        scheduling: { timeout: { seconds: String(v.timeoutSeconds) } },
      },
    },
  };
}

/** The state as a name; the client answers names, but a numeric enum value is mapped too. */
export function jobStateName(state: VertexCustomJobStatus['state']): VertexJobState {
  if (typeof state === 'string') return state;
  const names: readonly VertexJobState[] = [
    'JOB_STATE_UNSPECIFIED',
    'JOB_STATE_QUEUED',
    'JOB_STATE_PENDING',
    'JOB_STATE_RUNNING',
    'JOB_STATE_SUCCEEDED',
    'JOB_STATE_FAILED',
    'JOB_STATE_CANCELLING',
    'JOB_STATE_CANCELLED',
    'JOB_STATE_PAUSED',
    'JOB_STATE_EXPIRED',
    'JOB_STATE_UPDATING',
    'JOB_STATE_PARTIALLY_SUCCEEDED',
  ];
  return typeof state === 'number' && names[state] !== undefined ? names[state] : 'JOB_STATE_UNSPECIFIED';
}

export interface RunVertexJobOptions {
  /** Seconds between two reads of the state. */
  readonly pollSeconds: number;
  readonly sleep: (ms: number) => Promise<void>;
  /** Called once per state change (and with the job's name once it is created). */
  readonly onState: (state: VertexJobState, jobName: string) => void;
}

/**
 * Creates the job and waits for it, reporting each state change. Resolves with the job's name when it
 * succeeded; rejects with `VertexJobFailedError` (the job's own error message) when it failed, was
 * cancelled or expired, or only partly succeeded (a model is all or nothing).
 */
export async function runVertexJob(
  api: VertexJobApi,
  request: VertexCreateCustomJobRequest,
  options: RunVertexJobOptions,
): Promise<string> {
  const [created] = await api.createCustomJob(request);
  const name = created.name;
  if (!name) throw new Error('Vertex AI created the custom job but answered without its name');
  let job = created;
  let last: VertexJobState | null = null;
  for (;;) {
    const state = jobStateName(job.state);
    if (state !== last) {
      options.onState(state, name);
      last = state;
    }
    if (VERTEX_TERMINAL_STATES.includes(state)) {
      if (state === 'JOB_STATE_SUCCEEDED') return name;
      throw new VertexJobFailedError(name, state, job.error?.message ?? '');
    }
    await options.sleep(options.pollSeconds * 1000);
    [job] = await api.getCustomJob({ name });
  }
}
