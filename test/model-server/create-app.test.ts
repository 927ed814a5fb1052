import request from 'supertest';
import { parseConfig } from '../../src/config';
import { ToxicityModel } from '../../src/ml/toxicity-model';
import { createApp, type ModelProvider, NO_CARD } from '../../model-server/create-app';
import { JwtKeyRing } from '../../model-server/jwt-key-ring';
import { JwtVerifier } from '../../model-server/jwt-verifier';
import { createJsonLogger } from '../../model-server/logger';
import { METRICS } from '../../src/contract/metric-names';
import { ServerMetrics } from '../../model-server/server-metrics';
import { buildOpenApiDocument } from '../../model-server/openapi';
import { PROBLEM_TYPE_BASE } from '../../model-server/problem';
import { AUDIENCE, harness, type Harness, ISSUER, NOW_MS, TEST_KEYS_ENV } from './support/app-harness';
import { testArtifact } from '../support/fixtures';
import { trainDemoModel } from '../support/trained-demo-model';
import { OpenApiResponseValidator } from './support/openapi-validator';

// Hand-computed scores of the test model (support/model-fixtures.ts).
// "you idiot": tf·idf you 1, idiot 2, "you idiot" 2.5; L2 norm √11.25.
const NORM_YOU_IDIOT = Math.sqrt(11.25);
const TOXIC_YOU_IDIOT = (0.1 * 1 + 2 * 2 + 1 * 2.5) / NORM_YOU_IDIOT - 0.3;
const INSULT_YOU_IDIOT = (1.5 * 2 + 2 * 2.5) / NORM_YOU_IDIOT - 0.5;
// "Thanks, great work": thanks 1.5, great 1.5 ("work" unknown); norm √4.5.
const TOXIC_THANKS = (-1 * 1.5 + -1 * 1.5) / Math.sqrt(4.5) - 0.3;
const platt = (f: number, a: number, b: number) => 1 / (1 + Math.exp(a * f + b));

const validator = new OpenApiResponseValidator(
  buildOpenApiDocument({ version: '1.0.0', maxBatchSize: 1000, maxTextLength: 20000, bodyLimitKiB: 1024 }),
);

/** Sends a predict request and checks the answer against the OpenAPI document. */
async function predict(h: Harness, body: unknown, path = '/v1/predict') {
  const res = await request(h.app)
    .post(path)
    .set('Authorization', `Bearer ${h.token()}`)
    .set('Content-Type', 'application/json')
    .send(JSON.stringify(body));
  validator.check(path, 'post', res.status, String(res.headers['content-type']), res.body);
  return res;
}

function expectProblem(res: request.Response, status: number, slug: string): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
  expect(res.body).toMatchObject({ type: `${PROBLEM_TYPE_BASE}${slug}`, status });
  expect(typeof res.body.title).toBe('string');
  expect(typeof res.body.detail).toBe('string');
}

