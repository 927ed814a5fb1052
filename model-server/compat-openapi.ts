/**
 * The OpenAPI operations and schemas of the compatible endpoints (Perspective, Open Inference
 * Protocol, MLflow scoring), merged into the document by `openapi.ts`.
 */
import { OIP_OUTPUTS } from './open-inference-handler';
import { MLFLOW_INPUT_FIELDS, TEXT_COLUMNS } from './mlflow-scoring-handler';
import { PERSPECTIVE_ATTRIBUTES } from './perspective-handler';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown) => ({ 'application/json': { schema } });
const bearer = [{ bearerAuth: [] }];
const modelParameter = {
  name: 'model',
  in: 'path',
  required: true,
  schema: { type: 'string' },
  description: 'The served model name (`GET /v1/model` gives it).',
};

function error(description: string, schema: string) {
  return { description, content: json(ref(schema)) };
}

const scoringErrors = (schema: string) => ({
  '400': error('Invalid body, or a text over the limits.', schema),
  '401': error(
    'Missing or invalid token: a bearer JWT, or the same JWT as the Basic password (or `?key=` for Perspective).',
    schema,
  ),
  '413': error('Body over the size limit.', schema),
  '503': error('No model is loaded yet, or the replica is at capacity.', schema),
});

/** Operations by route id. */
export function compatOperations() {
  const perspectiveSecurity: Record<string, string[]>[] = [{ bearerAuth: [] }, { apiKey: [] }];
  return {
    perspectiveAnalyze: {
      operationId: 'perspectiveAnalyzeComment',
      summary: 'Perspective API AnalyzeComment: requested attributes scored from the model labels',
      security: perspectiveSecurity,
      requestBody: { required: true, content: json(ref('PerspectiveRequest')) },
      responses: {
        '200': { description: 'Attribute scores.', content: json(ref('PerspectiveResponse')) },
        ...scoringErrors('GoogleError'),
      },
    },
    oipServer: {
      operationId: 'oipServerMetadata',
      summary: 'Open Inference Protocol: server metadata',
      responses: { '200': { description: 'Name, version, extensions.', content: json({ type: 'object' }) } },
    },
    oipLive: {
      operationId: 'oipServerLive',
      summary: 'Open Inference Protocol: liveness',
      responses: { '200': { description: 'Alive.', content: json({ type: 'object' }) } },
    },
    oipReady: {
      operationId: 'oipServerReady',
      summary: 'Open Inference Protocol: readiness (4xx when not ready, as the protocol says)',
      responses: {
        '200': { description: 'Ready.', content: json({ type: 'object' }) },
        '400': error('Not ready.', 'OipError'),
      },
    },
    oipModel: {
      operationId: 'oipModelMetadata',
      summary: 'Open Inference Protocol: model metadata (labels of the output columns in `parameters.labels`)',
      security: bearer,
      parameters: [modelParameter],
      responses: {
        '200': { description: 'Metadata.', content: json(ref('OipModelMetadata')) },
        '404': error('No model of that name.', 'OipError'),
        ...scoringErrors('OipError'),
      },
    },
    oipModelReady: {
      operationId: 'oipModelReady',
      summary: 'Open Inference Protocol: model readiness',
      parameters: [modelParameter],
      responses: {
        '200': { description: 'Ready.', content: json({ type: 'object' }) },
        '404': error('No model of that name.', 'OipError'),
        '503': error('No model is loaded yet.', 'OipError'),
      },
    },
    oipInfer: {
      operationId: 'oipInfer',
      summary: 'Open Inference Protocol: inference on a BYTES tensor of comments (JSON or binary tensor extension)',
      security: bearer,
      parameters: [modelParameter],
      requestBody: {
        required: true,
        content: {
          ...json(ref('OipInferRequest')),
          'application/octet-stream': {
            schema: { type: 'string', format: 'binary' },
            description:
              'Binary tensor extension: the JSON header (its length in `Inference-Header-Content-Length`), then the tensor bytes.',
          },
        },
      },
      responses: {
        '200': {
          description: 'Outputs `probability`, `decision` (FP64) and `predicted` (BOOL), each [batch, labels].',
          content: {
            ...json(ref('OipInferResponse')),
            'application/octet-stream': { schema: { type: 'string', format: 'binary' } },
          },
        },
        '404': error('No model of that name.', 'OipError'),
        ...scoringErrors('OipError'),
      },
    },
    mlflowInvocations: {
      operationId: 'mlflowInvocations',
      summary: `MLflow scoring: one of ${MLFLOW_INPUT_FIELDS.join(', ')}, or CSV; the text column is ${TEXT_COLUMNS.join(' or ')} or the only one`,
      security: bearer,
      requestBody: {
        required: true,
        content: { ...json(ref('MlflowRequest')), 'text/csv': { schema: { type: 'string' } } },
      },
      responses: {
        '200': { description: 'One record of label probabilities per row.', content: json(ref('MlflowResponse')) },
        '415': error('Neither application/json nor text/csv.', 'MlflowError'),
        ...scoringErrors('MlflowError'),
      },
    },
    mlflowPing: {
      operationId: 'mlflowPing',
      summary: 'MLflow scoring: 200 once a model is loaded',
      responses: { '200': { description: 'Ready.' }, '503': { description: 'No model is loaded yet.' } },
    },
    mlflowHealth: {
      operationId: 'mlflowHealth',
      summary: 'MLflow scoring: same as /ping',
      responses: { '200': { description: 'Ready.' }, '503': { description: 'No model is loaded yet.' } },
    },
    mlflowVersion: {
      operationId: 'mlflowVersion',
      summary: 'MLflow scoring: the server version',
      responses: { '200': { description: 'The version, as text.' } },
    },
  };
}

