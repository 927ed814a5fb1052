import request from 'supertest';
import { buildOpenApiDocument } from '../../model-server/openapi';
import { sentenceSpans, supportedAttributes } from '../../model-server/perspective-handler';
import { harness, type Harness } from './support/app-harness';
import { OpenApiResponseValidator } from './support/openapi-validator';

const PATH = '/v1alpha1/comments:analyze';
const validator = new OpenApiResponseValidator(
  buildOpenApiDocument({ version: '1.0.0', maxBatchSize: 1000, maxTextLength: 20000, bodyLimitKiB: 1024 }),
);

async function analyze(h: Harness, body: unknown, auth: 'header' | 'key' | 'none' = 'header') {
  let req = request(h.app).post(auth === 'key' ? `${PATH}?key=${h.token()}` : PATH);
  if (auth === 'header') req = req.set('Authorization', `Bearer ${h.token()}`);
  const res = await req.set('Content-Type', 'application/json').send(JSON.stringify(body));
  validator.check(PATH, 'post', res.status, String(res.headers['content-type']), res.body);
  return res;
}

/** The per-label probability /v1/predict gives (logistic of the decision when uncalibrated). */
async function v1Probability(h: Harness, text: string, label: string): Promise<number> {
  const res = await request(h.app).post('/v1/predict').set('Authorization', `Bearer ${h.token()}`).send({ text });
  const s = res.body.scores[label] as { decision: number; probability: number | null };
  return s.probability ?? 1 / (1 + Math.exp(-s.decision));
}

describe('supportedAttributes', () => {
  it('maps the six Jigsaw labels to the six Perspective attributes', () => {
    const map = supportedAttributes(['toxic', 'severe_toxic', 'obscene', 'threat', 'insult', 'identity_hate']);
    expect(Object.fromEntries(map)).toEqual({
      TOXICITY: 'toxic',
      SEVERE_TOXICITY: 'severe_toxic',
      PROFANITY: 'obscene',
      THREAT: 'threat',
      INSULT: 'insult',
      IDENTITY_ATTACK: 'identity_hate',
    });
  });

  it('leaves out attributes whose label the model lacks', () => {
    expect([...supportedAttributes(['toxic', 'spam']).keys()]).toEqual(['TOXICITY']);
  });
});

describe('sentenceSpans', () => {
  it('splits at sentence ends and line breaks, without surrounding blanks', () => {
    const text = 'You idiot.  Thanks! great\nwork ';
    expect(sentenceSpans(text).map(([b, e]) => text.slice(b, e))).toEqual(['You idiot.', 'Thanks!', 'great', 'work']);
  });

  it('gives no span for blank text', () => {
    expect(sentenceSpans('  \n ')).toEqual([]);
  });
});

describe('POST /v1alpha1/comments:analyze', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
  });

  it('answers requested attributes with summary and whole-text span scores from the model labels', async () => {
    const text = 'you idiot';
    const res = await analyze(h, {
      comment: { text },
      requestedAttributes: { TOXICITY: {}, INSULT: { scoreType: 'PROBABILITY' } },
      languages: ['de'],
      clientToken: 'abc',
    });
    expect(res.status).toBe(200);
    const toxic = await v1Probability(h, text, 'toxic');
    const insult = await v1Probability(h, text, 'insult');
    expect(res.body).toEqual({
      attributeScores: {
        TOXICITY: {
          summaryScore: { value: toxic, type: 'PROBABILITY' },
          spanScores: [{ begin: 0, end: text.length, score: { value: toxic, type: 'PROBABILITY' } }],
        },
        INSULT: {
          summaryScore: { value: insult, type: 'PROBABILITY' },
          spanScores: [{ begin: 0, end: text.length, score: { value: insult, type: 'PROBABILITY' } }],
        },
      },
      languages: ['de'],
      clientToken: 'abc',
    });
  });

  it('scores each sentence as a span with spanAnnotations', async () => {
    const text = 'Thanks, great. You idiot';
    const res = await analyze(h, { comment: { text }, requestedAttributes: { TOXICITY: {} }, spanAnnotations: true });
    expect(res.status).toBe(200);
    const spans = res.body.attributeScores.TOXICITY.spanScores as {
      begin: number;
      end: number;
      score: { value: number };
    }[];
    expect(spans.map((s) => text.slice(s.begin, s.end))).toEqual(['Thanks, great.', 'You idiot']);
    expect(spans[0].score.value).toBe(await v1Probability(h, 'Thanks, great.', 'toxic'));
    expect(spans[1].score.value).toBe(await v1Probability(h, 'You idiot', 'toxic'));
    expect(res.body.languages).toEqual(['en']);
  });

  it('leaves out attributes scored below their scoreThreshold', async () => {
    const res = await analyze(h, {
      comment: { text: 'thanks great' },
      requestedAttributes: { TOXICITY: { scoreThreshold: 0.5 }, INSULT: {} },
    });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.attributeScores)).toEqual(['INSULT']);
  });

  it('accepts the token as the key query parameter, where Perspective clients put their API key', async () => {
    const res = await analyze(h, { comment: { text: 'hi' }, requestedAttributes: { TOXICITY: {} } }, 'key');
    expect(res.status).toBe(200);
  });

  it('fails with 401 in Google error shape without a token', async () => {
    const res = await analyze(h, { comment: { text: 'hi' }, requestedAttributes: { TOXICITY: {} } }, 'none');
    expect(res.status).toBe(401);
    expect(res.body.error).toMatchObject({ code: 401, status: 'UNAUTHENTICATED' });
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
  });

  it('fails with 400 naming the unsupported attributes and the supported ones', async () => {
    const res = await analyze(h, { comment: { text: 'hi' }, requestedAttributes: { TOXICITY: {}, SPAM: {} } });
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({
      code: 400,
      status: 'INVALID_ARGUMENT',
      message: 'unsupported attribute(s) SPAM; this model answers TOXICITY, INSULT',
    });
  });

  it.each([
    [{ requestedAttributes: { TOXICITY: {} } }, 'comment.text is required'],
    [{ comment: { text: 'a' } }, 'requestedAttributes is required'],
    [{ comment: { text: 'a' }, requestedAttributes: {} }, 'requestedAttributes is required'],
    [
      { comment: { text: 'a', type: 'HTML' }, requestedAttributes: { TOXICITY: {} } },
      'comment.type must be PLAIN_TEXT',
    ],
    [{ comment: { text: 'a' }, requestedAttributes: { TOXICITY: { scoreThreshold: 2 } } }, 'scoreThreshold'],
    [{ comment: { text: 'a' }, requestedAttributes: { TOXICITY: { scoreType: 'RAW' } } }, 'scoreType'],
    [{ comment: { text: 'a' }, requestedAttributes: { TOXICITY: {} }, languages: 'en' }, 'languages must be'],
    [{ comment: { text: 'a' }, requestedAttributes: { TOXICITY: {} }, extra: 1 }, 'unknown field "extra"'],
  ])('fails with 400 on an invalid request %#', async (body, message) => {
    const res = await analyze(h, body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(message);
  });

  it('never logs the comment text, with or without doNotStore', async () => {
    for (const doNotStore of [true, false]) {
      await analyze(h, {
        comment: { text: 'secret-words you idiot' },
        requestedAttributes: { TOXICITY: {} },
        doNotStore,
      });
    }
    await analyze(h, { comment: { text: 'secret-words' }, requestedAttributes: { NOPE: {} } });
    expect(h.logText()).not.toContain('secret-words');
  });
});