describe('createApp: POST /v1/predict', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
  });

  it('stamps each response with the clock of its own request, single and batch alike', async () => {
    const own = await harness();
    const at = async (ms: number, body: object) => {
      own.setNow(ms);
      const res = await predict(own, body);
      return res.body as { timestamp?: string; predictions?: { timestamp: string }[] };
    };
    expect((await at(NOW_MS, { text: 'a' })).timestamp).toBe(new Date(NOW_MS).toISOString());
    expect((await at(NOW_MS, { text: 'b' })).timestamp).toBe(new Date(NOW_MS).toISOString());
    expect((await at(NOW_MS + 1, { text: 'a' })).timestamp).toBe(new Date(NOW_MS + 1).toISOString());
    const batch = await at(NOW_MS + 60_000, { texts: ['a', 'b'] });
    expect(batch.predictions?.map((p) => p.timestamp)).toEqual([
      new Date(NOW_MS + 60_000).toISOString(),
      new Date(NOW_MS + 60_000).toISOString(),
    ]);
    expect((await at(NOW_MS, { text: 'a' })).timestamp).toBe(new Date(NOW_MS).toISOString());
  });

  it('scores one comment with the original fields, per-label scores and the model version', async () => {
    const res = await predict(h, { text: 'you idiot' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      prediction: 1,
      probability: expect.any(Number),
      label: 'toxic',
      text_length: 9,
      timestamp: new Date(NOW_MS).toISOString(),
      scores: {
        toxic: { decision: expect.any(Number), probability: expect.any(Number), predicted: true },
        insult: { decision: expect.any(Number), probability: null, predicted: true },
      },
      model_version: '1.0.0',
    });
    expect(res.body.scores.toxic.decision).toBeCloseTo(TOXIC_YOU_IDIOT, 12);
    expect(res.body.probability).toBeCloseTo(platt(TOXIC_YOU_IDIOT, -3, 0), 12);
    expect(res.body.scores.toxic.probability).toBe(res.body.probability);
    expect(res.body.scores.insult.decision).toBeCloseTo(INSULT_YOU_IDIOT, 12);
  });

  it('scores a batch in request order under "predictions"', async () => {
    const res = await predict(h, { texts: ['Thanks, great work', 'you idiot', ''] });
    expect(res.status).toBe(200);
    expect(res.body.model_version).toBe('1.0.0');
    const [thanks, idiot, empty] = res.body.predictions;
    expect(thanks).toMatchObject({ prediction: 0, label: 'non_toxic', text_length: 18 });
    expect(thanks.scores.toxic.decision).toBeCloseTo(TOXIC_THANKS, 12);
    expect(idiot).toMatchObject({ prediction: 1, label: 'toxic' });
    // No known word: the decision is the intercept.
    expect(empty.scores.toxic.decision).toBeCloseTo(-0.3, 12);
    expect(empty.text_length).toBe(0);
  });

  it('answers the original path POST /predict with the same contract', async () => {
    const v1 = await predict(h, { texts: ['you idiot', 'great'] });
    const legacy = await predict(h, { texts: ['you idiot', 'great'] }, '/predict');
    expect(legacy.status).toBe(200);
    expect(legacy.body).toEqual(v1.body);
  });

  it('returns only the requested labels, keeping the original fields on the primary label', async () => {
    const res = await predict(h, { text: 'you idiot', labels: ['insult'] });
    expect(Object.keys(res.body.scores)).toEqual(['insult']);
    expect(res.body.label).toBe('toxic');
    expect(res.body.probability).toBeCloseTo(platt(TOXIC_YOU_IDIOT, -3, 0), 12);
  });

  it('explains a score with per-feature contributions and their character spans', async () => {
    const text = 'YOU idiot';
    const res = await predict(h, { text, explain: true, labels: ['toxic'] });
    const explanation = res.body.scores.toxic.explanation;
    expect(explanation.intercept).toBe(-0.3);
    expect(explanation.contributions.map((c: { feature: string }) => c.feature)).toEqual(['idiot', 'you idiot', 'you']);
    const byFeature = Object.fromEntries(
      explanation.contributions.map((c: { feature: string; spans: number[][] }) => [c.feature, c.spans]),
    );
    expect(byFeature).toEqual({ idiot: [[4, 9]], 'you idiot': [[0, 9]], you: [[0, 3]] });
    expect(text.slice(4, 9)).toBe('idiot');
    const total =
      explanation.intercept +
      explanation.contributions.reduce((a: number, c: { contribution: number }) => a + c.contribution, 0) +
      explanation.other_contribution;
    expect(total).toBeCloseTo(res.body.scores.toxic.decision, 12);
  });

  it('counts text_length in Unicode code points, as the original Python API did', async () => {
    const res = await predict(h, { text: '😀 idiot' });
    expect(res.body.text_length).toBe(7);
  });

  it('labels by the calibrated probability against the configured threshold', async () => {
    const strict = await harness({ server: { threshold: 0.995 } });
    const res = await predict(strict, { text: 'you idiot' });
    // decision > 0 but probability 0.9933 < 0.995.
    expect(res.body.scores.toxic.decision).toBeGreaterThan(0);
    expect(res.body).toMatchObject({ prediction: 0, label: 'non_toxic' });
    expect(res.body.scores.toxic.predicted).toBe(false);
    // Uncalibrated heads keep decision > 0.
    expect(res.body.scores.insult.predicted).toBe(true);
  });

  it('rejects unknown labels with 400 unknown-label naming them and the model labels', async () => {
    const res = await predict(h, { text: 'x', labels: ['toxic', 'spam'] });
    expectProblem(res, 400, 'unknown-label');
    expect(res.body.detail).toBe('unknown label(s) "spam"; this model has "toxic", "insult"');
    expect(res.body.errors).toEqual([{ pointer: '/labels/1', message: 'not a model label' }]);
  });

  it.each([
    ['a number as text', { text: 1 }, [{ pointer: '/text', message: 'must be a string' }]],
    [
      'both text and texts',
      { text: 'a', texts: ['b'] },
      [{ pointer: '', message: 'give either "text" or "texts", not both' }],
    ],
    [
      'neither text nor texts',
      { explain: true },
      [{ pointer: '', message: 'a "text" string or a "texts" array is required' }],
    ],
    [
      'an unknown field',
      { text: 'a', lang: 'en' },
      [{ pointer: '/lang', message: 'unknown field (allowed: text, texts, explain, labels)' }],
    ],
    ['an empty batch', { texts: [] }, [{ pointer: '/texts', message: 'must not be empty' }]],
    ['a non-string in a batch', { texts: ['a', null] }, [{ pointer: '/texts/1', message: 'must be a string' }]],
    ['explain as a string', { text: 'a', explain: 'yes' }, [{ pointer: '/explain', message: 'must be a boolean' }]],
    [
      'a label named twice',
      { text: 'a', labels: ['toxic', 'toxic'] },
      [{ pointer: '/labels', message: 'must not name a label twice' }],
    ],
    ['an array body', ['a'], [{ pointer: '', message: 'must be an object' }]],
    ['a string body', 'hello', [{ pointer: '', message: 'must be an object' }]],
  ])('rejects %s with 400 invalid-request listing the errors', async (_name, body, errors) => {
    const res = await predict(h, body);
    expectProblem(res, 400, 'invalid-request');
    expect(res.body.errors).toEqual(errors);
  });

  it('rejects batches and comments above the configured limits', async () => {
    const small = await harness({ server: { maxBatchSize: 2, maxTextLength: 5 } });
    const tooMany = await predict(small, { texts: ['a', 'b', 'c'] });
    expectProblem(tooMany, 400, 'invalid-request');
    expect(tooMany.body.errors).toEqual([{ pointer: '/texts', message: 'must have at most 2 items' }]);
    const tooLong = await predict(small, { texts: ['abcdef'] });
    expect(tooLong.body.errors).toEqual([{ pointer: '/texts/0', message: 'must be at most 5 characters' }]);
    // Characters are code points: five emoji are five characters.
    expect((await predict(small, { text: '😀😀😀😀😀' })).status).toBe(200);
  });

  it('rejects malformed JSON with 400 malformed-json without echoing the body', async () => {
    const res = await request(h.app)
      .post('/v1/predict')
      .set('Authorization', `Bearer ${h.token()}`)
      .set('Content-Type', 'application/json')
      .send('{"text": "secret comment"');
    expectProblem(res, 400, 'malformed-json');
    expect(JSON.stringify(res.body)).not.toContain('secret comment');
  });

  it.each([
    ['text/plain', {}],
    ['application/x-www-form-urlencoded', {}],
    ['application/json; charset=latin1', {}],
    ['application/json', { 'Content-Encoding': 'gzip' }],
  ])('rejects Content-Type %s (and compressed bodies) with 415', async (type, extra) => {
    const res = await request(h.app)
      .post('/v1/predict')
      .set('Authorization', `Bearer ${h.token()}`)
      .set('Content-Type', type)
      .set(extra)
      .send('{"text":"a"}');
    expectProblem(res, 415, 'unsupported-media-type');
  });

  it('accepts an explicit UTF-8 charset in any case', async () => {
    const res = await request(h.app)
      .post('/v1/predict')
      .set('Authorization', `Bearer ${h.token()}`)
      .set('Content-Type', 'Application/JSON; Charset="UTF-8"')
      .send('{"text":"idiot"}');
    expect(res.status).toBe(200);
  });

  it('rejects a request without a body with 400', async () => {
    const res = await request(h.app).post('/v1/predict').set('Authorization', `Bearer ${h.token()}`);
    expectProblem(res, 400, 'invalid-request');
    expect(res.body.detail).toBe('a JSON body is required');
  });

  it('rejects bodies above the size limit with 413, declared or streamed', async () => {
    const small = await harness({ server: { bodyLimitKiB: 1 } });
    const big = JSON.stringify({ text: 'a'.repeat(2000) });
    const declared = await request(small.app)
      .post('/v1/predict')
      .set('Authorization', `Bearer ${small.token()}`)
      .set('Content-Type', 'application/json')
      .send(big);
    expectProblem(declared, 413, 'payload-too-large');
    expect(declared.body.detail).toBe('the body must be at most 1024 bytes');

    // Chunked: no Content-Length, the limit applies while reading.
    const chunked = request(small.app)
      .post('/v1/predict')
      .set('Authorization', `Bearer ${small.token()}`)
      .set('Content-Type', 'application/json');
    chunked.write(big.slice(0, 800));
    chunked.write(big.slice(800));
    const streamed = await chunked;
    expectProblem(streamed, 413, 'payload-too-large');
  });

  it('answers 503 model-not-ready, saying what is missing but not where, until a model is loaded', async () => {
    const empty = await harness({ model: null });
    const res = await predict(empty, { text: 'a' });
    expectProblem(res, 503, 'model-not-ready');
    expect(res.body.detail).toContain('there is no model at the configured model URI yet');
    expect(res.body.detail).not.toContain(empty.dir);
  });
});

