import { freePort } from '../support/fixtures';
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseConfig } from '../../src/config';
import { JwtKeyRing } from '../../model-server/jwt-key-ring';
import { testArtifact } from '../support/fixtures';
import { startServerProcess } from '../model-server/support/server-process';

const ROOT = resolve(__dirname, '../..');
const SECRET = 'production-install-secret-of-32-bytes-plus';
/** The Deployment's runAsUser (config app.runAsUser), used when this test runs as root. */
const RUN_AS = parseConfig({}).app.runAsUser;

/**
 * Proves the image recipe without Docker: the `deps` stage of model-server/Dockerfile
 * (`npm ci --omit=dev --ignore-scripts`) in an empty folder, plus the compiled output of
 * `npm run build`, is enough to run the server: no dev dependency at run time, nothing read from
 * the repository, nothing written to the app folder. Needs npm and the registry (or its cache).
 */
describe('production install (what the image contains)', () => {
  const app = mkdtempSync(join(tmpdir(), 'toxicity-image-'));
  const data = mkdtempSync(join(tmpdir(), 'toxicity-model-'));
  afterAll(() => {
    rmSync(app, { recursive: true, force: true });
    rmSync(data, { recursive: true, force: true });
  });

  it('installs the production dependencies alone and serves from the compiled output', async () => {
    // The build stage: `npm run build`, writing to the app folder instead of ./build.
    execFileSync('npm', ['run', 'build', '--', '--outDir', join(app, 'build')], { cwd: ROOT, stdio: 'pipe' });
    // The deps stage.
    copyFileSync(join(ROOT, 'package.json'), join(app, 'package.json'));
    copyFileSync(join(ROOT, 'package-lock.json'), join(app, 'package-lock.json'));
    execFileSync('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline'], {
      cwd: app,
      stdio: 'pipe',
    });
    for (const dev of ['typescript', 'jest', 'tsx', 'supertest', 'autocannon', 'ts-node']) {
      expect(existsSync(join(app, 'node_modules', dev))).toBe(false);
    }
    expect(existsSync(join(app, 'build/model-server/server.js'))).toBe(true);

    writeFileSync(join(data, 'model.json'), JSON.stringify(testArtifact({ version: 'image-test' })));
    const config = join(data, 'toxicity.config.yaml');
    writeFileSync(config, 'server:\n  drainSeconds: 1\n');
    // Readable by the unprivileged user; the app folder stays owned by root (read-only for it).
    for (const dir of [app, data]) chmodSync(dir, 0o755);

    const port = await freePort();
    const adminPort = await freePort();
    const asRoot = process.getuid?.() === 0;
    const p = startServerProcess(
      {
        TOXICITY_CONFIG: config,
        PORT: String(port),
        ADMIN_PORT: String(adminPort),
        HOST: '127.0.0.1',
        MODEL_URI: pathToFileURL(join(data, 'model.json')).href,
        JWT_SECRET: SECRET,
        NODE_ENV: 'production',
        HOME: '/nonexistent',
      },
      { entry: join(app, 'build/model-server/server.js'), cwd: app, ...(asRoot ? { uid: RUN_AS, gid: RUN_AS } : {}) },
    );
    try {
      await p.waitFor((e) => e.message === 'model loaded', 60000);
      const url = `http://127.0.0.1:${port}`;
      expect((await fetch(`${url}/readyz`)).status).toBe(200);
      const c = parseConfig({});
      const token = JwtKeyRing.fromEnv({ JWT_SECRET: SECRET }).sign({
        subject: 'image-test',
        issuer: c.auth.issuer,
        audience: c.auth.audience,
        ttlSeconds: 60,
        nowMs: Date.now(),
      });
      const res = await fetch(`${url}/v1/predict`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ text: 'you idiot' }),
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ label: 'toxic', model_version: 'image-test' });
      // Metrics are on the admin port only.
      expect((await fetch(`${url}/metrics`)).status).toBe(404);
      expect((await fetch(`http://127.0.0.1:${adminPort}/metrics`)).status).toBe(200);
    } finally {
      p.child.kill('SIGTERM');
    }
    expect(await p.exited).toEqual({ code: 0, signal: null });
    expect(p.stderr.join('')).toBe('');
  });
});
