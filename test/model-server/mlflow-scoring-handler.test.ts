import request from 'supertest';
import { textColumn, textsFromCsv, textsFromJson } from '../../model-server/mlflow-scoring-handler';
import { harness, type Harness } from './support/app-harness';

describe('textsFromJson', () => {
  it.each([
    [
      'dataframe_split',
      {
        dataframe_split: {
          columns: ['id', 'text'],
          data: [
            [1, 'a'],
            [2, 'b'],
          ],
        },
      },
    ],
    ['dataframe_split without columns', { dataframe_split: { data: [['a'], ['b']] } }],
    [
      'dataframe_records',
      {
        dataframe_records: [
          { comment_text: 'a', id: 1 },
          { comment_text: 'b', id: 2 },
        ],
      },
    ],
    ['instances of strings', { instances: ['a', 'b'] }],
    ['instances of objects', { instances: [{ text: 'a' }, { text: 'b' }] }],
    ['inputs as columns', { inputs: { text: ['a', 'b'] } }],
    ['inputs as a list, with params', { inputs: ['a', 'b'], params: { x: 1 } }],
  ])('reads the texts of %s', (_name, body) => {
    expect(textsFromJson(body)).toEqual(['a', 'b']);
  });

  it('throws when the body holds none or several of the input fields', () => {
    expect(() => textsFromJson({ data: [] })).toThrow(
      'the body must hold exactly one of dataframe_split, dataframe_records, instances, inputs; got "data"',
    );
    expect(() => textsFromJson({ instances: [], inputs: [] })).toThrow('exactly one of');
  });

  it('throws when a text is not a string', () => {
    expect(() => textsFromJson({ dataframe_records: [{ text: 3 }] })).toThrow(
      'dataframe_records[0].text must be a string, got number',
    );
  });
});

describe('textColumn', () => {
  it('prefers text, then comment_text, then the only column', () => {
    expect(textColumn(['comment_text', 'text'])).toBe('text');
    expect(textColumn(['id', 'comment_text'])).toBe('comment_text');
    expect(textColumn(['body'])).toBe('body');
  });

  it('throws naming the columns when none can be chosen', () => {
    expect(() => textColumn(['id', 'body'])).toThrow(
      'no text column: name it "text" or "comment_text", or send one column (got "id", "body")',
    );
  });
});

describe('textsFromCsv', () => {
  it('reads the text column of a CSV with a header row, quoted fields included', () => {
    expect(textsFromCsv(Buffer.from('id,text\n1,"a, ""b"""\n2,c\n'))).toEqual(['a, "b"', 'c']);
  });

  it('throws on a CSV that cannot be read', () => {
    expect(() => textsFromCsv(Buffer.from('text,id\n"a,1\n'))).toThrow('the CSV body could not be read');
  });
});

describe('MLflow scoring endpoints', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
  });
  const invoke = (body: string, type = 'application/json') =>
    request(h.app)
      .post('/invocations')
      .set('Authorization', `Bearer ${h.token()}`)
      .set('Content-Type', type)
      .send(body);

  it('scores dataframe_split and CSV alike, one record of label probabilities per row', async () => {
    const json = await invoke(
      JSON.stringify({ dataframe_split: { columns: ['text'], data: [['you idiot'], ['thanks']] } }),
    );
    const csv = await invoke('text\nyou idiot\nthanks\n', 'text/csv; charset=utf-8');
    expect(json.status).toBe(200);
    expect(csv.body).toEqual(json.body);
    const v1 = await request(h.app)
      .post('/v1/predict')
      .set('Authorization', `Bearer ${h.token()}`)
      .send({ texts: ['you idiot', 'thanks'] });
    const prob = (s: { decision: number; probability: number | null }) =>
      s.probability ?? 1 / (1 + Math.exp(-s.decision));
    expect(json.body).toEqual({
      predictions: (
        v1.body.predictions as { scores: Record<string, { decision: number; probability: number | null }> }[]
      ).map((p) => ({ toxic: prob(p.scores.toxic), insult: prob(p.scores.insult) })),
    });
  });

  it('answers /ping, /health and /version', async () => {
    expect((await request(h.app).get('/ping')).status).toBe(200);
    expect((await request(h.app).get('/health')).status).toBe(200);
    expect((await request(h.app).get('/version')).text).toBe('1.0.0');
  });

  it('answers /ping with 503 while no model is loaded', async () => {
    const empty = await harness({ model: null });
    expect((await request(empty.app).get('/ping')).status).toBe(503);
  });

  it('accepts the token as the password of HTTP Basic auth (as requests sends from ~/.netrc)', async () => {
    const res = await request(h.app)
      .post('/invocations')
      .auth('anyone', h.token())
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ instances: ['hi'] }));
    expect(res.status).toBe(200);
  });

  it('fails with 401 in MLflow error shape without a token', async () => {
    const res = await request(h.app).post('/invocations').set('Content-Type', 'application/json').send('{}');
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error_code: 'UNAUTHENTICATED' });
  });

  it('fails with 415 on another media type or charset', async () => {
    const res = await invoke('text', 'text/plain');
    expect(res.status).toBe(415);
    expect(res.body).toEqual({
      error_code: 'BAD_REQUEST',
      message: 'the body must be application/json or text/csv, got "text/plain"',
    });
    expect((await invoke('text\na\n', 'text/csv; charset=latin1')).status).toBe(415);
  });

  it('fails with 400 BAD_REQUEST on malformed JSON or a bad input field', async () => {
    expect((await invoke('{')).body).toEqual({ error_code: 'BAD_REQUEST', message: 'the body is not valid JSON' });
    expect((await invoke(JSON.stringify({ columns: [] }))).body.error_code).toBe('BAD_REQUEST');
  });
});