describe('createApp: the predict routes without the router', () => {
  it('answers POST /v1/predict and /predict directly, and other spellings through the router, alike', async () => {
    const h = await harness();
    const router = (h.app as unknown as { router: { handle: (...args: unknown[]) => void } }).router;
    const viaRouter = jest.spyOn(router, 'handle');
    const direct = await predict(h, { text: 'you idiot' });
    const legacy = await predict(h, { text: 'you idiot' }, '/predict');
    expect(viaRouter).not.toHaveBeenCalled();
    const slash = await request(h.app)
      .post('/v1/predict/')
      .set('Authorization', `Bearer ${h.token()}`)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ text: 'you idiot' }));
    expect(viaRouter).toHaveBeenCalledTimes(1);
    expect(direct.status).toBe(200);
    expect(legacy.body).toEqual(direct.body);
    expect(slash.body).toEqual(direct.body);
    expect(slash.headers['content-type']).toBe(direct.headers['content-type']);
    const get = await request(h.app).get('/v1/predict').set('Authorization', `Bearer ${h.token()}`);
    expectProblem(get, 405, 'method-not-allowed');
  });

  it('counts direct answers and refusals under the route label, and a problem for each refusal', async () => {
    const h = await harness();
    await predict(h, { text: 'idiot' });
    expectProblem(await request(h.app).post('/v1/predict').send('{}'), 401, 'unauthorized');
    const unsupported = await request(h.app)
      .post('/v1/predict')
      .set('Authorization', `Bearer ${h.token()}`)
      .set('Content-Type', 'text/plain')
      .send('you idiot');
    expectProblem(unsupported, 415, 'unsupported-media-type');
    const text = (await request(h.adminApp).get('/metrics')).text;
    for (const status of [200, 401, 415]) {
      expect(text).toContain(`http_requests_total{method="POST",route="/v1/predict",status_code="${status}"} 1`);
    }
    expect(text).not.toContain('route="unmatched"');
  });
});

