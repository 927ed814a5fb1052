import fc from 'fast-check';
import request from 'supertest';
import { harness, type Harness } from './support/app-harness';

/**
 * Property: whatever body a client sends to POST /v1/predict, the server answers with a 2xx or a
 * 4xx problem, never a 5xx, and always with JSON.
 */
describe('createApp: fuzzed predict bodies', () => {
  let h: Harness;
  let token: string;
  beforeAll(async () => {
    h = await harness({ server: { maxBatchSize: 20, maxTextLength: 300, bodyLimitKiB: 8 }, logLevel: 'INFO' });
    token = h.token();
  });

  async function send(body: string, contentType = 'application/json') {
    const res = await request(h.app)
      .post('/v1/predict')
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', contentType)
      .send(body);
    expect(res.status).toBeLessThan(500);
    expect(res.headers['content-type']).toMatch(/^application\/(problem\+)?json; charset=utf-8$/);
    expect(typeof JSON.parse(res.text)).toBe('object');
    return res;
  }

  const text = fc.oneof(
    fc.string({ maxLength: 400 }),
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.string({ unit: 'grapheme', maxLength: 100 }),
    fc.constantFrom('you idiot', '', ' ', '\u0000', '\ud800', '😀😀 idiot', 'ÉCOLE idiot !!!'),
  );
  const label = fc.oneof(fc.constantFrom('toxic', 'insult', 'obscene', ''), fc.string({ maxLength: 10 }));
  const nearlyValid = fc.oneof(
    fc.record(
      { text, explain: fc.boolean(), labels: fc.subarray(['toxic', 'insult'], { minLength: 1 }) },
      { requiredKeys: ['text'] },
    ),
    fc.record(
      {
        texts: fc.array(text, { minLength: 1, maxLength: 20 }),
        explain: fc.boolean(),
        labels: fc.array(label, { maxLength: 3 }),
      },
      { requiredKeys: ['texts'] },
    ),
  );
  const wild = fc.record(
    {
      text: fc.oneof(text, fc.anything()),
      texts: fc.oneof(fc.array(text, { maxLength: 25 }), fc.array(fc.anything(), { maxLength: 3 }), fc.anything()),
      explain: fc.oneof(fc.boolean(), fc.anything()),
      labels: fc.oneof(fc.array(label, { maxLength: 4 }), fc.anything()),
      extra: fc.anything(),
    },
    { requiredKeys: [] },
  );
  const predictBody = fc.oneof({ arbitrary: nearlyValid, weight: 2 }, { arbitrary: wild, weight: 1 });

  it('never answers 5xx to structured bodies', async () => {
    let ok = 0;
    await fc.assert(
      fc.asyncProperty(predictBody, async (body) => {
        const res = await send(JSON.stringify(body));
        if (res.status === 200) ok++;
      }),
      { numRuns: 250 },
    );
    // The generator reaches the scoring path too, not only the validation errors.
    expect(ok).toBeGreaterThan(10);
  });

  it('never answers 5xx to arbitrary JSON values', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (value) => {
        await send(JSON.stringify(value));
      }),
      { numRuns: 100 },
    );
  });

  it('never answers 5xx to arbitrary bytes or content types', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'binary', maxLength: 300 }),
        fc.constantFrom('application/json', 'text/plain', 'application/json; charset=utf-16', 'multipart/form-data'),
        async (body, type) => {
          await send(body, type);
        },
      ),
      { numRuns: 100 },
    );
  });
});
