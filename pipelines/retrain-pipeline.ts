import { pipelineTrackingUri } from '../src/config';
import { ENV } from '../src/contract';
import type { Build, BuildStep } from './cloud-build-model';
import { applySubstitutions } from './substitution-template';
import { mlflowCredentials, MLFLOW_USERNAME_ENV, perProject, type PipelineSlices } from './toxicity-pipeline';
import type { AppConfig } from '../src/config';

/** The config slices the retraining pipeline is built from. */
export type RetrainSlices = PipelineSlices & Pick<AppConfig, 'retraining' | 'infra'>;

/** File name of the retraining build config in the repository, beside `cloudbuild.yaml`. */
export const RETRAIN_BUILD_CONFIG_FILENAME = 'cloudbuild-retrain.yaml';

/** Step ids of the retraining pipeline, in order. */
export const RETRAIN_STEP_IDS = {
  setup: 'setup',
  claim: 'claim',
  validate: 'validate-data',
  train: 'train',
  challenge: 'challenge',
} as const;

/** Variables of `scripts/retrain-step.sh` that choose the trainer and name the image of a Vertex AI job. */
export const RETRAIN_TRAINER_ENV = 'RETRAIN_TRAINER';
export const RETRAIN_TRAINER_IMAGE_ENV = 'RETRAIN_TRAINER_IMAGE';

/** The script every step runs (`bash scripts/retrain-step.sh <step>`); the local subscriber runs it too. */
export const RETRAIN_STEP_SCRIPT = 'scripts/retrain-step.sh';

/**
 * Values the Pub/Sub trigger takes from the Cloud Storage notification it receives
 * (cloud.google.com/build/docs/automate-builds-pubsub-events: `$(body.message.attributes.<name>)`;
 * the attributes of a notification: cloud.google.com/storage/docs/pubsub-notifications#attributes).
 */
export const RETRAIN_MESSAGE_SUBSTITUTIONS = {
  _DATA_OBJECT: '$(body.message.attributes.objectId)',
  _DATA_GENERATION: '$(body.message.attributes.objectGeneration)',
  _EVENT_TYPE: '$(body.message.attributes.eventType)',
} as const;

/**
 * The trigger's filter: only finalized objects start a retraining (CEL over the trigger's
 * substitutions; `_EVENT_TYPE` exists on the trigger only, the build does not use it).
 */
export const RETRAIN_TRIGGER_FILTER = '_EVENT_TYPE == "OBJECT_FINALIZE"';

/**
 * User substitutions of the retraining build with their defaults. The object and its generation are
 * empty here: the trigger fills them from the message, and the claim step refuses to run without them.
 */
export function retrainSubstitutions(c: RetrainSlices): Record<string, string> {
  return {
    _DATA_BUCKET: perProject(c.buckets.data, c.gcp.projectId),
    _MODELS_BUCKET: perProject(c.buckets.models, c.gcp.projectId),
    _MODEL_NAME: c.model.name,
    _MLFLOW_URI: pipelineTrackingUri(c),
    _EVAL_SET: c.retraining.evalSet,
    _DATA_OBJECT: '',
    _DATA_GENERATION: '',
  };
}

/**
 * What the train step adds when `retraining.trainer` is `vertex-ai` (nothing otherwise): the script
 * then runs `toxicity retrain vertex-train` with the image the push pipeline built from the same
 * commit (`$SHORT_SHA`, the tag its build step pushes) and the project the build runs in.
 */
export function vertexTrainEnv(c: RetrainSlices): string[] {
  if (c.retraining.trainer !== 'vertex-ai') return [];
  return [
    `${RETRAIN_TRAINER_ENV}=vertex-ai`,
    `${RETRAIN_TRAINER_IMAGE_ENV}=${c.image.registry}/$PROJECT_ID/${c.image.repository}/${c.image.name}:$SHORT_SHA`,
    'PROJECT_ID=$PROJECT_ID',
    'COMMIT_SHA=$COMMIT_SHA',
  ];
}

/**
 * The retraining pipeline: setup (install, compile) → claim (once per object generation, one run at
 * a time) → validate the data → train → challenger vs champion, register, promote or not. No image
 * build and no deploy: the pods follow the champion pointer by hot reload. Pure: the CLI renders it to
 * `cloudbuild-retrain.yaml`.
 */