describe('createApp: other routes', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
  });

  it('GET /v1/model describes the served model to an authenticated client', async () => {
    const res = await request(h.app).get('/v1/model').set('Authorization', `Bearer ${h.token()}`);
    expect(res.status).toBe(200);
    validator.check('/v1/model', 'get', 200, String(res.headers['content-type']), res.body);
    expect(res.body).toEqual({
      name: 'toxicity',
      version: '1.0.0',
      labels: ['toxic', 'insult'],
      primary_label: 'toxic',
      feature_count: 6,
      source_uri: h.uri,
      resolved_uri: h.uri,
      generation: h.holder.current!.generation,
      loaded_at: new Date(NOW_MS).toISOString(),
      trained_at: '2025-01-31T12:00:00Z',
      metrics: { f1: 0.9 },
      card: null,
      card_missing: NO_CARD,
    });
  });

  it('GET /v1/model says clearly that a model trained before cards existed has none, and how to get one', async () => {
    const res = await request(h.app).get('/v1/model').set('Authorization', `Bearer ${h.token()}`);
    expect(res.body.card).toBeNull();
    expect(res.body.card_missing).toMatch(/no model card: it was trained before cards existed.*toxicity train/);
  });

  it('GET /v1/model serves the model card of a real training run, without a data row or a credential', async () => {
    const run = await trainDemoModel();
    const trained = await harness({ model: run.artifact });
    const res = await request(trained.app).get('/v1/model').set('Authorization', `Bearer ${trained.token()}`);
    expect(res.status).toBe(200);
    validator.check('/v1/model', 'get', 200, String(res.headers['content-type']), res.body);
    expect(res.body.card).toEqual(run.artifact.card);
    expect(res.body).not.toHaveProperty('card_missing');
    expect(res.body.card.risk.level).toBe('limited');
    expect(res.body.card.data.validation.passed).toBe(true);
    expect(res.text).not.toContain('s3cr3t');
    for (const row of run.dataset.texts.filter((t) => t.length >= 20)) expect(res.text).not.toContain(row);
  }, 60_000);

  it('GET /v1/model shows where an imported model came from and its parity at import', async () => {
    const base = testArtifact();
    const importedFrom = {
      library: 'scikit-learn',
      libraryVersion: '1.7.2',
      estimator: 'TfidfVectorizer + LinearSVC',
      files: [{ name: 'svm_model.skops', hash: `sha256:${'0'.repeat(64)}`, format: 'skops' }],
      parity: { texts: 62, maxDecisionDifference: 4e-16, maxProbabilityDifference: null, tolerance: 1e-6 },
    };
    const imported = await harness({ model: { ...base, provenance: { ...base.provenance, importedFrom } } });
    const res = await request(imported.app).get('/v1/model').set('Authorization', `Bearer ${imported.token()}`);
    expect(res.status).toBe(200);
    validator.check('/v1/model', 'get', 200, String(res.headers['content-type']), res.body);
    expect(res.body.imported_from).toEqual(importedFrom);
  });

  it('GET /v1/model refuses anonymous clients with 401', async () => {
    const res = await request(h.app).get('/v1/model');
    expectProblem(res, 401, 'unauthorized');
  });

  it('GET /healthz answers 200 whether or not a model is loaded', async () => {
    const empty = await harness({ model: null });
    for (const app of [h.app, empty.app]) {
      const res = await request(app).get('/healthz');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'ok' });
    }
  });

  it('GET /readyz answers 200 when a model is loaded, without the model version (unauthenticated)', async () => {
    const res = await request(h.app).get('/readyz');
    expect(res.status).toBe(200);
    validator.check('/readyz', 'get', 200, String(res.headers['content-type']), res.body);
    expect(res.body).toEqual({ status: 'ready' });
    expect(JSON.stringify(res.body)).not.toContain('1.0.0');
  });

  it('GET /readyz answers 503 model-not-ready without a model', async () => {
    const empty = await harness({ model: null });
    const res = await request(empty.app).get('/readyz');
    expectProblem(res, 503, 'model-not-ready');
    validator.check('/readyz', 'get', 503, String(res.headers['content-type']), res.body);
  });

  it('GET /readyz answers 503 draining while predictions are still served and connections closed', async () => {
    const drain = { draining: false };
    const d = await harness({ draining: drain });
    drain.draining = true;
    const ready = await request(d.app).get('/readyz');
    expectProblem(ready, 503, 'draining');
    const res = await predict(d, { text: 'idiot' });
    expect(res.status).toBe(200);
    expect(res.headers.connection).toBe('close');
  });

  it('GET /metrics on the admin app exposes every server metric in the Prometheus text format', async () => {
    const fresh = await harness();
    await predict(fresh, { text: 'idiot' });
    await request(fresh.app).get('/v1/model');
    const res = await request(fresh.adminApp).get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    for (const metric of Object.values(METRICS)) {
      expect(res.text).toContain(`# TYPE ${metric.name} ${metric.type}`);
    }
    expect(res.text).toMatch(/http_requests_total\{method="POST",route="\/v1\/predict",status_code="200"\} \d+/);
    expect(res.text).toContain('auth_failures_total{reason="missing"} 1');
    expect(res.text).toContain('model_info{name="toxicity",version="1.0.0"} 1');
    expect(res.text).toContain('model_server_ready 1');
    expect(res.text).toContain('http_request_duration_seconds_bucket{le="0.5",method="POST",route="/v1/predict"');
  });

  it('GET /metrics shows the score histogram of every calibrated label, counted from the returned probabilities', async () => {
    const fresh = await harness({ model: testArtifact({ labels: ['toxic', 'insult', 'obscene'] }) });
    const batch = ['you idiot', 'Thanks, great work', 'stupid', '', 'you you idiot idiot'];
    const first = await predict(fresh, { texts: batch });
    // `labels` asks for obscene only; toxic (the primary label) is scored anyway and counted.
    const second = await predict(fresh, { text: 'great idiot', labels: ['obscene'] });
    expect([first.status, second.status]).toEqual([200, 200]);
    const returned: Record<string, number[]> = { toxic: [], obscene: [] };
    for (const p of first.body.predictions) {
      returned.toxic.push(p.scores.toxic.probability);
      returned.obscene.push(p.scores.obscene.probability);
    }
    returned.toxic.push(second.body.probability);
    returned.obscene.push(second.body.scores.obscene.probability);
    const text = (await request(fresh.adminApp).get('/metrics')).text;
    for (const [label, probabilities] of Object.entries(returned)) {
      expect(probabilities).toHaveLength(6);
      for (const bound of METRICS.predictionScore.buckets) {
        const expected = probabilities.filter((p) => p <= bound).length;
        expect(text).toContain(`model_prediction_score_bucket{le="${bound}",label="${label}"} ${expected}\n`);
      }
      expect(text).toContain(`model_prediction_score_count{label="${label}"} 6\n`);
      const sum = Number(new RegExp(`^model_prediction_score_sum\\{label="${label}"\\} (\\S+)$`, 'm').exec(text)?.[1]);
      expect(sum).toBeCloseTo(
        probabilities.reduce((a, b) => a + b, 0),
        12,
      );
    }
    // The scores spread over several buckets (the check above is not all-zero or all-one).
    expect(new Set(returned.toxic.map((p) => METRICS.predictionScore.buckets.findIndex((b) => p <= b))).size).toBe(4);
    // insult has no calibration: no probability, so no observation (its predictions are still counted).
    expect(text).not.toContain('model_prediction_score_count{label="insult"}');
    expect(text).toContain('model_predictions_total{label="insult",outcome="positive"}');
  });

  it('serves no /metrics on the public app (it would tell anyone the runtime and model internals)', async () => {
    expectProblem(await request(h.app).get('/metrics'), 404, 'not-found');
    expect((await request(h.adminApp).get('/metrics')).status).toBe(200);
  });

  it('serves the probes on the admin app as on the public one, and nothing of the API there', async () => {
    expect((await request(h.adminApp).get('/healthz')).body).toEqual({ status: 'ok' });
    expect((await request(h.adminApp).get('/readyz')).body).toEqual({ status: 'ready', model_version: '1.0.0' });
    expectProblem(await request(h.adminApp).post('/v1/predict').send({ text: 'x' }), 404, 'not-found');
    expectProblem(await request(h.adminApp).get('/openapi.json'), 404, 'not-found');
  });

  it('GET /openapi.json serves an OpenAPI 3.1 document describing every public route', async () => {
    const res = await request(h.app).get('/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(Object.keys(res.body.paths).sort()).toEqual(
      [
        '/healthz',
        '/openapi.json',
        '/predict',
        '/readyz',
        '/v1/model',
        '/v1/predict',
        '/v1alpha1/comments:analyze',
        '/v2',
        '/v2/health/live',
        '/v2/health/ready',
        '/v2/models/{model}',
        '/v2/models/{model}/ready',
        '/v2/models/{model}/infer',
        '/invocations',
        '/ping',
        '/health',
        '/version',
      ].sort(),
    );
    expect(res.body.components.schemas.PredictRequest.properties.texts.maxItems).toBe(1000);
  });

  it('answers unknown paths with 404 not-found and wrong methods with 405 and Allow', async () => {
    expectProblem(await request(h.app).get('/v2/predict'), 404, 'not-found');
    const wrong = await request(h.app).get('/v1/predict');
    expectProblem(wrong, 405, 'method-not-allowed');
    expect(wrong.headers.allow).toBe('POST');
    const del = await request(h.app).delete('/readyz');
    expectProblem(del, 405, 'method-not-allowed');
    expect(del.headers.allow).toBe('GET, HEAD');
  });

  it('sends API security headers on every response and no X-Powered-By', async () => {
    for (const res of [
      await request(h.app).get('/healthz'),
      await predict(h, { text: 'idiot' }),
      await request(h.app).get('/nope'),
    ]) {
      expect(res.headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });
});

