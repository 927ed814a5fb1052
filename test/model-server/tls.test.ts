import { execFileSync } from 'node:child_process';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { request as httpsRequest, Agent } from 'node:https';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { parseConfig } from '../../src/config';
import { JwtKeyRing } from '../../model-server/jwt-key-ring';
import { createJsonLogger } from '../../model-server/logger';
import { type RunningModelServer, startModelServer } from '../../model-server/model-server-runtime';
import { createStandardModelSource } from '../../src/storage';
import { describeCertificate } from '../../model-server/tls-reloader';
import { AUDIENCE, ISSUER, TEST_KEYS_ENV } from './support/app-harness';
import { modelFileUri, tempDir, testArtifact, writeModelFile } from '../support/fixtures';

/** The `openssl` command line makes the test CA; without it these tests cannot run here. */
const hasOpenssl = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!hasOpenssl) console.warn('tls.test.ts skipped: the openssl command is not installed (apt-get install openssl)');
const describeTls = hasOpenssl ? describe : describe.skip;

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/** A test CA, and a function issuing server certificates for 127.0.0.1 signed by it. */
function testCa(dir: string) {
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  run(['req', '-x509', ...EC, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=toxicity test CA']);
  writeFileSync(join(dir, 'ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  let serial = 1;
  return {
    ca: readFileSync(join(dir, 'ca.crt'), 'utf8'),
    issue(cn: string): { cert: string; key: string } {
      run(['req', ...EC, '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', `/CN=${cn}`]);
      run([
        'x509',
        '-req',
        '-in',
        'leaf.csr',
        '-CA',
        'ca.crt',
        '-CAkey',
        'ca.key',
        '-set_serial',
        String(serial++),
        '-out',
        'leaf.crt',
        '-days',
        '1',
        '-extfile',
        'ext',
      ]);
      return { cert: readFileSync(join(dir, 'leaf.crt'), 'utf8'), key: readFileSync(join(dir, 'leaf.key'), 'utf8') };
    },
  };
}

/** Writes cert and key the way a Secret volume changes: each file replaced atomically. */
function install(dir: string, material: { cert: string; key: string }): void {
  for (const [name, text] of [
    ['tls.crt', material.cert],
    ['tls.key', material.key],
  ] as const) {
    writeFileSync(join(dir, `${name}.new`), text);
    renameSync(join(dir, `${name}.new`), join(dir, name));
  }
}

function get(url: string, ca: string, agent?: Agent): Promise<{ status: number; subject: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { ca, agent: agent ?? false }, (res) => {
      const socket = res.socket as TLSSocket;
      const subject = socket.getPeerCertificate().subject?.CN ?? '';
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, subject: String(subject), body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describeTls('the model server over TLS (a Kubernetes TLS Secret mounted in the pod)', () => {
  let dir: string;
  let ca: ReturnType<typeof testCa>;
  let server: RunningModelServer;
  const logs: string[] = [];

  beforeAll(async () => {
    dir = tempDir();
    ca = testCa(dir);
    install(dir, ca.issue('first'));
    const modelDir = tempDir();
    writeModelFile(modelDir, testArtifact());
    const config = parseConfig({ server: { drainSeconds: 0 } });
    server = await startModelServer({
      server: config.server,
      auth: config.auth,
      modelUri: modelFileUri(modelDir),
      pollIntervalSeconds: 3600,
      keys: JwtKeyRing.fromEnv(TEST_KEYS_ENV),
      source: createStandardModelSource({ cwd: modelDir }),
      host: '127.0.0.1',
      port: 0,
      adminPort: 0,
      memoryLimitMiB: config.resources.memoryLimitMiB,
      tls: {
        load: () =>
          Promise.resolve({
            cert: readFileSync(join(dir, 'tls.crt'), 'utf8'),
            key: readFileSync(join(dir, 'tls.key'), 'utf8'),
          }),
        // The test triggers reloads itself.
        reloadIntervalMs: 3_600_000,
      },
      logger: createJsonLogger({ write: (l) => logs.push(l) }),
      signals: null,
    });
    await server.firstCheck;
  });
  afterAll(async () => {
    await server?.shutdown('test', { drainSeconds: 0 });
  });

  it('serves the API over HTTPS to a client that trusts only the test CA', async () => {
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const res = await get(`${server.url}/readyz`, ca.ca);
    expect(res).toMatchObject({ status: 200, subject: 'first' });
    const token = JwtKeyRing.fromEnv(TEST_KEYS_ENV).sign({
      subject: 'tls-client',
      issuer: ISSUER,
      audience: AUDIENCE,
      ttlSeconds: 600,
      nowMs: Date.now(),
    });
    const scored = await new Promise<number>((resolve, reject) => {
      const req = httpsRequest(
        `${server.url}/v1/predict`,
        {
          ca: ca.ca,
          agent: false,
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        },
        (r) => {
          r.resume();
          resolve(r.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end('{"text":"you idiot"}');
    });
    expect(scored).toBe(200);
  });

  it('refuses clients that do not trust the certificate, and plain HTTP on the TLS port', async () => {
    await expect(
      new Promise((resolve, reject) => {
        const req = httpsRequest(`${server.url}/healthz`, { agent: false }, resolve);
        req.on('error', reject);
        req.end();
      }),
    ).rejects.toThrow(/self.signed|unable to verify|certificate/i);
    const plain = await fetch(`${server.url.replace('https:', 'http:')}/healthz`).then(
      (r) => r.status,
      () => 'refused',
    );
    expect(plain).not.toBe(200);
  });

  it('keeps the admin port (metrics and probes) in plain HTTP for the kubelet and the collectors', async () => {
    expect(server.adminUrl).toMatch(/^http:\/\//);
    expect((await fetch(`${server.adminUrl}/metrics`)).status).toBe(200);
  });

  it('rotates the certificate without a restart and without dropping a request', async () => {
    const keepAlive = new Agent({ keepAlive: true, maxSockets: 4, ca: ca.ca });
    let running = true;
    const statuses: (number | string)[] = [];
    const subjects = new Set<string>();
    const client = async (agent: Agent | undefined) => {
      while (running) {
        try {
          const res = await get(`${server.url}/healthz`, ca.ca, agent);
          statuses.push(res.status);
          subjects.add(res.subject);
        } catch (err) {
          statuses.push(String(err));
        }
      }
    };
    // Kept-alive connections and a new connection per request, side by side.
    const clients = [client(keepAlive), client(keepAlive), client(undefined), client(undefined)];
    try {
      await new Promise((r) => setTimeout(r, 300));
      install(dir, ca.issue('second'));
      await server.reloadTls();
      await new Promise((r) => setTimeout(r, 500));
    } finally {
      running = false;
      await Promise.all(clients);
      keepAlive.destroy();
    }
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect(statuses.length).toBeGreaterThan(20);
    expect(subjects).toEqual(new Set(['first', 'second']));
    expect((await get(`${server.url}/healthz`, ca.ca)).subject).toBe('second');
    const reloaded = logs
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((e) => e.message === 'TLS certificate reloaded');
    expect(reloaded).toMatchObject({ subject: 'CN=second' });
  });

  it('keeps the previous certificate when the new key does not match it, and warns once it persists', async () => {
    const before = (await get(`${server.url}/healthz`, ca.ca)).subject;
    const a = ca.issue('third');
    const b = ca.issue('fourth');
    install(dir, { cert: a.cert, key: b.key });
    await server.reloadTls();
    await server.reloadTls();
    expect((await get(`${server.url}/healthz`, ca.ca)).subject).toBe(before);
    expect(logs.some((l) => l.includes('the new TLS certificate cannot be used'))).toBe(true);
    install(dir, a);
    await server.reloadTls();
    expect((await get(`${server.url}/healthz`, ca.ca)).subject).toBe('third');
  });

  it('describes a certificate by subject, expiry and fingerprint for the log', () => {
    const d = describeCertificate(ca.ca);
    expect(d.subject).toBe('CN=toxicity test CA');
    expect(d.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  });
});
