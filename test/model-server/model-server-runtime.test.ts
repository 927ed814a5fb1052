import { EventEmitter } from 'node:events';
import { request as httpRequest } from 'node:http';
import { parseConfig } from '../../src/config';
import { JwtKeyRing } from '../../model-server/jwt-key-ring';
import { createJsonLogger } from '../../model-server/logger';
import { type RunningModelServer, startModelServer } from '../../model-server/model-server-runtime';
import { createStandardModelSource } from '../../src/storage/model-source';
import { AUDIENCE, ISSUER, TEST_KEYS_ENV } from './support/app-harness';
import { modelFileUri, tempDir, testArtifact, writeModelFile } from '../support/fixtures';

const keys = JwtKeyRing.fromEnv(TEST_KEYS_ENV);
const token = () => keys.sign({ subject: 'c', issuer: ISSUER, audience: AUDIENCE, ttlSeconds: 600, nowMs: Date.now() });

async function start(options: { drainSeconds?: number; model?: boolean; signals?: EventEmitter } = {}) {
  const dir = tempDir();
  if (options.model ?? true) writeModelFile(dir, testArtifact());
  const config = parseConfig({ server: { drainSeconds: options.drainSeconds ?? 0, requestTimeoutMs: 5000 } });
  const lines: string[] = [];
  const server = await startModelServer({
    server: config.server,
    auth: config.auth,
    modelUri: modelFileUri(dir),
    pollIntervalSeconds: 3600,
    keys,
    source: createStandardModelSource({ cwd: dir }),
    host: '127.0.0.1',
    port: 0,
    adminPort: 0,
    memoryLimitMiB: null,
    logger: createJsonLogger({ write: (l) => lines.push(l) }),
    signals: options.signals ?? null,
  });
  await server.firstCheck;
  return { server, dir, lines, messages: () => lines.map((l) => (JSON.parse(l) as { message: string }).message) };
}

const predict = (s: RunningModelServer) =>
  fetch(`${s.url}/v1/predict`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token()}`, 'content-type': 'application/json' },
    body: '{"text":"idiot"}',
  });

describe('startModelServer', () => {
  it('listens before a model exists, answers liveness, and becomes ready when one appears', async () => {
    const { server, dir, messages } = await start({ model: false });
    try {
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      const notReady = await fetch(`${server.url}/readyz`);
      expect(notReady.status).toBe(503);
      expect(((await notReady.json()) as { detail: string }).detail).toMatch(
        /there is no model at the configured model URI yet/,
      );
      writeModelFile(dir, testArtifact());
      expect(await server.holder.checkNow()).toBe('loaded');
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
      expect(messages()).toEqual(['listening', expect.stringMatching(/^no model at /), 'model loaded']);
    } finally {
      await server.shutdown('test');
    }
  });

  it('sets the request, header and keep-alive timeouts explicitly', async () => {
    const { server } = await start();
    try {
      expect(server.http.requestTimeout).toBe(5000);
      expect(server.http.headersTimeout).toBe(5000);
      // The loadBalancer mode's default: clients connect directly, no proxy keep-alive to outlast.
      expect(server.http.keepAliveTimeout).toBe(5000);
    } finally {
      await server.shutdown('test');
    }
  });

  it('drains on shutdown: readiness fails at once, requests are still served, then it closes', async () => {
    const { server, messages } = await start({ drainSeconds: 1 });
    const stopping = server.shutdown('test');
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { type: string }).type).toBe('https://toxicity.local/problems/draining');
    const res = await predict(server);
    expect(res.status).toBe(200);
    expect(res.headers.get('connection')).toBe('close');
    await stopping;
    await server.closed;
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
    expect(messages().slice(-2)).toEqual([
      'shutting down: readiness now fails; still serving during the drain period',
      'stopped',
    ]);
  });

  it('lets a request that is in flight when the listener closes finish', async () => {
    const { server } = await start({ drainSeconds: 0 });
    const url = new URL(`${server.url}/v1/predict`);
    const body = '{"text":"you idiot"}';
    const answer = new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: {
            authorization: `Bearer ${token()}`,
            'content-type': 'application/json',
            'content-length': body.length,
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      // Half the body now, the rest after the shutdown has begun.
      req.write(body.slice(0, 5));
      setTimeout(() => req.end(body.slice(5)), 200);
    });
    await new Promise((r) => setTimeout(r, 50));
    const stopping = server.shutdown('test');
    expect(await answer).toBe(200);
    await stopping;
  });

  it('drains on SIGTERM and stops without the drain period on SIGINT', async () => {
    const signals = new EventEmitter();
    const a = await start({ drainSeconds: 30, signals });
    signals.emit('SIGINT');
    await a.server.closed;
    expect(a.lines.join('')).toContain('"reason":"SIGINT","drainSeconds":0');

    const signals2 = new EventEmitter();
    const b = await start({ drainSeconds: 1, signals: signals2 });
    signals2.emit('SIGTERM');
    expect((await fetch(`${b.server.url}/readyz`)).status).toBe(503);
    await b.server.closed;
    expect(b.lines.join('')).toContain('"reason":"SIGTERM","drainSeconds":1');
    expect(signals2.listenerCount('SIGTERM')).toBe(0);
  });

  it('refuses to start when the port is taken', async () => {
    const { server } = await start();
    try {
      const config = parseConfig({});
      await expect(
        startModelServer({
          server: config.server,
          auth: config.auth,
          modelUri: 'file:///nowhere/model.json',
          pollIntervalSeconds: 60,
          keys,
          source: createStandardModelSource({ cwd: '/' }),
          host: '127.0.0.1',
          port: server.port,
          adminPort: 0,
          memoryLimitMiB: null,
          logger: createJsonLogger({ write: () => undefined }),
          signals: null,
        }),
      ).rejects.toThrow(`port ${server.port} is in use on 127.0.0.1; pass --port or PORT`);
    } finally {
      await server.shutdown('test');
    }
  });
});
