import Ajv2020 from 'ajv/dist/2020';
import { buildOpenApiDocument } from '../../model-server/openapi';
import { PROBLEMS } from '../../model-server/problem';
import { OpenApiResponseValidator } from './support/openapi-validator';

const doc = buildOpenApiDocument({ version: '9.9.9', maxBatchSize: 5, maxTextLength: 50, bodyLimitKiB: 8 });

describe('buildOpenApiDocument', () => {
  it('is OpenAPI 3.1 with the 2020-12 schema dialect and the version given', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.jsonSchemaDialect).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(doc.info.version).toBe('9.9.9');
  });

  it('compiles every component schema as JSON Schema 2020-12', () => {
    const ajv = new Ajv2020({ strict: false });
    ajv.addFormat('date-time', true);
    ajv.addSchema({ $id: 'doc', components: doc.components });
    for (const name of Object.keys(doc.components.schemas)) {
      expect(() => ajv.getSchema(`doc#/components/schemas/${name}`)).not.toThrow();
    }
  });

  it('requires bearer JWT on predict and model routes only', () => {
    expect(doc.paths['/v1/predict'].post.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.paths['/predict'].post.deprecated).toBe(true);
    expect(doc.paths['/v1/model'].get.security).toEqual([{ bearerAuth: [] }]);
    expect('security' in doc.paths['/healthz'].get).toBe(false);
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
    });
  });

  it('documents the limits and every problem type', () => {
    expect(doc.components.schemas.PredictRequest.properties.texts.maxItems).toBe(5);
    expect(doc.paths['/v1/predict'].post.responses['413'].description).toBe('Body larger than 8 KiB.');
    expect(doc.components.schemas.Problem.properties.type.enum).toHaveLength(Object.keys(PROBLEMS).length);
  });

  it('rejects responses that do not match (the validator used by the route tests can fail)', () => {
    const v = new OpenApiResponseValidator(doc);
    const good = {
      prediction: 1,
      probability: null,
      label: 'toxic',
      text_length: 1,
      timestamp: '2025-01-01T00:00:00Z',
      scores: { toxic: { decision: 1, probability: null, predicted: true } },
      model_version: '1',
    };
    expect(() => v.check('/v1/predict', 'post', 200, 'application/json', good)).not.toThrow();
    expect(() => v.check('/v1/predict', 'post', 200, 'application/json', { ...good, extra: 1 })).toThrow(
      /does not match/,
    );
    expect(() => v.check('/v1/predict', 'post', 200, 'application/json', { ...good, prediction: 2 })).toThrow(
      /does not match/,
    );
    expect(() => v.check('/v1/predict', 'post', 418, 'application/json', good)).toThrow(/does not document status 418/);
  });
});
