/**
 * The model server under abuse, as a separate process with the container's settings (default config:
 * 512 MiB memory limit, in-flight cap, per-client rate): concurrent maximal requests, a flood from one
 * client, and a 10,000-case fuzz of tokens and bodies sent as raw bytes.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { setPriority } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseConfig } from '../../src/config';
import { JwtKeyRing } from '../../model-server/jwt-key-ring';
import { prng, syntheticComments, syntheticModel } from '../../bench/model-server-fixtures';
import { type ServerProcess, startServerProcess, writeConfigFile } from '../model-server/support/server-process';
import { freePort, tempDir } from '../support/fixtures';

const SECRET = 'abuse-suite-secret-of-at-least-32-bytes-0123';
const config = parseConfig({});
const keys = JwtKeyRing.fromEnv({ JWT_SECRET: SECRET });
const token = (sub: string) =>
  keys.sign({
    subject: sub,
    issuer: config.auth.issuer,
    audience: config.auth.audience,
    ttlSeconds: 3600,
    nowMs: Date.now(),
  });
/** The Deployment's probe timeout (src/constructs/toxicity-api.ts). */
const PROBE_TIMEOUT_MS = 2000;
const MiB = 1024 * 1024;

let server: ServerProcess;
let port = 0;
let adminPort = 0;
let model: ReturnType<typeof syntheticModel>;

beforeAll(async () => {
  const dir = tempDir();
  // The cold-start target's model: 6 labels × 100k features.
  model = syntheticModel(100_000);
  const modelPath = join(dir, 'model.json');
  writeFileSync(modelPath, JSON.stringify(model.artifact));
  port = await freePort();
  adminPort = await freePort();
  server = startServerProcess({
    // A per-client rate far below the default (100/s, burst 200), so that a flood exceeds it even when
    // this shared machine serves only a few hundred requests per second.
    TOXICITY_CONFIG: writeConfigFile(dir, 'server:\n  rateLimitPerSecond: 5\n  rateLimitBurst: 20\n'),
    PORT: String(port),
    ADMIN_PORT: String(adminPort),
    HOST: '127.0.0.1',
    MODEL_URI: pathToFileURL(modelPath).href,
    JWT_SECRET: SECRET,
    DRAIN_SECONDS: '0',
    NODE_ENV: 'production',
  });
  // The pod has its own CPU (limit 1 core); here the load generator and other work share two cores with
  // it, so the server gets a higher priority than this process (when allowed) to stand for that.
  try {
    setPriority(server.child.pid!, -5);
  } catch {
    console.warn('could not raise the server process priority; latency figures include CPU contention');
  }
  await server.waitFor((e) => e.message === 'model loaded', 120_000);
});

afterAll(async () => {
  server?.child.kill('SIGTERM');
  await server?.exited;
});

function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)![1]) * 1024;
}

