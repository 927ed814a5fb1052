import { HttpProblem } from '../../model-server/problem';
import {
  MAX_REQUESTED_LABELS,
  PredictRequestValidator,
  predictRequestSchema,
} from '../../model-server/predict-request';

const validator = new PredictRequestValidator({ maxBatchSize: 3, maxTextLength: 10 });

function errorsOf(body: unknown) {
  try {
    validator.check(body);
  } catch (err) {
    if (err instanceof HttpProblem) return { slug: err.slug, errors: err.extra.errors };
    throw err;
  }
  throw new Error('expected an HttpProblem');
}

describe('PredictRequestValidator', () => {
  it('accepts a single text or a batch, with the optional fields', () => {
    expect(validator.check({ text: '' })).toEqual({ text: '' });
    const body = { texts: ['a', 'b', 'c'], explain: false, labels: ['toxic'] };
    expect(validator.check(body)).toBe(body);
  });

  it('lists every problem of a body at once', () => {
    expect(errorsOf({ texts: ['a', 7, 'x'.repeat(11)], explain: 1, labels: [''] })).toEqual({
      slug: 'invalid-request',
      errors: [
        { pointer: '/texts/1', message: 'must be a string' },
        { pointer: '/texts/2', message: 'must be at most 10 characters' },
        { pointer: '/explain', message: 'must be a boolean' },
        { pointer: '/labels/0', message: 'must NOT have fewer than 1 characters' },
      ],
    });
  });

  it('rejects bodies that are not objects', () => {
    expect(errorsOf(null).errors).toEqual([{ pointer: '', message: 'must be an object' }]);
    expect(errorsOf(42).errors).toEqual([{ pointer: '', message: 'must be an object' }]);
  });

  it('rejects too many labels', () => {
    const labels = Array.from({ length: MAX_REQUESTED_LABELS + 1 }, (_, i) => `l${i}`);
    expect(errorsOf({ text: 'a', labels }).errors).toEqual([
      { pointer: '/labels', message: `must have at most ${MAX_REQUESTED_LABELS} items` },
    ]);
  });

  it('builds its schema from the limits', () => {
    const schema = predictRequestSchema({ maxBatchSize: 7, maxTextLength: 9 });
    expect(schema.properties.texts.maxItems).toBe(7);
    expect(schema.properties.text.maxLength).toBe(9);
    expect(schema.additionalProperties).toBe(false);
  });
});
