/**
 * The model card carried in the model artifact (`card`): what the model is for and not for, the data
 * it was trained on with its validation report, its metrics, the privacy measures stored in it, and
 * its risk classification under the EU AI Act. The trainer writes it (src/training/model-card.ts), the
 * server serves it at `GET /v1/model`. It holds counts, hashes, URIs and sentences — never a data row.
 */
import type { BinaryMetrics } from './evaluation-metrics';

/** Version of the card document, for its readers. */
export const MODEL_CARD_SCHEMA = 'toxicity.model-card/v1';

/** Risk levels of Regulation (EU) 2024/1689 (the AI Act): Art. 5 prohibited, Art. 6/Annex III high, Art. 50 limited, else minimal. */
export const AI_ACT_RISK_LEVELS = ['minimal', 'limited', 'high'] as const;
export type AiActRiskLevel = (typeof AI_ACT_RISK_LEVELS)[number];

/** One check of the data-quality report, as the card keeps it (no details: they may grow, the card stays small). */
export interface ModelCardCheck {
  readonly id: string;
  readonly passed: boolean;
  readonly observed: number;
  readonly limit: number | readonly number[];
  readonly message: string;
}

/** The data-quality report of the training data (`toxicity data validate`), or why there is none. */
export interface ModelCardValidation {
  readonly passed: boolean;
  /** Schema of the report it was taken from, e.g. `toxicity.data-quality/v1`. */
  readonly report: string;
  /** Where the full report is, when it was read from a file. */
  readonly reportUri: string | null;
  readonly evalSet: { readonly uri: string; readonly hash: string; readonly rows: number } | null;
  readonly checks: readonly ModelCardCheck[];
}

/** The figures of one label the card shows: those of the evaluation's `BinaryMetrics`. */
export type ModelCardLabelMetrics = Pick<
  BinaryMetrics,
  'accuracy' | 'precision' | 'recall' | 'f1' | 'rocAuc' | 'prAuc' | 'support'
>;

export interface ModelCard {
  readonly schema: typeof MODEL_CARD_SCHEMA;
  readonly model: {
    readonly name: string;
    readonly version: string;
    readonly trainedAt: string;
    readonly commit: string | null;
    readonly type: string;
  };
  readonly intendedUse: string;
  readonly limitations: readonly string[];
  readonly data: {
    /** Where the training data was read (credentials and query strings removed). */
    readonly uri: string;
    readonly hash: string;
    readonly rows: number;
    readonly trainRows: number;
    readonly testRows: number;
    /** Positives and negatives per label in the whole data. */
    readonly labels: { readonly [label: string]: { readonly positive: number; readonly negative: number } };
    /** Null when the data was not validated before training (the card says so). */
    readonly validation: ModelCardValidation | null;
  };
  readonly metrics: {
    /** What the figures were measured on, e.g. `test split (20 %) of the training data`. */
    readonly evaluatedOn: string;
    readonly threshold: number;
    readonly labels: { readonly [label: string]: ModelCardLabelMetrics };
  };
  readonly privacy: {
    /** Whether personal data of every type is masked (GDPR) by a step stored in the model. */
    readonly piiMasked: boolean;
    /** The model's cleaning steps in order; the masking steps run at training and at serving time alike. */
    readonly cleaning: readonly string[];
    /** Personal data found and masked in the training data, per type. */
    readonly maskedInTrainingData: { readonly [type: string]: number };
    readonly measures: readonly string[];
  };
  readonly risk: {
    readonly framework: string;
    readonly level: AiActRiskLevel;
    readonly reasoning: string;
  };
}

const STRING = { type: 'string' } as const;
const NUMBER = { type: 'number' } as const;
const NULLABLE_NUMBER = { type: ['number', 'null'] } as const;
const COUNT = { type: 'integer', minimum: 0 } as const;
const STRINGS = { type: 'array', items: STRING } as const;
const obj = (required: readonly string[], properties: Record<string, unknown>) => ({
  type: 'object',
  additionalProperties: false,
  required,
  properties,
});

/** JSON schema (draft-07) of the card, used inside the artifact's schema. */
export const modelCardSchema = obj(
  ['schema', 'model', 'intendedUse', 'limitations', 'data', 'metrics', 'privacy', 'risk'],
  {
    schema: { const: MODEL_CARD_SCHEMA },
    model: obj(['name', 'version', 'trainedAt', 'commit', 'type'], {
      name: STRING,
      version: STRING,
      trainedAt: STRING,
      commit: { type: ['string', 'null'] },
      type: STRING,
    }),
    intendedUse: { type: 'string', minLength: 1 },
    limitations: STRINGS,
    data: obj(['uri', 'hash', 'rows', 'trainRows', 'testRows', 'labels', 'validation'], {
      uri: STRING,
      hash: STRING,
      rows: COUNT,
      trainRows: COUNT,
      testRows: COUNT,
      labels: {
        type: 'object',
        additionalProperties: obj(['positive', 'negative'], { positive: COUNT, negative: COUNT }),
      },
      validation: {
        anyOf: [
          { type: 'null' },
          obj(['passed', 'report', 'reportUri', 'evalSet', 'checks'], {
            passed: { type: 'boolean' },
            report: STRING,
            reportUri: { type: ['string', 'null'] },
            evalSet: {
              anyOf: [{ type: 'null' }, obj(['uri', 'hash', 'rows'], { uri: STRING, hash: STRING, rows: COUNT })],
            },
            checks: {
              type: 'array',
              items: obj(['id', 'passed', 'observed', 'limit', 'message'], {
                id: STRING,
                passed: { type: 'boolean' },
                observed: NUMBER,
                limit: { anyOf: [NUMBER, { type: 'array', items: NUMBER }] },
                message: STRING,
              }),
            },
          }),
        ],
      },
    }),
    metrics: obj(['evaluatedOn', 'threshold', 'labels'], {
      evaluatedOn: STRING,
      threshold: NUMBER,
      labels: {
        type: 'object',
        additionalProperties: obj(['accuracy', 'precision', 'recall', 'f1', 'rocAuc', 'prAuc', 'support'], {
          accuracy: NUMBER,
          precision: NUMBER,
          recall: NUMBER,
          f1: NUMBER,
          rocAuc: NULLABLE_NUMBER,
          prAuc: NULLABLE_NUMBER,
          support: COUNT,
        }),
      },
    }),
    privacy: obj(['piiMasked', 'cleaning', 'maskedInTrainingData', 'measures'], {
      piiMasked: { type: 'boolean' },
      cleaning: STRINGS,
      maskedInTrainingData: { type: 'object', additionalProperties: COUNT },
      measures: STRINGS,
    }),
    risk: obj(['framework', 'level', 'reasoning'], {
      framework: STRING,
      level: { enum: AI_ACT_RISK_LEVELS },
      reasoning: { type: 'string', minLength: 1 },
    }),
  },
);

/**
 * A URI as a card may show it: user and password, query string and fragment removed
 * (`https://u:p@host/x?sig=…` → `https://host/x`), so a signed URL or credentials never reach it.
 */
export function publicUri(uri: string): string {
  const scheme = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)(.*)$/i.exec(uri);
  if (!scheme) return uri.replace(/[?#].*$/, '');
  const host = scheme[2].replace(/^.*@/, '');
  return `${scheme[1]}${host}${scheme[3].replace(/[?#].*$/, '')}`;
}