const probability = {
  type: 'object',
  required: ['value', 'type'],
  properties: { value: { type: 'number' }, type: { const: 'PROBABILITY' } },
};

/** Schemas referenced by the operations. */
export function compatSchemas() {
  const attributes = Object.keys(PERSPECTIVE_ATTRIBUTES);
  return {
    PerspectiveRequest: {
      type: 'object',
      required: ['comment', 'requestedAttributes'],
      properties: {
        comment: {
          type: 'object',
          required: ['text'],
          properties: { text: { type: 'string' }, type: { const: 'PLAIN_TEXT' } },
        },
        requestedAttributes: {
          type: 'object',
          minProperties: 1,
          description: `Attributes among ${attributes.join(', ')} whose label the model has.`,
          additionalProperties: {
            type: 'object',
            properties: {
              scoreType: { const: 'PROBABILITY' },
              scoreThreshold: { type: 'number', minimum: 0, maximum: 1 },
            },
          },
        },
        spanAnnotations: { type: 'boolean', description: 'Score each sentence as a span.' },
        languages: { type: 'array', items: { type: 'string' }, description: 'Echoed; never refused.' },
        doNotStore: { type: 'boolean', description: 'Comment text is never logged or stored, whatever this says.' },
        clientToken: { type: 'string' },
        sessionId: { type: 'string' },
        communityId: { type: 'string' },
        context: { type: 'object' },
      },
    },
    PerspectiveResponse: {
      type: 'object',
      required: ['attributeScores', 'languages'],
      properties: {
        attributeScores: {
          type: 'object',
          additionalProperties: {
            type: 'object',
            required: ['spanScores', 'summaryScore'],
            properties: {
              summaryScore: probability,
              spanScores: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['begin', 'end', 'score'],
                  properties: { begin: { type: 'integer' }, end: { type: 'integer' }, score: probability },
                },
              },
            },
          },
        },
        languages: { type: 'array', items: { type: 'string' } },
        clientToken: { type: 'string' },
      },
    },
    GoogleError: {
      type: 'object',
      required: ['error'],
      properties: {
        error: {
          type: 'object',
          required: ['code', 'message', 'status'],
          properties: { code: { type: 'integer' }, message: { type: 'string' }, status: { type: 'string' } },
        },
      },
    },
    OipModelMetadata: {
      type: 'object',
      required: ['name', 'platform', 'inputs', 'outputs'],
      properties: {
        name: { type: 'string' },
        versions: { type: 'array', items: { type: 'string' } },
        platform: { type: 'string' },
        inputs: { type: 'array', items: { type: 'object' } },
        outputs: { type: 'array', items: { type: 'object' } },
        parameters: { type: 'object', properties: { labels: { type: 'string' } } },
      },
    },
    OipInferRequest: {
      type: 'object',
      required: ['inputs'],
      properties: {
        id: { type: 'string' },
        parameters: { type: 'object', properties: { binary_data_output: { type: 'boolean' } } },
        inputs: {
          type: 'array',
          minItems: 1,
          maxItems: 1,
          items: {
            type: 'object',
            required: ['name', 'shape', 'datatype'],
            properties: {
              name: { type: 'string' },
              shape: { type: 'array', items: { type: 'integer' } },
              datatype: { const: 'BYTES' },
              data: { type: 'array' },
              parameters: { type: 'object', properties: { binary_data_size: { type: 'integer' } } },
            },
          },
        },
        outputs: {
          type: 'array',
          items: {
            type: 'object',
            required: ['name'],
            properties: { name: { enum: Object.keys(OIP_OUTPUTS) }, parameters: { type: 'object' } },
          },
        },
      },
    },
    OipInferResponse: {
      type: 'object',
      required: ['model_name', 'outputs'],
      properties: {
        model_name: { type: 'string' },
        model_version: { type: 'string' },
        id: { type: 'string' },
        outputs: { type: 'array', items: { type: 'object' } },
      },
    },
    OipError: { type: 'object', properties: { error: { type: 'string' } } },
    MlflowRequest: {
      type: 'object',
      minProperties: 1,
      description: `Exactly one of ${MLFLOW_INPUT_FIELDS.join(', ')} (and optionally params).`,
      properties: {
        dataframe_split: { type: 'object', properties: { columns: { type: 'array' }, data: { type: 'array' } } },
        dataframe_records: { type: 'array', items: { type: 'object' } },
        instances: { type: 'array' },
        inputs: { type: ['array', 'object'] },
        params: { type: 'object' },
      },
    },
    MlflowResponse: {
      type: 'object',
      required: ['predictions'],
      properties: {
        predictions: { type: 'array', items: { type: 'object', additionalProperties: { type: 'number' } } },
      },
    },
    MlflowError: {
      type: 'object',
      required: ['error_code', 'message'],
      properties: { error_code: { type: 'string' }, message: { type: 'string' } },
    },
  };
}
