import { PROBLEMS, PROBLEM_TYPE_BASE } from './problem';
import { openApiSchemas } from './openapi-schemas';
import { type PredictLimits } from './predict-request';
import { ROUTE_TABLE, type RouteId, routesOf } from './routes';
import { compatOperations, compatSchemas } from './compat-openapi';

/** One OpenAPI operation, as far as this document uses it. */
export interface Operation {
  readonly operationId: string;
  readonly summary: string;
  readonly deprecated?: boolean;
  readonly parameters?: readonly unknown[];
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

const problemRef = { $ref: '#/components/schemas/Problem' } as const;

function problem(description: string) {
  return { description, content: { 'application/problem+json': { schema: problemRef } } };
}

/** The operation of each public route: every route of the public listener has one. */
function publicOperations(options: OpenApiOptions): Partial<Record<RouteId, Operation>> {
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
    predict: predictOperation('predict', 'Score one comment or a batch', false),
    predictLegacy: predictOperation('predictLegacy', 'Same as /v1/predict, kept for clients of the original API', true),
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
    ...compatOperations(),
  };
}

/**
 * The OpenAPI 3.1 description of the API (`GET /openapi.json`): paths from the route table, schemas from
 * `openApiSchemas` (the request schema is the very one the server validates with).
 */
export function buildOpenApiDocument(options: OpenApiOptions) {
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
    paths: pathsFromRoutes(publicOperations(options)),
    components: {
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'HS256 JWT with `sub`, `exp`, `iss` and `aud`; mint one with `toxicity token --sub <client>`.',
        },
        apiKey: {
          type: 'apiKey',
          in: 'query',
          name: 'key',
          description: 'The same JWT as a `key` query parameter, for Perspective clients (`comments:analyze` only).',
        },
      },
      schemas: { ...compatSchemas(), ...openApiSchemas(options) },
    },
  };
}