describe('createApp: failures', () => {
  /** A model provider whose scorer fails with a message that must not reach the client. */
  function failingApp(lines: string[]) {
    const artifact = testArtifact();
    const model = new ToxicityModel(artifact);
    const fail = () => {
      throw new Error('internal detail: /var/secret/path');
    };
    jest.spyOn(model, 'score').mockImplementation(fail);
    jest.spyOn(model, 'scoreInto').mockImplementation(fail);
    const models: ModelProvider = {
      current: {
        model,
        name: 'toxicity',
        version: '1.0.0',
        labels: artifact.labels,
        primaryLabel: 'toxic',
        sourceUri: 'file:///m.json',
        resolvedUri: 'file:///m.json',
        generation: '1',
        loadedAt: new Date(NOW_MS),
        trainedAt: artifact.provenance.trainedAt,
      },
      lastFailure: undefined,
      pollIntervalMs: 60000,
    };
    const config = parseConfig({});
    const keys = JwtKeyRing.fromEnv(TEST_KEYS_ENV);
    const app = createApp({
      server: config.server,
      verifier: new JwtVerifier(keys, {
        issuer: ISSUER,
        audience: AUDIENCE,
        clockToleranceSeconds: 30,
        maxTokenAgeSeconds: null,
        now: () => NOW_MS,
      }),
      models,
      metrics: new ServerMetrics({ defaultMetrics: false }),
      logger: createJsonLogger({ write: (l) => lines.push(l), level: 'DEBUG' }),
    });
    const token = keys.sign({ subject: 'c', issuer: ISSUER, audience: AUDIENCE, ttlSeconds: 60, nowMs: NOW_MS });
    return { app, token };
  }

  it('turns an unexpected error into a 500 that carries only a request id, and logs the cause', async () => {
    const lines: string[] = [];
    const { app, token } = failingApp(lines);
    const res = await request(app)
      .post('/v1/predict')
      .set('Authorization', `Bearer ${token}`)
      .set('X-Request-Id', 'req-42')
      .set('Content-Type', 'application/json')
      .send({ text: 'confidential comment' });
    expectProblem(res, 500, 'internal-error');
    validator.check('/v1/predict', 'post', 500, String(res.headers['content-type']), res.body);
    expect(res.body.request_id).toBe('req-42');
    expect(JSON.stringify(res.body)).not.toContain('secret');
    const entry = lines
      .map((l) => JSON.parse(l) as { severity: string; error: { message: string } })
      .find((e) => e.severity === 'ERROR')!;
    expect(entry).toMatchObject({ message: 'request failed', requestId: 'req-42', route: '/v1/predict' });
    expect(entry.error.message).toBe('internal detail: /var/secret/path');
    expect(lines.join('')).not.toContain('confidential comment');
  });

  it('makes up a request id when the client sent none or an unusable one', async () => {
    const { app, token } = failingApp([]);
    const res = await request(app)
      .post('/v1/predict')
      .set('Authorization', `Bearer ${token}`)
      .set('X-Request-Id', 'bad id with spaces')
      .set('Content-Type', 'application/json')
      .send({ text: 'a' });
    expect(res.body.request_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('never writes comment text to the log, whatever the outcome', async () => {
    const h = await harness({ logLevel: 'DEBUG' });
    const marker = 'Zyxwv-private-comment';
    await predict(h, { text: marker });
    await predict(h, { texts: [marker, marker], explain: true });
    await predict(h, { text: marker, labels: ['nope'] });
    await predict(h, { text: marker, extra: marker });
    await request(h.app).post('/v1/predict').set('Content-Type', 'application/json').send({ text: marker });
    await request(h.app)
      .post('/v1/predict')
      .set('Authorization', `Bearer ${h.token()}`)
      .set('Content-Type', 'application/json')
      .send(`{"text": "${marker}`);
    expect(h.logs.filter((l) => l.message === 'request')).toHaveLength(6);
    expect(h.logText()).not.toContain(marker);
  });
});
