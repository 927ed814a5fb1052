import { modelCardSchema } from '../src/ml';
import { PROBLEMS, PROBLEM_TYPE_BASE } from './problem';
import { type PredictLimits, predictRequestSchema } from './predict-request';

const NUMBER_OR_NULL = { type: ['number', 'null'] } as const;

/**
 * The `components.schemas` of the OpenAPI document: the request schema is the very one the server
 * validates with; tests validate live responses against the response schemas here.
 */
export function openApiSchemas(options: PredictLimits) {
  return {
    PredictRequest: predictRequestSchema(options),
    LabelScore: {
      type: 'object',
      additionalProperties: false,
      required: ['decision', 'probability', 'predicted'],
      properties: {
        decision: { type: 'number', description: 'Signed distance to the decision boundary.' },
        probability: { ...NUMBER_OR_NULL, description: 'Calibrated probability; null when uncalibrated.' },
        predicted: {
          type: 'boolean',
          description: 'probability >= threshold when calibrated, else decision > 0.',
        },
        explanation: { $ref: '#/components/schemas/Explanation' },
      },
    },
    Explanation: {
      type: 'object',
      additionalProperties: false,
      required: ['intercept', 'contributions', 'other_contribution'],
      description: 'decision = intercept + sum(contributions) + other_contribution.',
      properties: {
        intercept: { type: 'number' },
        contributions: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['feature', 'contribution', 'value', 'weight', 'spans', 'span_count'],
            properties: {
              feature: { type: 'string', description: 'The n-gram as the model sees it.' },
              contribution: { type: 'number' },
              value: { type: 'number' },
              weight: { type: 'number' },
              spans: {
                type: 'array',
                description:
                  'Occurrences as [start, end) UTF-16 offsets in the text as sent, in text order, overlapping ones merged, at most the configured number.',
                items: {
                  type: 'array',
                  prefixItems: [
                    { type: 'integer', minimum: 0 },
                    { type: 'integer', minimum: 0 },
                  ],
                  minItems: 2,
                  maxItems: 2,
                },
              },
              span_count: { type: 'integer', minimum: 0, description: 'Merged spans before the cap.' },
            },
          },
        },
        other_contribution: { type: 'number' },
      },
    },
    Prediction: {
      type: 'object',
      required: ['prediction', 'probability', 'label', 'text_length', 'timestamp', 'scores'],
      properties: {
        prediction: { enum: [0, 1], description: '1 when the primary label (the first model label) is predicted.' },
        probability: { ...NUMBER_OR_NULL, description: 'Primary label probability.' },
        label: { type: 'string', description: '`toxic` or `non_toxic` (primary label name, or non_ + it).' },
        text_length: { type: 'integer', minimum: 0, description: 'Unicode code points.' },
        timestamp: { type: 'string', format: 'date-time' },
        scores: {
          type: 'object',
          description: 'Per requested label.',
          additionalProperties: { $ref: '#/components/schemas/LabelScore' },
        },
      },
    },
    SinglePrediction: {
      allOf: [{ $ref: '#/components/schemas/Prediction' }],
      required: ['model_version'],
      properties: { model_version: { type: 'string' } },
      unevaluatedProperties: false,
    },
    BatchPrediction: {
      type: 'object',
      additionalProperties: false,
      required: ['model_version', 'predictions'],
      properties: {
        model_version: { type: 'string' },
        predictions: {
          type: 'array',
          items: { $ref: '#/components/schemas/Prediction', unevaluatedProperties: false },
        },
      },
    },
    ModelInfo: {
      type: 'object',
      additionalProperties: false,
      required: [
        'name',
        'version',
        'labels',
        'primary_label',
        'feature_count',
        'source_uri',
        'resolved_uri',
        'generation',
        'loaded_at',
        'trained_at',
        'metrics',
        'card',
      ],
      properties: {
        name: { type: 'string' },
        version: { type: 'string' },
        labels: { type: 'array', items: { type: 'string' } },
        primary_label: { type: 'string' },
        feature_count: { type: 'integer' },
        source_uri: { type: 'string', description: 'The configured model URI.' },
        resolved_uri: { type: 'string', description: 'Where the model was read.' },
        generation: { type: 'string', description: 'Storage generation that was read.' },
        loaded_at: { type: 'string', format: 'date-time' },
        trained_at: { type: 'string', format: 'date-time' },
        metrics: { type: 'object', description: 'Training metrics recorded in the artifact.' },
        card: {
          description: 'The model card, or null for a model without one (`card_missing` says why).',
          anyOf: [{ $ref: '#/components/schemas/ModelCard' }, { type: 'null' }],
        },
        card_missing: { type: 'string', description: 'Present when `card` is null: why, and how to get one.' },
        imported_from: {
          type: 'object',
          description:
            'Present for a model converted from another library (`toxicity import sklearn`): the library and ' +
            'its version, the estimator chain, the source files with their SHA-256, and the parity measured at import.',
          required: ['library', 'libraryVersion', 'estimator', 'files', 'parity'],
          properties: {
            library: { type: 'string' },
            libraryVersion: { type: 'string' },
            estimator: { type: 'string' },
            files: {
              type: 'array',
              items: {
                type: 'object',
                required: ['name', 'hash', 'format'],
                properties: { name: { type: 'string' }, hash: { type: 'string' }, format: { type: 'string' } },
              },
            },
            parity: {
              type: 'object',
              required: ['texts', 'maxDecisionDifference', 'maxProbabilityDifference', 'tolerance'],
              properties: {
                texts: { type: 'integer' },
                maxDecisionDifference: { type: ['number', 'null'] },
                maxProbabilityDifference: { type: ['number', 'null'] },
                tolerance: { type: 'number' },
              },
            },
          },
        },
      },
    },
    ModelCard: {
      ...modelCardSchema,
      description:
        'What the model is for and not for, its data and their data-quality report, its metrics, the privacy ' +
        'measures stored in it, and its risk classification under the EU AI Act (docs/model-server.md#model-card). ' +
        'Counts, hashes and URIs only: never a data row or a secret.',
    },
    Health: {
      type: 'object',
      additionalProperties: false,
      required: ['status'],
      properties: { status: { const: 'ok' } },
    },
    Ready: {
      type: 'object',
      additionalProperties: false,
      required: ['status'],
      // No model version: an unauthenticated endpoint reveals no versions (GET /v1/model, authenticated, does).
      properties: { status: { const: 'ready' } },
    },
    Problem: {
      type: 'object',
      required: ['type', 'title', 'status', 'detail'],
      additionalProperties: false,
      properties: {
        type: { type: 'string', enum: Object.keys(PROBLEMS).map((slug) => `${PROBLEM_TYPE_BASE}${slug}`) },
        title: { type: 'string' },
        status: { type: 'integer' },
        detail: { type: 'string' },
        errors: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['pointer', 'message'],
            properties: {
              pointer: { type: 'string', description: 'JSON pointer into the body.' },
              message: { type: 'string' },
            },
          },
        },
        error_count: {
          type: 'integer',
          minimum: 1,
          description: 'Number of validation errors found; `errors` lists the first of them.',
        },
        request_id: { type: 'string' },
      },
    },
  };
}