async function timedHealth(): Promise<number> {
  const started = performance.now();
  try {
    const res = await fetch(`http://127.0.0.1:${adminPort}/healthz`, { signal: AbortSignal.timeout(10_000) });
    await res.arrayBuffer();
    return res.status === 200 ? performance.now() - started : Number.POSITIVE_INFINITY;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/**
 * Probes `/healthz` from a separate process for `seconds`, as the kubelet does (its own process, not
 * this busy load generator), and resolves with the latencies in ms (Infinity for a failure).
 */
function probeFromAnotherProcess(seconds: number): Promise<number[]> {
  const script = `
    const url = process.argv[1];
    const until = Date.now() + Number(process.argv[2]) * 1000;
    const out = [];
    (async () => {
      while (Date.now() < until) {
        const t = performance.now();
        try {
          const r = await fetch(url, { signal: AbortSignal.timeout(10000) });
          await r.arrayBuffer();
          out.push(r.status === 200 ? performance.now() - t : null);
        } catch { out.push(null); }
        await new Promise((r) => setTimeout(r, 200));
      }
      process.stdout.write(JSON.stringify(out));
    })();`;
  const child = spawn(process.execPath, ['-e', script, `http://127.0.0.1:${adminPort}/healthz`, String(seconds)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    setPriority(child.pid!, -5);
  } catch {
    // Not allowed: the figures then include CPU contention.
  }
  let text = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (text += c));
  return new Promise((resolve) =>
    child.once('exit', () =>
      resolve((JSON.parse(text || '[]') as (number | null)[]).map((v) => v ?? Number.POSITIVE_INFINITY)),
    ),
  );
}

function errorLogs(): Record<string, unknown>[] {
  return server.entries().filter((e) => e.severity === 'ERROR' || e.severity === 'CRITICAL');
}

describe('the model server under abuse (separate process, default limits)', () => {
  it('keeps RSS under the memory limit and /healthz under the probe timeout during concurrent maximal requests', async () => {
    const s = config.server;
    // Maximal bodies just under the body limit: explained (explainMaxBatchSize long comments) and plain (maxBatchSize).
    const explainLength = Math.min(
      s.maxTextLength,
      Math.floor((s.bodyLimitKiB * 1024 - 200) / s.explainMaxBatchSize / 1.05),
    );
    const explained = JSON.stringify({
      texts: syntheticComments(model.unigrams, s.explainMaxBatchSize, explainLength, 3).map((t) =>
        t.slice(0, explainLength),
      ),
      explain: true,
    });
    const plainLength = Math.floor((s.bodyLimitKiB * 1024 - 200) / s.maxBatchSize / 1.05);
    const plain = JSON.stringify({
      texts: syntheticComments(model.unigrams, s.maxBatchSize, plainLength, 5).map((t) => t.slice(0, plainLength)),
    });
    expect(Buffer.byteLength(explained)).toBeLessThanOrEqual(s.bodyLimitKiB * 1024);
    expect(Buffer.byteLength(explained)).toBeGreaterThan(s.bodyLimitKiB * 1024 * 0.9);
    expect(Buffer.byteLength(plain)).toBeLessThanOrEqual(s.bodyLimitKiB * 1024);

    const statuses = new Map<number | string, number>();
    const count = (k: number | string) => statuses.set(k, (statuses.get(k) ?? 0) + 1);
    let running = true;
    const clients = Array.from({ length: s.maxInFlight + 16 }, async (_, i) => {
      // One subject per client: the per-client rate is not what this test is about.
      const auth = `Bearer ${token(`client-${i}`)}`;
      while (running) {
        try {
          const res = await fetch(`http://127.0.0.1:${port}/v1/predict`, {
            method: 'POST',
            headers: { authorization: auth, 'content-type': 'application/json' },
            body: i % 2 === 0 ? explained : plain,
            signal: AbortSignal.timeout(60_000),
          });
          await res.arrayBuffer();
          count(res.status);
          // Clients that honour Retry-After: the concern here is the work of admitted requests; a
          // connection flood is for the edge (Cloud Armor's rate-based ban) to stop.
          const retry = Number(res.headers.get('retry-after'));
          if (retry > 0) await new Promise((r) => setTimeout(r, retry * 1000));
        } catch (err) {
          count(String((err as Error).name));
          await new Promise((r) => setTimeout(r, 1000));
        }
      }
    });
    let maxRss = 0;
    const pid = server.child.pid!;
    const probing = probeFromAnotherProcess(20);
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      maxRss = Math.max(maxRss, rssBytes(pid));
      await new Promise((r) => setTimeout(r, 50));
    }
    const health = await probing;
    running = false;
    await Promise.all(clients);
    const sorted = health.slice().sort((a, b) => a - b);
    const summary = {
      statuses: Object.fromEntries(statuses),
      maxRssMiB: Math.round(maxRss / MiB),
      healthMs: { p50: sorted[sorted.length >> 1], p99: sorted[Math.floor(sorted.length * 0.99)], max: sorted.at(-1) },
      healthChecks: health.length,
    };
    console.log(`concurrent maximal requests: ${JSON.stringify(summary)}`);
    expect(maxRss).toBeLessThan(config.resources.memoryLimitMiB * MiB);
    expect(Math.max(...health)).toBeLessThan(PROBE_TIMEOUT_MS);
    expect(statuses.get(200) ?? 0).toBeGreaterThan(10);
    // Only successes, or the documented refusals of a full replica: 503 (the connection is then closed
    // while the client may still be sending, which fetch reports as a TypeError), 429, and 408 for an
    // upload slower than requestTimeoutMs on this shared machine.
    expect([...statuses.keys()].filter((k) => ![200, 503, 429, 408, 'TypeError'].includes(k))).toEqual([]);
    expect(errorLogs()).toEqual([]);
  });

  it('gives a flooding client 429s while another client keeps being served', async () => {
    // Let the previous test's buckets refill and its last requests finish.
    await new Promise((r) => setTimeout(r, 3000));
    while ((await timedHealth()) > 200) await new Promise((r) => setTimeout(r, 500));
    const flooder = `Bearer ${token('flooder')}`;
    const polite = `Bearer ${token('polite')}`;
    const body = JSON.stringify({ text: 'you are a thoughtful editor' });
    const send = async (auth: string) => {
      const res = await fetch(`http://127.0.0.1:${port}/v1/predict`, {
        method: 'POST',
        headers: { authorization: auth, 'content-type': 'application/json' },
        body,
      });
      await res.arrayBuffer();
      return res;
    };
    const flood = new Map<number, number>();
    const politeStatuses: number[] = [];
    let retryAfter: string | null = null;
    let running = true;
    const flooders = Array.from({ length: 16 }, async () => {
      while (running) {
        const res = await send(flooder);
        flood.set(res.status, (flood.get(res.status) ?? 0) + 1);
        if (res.status === 429) retryAfter = res.headers.get('retry-after');
      }
    });
    const started = Date.now();
    const deadline = started + 4000;
    while (Date.now() < deadline) {
      politeStatuses.push((await send(polite)).status);
      await new Promise((r) => setTimeout(r, 100));
    }
    running = false;
    await Promise.all(flooders);
    const elapsedSeconds = (Date.now() - started) / 1000;
    console.log(
      `flood: ${JSON.stringify(Object.fromEntries(flood))}; polite client: ${politeStatuses.length} requests`,
    );
    const total = [...flood.values()].reduce((a, b) => a + b, 0);
    // At most the burst (20) plus 5 per second may pass; the rest must be refused.
    expect(flood.get(200) ?? 0).toBeLessThanOrEqual(20 + Math.ceil(5 * elapsedSeconds));
    expect(flood.get(429) ?? 0).toBe(total - (flood.get(200) ?? 0));
    expect(total).toBeGreaterThan(60);
    expect(retryAfter).toMatch(/^\d+$/);
    expect(politeStatuses.length).toBeGreaterThan(2);
    expect(politeStatuses.filter((st) => st !== 200)).toEqual([]);
  });

  it('answers a 10,000-case fuzz of tokens and bodies with no 5xx and no ERROR log entry', async () => {
    const random = prng(20251204);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
    const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(random() * 256)));
    const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
    const valid = token('fuzz');
    const [vh, vp, vs] = valid.split('.');
    const tokens: (() => Buffer | string)[] = [
      // A fresh subject each time, so the per-client rate does not hide what the bodies do.
      () => token(`fuzz-${Math.floor(random() * 1e9)}`),
      () => token(`fuzz-${Math.floor(random() * 1e9)}`),
      () => token(`fuzz-${Math.floor(random() * 1e9)}`),
      () => `${vh}.${vp}.${vs.slice(0, -2)}`,
      () => `${vh}.${b64({ sub: 'x', exp: 1e300, iat: -1 })}.${vs}`,
      () => `${b64({ alg: pick(['none', 'HS512', 'RS256', '', null, 7]) })}.${vp}.`,
      () => `${b64({ alg: 'HS256', kid: bytes(12).toString('latin1') })}.${vp}.${vs}`,
      () => `${b64({ alg: bytes(8).toString('latin1') })}.${vp}.${vs}`,
      () => bytes(Math.floor(random() * 200)),
      () => 'a.'.repeat(Math.floor(random() * 3000)),
      () => `${vh}.${vp}.${vs}.${vs}`,
      () => `${b64('[]')}.${b64('null')}.x`,
      () => '',
    ];
    const texts = ['you idiot', '', 'é'.repeat(50), '\u0000\ud800', 'x'.repeat(25_000)];
    const bodies: (() => Buffer | string)[] = [
      () => JSON.stringify({ text: pick(texts) }),
      () =>
        JSON.stringify({
          texts: Array.from({ length: Math.floor(random() * 5) }, () => pick(texts)),
          explain: random() < 0.5,
        }),
      () => JSON.stringify({ texts: Array.from({ length: 1001 + Math.floor(random() * 50_000) }, () => 1) }),
      () => JSON.stringify({ texts: Array.from({ length: 1000 }, () => ({})) }),
      () => JSON.stringify({ text: 'a', labels: [pick(['toxic', 'nope', '', bytes(5).toString('latin1')])] }),
      () => JSON.stringify(pick([null, 1, 'x', [], true, { text: null }, { text: 'a', texts: ['b'] }])),
      () => '{"text":"a"'.repeat(Math.floor(random() * 3)),
      () => `${'['.repeat(5000)}${']'.repeat(5000)}`,
      () => bytes(Math.floor(random() * 2048)),
      () => `{"text":"${'\\ud800'.repeat(100)}"}`,
    ];
    const contentTypes = [
      'application/json',
      'application/json; charset=latin1',
      'text/plain',
      'application/json;;;=',
      '',
    ];
    const statuses = new Map<string, number>();
    const send = (head: Buffer, body: Buffer): Promise<string> =>
      new Promise((resolve) => {
        const socket = connect(port, '127.0.0.1');
        let first = '';
        socket.setTimeout(15_000, () => socket.destroy());
        socket.on('data', (d) => {
          if (first.length < 16) first += d.toString('latin1');
        });
        socket.on('error', () => undefined);
        socket.on('close', () => resolve(/^HTTP\/1\.1 (\d{3})/.exec(first)?.[1] ?? 'no-response'));
        socket.on('connect', () => {
          socket.write(head);
          socket.end(body);
        });
      });
    const oneCase = async () => {
      const method = random() < 0.9 ? 'POST' : pick(['GET', 'PUT', 'DELETE', 'OPTIONS']);
      const path =
        random() < 0.9 ? '/v1/predict' : pick(['/predict', '/v1/model', '/%', '/v1/predict?x=%ff', '/metrics']);
      const t = pick(tokens)();
      const body = Buffer.from(pick(bodies)());
      const type = pick(contentTypes);
      const chunked = random() < 0.1;
      const lines = [`${method} ${path} HTTP/1.1`, 'Host: fuzz', 'Connection: close'];
      const parts: Buffer[] = [];
      if (random() < 0.95) parts.push(Buffer.concat([Buffer.from('Authorization: Bearer '), Buffer.from(t)]));
      if (type) lines.push(`Content-Type: ${type}`);
      lines.push(chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${body.length}`);
      const head = Buffer.concat([
        Buffer.from(lines.join('\r\n') + '\r\n'),
        ...parts.map((p) => Buffer.concat([p, Buffer.from('\r\n')])),
        Buffer.from('\r\n'),
      ]);
      const payload = chunked
        ? Buffer.concat([Buffer.from(`${body.length.toString(16)}\r\n`), body, Buffer.from('\r\n0\r\n\r\n')])
        : body;
      const status = await send(head, payload);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    };
    let done = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (done < 10_000) {
          done++;
          await oneCase();
        }
      }),
    );
    console.log(`fuzz statuses: ${JSON.stringify(Object.fromEntries(statuses))}`);
    const fiveXx = [...statuses.entries()].filter(([k]) => k.startsWith('5'));
    expect(fiveXx).toEqual([]);
    expect(statuses.get('no-response') ?? 0).toBe(0);
    expect(errorLogs()).toEqual([]);
    // The server is still healthy.
    expect(await timedHealth()).toBeLessThan(PROBE_TIMEOUT_MS);
  });
});
