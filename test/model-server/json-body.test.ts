import { checkMediaType } from '../../model-server/json-body';

describe('checkMediaType', () => {
  it.each([
    'application/json',
    'application/json; charset=utf-8',
    'APPLICATION/JSON;CHARSET=UTF8',
    'application/json; foo=bar',
  ])('accepts %s', (type) => {
    expect(checkMediaType(type, undefined)).toBeUndefined();
  });

  it('accepts the identity content coding', () => {
    expect(checkMediaType('application/json', 'identity')).toBeUndefined();
  });

  it.each([
    [undefined, undefined, 'the body must be sent with Content-Type: application/json'],
    ['text/json', undefined, 'the body must be sent with Content-Type: application/json, got "text/json"'],
    [
      'application/json-patch+json',
      undefined,
      'the body must be sent with Content-Type: application/json, got "application/json-patch+json"',
    ],
    ['application/json; charset=utf-16', undefined, 'the body must be encoded as UTF-8, got charset "utf-16"'],
    ['application/json', 'gzip', 'the body must not be compressed (no Content-Encoding)'],
  ])('rejects Content-Type %s with Content-Encoding %s as 415', (type, encoding, detail) => {
    const problem = checkMediaType(type, encoding);
    expect(problem?.status).toBe(415);
    expect(problem?.detail).toBe(detail);
  });
});
