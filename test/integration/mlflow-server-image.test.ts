/**
 * The MLflow server image the stack deploys: mlflow-server/Dockerfile built with podman (no daemon, no
 * registry) on a local stand-in for its Debian base (scripts/image/build-debian-base.sh), then run under
 * runc as the synthesized Deployment runs it: its command, start script, environment and securityContext
 * read from dist/toxicity-mlflow.k8s.yaml. It must migrate and serve from a real PostgreSQL (Debian),
 * with MLflow's basic-auth app on and artifacts proxied to Cloud Storage (fake-gcs-server).
 *
 * What differs from the pod, and only that: host networking with free ports, PostgreSQL listening where
 * the Cloud SQL Auth Proxy would forward, generated Secret values, and the emulator endpoint.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Storage } from '@google-cloud/storage';
import { parseAllDocuments } from 'yaml';
import { loadConfigFile } from '../../src/config/config-file';
import { buildMlflowImage, localDebianBaseImage, podman, securityFlags } from '../support/container-image';
import { freePort } from '../support/fixtures';
import type { Manifest } from '../support/k8s-manifests';
import { requireService } from './support/services';

const ROOT = resolve(__dirname, '../..');
const TAG = 'localhost/toxicity-mlflow:integration';
const config = loadConfigFile({ cwd: ROOT, env: {} });
const objects = parseAllDocuments(readFileSync(join(ROOT, 'dist/toxicity-mlflow.k8s.yaml'), 'utf8')).map(
  (d) => d.toJS() as Manifest,
);
const deployment = objects.find((m) => m.kind === 'Deployment')!;
const container = (deployment.spec.template.spec.containers as Manifest[]).find((c) => c.name === 'mlflow')!;
const name = `toxicity-mlflow-it-${process.pid}`;

/** The container env as the kubelet builds it: `$(VAR)` expanded from earlier entries, Secret keys looked up. */
function podEnv(secret: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const e of container.env as Manifest[]) {
    if (e.value !== undefined) {
      env[e.name] = String(e.value).replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (all, v: string) => env[v] ?? all);
    } else if (e.valueFrom?.secretKeyRef) {
      const { name: secretName, key } = e.valueFrom.secretKeyRef;
      if (secretName !== config.mlflow.server.credentialsSecret || secret[key] === undefined) {
        throw new Error(`no test value for Secret ${secretName}/${key}`);
      }
      env[e.name] = secret[key];
    } else throw new Error(`unsupported env entry ${JSON.stringify(e)}`);
  }
  return env;
}

