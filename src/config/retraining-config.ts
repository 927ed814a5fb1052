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
});
