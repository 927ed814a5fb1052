import request from 'supertest';
import { decodeBytesTensor } from '../../model-server/open-inference-handler';
import { harness, type Harness } from './support/app-harness';

const INFER = '/v2/models/toxicity/infer';

/** A BYTES tensor in the binary extension's layout: 4-byte little-endian length, then the UTF-8 bytes. */
function bytesTensor(texts: readonly string[]): Buffer {
  return Buffer.concat(
    texts.flatMap((t) => {
      const b = Buffer.from(t, 'utf8');
      const n = Buffer.alloc(4);
      n.writeUInt32LE(b.length);
      return [n, b];
    }),
  );
}

/** Reads a binary-extension response into its JSON header and the bytes after it. */
function splitResponse(res: request.Response): { header: Record<string, unknown>; data: Buffer } {
  const body = res.body as Buffer;
  const n = Number(res.headers['inference-header-content-length']);
  return { header: JSON.parse(body.subarray(0, n).toString('utf8')), data: body.subarray(n) };
}

async function v1Scores(h: Harness, texts: string[]) {
  const res = await request(h.app).post('/v1/predict').set('Authorization', `Bearer ${h.token()}`).send({ texts });
  return (
    res.body.predictions as {
      scores: Record<string, { decision: number; probability: number | null; predicted: boolean }>;
    }[]
  ).map((p) => p.scores);
}