function postgres(args: string[]): void {
  const r = spawnSync('bash', [join(ROOT, 'scripts/postgres.sh'), ...args], { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`scripts/postgres.sh ${args[0]} failed:\n${r.stdout}${r.stderr}`);
}

async function waitForHealth(url: string, seconds: number): Promise<void> {
  const end = Date.now() + seconds * 1000;
  let last = 'no answer';
  while (Date.now() < end) {
    const state = podman(['inspect', '--format', '{{.State.Status}}', name], { allowFailure: true }).stdout.trim();
    if (state === 'exited') break;
    try {
      const res = await fetch(url, { headers: { host: 'localhost' } });
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = String(err);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  const logs = podman(['logs', name], { allowFailure: true });
  throw new Error(`${url} not healthy (last: ${last}):\n${(logs.stdout + logs.stderr).slice(-4000)}`);
}

describe('the MLflow server image, run as the synthesized Deployment runs it', () => {
  const gcsEndpoint = requireService('GCS_EMULATOR_ENDPOINT');
  const storage = new Storage({ apiEndpoint: gcsEndpoint, projectId: 'mlflow-image' });
  const artifactBucket = config.mlflow.server.artifactBucket;
  const secret = {
    'db-password': randomBytes(18).toString('hex'),
    'admin-password': randomBytes(18).toString('hex'),
    'flask-secret-key': randomBytes(18).toString('hex'),
  };
  let work: string;
  let pgDir: string;
  let base: string;
  let auth: string;

  beforeAll(async () => {
    buildMlflowImage(localDebianBaseImage(), TAG);
    work = mkdtempSync(join(tmpdir(), 'toxicity-mlflow-image-'));
    chmodSync(work, 0o755);
    pgDir = join(work, 'pg');
    const uri = container.env.find((e: Manifest) => e.name === 'MLFLOW_BACKEND_STORE_URI').value as string;
    const [, user, database] = /^postgresql\+psycopg2:\/\/([^:]+):.*\/([^/]+)$/.exec(uri)!;
    postgres(['init', pgDir, user, secret['db-password'], database]);
    const pgPort = await freePort();
    postgres(['start', pgDir, String(pgPort)]);
    await storage.createBucket(artifactBucket).catch((e: { code?: number }) => {
      if (e.code !== 409) throw e;
    });

    const env = podEnv(secret);
    const port = await freePort();
    const overrides: Record<string, string> = {
      MLFLOW_PORT: String(port),
      // PostgreSQL listens where the Cloud SQL Auth Proxy would forward.
      MLFLOW_BACKEND_STORE_URI: env.MLFLOW_BACKEND_STORE_URI.replace('@127.0.0.1:5432/', `@127.0.0.1:${pgPort}/`),
      // The Python Cloud Storage client's emulator switch.
      STORAGE_EMULATOR_HOST: gcsEndpoint,
      GOOGLE_CLOUD_PROJECT: 'mlflow-image',
    };
    const [entrypoint, ...commandArgs] = container.command as string[];
    podman([
      'run',
      '--detach',
      '--name',
      name,
      ...securityFlags(deployment),
      '--network',
      'host',
      ...Object.entries({ ...env, ...overrides }).flatMap(([k, v]) => ['--env', `${k}=${v}`]),
      '--entrypoint',
      entrypoint,
      TAG,
      ...commandArgs,
      ...(container.args as string[]),
    ]);
    base = `http://127.0.0.1:${port}`;
    await waitForHealth(`${base}${container.readinessProbe.httpGet.path as string}`, 180);
    auth = `Basic ${Buffer.from(`${env.MLFLOW_AUTH_ADMIN_USERNAME}:${secret['admin-password']}`).toString('base64')}`;
  }, 3_600_000);

  afterAll(() => {
    podman(['rm', '--force', '--time', '0', name], { allowFailure: true });
    if (pgDir) spawnSync('bash', [join(ROOT, 'scripts/postgres.sh'), 'stop', pgDir]);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('runs as the Deployment user with no capability, a read-only root filesystem and MLflow of the pinned version', () => {
    const inspect = JSON.parse(podman(['image', 'inspect', TAG]).stdout)[0] as Manifest;
    expect(inspect.Config.User).toBe(`${container.securityContext.runAsUser}:${container.securityContext.runAsGroup}`);
    const status = podman(['exec', name, 'cat', '/proc/1/status']).stdout;
    expect(status).toMatch(/^CapEff:\s+0+$/m);
    expect(status).toMatch(/^NoNewPrivs:\s+1$/m);
    expect(status).toMatch(new RegExp(`^Uid:\\s+${container.securityContext.runAsUser}\\s`, 'm'));
    expect(podman(['exec', name, 'touch', '/opt/written'], { allowFailure: true }).stderr).toContain(
      'Read-only file system',
    );
    const version = podman(['exec', name, 'mlflow', '--version']).stdout;
    const pinned = /mlflow-server:(\d+\.\d+\.\d+)$/.exec(config.mlflow.server.image)![1];
    expect(version).toContain(pinned);
  });

  it('migrated the PostgreSQL schema before serving (mlflow db upgrade) and keeps the auth config private', () => {
    const logs = podman(['logs', name]);
    // What `mlflow db upgrade` logs on an empty database, before `mlflow server` starts.
    expect(logs.stdout + logs.stderr).toContain('Creating initial MLflow database tables');
    const ini = podman(['exec', name, 'stat', '-c', '%a', '/tmp/mlflow/basic_auth.ini'], { allowFailure: true });
    // umask 077 in the start script: the file holding the database URI is readable by its owner only.
    expect(ini.stdout.trim()).toBe('600');
  });

  it('refuses requests without credentials and serves the admin created from the Secret', async () => {
    const anonymous = await fetch(`${base}/api/2.0/mlflow/experiments/search?max_results=1`, {
      headers: { host: 'localhost' },
    });
    expect(anonymous.status).toBe(401);
    const wrong = await fetch(`${base}/api/2.0/mlflow/experiments/search?max_results=1`, {
      headers: { host: 'localhost', authorization: `Basic ${Buffer.from('admin:wrong').toString('base64')}` },
    });
    expect(wrong.status).toBe(401);
    const created = await fetch(`${base}/api/2.0/mlflow/experiments/create`, {
      method: 'POST',
      headers: { host: 'localhost', authorization: auth, 'content-type': 'application/json' },
      body: JSON.stringify({ name: `image-test-${process.pid}` }),
    });
    expect(created.status).toBe(200);
    expect(((await created.json()) as Manifest).experiment_id).toMatch(/^\d+$/);
  });

  it('proxies an artifact upload to the Cloud Storage bucket of --artifacts-destination', async () => {
    const path = `image-test/${process.pid}/note.txt`;
    const put = await fetch(`${base}/api/2.0/mlflow-artifacts/artifacts/${path}`, {
      method: 'PUT',
      headers: { host: 'localhost', authorization: auth, 'content-type': 'application/octet-stream' },
      body: 'stored through the MLflow proxy',
    });
    expect(put.status).toBe(200);
    const [content] = await storage.bucket(artifactBucket).file(path).download();
    expect(content.toString()).toBe('stored through the MLflow proxy');
  });
});
