import { freePort } from '../support/fixtures';
import { parseConfig } from '../../src/config';
import { JwtKeyRing } from '../../model-server/jwt-key-ring';
import { startServerProcess, writeConfigFile } from './support/server-process';
import { modelFileUri, tempDir, testArtifact, writeModelFile } from '../support/fixtures';

const SECRET = 'server-test-secret-with-more-than-32-bytes';
const config = parseConfig({});
const token = JwtKeyRing.fromEnv({ JWT_SECRET: SECRET }).sign({
  subject: 'load',
  issuer: config.auth.issuer,
  audience: config.auth.audience,
  ttlSeconds: 600,
  nowMs: Date.now(),
});

let port = 0;
let adminPort = 0;
let configPath = '';
beforeEach(async () => {
  port = await freePort();
  adminPort = await freePort();
  configPath = writeConfigFile(tempDir());
});

/** The environment the Deployment gives the container (TOXICITY_CONFIG, PORT, MODEL_URI, JWT_SECRET, NODE_ENV). */
function baseEnv(modelUri: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    TOXICITY_CONFIG: configPath,
    PORT: String(port),
    ADMIN_PORT: String(adminPort),
    HOST: '127.0.0.1',
    MODEL_URI: modelUri,
    JWT_SECRET: SECRET,
    NODE_ENV: 'production',
    ...extra,
  };
}

describe('model-server/server.ts (the container entry point)', () => {
  it('refuses to start with a JWT secret under 32 bytes, in one JSON log line, exit 1', async () => {
    const p = startServerProcess(baseEnv('file:///nowhere/model.json', { JWT_SECRET: 'too-short' }));
    const { code } = await p.exited;
    expect(code).toBe(1);
    expect(p.entries()).toEqual([
      expect.objectContaining({
        error: 'JwtKeyError',
        severity: 'ERROR',
        message:
          'the model server cannot start: JWT_SECRET: the secret is 9 bytes; at least 32 are required (generate one with `openssl rand -base64 48`)',
      }),
    ]);
  });

  it('refuses to start with an invalid environment value, naming the variable', async () => {
    const p = startServerProcess(baseEnv('file:///m.json', { DRAIN_SECONDS: '-3' }));
    expect((await p.exited).code).toBe(1);
    expect(String(p.entries()[0].message)).toMatch(
      /cannot start: invalid environment:.*DRAIN_SECONDS: must be >= 0, got "-3"/s,
    );
  });

  it('starts without a model, logs what to do, answers 503 on /readyz and exits 0 on SIGTERM', async () => {
    const dir = tempDir();
    const p = startServerProcess(baseEnv(modelFileUri(dir), { DRAIN_SECONDS: '0' }));
    try {
      const listening = await p.waitFor((e) => e.message === 'listening');
      const error = await p.waitFor((e) => e.severity === 'ERROR');
      expect(error.message).toBe(
        `no model at ${modelFileUri(dir)}; not ready until a valid model is loaded. ` +
          "Publish model.json there (the pipeline's train step does) or set MODEL_URI / model.uri to where it is; checking again every 60 s",
      );
      const url = String(listening.url);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      const ready = await fetch(`${url}/readyz`);
      expect(ready.status).toBe(503);
      expect(ready.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    } finally {
      p.child.kill('SIGTERM');
    }
    expect(await p.exited).toEqual({ code: 0, signal: null });
  });

  it('keeps serving through a SIGTERM drain under load: zero failed requests, exit 0', async () => {
    const dir = tempDir();
    // One client floods here: the per-client rate limit is off (it has its own tests).
    const p = startServerProcess(
      baseEnv(writeModelFile(dir, testArtifact()), { DRAIN_SECONDS: '2', RATE_LIMIT_PER_SECOND: '0' }),
    );
    const url = String((await p.waitFor((e) => e.message === 'listening')).url);
    await p.waitFor((e) => e.message === 'model loaded');
    let stopAt = Number.POSITIVE_INFINITY;
    const results = { ok: 0, failed: [] as string[], afterSigterm: 0 };
    let sigtermAt = 0;
    const client = async () => {
      while (Date.now() < stopAt) {
        try {
          const res = await fetch(`${url}/v1/predict`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ texts: ['you idiot', 'thanks, great'] }),
          });
          await res.arrayBuffer();
          if (res.status === 200) {
            results.ok++;
            if (sigtermAt && Date.now() > sigtermAt) results.afterSigterm++;
          } else results.failed.push(String(res.status));
        } catch (err) {
          results.failed.push((err as Error).message);
        }
      }
    };
    const clients = Array.from({ length: 10 }, client);
    await new Promise((r) => setTimeout(r, 500));
    sigtermAt = Date.now();
    p.child.kill('SIGTERM');
    // Readiness flips at once, as the kubelet would see within a probe period...
    await p.waitFor((e) => e.message === 'shutting down: readiness now fails; still serving during the drain period');
    expect((await fetch(`${url}/readyz`)).status).toBe(503);
    // ...and the load balancer stops sending new requests before the drain period (2 s) ends.
    stopAt = sigtermAt + 1200;
    await Promise.all(clients);
    const exit = await p.exited;
    expect(results.failed).toEqual([]);
    expect(results.ok).toBeGreaterThan(50);
    expect(results.afterSigterm).toBeGreaterThan(10);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(p.entries().at(-1)).toMatchObject({ message: 'stopped', reason: 'SIGTERM' });
  });
});