const binaryParser = (res: request.Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

describe('decodeBytesTensor', () => {
  it('reads length-prefixed UTF-8 elements', () => {
    expect(decodeBytesTensor(bytesTensor(['a', '', 'héllo']))).toEqual(['a', '', 'héllo']);
  });

  it('throws when the data ends inside an element', () => {
    expect(() => decodeBytesTensor(bytesTensor(['hello']).subarray(0, 6))).toThrow('ends inside an element');
  });
});

describe('Open Inference Protocol endpoints', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
  });
  const auth = () => `Bearer ${h.token()}`;

  it('answers server liveness, readiness and metadata', async () => {
    expect((await request(h.app).get('/v2/health/live')).status).toBe(200);
    expect((await request(h.app).get('/v2/health/ready')).body).toEqual({ ready: true });
    expect((await request(h.app).get('/v2')).body).toMatchObject({
      name: 'toxicity',
      extensions: ['binary_tensor_data'],
    });
    expect((await request(h.app).get('/v2/models/toxicity/ready')).status).toBe(200);
  });

  it('describes the model: a BYTES input and [batch, labels] outputs in label order', async () => {
    const res = await request(h.app).get('/v2/models/toxicity').set('Authorization', auth());
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      name: 'toxicity',
      versions: ['1.0.0'],
      platform: 'toxicity_linear_svm',
      inputs: [{ name: 'text', datatype: 'BYTES', shape: [-1] }],
      outputs: [
        { name: 'probability', datatype: 'FP64', shape: [-1, 2] },
        { name: 'decision', datatype: 'FP64', shape: [-1, 2] },
        { name: 'predicted', datatype: 'BOOL', shape: [-1, 2] },
      ],
      parameters: { labels: 'toxic,insult' },
    });
  });

  it('infers from JSON tensor data with the scores of /v1/predict', async () => {
    const texts = ['you idiot', 'thanks great'];
    const res = await request(h.app)
      .post(INFER)
      .set('Authorization', auth())
      .send({ id: 'r1', inputs: [{ name: 'text', datatype: 'BYTES', shape: [2, 1], data: [[texts[0]], [texts[1]]] }] });
    expect(res.status).toBe(200);
    const v1 = await v1Scores(h, texts);
    const flat = (f: (s: { decision: number; probability: number | null; predicted: boolean }) => unknown) =>
      v1.flatMap((s) => [f(s.toxic), f(s.insult)]);
    expect(res.body).toEqual({
      model_name: 'toxicity',
      model_version: '1.0.0',
      id: 'r1',
      outputs: [
        {
          name: 'probability',
          datatype: 'FP64',
          shape: [2, 2],
          data: flat((s) => s.probability ?? 1 / (1 + Math.exp(-s.decision))),
        },
        { name: 'decision', datatype: 'FP64', shape: [2, 2], data: flat((s) => s.decision) },
        { name: 'predicted', datatype: 'BOOL', shape: [2, 2], data: flat((s) => s.predicted) },
      ],
    });
  });

  it('reads and writes the binary tensor extension, as Triton clients do by default', async () => {
    const texts = ['you idiot', 'thanks'];
    const header = Buffer.from(
      JSON.stringify({
        inputs: [
          { name: 'text', datatype: 'BYTES', shape: [2], parameters: { binary_data_size: bytesTensor(texts).length } },
        ],
        outputs: [{ name: 'decision', parameters: { binary_data: true } }, { name: 'predicted' }],
      }),
    );
    const res = await request(h.app)
      .post(INFER)
      .set('Authorization', auth())
      .set('Content-Type', 'application/octet-stream')
      .set('Inference-Header-Content-Length', String(header.length))
      .buffer(true)
      .parse(binaryParser)
      .send(Buffer.concat([header, bytesTensor(texts)]));
    expect(res.status).toBe(200);
    const { header: out, data } = splitResponse(res);
    const v1 = await v1Scores(h, texts);
    expect(out.outputs).toEqual([
      { name: 'decision', datatype: 'FP64', shape: [2, 2], parameters: { binary_data_size: 32 } },
      {
        name: 'predicted',
        datatype: 'BOOL',
        shape: [2, 2],
        data: v1.flatMap((s) => [s.toxic.predicted, s.insult.predicted]),
      },
    ]);
    const decisions = [0, 1, 2, 3].map((i) => data.readDoubleLE(i * 8));
    expect(decisions).toEqual(v1.flatMap((s) => [s.toxic.decision, s.insult.decision]));
  });

  it('fails with 404 naming the served model for another model name', async () => {
    const res = await request(h.app).get('/v2/models/other').set('Authorization', auth());
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: 'unknown model "other"; this server serves "toxicity"' });
  });

  it('fails with 401 without a token', async () => {
    const res = await request(h.app).post(INFER).send({ inputs: [] });
    expect(res.status).toBe(401);
    expect(typeof res.body.error).toBe('string');
  });

  it.each([
    [{ inputs: [] }, 'exactly one tensor'],
    [{ inputs: [{ name: 't', datatype: 'FP32', shape: [1], data: [1] }] }, 'datatype must be BYTES'],
    [{ inputs: [{ name: 't', datatype: 'BYTES', shape: [2, 2], data: ['a', 'b', 'c', 'd'] }] }, 'shape must be'],
    [{ inputs: [{ name: 't', datatype: 'BYTES', shape: [2], data: ['a'] }] }, 'the data holds 1'],
    [{ inputs: [{ name: 't', datatype: 'BYTES', shape: [1], data: [3] }] }, 'must hold strings'],
    [
      { inputs: [{ name: 't', datatype: 'BYTES', shape: [1], data: ['a'] }], outputs: [{ name: 'x' }] },
      'unknown output "x"',
    ],
  ])('fails with 400 on an invalid inference request %#', async (body, message) => {
    const res = await request(h.app).post(INFER).set('Authorization', auth()).send(body);
    expect(res.status).toBe(400);
    expect(res.body.error).toContain(message);
  });

  it('fails with 400 when the batch is over the configured limit', async () => {
    const small = await harness({ server: { maxBatchSize: 2 } });
    const res = await request(small.app)
      .post(INFER)
      .set('Authorization', `Bearer ${small.token()}`)
      .send({ inputs: [{ name: 't', datatype: 'BYTES', shape: [3], data: ['a', 'b', 'c'] }] });
    expect(res.status).toBe(400);
    expect(res.body.error).toContain('at most 2');
  });

  it('reports not ready with a 4xx while no model is loaded', async () => {
    const empty = await harness({ model: null });
    expect((await request(empty.app).get('/v2/health/ready')).status).toBe(400);
    expect((await request(empty.app).get('/v2/health/live')).status).toBe(200);
    expect((await request(empty.app).get('/v2/models/toxicity/ready')).status).toBe(503);
  });
});
