/**
 * Settings of the retraining loop (an upload under the data prefix → data-quality gate → train →
 * challenger vs champion on the frozen evaluation set → promote or not). Kept apart from
 * app-config.ts so that file stays small; `AppConfig.retraining` is this slice.
 */
export interface RetrainingConfig {
  /** The data-quality gate run before any training. */
  readonly dataQuality: DataQualityConfig;
  /** Champion vs challenger on the frozen evaluation set. */
  readonly gate: ChallengerGateConfig;
  /**
   * The frozen, versioned evaluation set: an object path inside the data bucket (never the new data's
   * own split). @default eval/frozen-v1.csv
   */
  readonly evalSet: string;
  /**
   * `sha256:<hex>` the evaluation set must have; null records whatever hash it has (first use).
   * @default null
   */
  readonly evalSetHash: string | null;
  /**
   * Where the train step trains: `build-step` in the build itself, or `vertex-ai`, a Vertex AI custom
   * job running the project's own image (for data that outgrows a build machine; settings in `vertexAi`).
   * @default build-step
   */
  readonly trainer: RetrainingTrainer;
  /** The Vertex AI custom job of `trainer: vertex-ai` (unused otherwise). */
  readonly vertexAi: VertexAiTrainerConfig;
}

/** Where the retraining pipeline's train step runs. */
export type RetrainingTrainer = 'build-step' | 'vertex-ai';

/** Settings of the Vertex AI custom job that trains when `retraining.trainer` is `vertex-ai`. */
export interface VertexAiTrainerConfig {
  /** Vertex AI region the job runs in; null: `gcp.region`. @default null */
  readonly region: string | null;
  /** Compute Engine machine type of the single worker. @default n1-highmem-8 */
  readonly machineType: string;
  /** Boot disk of the worker, GB (the data is read from the bucket, not staged on disk). @default 100 */
  readonly bootDiskSizeGb: number;
  /**
   * Account id of the service account the job runs as (the infra chart creates it with its grants,
   * and lets the build's account act as it). @default toxicity-vertex-trainer
   */
  readonly serviceAccount: string;
  /**
   * Bucket of the job's base output directory (`AIP_MODEL_DIR` and Vertex AI's own outputs); null: the
   * models bucket, under `<model>/retrain/vertex/`. @default null
   */
  readonly stagingBucket: string | null;
  /** Longest the job may run before Vertex AI stops it; below `pipeline.timeoutSeconds`. @default 3000 */
  readonly timeoutSeconds: number;
  /** Seconds between two reads of the job's state while the build waits for it. @default 30 */
  readonly pollSeconds: number;
}

export interface DataQualityConfig {
  /** Fewest usable rows. @default 1000 (the original system's floor) */
  readonly minRows: number;
  /** Lowest share of positives of every required label. @default 0.05 */
  readonly minPositiveShare: number;
  /** Highest share of positives of every required label. @default 0.95 */
  readonly maxPositiveShare: number;
  /** Labels the data must carry (columns). @default [toxic] */
  readonly requiredLabels: readonly string[];
  /** Highest share of rows rejected for a missing or empty text. @default 0.01 */
  readonly maxEmptyTextShare: number;
  /** Highest share of rows rejected for a label outside {0, 1}. @default 0 */
  readonly maxBadLabelShare: number;
  /** Highest share of rows whose text repeats an earlier row exactly. @default 0.05 */
  readonly maxExactDuplicateShare: number;
  /** Highest share of rows whose normalised text repeats an earlier one (case, punctuation, spacing aside). @default 0.1 */
  readonly maxNearDuplicateShare: number;
  /** Most rows whose normalised text is in the frozen evaluation set (leakage). @default 0 */
  readonly maxEvalOverlapRows: number;
  /** Highest share of rows kept with U+FFFD replacement characters or rejected as malformed. @default 0.01 */
  readonly maxEncodingProblemShare: number;
  /** Largest data file accepted, in bytes. @default 536870912 (512 MiB) */
  readonly maxBytes: number;
}

export interface ChallengerGateConfig {
  /** Metric compared on the evaluation set, per label, e.g. `rocAuc`, `f1`, `prAuc`. @default rocAuc */
  readonly metric: 'rocAuc' | 'prAuc' | 'f1' | 'accuracy' | 'precision' | 'recall';
  /** Label whose metric is the primary one. @default toxic */
  readonly primaryLabel: string;
  /** How much the challenger must beat the champion by on the primary metric (negative: may lose that much). @default 0 */
  readonly minImprovement: number;
  /** Largest drop of the metric allowed on any other label the champion also has. @default 0.02 */
  readonly maxLabelRegression: number;
}