export function retrainPipeline(c: RetrainSlices): Build {
  const ids = RETRAIN_STEP_IDS;
  const credentials = mlflowCredentials(c);
  // What scripts/retrain-step.sh reads, the same in every step.
  const env = [
    'CI=true',
    'BUILD_ID=$BUILD_ID',
    'DATA_BUCKET=$_DATA_BUCKET',
    'DATA_OBJECT=$_DATA_OBJECT',
    'DATA_GENERATION=$_DATA_GENERATION',
    'MODELS_BUCKET=$_MODELS_BUCKET',
    'MODEL_NAME=$_MODEL_NAME',
    'EVAL_SET_URI=gs://$_DATA_BUCKET/$_EVAL_SET',
    `${ENV.mlflowTrackingUri}=$_MLFLOW_URI`,
    `${ENV.modelChampionStore}=gs://$_MODELS_BUCKET`,
    ...(credentials?.username === undefined ? [] : [`${MLFLOW_USERNAME_ENV}=${credentials.username}`]),
  ];
  const secrets = credentials ? { secretEnv: [credentials.env] } : {};
  const step = (id: string, waitFor: string, needsMlflow: boolean, extraEnv: readonly string[] = []): BuildStep => ({
    id,
    name: c.pipeline.nodeImage,
    waitFor: [waitFor],
    entrypoint: 'bash',
    args: [RETRAIN_STEP_SCRIPT, id === ids.validate ? 'validate' : id],
    env: [...env, ...extraEnv],
    ...(needsMlflow ? secrets : {}),
  });
  const setup: BuildStep = {
    id: ids.setup,
    name: c.pipeline.nodeImage,
    waitFor: ['-'],
    entrypoint: 'bash',
    args: ['-c', 'set -euo pipefail\nnpm ci\nnpm run build\n'],
    env: ['CI=true'],
  };
  const serviceAccount =
    c.pipeline.serviceAccount === null
      ? undefined
      : `projects/$PROJECT_ID/serviceAccounts/${perProject(c.pipeline.serviceAccount, c.gcp.projectId)}`;
  return {
    steps: [
      setup,
      step(ids.claim, ids.setup, false),
      step(ids.validate, ids.claim, true),
      step(ids.train, ids.validate, true, vertexTrainEnv(c)),
      step(ids.challenge, ids.train, true),
    ],
    timeout: `${c.pipeline.timeoutSeconds}s`,
    options: {
      logging: 'CLOUD_LOGGING_ONLY',
      dynamicSubstitutions: true,
      ...(c.pipeline.workerPool === null
        ? {}
        : {
            pool: {
              name: `projects/$PROJECT_ID/locations/${c.pipeline.workerPoolRegion}/workerPools/${c.pipeline.workerPool}`,
            },
          }),
    },
    ...(serviceAccount === undefined ? {} : { serviceAccount }),
    substitutions: retrainSubstitutions(c),
    ...(credentials
      ? {
          availableSecrets: {
            secretManager: [
              {
                versionName: `projects/$PROJECT_ID/secrets/${credentials.secret}/versions/latest`,
                env: credentials.env,
              },
            ],
          },
        }
      : {}),
    tags: ['toxicity-retrain'],
  };
}

/** One step of the retraining build as a local process runs it (`toxicity retrain subscribe`). */
export interface LocalStep {
  readonly id: string;
  readonly command: string;
  readonly args: readonly string[];
  /** The step's `env`, substituted, as a map; secrets (`secretEnv`) come from the caller's environment. */
  readonly env: Readonly<Record<string, string>>;
}

/**
 * The steps of the retraining build after `setup` (a local checkout is already installed and
 * built), substituted as Cloud Build would: `values` holds the user substitutions (the build's
 * defaults overridden by the message's object and generation) and the built-ins the steps name
 * (`BUILD_ID`, `PROJECT_ID`). Pure; the subscriber runs them in order and stops at the first failure.
 */
export function localRetrainSteps(build: Build, values: Readonly<Record<string, string>>): LocalStep[] {
  return build.steps
    .filter((s) => s.id !== RETRAIN_STEP_IDS.setup)
    .map((s) => {
      if (s.entrypoint === undefined || s.args === undefined) {
        throw new Error(`retraining step ${s.id ?? s.name} has no entrypoint and args to run locally`);
      }
      const env: Record<string, string> = {};
      for (const entry of s.env ?? []) {
        const at = entry.indexOf('=');
        env[entry.slice(0, at)] = applySubstitutions(entry.slice(at + 1), values);
      }
      return {
        id: s.id ?? s.name,
        command: s.entrypoint,
        args: s.args.map((a) => applySubstitutions(a, values)),
        env,
      };
    });
}
