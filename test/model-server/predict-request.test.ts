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

  it('counts maxLength in code points, so a comment of astral characters is measured as JSON Schema says', () => {
    // 10 emojis: 20 UTF-16 units but 10 code points, within the limit of 10.
    const tenEmojis = '\u{1F600}'.repeat(10);
    expect(tenEmojis.length).toBe(20);
    expect(validator.check({ text: tenEmojis })).toEqual({ text: tenEmojis });
    expect(validator.check({ texts: ['a', tenEmojis] })).toEqual({ texts: ['a', tenEmojis] });
    // 11 code points: refused, with the exact error.
    expect(errorsOf({ text: `${tenEmojis}x` }).errors).toEqual([
      { pointer: '/text', message: 'must be at most 10 characters' },
    ]);
    expect(errorsOf({ texts: ['ok', `${tenEmojis}\u{1F600}`] }).errors).toEqual([
      { pointer: '/texts/1', message: 'must be at most 10 characters' },
    ]);
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