const SHARE = { type: 'number', minimum: 0, maximum: 1 } as const;
const section = (properties: Record<string, unknown>) => ({
  type: 'object',
  default: {},
  additionalProperties: false,
  properties,
});

/** JSON schema of the `retraining` section (defaults applied by ajv's `useDefaults`). */
export const retrainingSchema = section({
  dataQuality: section({
    minRows: { type: 'integer', minimum: 1, default: 1000 },
    minPositiveShare: { ...SHARE, default: 0.05 },
    maxPositiveShare: { ...SHARE, default: 0.95 },
    requiredLabels: {
      type: 'array',
      items: { type: 'string', pattern: '^[A-Za-z0-9_]+$' },
      minItems: 1,
      uniqueItems: true,
      default: ['toxic'],
    },
    maxEmptyTextShare: { ...SHARE, default: 0.01 },
    maxBadLabelShare: { ...SHARE, default: 0 },
    maxExactDuplicateShare: { ...SHARE, default: 0.05 },
    maxNearDuplicateShare: { ...SHARE, default: 0.1 },
    maxEvalOverlapRows: { type: 'integer', minimum: 0, default: 0 },
    maxEncodingProblemShare: { ...SHARE, default: 0.01 },
    maxBytes: { type: 'integer', minimum: 1, default: 536870912 },
  }),
  gate: section({
    metric: { type: 'string', enum: ['rocAuc', 'prAuc', 'f1', 'accuracy', 'precision', 'recall'], default: 'rocAuc' },
    primaryLabel: { type: 'string', pattern: '^[A-Za-z0-9_]+$', default: 'toxic' },
    minImprovement: { type: 'number', minimum: -1, maximum: 1, default: 0 },
    maxLabelRegression: { ...SHARE, default: 0.02 },
  }),
  evalSet: { type: 'string', pattern: '^[^/\\s][^\\s]*$', default: 'eval/frozen-v1.csv' },
  evalSetHash: { type: ['string', 'null'], pattern: '^sha256:[0-9a-f]{64}$', default: null },
  trainer: { type: 'string', enum: ['build-step', 'vertex-ai'], default: 'build-step' },
  vertexAi: section({
    // Vertex AI locations are Compute regions (cloud.google.com/vertex-ai/docs/general/locations).
    region: { type: ['string', 'null'], pattern: '^[a-z]+-[a-z]+[0-9]+$', default: null },
    // Compute Engine machine type names (cloud.google.com/vertex-ai/docs/training/configure-compute).
    machineType: { type: 'string', pattern: '^[a-z][a-z0-9]*-[a-z0-9-]*[a-z0-9]$', default: 'n1-highmem-8' },
    bootDiskSizeGb: { type: 'integer', minimum: 100, maximum: 65536, default: 100 },
    // Service account ids: 6-30 of [-a-z0-9], starting with a letter (cloud.google.com/iam/docs/service-accounts-create).
    serviceAccount: { type: 'string', pattern: '^[a-z][-a-z0-9]{4,28}[a-z0-9]$', default: 'toxicity-vertex-trainer' },
    stagingBucket: { type: ['string', 'null'], pattern: '^[a-z0-9][-a-z0-9_.]{1,61}[a-z0-9]$', default: null },
    timeoutSeconds: { type: 'integer', minimum: 60, maximum: 604800, default: 3000 },
    pollSeconds: { type: 'integer', minimum: 1, maximum: 600, default: 30 },
  }),
});

/**
 * Retraining settings that cannot work with the rest of the config, as `/path: problem` lines: the
 * Vertex AI trainer is launched by the build's own service account (which must be allowed to act as
 * the job's), and it must end before the build's timeout, which would otherwise leave the job running.
 */
export function retrainingProblems(c: {
  readonly retraining: RetrainingConfig;
  readonly pipeline: { readonly serviceAccount: string | null; readonly timeoutSeconds: number };
}): string[] {
  if (c.retraining.trainer !== 'vertex-ai') return [];
  const problems: string[] = [];
  if (c.pipeline.serviceAccount === null) {
    problems.push(
      '/retraining/trainer: vertex-ai needs pipeline.serviceAccount (the build launches the job and must be granted to act as retraining.vertexAi.serviceAccount); set it, or use trainer: build-step',
    );
  }
  const v = c.retraining.vertexAi;
  if (v.timeoutSeconds >= c.pipeline.timeoutSeconds) {
    problems.push(
      `/retraining/vertexAi/timeoutSeconds: must be below pipeline.timeoutSeconds (${c.pipeline.timeoutSeconds}) so the build outlives the job it waits for, got ${v.timeoutSeconds}`,
    );
  }
  return problems;
}
