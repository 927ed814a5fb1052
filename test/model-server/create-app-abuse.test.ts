import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import request from 'supertest';
import { SLICE_CHARS } from '../../model-server/predict-handler';
import { PROBLEM_TYPE_BASE } from '../../model-server/problem';
import { harness, type Harness } from './support/app-harness';

function b64url(value: unknown): string {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
}

async function listen(h: Harness): Promise<{ server: Server; port: number }> {
  const server = h.app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  return { server, port: (server.address() as AddressInfo).port };
}

/** Writes raw bytes on a new connection; resolves with everything read until the server closes it (or timeout). */
function rawExchange(port: number, chunks: string[], timeoutMs = 3000): Promise<{ text: string; closed: boolean }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ text, closed: false });
    }, timeoutMs);
    socket.on('error', reject);
    socket.on('data', (d) => (text += d.toString('latin1')));
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ text, closed: true });
    });
    socket.on('connect', () => {
      for (const c of chunks) socket.write(c);
    });
  });
}

describe('createApp under abuse', () => {
  it('answers tokens carrying control or non-ASCII bytes with 401 and never echoes them into a header', async () => {
    const h = await harness();
    const headers = [
      { alg: 'HS256\r\nSet-Cookie: x=1' },
      { alg: '\u0000\u00ff\u2028' },
      { alg: 'HS256', kid: 'é\n"' },
      { alg: ['HS256'] },
    ];
    for (const header of headers) {
      const token = `${b64url(header)}.${b64url({ sub: 'x' })}.c2ln`;
      const res = await request(h.app).post('/v1/predict').set('Authorization', `Bearer ${token}`).send({ text: 'a' });
      expect(res.status).toBe(401);
      const challenge = String(res.headers['www-authenticate']);
      expect(challenge).toMatch(/^Bearer realm="toxicity", error="invalid_token", error_description="[\x20-\x7e]*"$/);
      expect(challenge).not.toMatch(/Set-Cookie|é/);
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    expect(h.logs.filter((l) => l.severity === 'ERROR')).toEqual([]);
  });

  it('gives one subject 429 with Retry-After and RateLimit fields past its burst while another is still served', async () => {
    const h = await harness({ server: { rateLimitPerSecond: 1, rateLimitBurst: 3 } });
    const send = (sub: string) =>
      request(h.app)
        .post('/v1/predict')
        .set('Authorization', `Bearer ${h.token(sub)}`)
        .send({ text: 'idiot' });
    const statuses: number[] = [];
    let refused: request.Response | undefined;
    for (let i = 0; i < 6; i++) {
      const res = await send('flooder');
      statuses.push(res.status);
      if (res.status === 429) refused = res;
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429, 429]);
    expect(refused!.body.type).toBe(`${PROBLEM_TYPE_BASE}too-many-requests`);
    expect(refused!.headers['retry-after']).toBe('1');
    expect(refused!.headers['ratelimit-policy']).toBe('"burst";q=3;w=3');
    expect(refused!.headers.ratelimit).toBe('"burst";r=0;t=1');
    expect((await send('other')).status).toBe(200);
    // A second later, the flooder has one request again.
    h.setNow(Date.UTC(2025, 0, 31, 12, 0, 1));
    expect((await send('flooder')).status).toBe(200);
    const metrics = await request(h.adminApp).get('/metrics');
    expect(metrics.text).toContain('http_requests_shed_total{reason="rate_limited"} 3');
  });

  it('answers 503 overloaded with Retry-After once maxInFlight requests are in flight, and serves again after', async () => {
    const h = await harness({ server: { maxInFlight: 2, retryAfterSeconds: 7 } });
    const { server, port } = await listen(h);
    const token = h.token();
    const sockets = [0, 1].map(() => connect(port, '127.0.0.1'));
    try {
      // Two requests whose bodies never finish hold both slots.
      for (const s of sockets) {
        s.write(
          `POST /v1/predict HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"te`,
        );
      }
      await new Promise((r) => setTimeout(r, 200));
      const url = `http://127.0.0.1:${port}/v1/predict`;
      const init = {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: '{"text":"idiot"}',
      };
      const full = await fetch(url, init);
      expect(full.status).toBe(503);
      expect(full.headers.get('retry-after')).toBe('7');
      expect(((await full.json()) as { type: string }).type).toBe(`${PROBLEM_TYPE_BASE}overloaded`);
      // Probes are never starved.
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      for (const s of sockets) s.destroy();
      await new Promise((r) => setTimeout(r, 200));
      expect((await fetch(url, init)).status).toBe(200);
      const metrics = await request(h.adminApp).get('/metrics');
      expect(metrics.text).toContain('http_requests_shed_total{reason="in_flight"} 1');
    } finally {
      for (const s of sockets) s.destroy();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it('admits at most maxLargeInFlight large bodies at once while small requests keep being served', async () => {
    const h = await harness({ server: { maxLargeInFlight: 1, largeBodyKiB: 1 } });
    const { server, port } = await listen(h);
    const token = h.token();
    const holder = connect(port, '127.0.0.1');
    try {
      holder.write(
        `POST /v1/predict HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{"te`,
      );
      await new Promise((r) => setTimeout(r, 200));
      const post = (body: string) =>
        fetch(`http://127.0.0.1:${port}/v1/predict`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body,
        });
      const large = await post(JSON.stringify({ text: 'x'.repeat(2000) }));
      expect(large.status).toBe(503);
      expect((await post('{"text":"idiot"}')).status).toBe(200);
      holder.destroy();
      await new Promise((r) => setTimeout(r, 200));
      expect((await post(JSON.stringify({ text: 'x'.repeat(2000) }))).status).toBe(200);
    } finally {
      holder.destroy();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it('closes the connection after an early 401 on a request with a body instead of reading the body', async () => {
    const h = await harness();
    const { server, port } = await listen(h);
    try {
      const { text, closed } = await rawExchange(port, [
        'POST /v1/predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 50000000\r\n\r\n',
        '{"text":"' + 'a'.repeat(1000),
      ]);
      expect(text).toMatch(/^HTTP\/1\.1 401 /);
      expect(text.toLowerCase()).toContain('connection: close');
      expect(closed).toBe(true);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it('reports the first maxReportedErrors validation errors and counts them all', async () => {
    const h = await harness({ server: { maxReportedErrors: 5 } });
    const res = await request(h.app)
      .post('/v1/predict')
      .set('Authorization', `Bearer ${h.token()}`)
      .send({ texts: Array.from({ length: 1000 }, (_, i) => i) });
    expect(res.status).toBe(400);
    expect(res.body.errors).toHaveLength(5);
    expect(res.body.errors[0]).toEqual({ pointer: '/texts/0', message: 'must be a string' });
    expect(res.body.error_count).toBe(1000);
  });

  it('refuses an over-long array with one error before checking its items', async () => {
    const h = await harness();
    const body = `{"texts":[${Array.from({ length: 400_000 }, () => '0').join(',')}]}`;
    const res = await request(h.app)
      .post('/v1/predict')
      .set('Authorization', `Bearer ${h.token()}`)
      .set('Content-Type', 'application/json')
      .send(body);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ pointer: '/texts', message: 'must have at most 1000 items' }]);
    expect(res.text.length).toBeLessThan(1000);
  });

  it('limits explained requests to explainMaxBatchSize comments', async () => {
    const h = await harness({ server: { explainMaxBatchSize: 2 } });
    const send = (texts: string[]) =>
      request(h.app).post('/v1/predict').set('Authorization', `Bearer ${h.token()}`).send({ texts, explain: true });
    expect((await send(['a', 'b'])).status).toBe(200);
    const res = await send(['a', 'b', 'c']);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { pointer: '/texts', message: 'must have at most 2 items when "explain" is true' },
    ]);
  });

  it('caps the spans of each explained feature and tells how many there were', async () => {
    const h = await harness({ server: { explainMaxSpans: 3 } });
    const text = Array.from({ length: 3000 }, () => 'idiot').join(' ');
    const res = await request(h.app)
      .post('/v1/predict')
      .set('Authorization', `Bearer ${h.token()}`)
      .send({ text, explain: true });
    expect(res.status).toBe(200);
    const contribution = (
      res.body.scores.toxic.explanation.contributions as { feature: string; spans: number[][]; span_count: number }[]
    ).find((c) => c.feature === 'idiot')!;
    expect(contribution.spans).toEqual([
      [0, 5],
      [6, 11],
      [12, 17],
    ]);
    expect(contribution.span_count).toBe(3000);
    expect(res.text.length).toBeLessThan(5000);
  });
});

describe('createApp: large batches are scored in slices', () => {
  it('gives the same scores to a batch scored in slices as to each comment alone', async () => {
    const h = await harness();
    const long = (i: number) => `${i % 2 ? 'you idiot ' : 'thanks, great work '}`.repeat(1000);
    const texts = Array.from({ length: 30 }, (_, i) => long(i));
    expect(texts.reduce((n, t) => n + t.length, 0)).toBeGreaterThan(SLICE_CHARS * 2);
    const send = (body: object) =>
      request(h.app).post('/v1/predict').set('Authorization', `Bearer ${h.token()}`).send(body);
    const batch = await send({ texts });
    expect(batch.status).toBe(200);
    for (const i of [0, 1, 29]) {
      const alone = await send({ text: texts[i] });
      expect(batch.body.predictions[i].scores).toEqual(alone.body.scores);
    }
  });
});
