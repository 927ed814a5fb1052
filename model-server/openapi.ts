import { PROBLEMS, PROBLEM_TYPE_BASE } from './problem';
import { type PredictLimits, predictRequestSchema } from './predict-request';
import { ROUTE_TABLE, type RouteId, routesOf } from './routes';

/** One OpenAPI operation, as far as this document uses it. */
export interface Operation {
  readonly operationId: string;
  readonly summary: string;
  readonly deprecated?: boolean;
  readonly security?: readonly Record<string, readonly string[]>[];
  readonly requestBody?: unknown;
  readonly responses: Readonly<Record<string, { readonly description: string; readonly content?: unknown }>>;
}

/**
 * The `paths` object of the public routes of the route table, each with its operation: a route of the
 * public listener without an operation, or an operation for no such route, fails at start-up.
 */
function pathsFromRoutes(operations: Partial<Record<RouteId, Operation>>): Record<string, Record<string, Operation>> {
  const paths: Record<string, Record<string, Operation>> = {};
  const publicRoutes = routesOf('public');
  for (const id of Object.keys(operations) as RouteId[]) {
    if (!publicRoutes.includes(id)) throw new Error(`the OpenAPI document describes ${id}, which is not public`);
  }
  for (const id of publicRoutes) {
    const operation = operations[id];
    if (!operation) throw new Error(`the OpenAPI document has no operation for route ${id}`);
    const { path, methods } = ROUTE_TABLE[id];
    paths[path] = Object.fromEntries(methods.map((m) => [m.toLowerCase(), operation]));
  }
  return paths;
}

/** Options of the OpenAPI document. */
export interface OpenApiOptions extends PredictLimits {
  /** API version shown in `info.version`. */
  readonly version: string;
  /** Largest accepted body, in KiB (documented on 413). */
  readonly bodyLimitKiB: number;
}

const NUMBER_OR_NULL = { type: ['number', 'null'] } as const;

const problemRef = { $ref: '#/components/schemas/Problem' } as const;

function problem(description: string) {
  return { description, content: { 'application/problem+json': { schema: problemRef } } };
}

/**
 * The OpenAPI 3.1 description of the API (`GET /openapi.json`). The request schema is the very one
 * the server validates with; tests validate live responses against the response schemas here.
 */
export function buildOpenApiDocument(options: OpenApiOptions) {
  const predictResponses = {
    '200': {
      description:
        'Scores. A `text` request gets one prediction object (with `model_version`); a `texts` request gets `predictions` in request order.',
      content: {
        'application/json': {
          schema: {
            oneOf: [
              { $ref: '#/components/schemas/SinglePrediction' },
              { $ref: '#/components/schemas/BatchPrediction' },
            ],
          },
        },
      },
    },
    '400': problem('Invalid body (`invalid-request`, with `errors`), malformed JSON, or an unknown label.'),
    '401': problem('Missing, invalid or expired bearer token (see `WWW-Authenticate`).'),
    '413': problem(`Body larger than ${options.bodyLimitKiB} KiB.`),
    '415': problem('Content-Type is not application/json (UTF-8).'),
    '429': problem(
      'This client (token subject) exceeded its request rate (`too-many-requests`); see `Retry-After`, `RateLimit` and `RateLimit-Policy`.',
    ),
    '500': problem('Unexpected failure; the detail carries a request id only.'),
    '503': problem(
      'No model is loaded yet (`model-not-ready`), or the replica is at its in-flight cap (`overloaded`, with `Retry-After`).',
    ),
  };
  const predictOperation = (operationId: string, summary: string, deprecated: boolean) => ({
    operationId,
    summary,
    ...(deprecated ? { deprecated: true } : {}),
    security: [{ bearerAuth: [] }],
    requestBody: {
      required: true,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/PredictRequest' } } },
    },
    responses: predictResponses,
  });

  return {
    openapi: '3.1.0',
    info: {
      title: 'Toxicity API',
      version: options.version,
      description:
        'Scores comments for toxicity with a linear model. Errors are application/problem+json (RFC 9457) ' +
        `whose \`type\` is one of ${PROBLEM_TYPE_BASE}{${Object.keys(PROBLEMS).join(',')}}.`,
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    paths: pathsFromRoutes({
      predict: predictOperation('predict', 'Score one comment or a batch', false),
      predictLegacy: predictOperation(
        'predictLegacy',
        'Same as /v1/predict, kept for clients of the original API',
        true,
      ),
      model: {
        operationId: 'getModel',
        summary: 'The model being served',
        security: [{ bearerAuth: [] }],
        responses: {
          '200': {
            description: 'Model identity and provenance.',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/ModelInfo' } } },
          },
          '401': problem('Missing, invalid or expired bearer token.'),
          '429': problem('This client exceeded its request rate (`too-many-requests`).'),
          '503': problem('No model is loaded yet, or the replica is at its in-flight cap (`overloaded`).'),
        },
      },
      health: {
        operationId: 'health',
        summary: 'Liveness: the process answers',
        responses: {
          '200': {
            description: 'Alive.',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Health' } } },
          },
        },
      },
      ready: {
        operationId: 'ready',
        summary: 'Readiness: a valid model is loaded and the server is not draining',
        responses: {
          '200': {
            description: 'Ready to score.',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Ready' } } },
          },
          '503': problem('Not ready: `model-not-ready` (the detail says what is missing) or `draining`.'),
        },
      },
      openapi: {
        operationId: 'openapi',
        summary: 'This document',
        responses: {
          '200': { description: 'OpenAPI 3.1.', content: { 'application/json': { schema: { type: 'object' } } } },
        },
      },
    }),
    components: {
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'HS256 JWT with `sub`, `exp`, `iss` and `aud`; mint one with `toxicity token --sub <client>`.',
        },
      },
      schemas: {
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
          },
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
          required: ['status', 'model_version'],
          properties: { status: { const: 'ready' }, model_version: { type: 'string' } },
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
      },
    },
  };
}
