import Ajv from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import { configSchema, envJsonSchema } from '../../../src/config';
import { modelArtifactSchema } from '../../../src/ml/model-artifact';
import { predictRequestSchema } from '../../../model-server/predict-request';

// The schemas compiled with PRECHECKED_SCHEMA / ONE_SHOT_VALIDATOR (src/common/ajv-options.ts) are not
// checked against their meta-schema at run time: this is where they are.
describe('schemas compiled without the meta-schema check', () => {
  it.each([
    ['config', configSchema],
    ['environment', envJsonSchema],
    ['model artifact', modelArtifactSchema],
  ])('the %s schema is a valid draft-07 schema', (_name, schema) => {
    const ajv = new Ajv({ strict: true, allowUnionTypes: true });
    expect(ajv.validateSchema(schema)).toBe(true);
    expect(ajv.errors ?? null).toBeNull();
  });

  it('the predict request schema is a valid 2020-12 schema for any limits', () => {
    const ajv = new Ajv2020({ strict: true });
    for (const limits of [
      { maxBatchSize: 1, maxTextLength: 1 },
      { maxBatchSize: 1000, maxTextLength: 20000 },
    ]) {
      expect(ajv.validateSchema(predictRequestSchema(limits))).toBe(true);
      expect(ajv.errors ?? null).toBeNull();
    }
  });
});
