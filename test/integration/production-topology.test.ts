import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Storage } from '@google-cloud/storage';
import { parseAllDocuments } from 'yaml';
import { loadConfigFile } from '../../src/config/config-file';
import { JwtKeyRing } from '../../model-server/jwt-key-ring';
import { GcsObjectStore, readChampionPointer } from '../../src/storage';
import { MlflowClient } from '../../src/mlflow';
import { requireService } from './support/services';
import { freePort } from '../support/fixtures';

/**
 * The production topology on this machine, with real parts: PostgreSQL (Debian), `mlflow server`
 * and the API server are started with the command, arguments and environment read from the
 * synthesized manifests in dist/ (nothing re-typed), Cloud Storage is fake-gcs-server.
 *
 * What differs from a pod, and only that, is overridden below: listen addresses and ports (free
 * ports on 127.0.0.1), the Cloud SQL Auth Proxy (PostgreSQL itself listens where the proxy would
 * forward), the Secret values (generated here), files of mounted volumes (written to a temporary
 * folder), the emulator endpoints, and a 1 s model poll instead of the configured 60 s.
 */
const ROOT = resolve(__dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const CLI = join(ROOT, 'src/cli.ts');
const config = loadConfigFile({ cwd: ROOT, env: {} });
const NAME = config.model.name;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- manifests are walked as plain JSON
type Manifest = Record<string, any>;

function manifests(file: string): Manifest[] {
  return parseAllDocuments(readFileSync(join(ROOT, 'dist', file), 'utf8')).map((d) => d.toJS() as Manifest);
}

function find(ms: Manifest[], kind: string, name: string): Manifest {
  const m = ms.find((x) => x.kind === kind && x.metadata.name === name);
  if (!m) throw new Error(`dist/ has no ${kind} ${name}`);
  return m;
}

/**
 * A container's environment as the kubelet builds it: literal values with `$(VAR)` expanded from
 * the variables defined before, Secret and ConfigMap references looked up.
 */
function podEnv(
  container: Manifest,
  secrets: Record<string, Record<string, string>>,
  configMaps: Record<string, Record<string, string>>,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const e of container.env as Manifest[]) {
    if (e.value !== undefined) {
      env[e.name] = (e.value as string).replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (all, v: string) => env[v] ?? all);
    } else if (e.valueFrom?.secretKeyRef) {
      const { name, key } = e.valueFrom.secretKeyRef;
      const value = secrets[name]?.[key];
      if (value === undefined) throw new Error(`the test has no Secret ${name}/${key} for ${e.name}`);
      env[e.name] = value;
    } else if (e.valueFrom?.configMapKeyRef) {
      const { name, key } = e.valueFrom.configMapKeyRef;
      const value = configMaps[name]?.[key];
      if (value === undefined) throw new Error(`dist/ has no ConfigMap ${name}/${key} for ${e.name}`);
      env[e.name] = value;
    } else if (e.valueFrom?.resourceFieldRef) {
      // The Downward API: a container resource in units of the divisor (only Mi/Gi quantities occur here).
      const { resource, divisor } = e.valueFrom.resourceFieldRef as { resource: string; divisor?: string };
      const [kind, name] = resource.split('.') as ['limits' | 'requests', string];
      const quantity = String(container.resources?.[kind]?.[name] ?? '');
      env[e.name] = String(Math.ceil(mebibytes(quantity) / mebibytes(divisor ?? '1Mi')));
    } else throw new Error(`unsupported env entry ${JSON.stringify(e)}`);
  }
  return env;
}

function mebibytes(quantity: string): number {
  const m = /^(\d+)(Mi|Gi)$/.exec(quantity);
  if (!m) throw new Error(`unsupported quantity ${JSON.stringify(quantity)}`);
  return Number(m[1]) * (m[2] === 'Gi' ? 1024 : 1);
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, seconds = 60): Promise<T> {
  const until = Date.now() + seconds * 1000;
  for (;;) {
    // A probe that throws 'exited' ends the wait at once (the process it waits for is gone).
    const value = await probe().catch((err: Error) => {
      if (/exited/.test(err.message)) throw new Error(`${what}: ${err.message}`);
      return undefined;
    });
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; out: string }> {
  return new Promise((done, fail) => {
    const child = spawn(cmd, args, { cwd: ROOT, env });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code: code ?? -1, out }));
  });
}

/** A process in its own group, so stopping it also stops the workers it forked (MLflow's uvicorn). */
class Daemon {
  readonly log: string[] = [];
  private readonly child: ChildProcess;
  private readonly exited: Promise<void>;
  running = true;
  constructor(cmd: string, args: string[], env: NodeJS.ProcessEnv) {
    this.child = spawn(cmd, args, { cwd: ROOT, env, detached: true });
    this.child.stdout!.on('data', (c: Buffer) => this.log.push(c.toString()));
    this.child.stderr!.on('data', (c: Buffer) => this.log.push(c.toString()));
    this.exited = new Promise((done) =>
      this.child.on('exit', () => {
        this.running = false;
        done();
      }),
    );
  }
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    try {
      process.kill(-this.child.pid!, 'SIGTERM');
    } catch {
      return;
    }
    await this.exited;
  }
  tail(): string {
    return this.log.join('').slice(-3000);
  }
}

describe('production topology: MLflow on PostgreSQL, promotion to the pointer, serving without MLflow', () => {
  const gcsEndpoint = requireService('GCS_EMULATOR_ENDPOINT');
  const venvBin = process.env.MLFLOW_VENV_BIN;
  const storage = new Storage({ apiEndpoint: gcsEndpoint, projectId: 'topology' });
  const store = new GcsObjectStore(storage);
  const pointerUri = `gs://${config.buckets.models}/${NAME}/champion`;
  const mlflowDeployment = find(manifests('toxicity-mlflow.k8s.yaml'), 'Deployment', config.mlflow.server.name);
  const servingObjects = manifests('toxicity-serving.k8s.yaml');
  const apiDeployment = find(servingObjects, 'Deployment', config.app.name);
  const secrets: Record<string, Record<string, string>> = {
    [config.mlflow.server.credentialsSecret]: {
      'db-password': randomBytes(18).toString('hex'),
      'admin-password': randomBytes(18).toString('hex'),
      'flask-secret-key': randomBytes(18).toString('hex'),
    },
    [config.auth.secretName]: { [config.auth.secretKey]: randomBytes(24).toString('hex') },
  };
  let work: string;
  let pgDir: string;
  let pgPort: number;
  let mlflowUri: string;
  let mlflow: Daemon | undefined;
  const servers: Daemon[] = [];
  const adminUser = () =>
    (mlflowDeployment.spec.template.spec.containers[0].env as Manifest[]).find(
      (e) => e.name === 'MLFLOW_AUTH_ADMIN_USERNAME',
    )!.value as string;

  beforeAll(async () => {
    if (!venvBin) throw new Error('MLFLOW_VENV_BIN is not set: run through scripts/services.sh run');
    // Outside the checkout; traversable by the `postgres` user the server runs as under root.
    work = mkdtempSync(join(tmpdir(), 'toxicity-topology-'));
    chmodSync(work, 0o755);
    pgDir = join(work, 'pg');
    const env = mlflowDeployment.spec.template.spec.containers[0].env as Manifest[];
    const uriTemplate = env.find((e) => e.name === 'MLFLOW_BACKEND_STORE_URI')!.value as string;
    const [, user, database] = /^postgresql(?:\+\w+)?:\/\/([^:]+):.*\/([^/]+)$/.exec(uriTemplate)!;
    const init = await run(
      'bash',
      [
        'scripts/postgres.sh',
        'init',
        pgDir,
        user,
        secrets[config.mlflow.server.credentialsSecret]['db-password'],
        database,
      ],
      process.env,
    );
    expect(init.out).toBe('');
    expect(init.code).toBe(0);
    pgPort = await freePort();
    for (const bucket of [config.buckets.models, config.buckets.data, config.mlflow.server.artifactBucket]) {
      await storage.createBucket(bucket).catch((e: { code?: number }) => {
        if (e.code !== 409) throw e;
      });
    }
    await storage
      .bucket(config.buckets.data)
      .file('comments.csv')
      .save(readFileSync(join(ROOT, 'data/demo/comments.csv')), { resumable: false });
  }, 120000);

  afterAll(async () => {
    for (const s of servers) await s.stop();
    await mlflow?.stop();
    await run('bash', ['scripts/postgres.sh', 'stop', pgDir], process.env).catch(() => undefined);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  async function startDatabaseAndMlflow(): Promise<void> {
    const pg = await run('bash', ['scripts/postgres.sh', 'start', pgDir, String(pgPort)], process.env);
    if (pg.code !== 0) throw new Error(`PostgreSQL did not start: ${pg.out}`);
    const container = mlflowDeployment.spec.template.spec.containers[0] as Manifest;
    const env = podEnv(container, secrets, {});
    const port = await freePort();
    mlflowUri = `http://127.0.0.1:${port}`;
    const overrides = {
      MLFLOW_HOST: '127.0.0.1',
      MLFLOW_PORT: String(port),
      // PostgreSQL listens where the Cloud SQL Auth Proxy would forward.
      MLFLOW_BACKEND_STORE_URI: env.MLFLOW_BACKEND_STORE_URI.replace('@127.0.0.1:5432/', `@127.0.0.1:${pgPort}/`),
      MLFLOW_AUTH_CONFIG_PATH: join(work, 'basic_auth.ini'),
      HOME: work,
      // The Python Cloud Storage client's emulator switch (anonymous credentials).
      STORAGE_EMULATOR_HOST: gcsEndpoint,
      GOOGLE_CLOUD_PROJECT: 'topology',
      PATH: `${venvBin}:${process.env.PATH ?? ''}`,
    };
    expect(overrides.MLFLOW_BACKEND_STORE_URI).not.toBe(env.MLFLOW_BACKEND_STORE_URI);
    const [cmd, ...cmdArgs] = container.command as string[];
    mlflow = new Daemon(cmd, [...cmdArgs, ...(container.args as string[])], { ...env, ...overrides });
    const probe = container.readinessProbe.httpGet as Manifest;
    await waitFor(
      `MLflow on ${mlflowUri}${probe.path as string}`,
      async () => {
        if (!mlflow?.running) throw new Error('MLflow exited');
        const r = await fetch(`${mlflowUri}${probe.path as string}`);
        return r.ok ? true : undefined;
      },
      120,
    ).catch((err: Error) => {
      throw new Error(`${err.message}\n${mlflow?.tail() ?? ''}`);
    });
  }

  async function stopDatabaseAndMlflow(): Promise<void> {
    await mlflow?.stop();
    mlflow = undefined;
    const pg = await run('bash', ['scripts/postgres.sh', 'stop', pgDir], process.env);
    expect(pg.code).toBe(0);
  }

  const cliEnv = () => ({
    ...process.env,
    MLFLOW_TRACKING_URI: mlflowUri,
    MLFLOW_TRACKING_USERNAME: adminUser(),
    MLFLOW_TRACKING_PASSWORD: secrets[config.mlflow.server.credentialsSecret]['admin-password'],
    GCS_EMULATOR_ENDPOINT: gcsEndpoint,
    USER: 'topology',
    TOXICITY_CONFIG: join(ROOT, 'toxicity.config.yaml'),
  });

  /** The pipeline's train step: train from the data bucket, register, gate, promote. */
  const train = (build: string, extra: string[]) =>
    run(
      TSX,
      [
        CLI,
        'train',
        '--data',
        `gs://${config.buckets.data}/comments.csv`,
        '--out',
        `gs://${config.buckets.models}/${NAME}/builds/${build}/model.json`,
        '--register',
        NAME,
        '--labels',
        'toxic',
        '--no-progress',
        ...extra,
      ],
      cliEnv(),
    );

  /** An API server started as the Deployment's container, on a free port. */
  async function startApiServer(): Promise<{ base: string; daemon: Daemon }> {
    const container = apiDeployment.spec.template.spec.containers[0] as Manifest;
    const configMaps: Record<string, Record<string, string>> = {};
    for (const cm of servingObjects.filter((m) => m.kind === 'ConfigMap')) configMaps[cm.metadata.name] = cm.data;
    const env = podEnv(container, secrets, configMaps);
    // The config volume: the ConfigMap's file, where TOXICITY_CONFIG says it is mounted.
    const mount = (container.volumeMounts as Manifest[]).find((v) => env.TOXICITY_CONFIG.startsWith(v.mountPath));
    const volume = (apiDeployment.spec.template.spec.volumes as Manifest[]).find((v) => v.name === mount!.name);
    const file = join(work, `config-${servers.length}.yaml`);
    writeFileSync(file, configMaps[volume!.configMap.name][volume!.configMap.items[0].key]);
    const port = await freePort();
    // The pod's TLS files come from a Secret this test does not mount: the public port serves plain HTTP
    // here (TLS on that port has its own suite, test/model-server/tls.test.ts).
    delete env.TLS_CERT_FILE;
    delete env.TLS_KEY_FILE;
    const overrides = {
      TOXICITY_CONFIG: file,
      PORT: String(port),
      ADMIN_PORT: String(await freePort()),
      // The load below is one subject sending as fast as it can; the per-subject rate limit (its own suite,
      // server-abuse) would answer 429 by design, which is not what this test measures.
      RATE_LIMIT_PER_SECOND: '1000000',
      HOST: '127.0.0.1',
      GCS_EMULATOR_ENDPOINT: gcsEndpoint,
      MODEL_POLL_SECONDS: '1',
      PATH: process.env.PATH ?? '',
    };
    // The image's CMD is `node build/model-server/server.js`; the same module runs here from source.
    const daemon = new Daemon(TSX, [join(ROOT, 'model-server/server.ts')], { ...env, ...overrides });
    servers.push(daemon);
    const base = `http://127.0.0.1:${port}`;
    const readyPath = container.readinessProbe.httpGet.path as string;
    await waitFor(
      'the API server to become ready',
      async () => {
        if (!daemon.running) throw new Error('the API server exited');
        return (await fetch(`${base}${readyPath}`)).ok ? true : undefined;
      },
      60,
    ).catch((err: Error) => {
      throw new Error(`${err.message}\n${daemon.tail()}`);
    });
    return { base, daemon };
  }

  const token = () =>
    JwtKeyRing.fromEnv({ JWT_SECRET: secrets[config.auth.secretName][config.auth.secretKey] }).sign({
      subject: 'topology',
      issuer: config.auth.issuer,
      audience: config.auth.audience,
      ttlSeconds: 3600,
      nowMs: Date.now(),
    });
  const auth = () => ({ authorization: `Bearer ${token()}` });
  const servedUri = async (base: string) => {
    const r = await fetch(`${base}/v1/model`, { headers: auth() });
    return r.ok ? ((await r.json()) as { resolved_uri: string }).resolved_uri : undefined;
  };
  const versionUri = (v: number) => `gs://${config.buckets.models}/${NAME}/versions/${v}/model.json`;
  const score = (base: string) =>
    fetch(`${base}/v1/predict`, {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: JSON.stringify({ texts: ['you are a stupid idiot', 'thanks for the help'] }),
    });

  it('registers and promotes to the pointer, serves without MLflow, follows a promotion and a rollback', async () => {
    await startDatabaseAndMlflow();
    // MLflow listens on a new port after each restart.
    const client = () =>
      new MlflowClient({
        trackingUri: mlflowUri,
        username: adminUser(),
        password: secrets[config.mlflow.server.credentialsSecret]['admin-password'],
      });
    // Authentication is on: no credentials, no access.
    const anonymous = await fetch(`${mlflowUri}/api/2.0/mlflow/experiments/search?max_results=1`);
    expect(anonymous.status).toBe(401);

    // v1: the first champion; the pointer and version 1 are in the models bucket.
    const v1 = await train('b1', ['--max-features', '300']);
    expect(v1.out).toContain(`version 1 is the first champion of ${NAME}`);
    expect(v1.code).toBe(0);
    expect((await client().getModelVersionByAlias(NAME, 'champion'))?.version).toBe('1');
    const pointer1 = await readChampionPointer(store, pointerUri);
    expect(pointer1).toMatchObject({ model: NAME, version: '1', uri: versionUri(1) });
    // The run's artifacts went through MLflow's proxy into the artifact bucket (fake-gcs-server).
    const [artifacts] = await storage.bucket(config.mlflow.server.artifactBucket).getFiles();
    expect(artifacts.map((f) => f.name)).toEqual(
      expect.arrayContaining([expect.stringMatching(/model\/model\.json$/)]),
    );

    // The API server as deployed: ready on the pointer, scoring.
    const first = await startApiServer();
    expect(await servedUri(first.base)).toBe(versionUri(1));
    expect((await score(first.base)).status).toBe(200);

    // MLflow and its database go away: serving goes on, and a fresh pod still becomes ready.
    await stopDatabaseAndMlflow();
    for (let i = 0; i < 5; i++) expect((await score(first.base)).status).toBe(200);
    const second = await startApiServer();
    expect(await servedUri(second.base)).toBe(versionUri(1));

    // Back up; a better model is promoted while both servers are under load.
    await startDatabaseAndMlflow();
    let stop = false;
    let requests = 0;
    const failures: string[] = [];
    const load = (base: string) =>
      (async () => {
        while (!stop) {
          const r = await score(base).catch(
            (e: Error) => ({ ok: false, status: 0, statusText: e.message }) as Response,
          );
          requests++;
          if (!r.ok) failures.push(`${r.status} ${r.statusText}`);
        }
      })();
    const traffic = [load(first.base), load(second.base)];
    const v2 = await train('b2', []);
    expect(v2.out).toMatch(/version 2 replaces v1 as champion/);
    expect(v2.code).toBe(0);
    expect(await readChampionPointer(store, pointerUri)).toMatchObject({ version: '2', uri: versionUri(2) });
    for (const s of [first, second]) {
      await waitFor('the server to load version 2', async () =>
        (await servedUri(s.base)) === versionUri(2) ? true : undefined,
      );
    }

    // Rollback moves the alias and the pointer back; the servers follow.
    const rollback = await run(TSX, [CLI, 'rollback', NAME, '--reason', 'topology check'], cliEnv());
    expect(rollback.out).toContain(`${NAME}: champion moved back from version 2 to version 1`);
    expect(rollback.out).toContain(`${pointerUri} -> version 1`);
    expect(rollback.code).toBe(0);
    expect((await client().getModelVersionByAlias(NAME, 'champion'))?.version).toBe('1');
    expect(await readChampionPointer(store, pointerUri)).toMatchObject({ version: '1', uri: versionUri(1) });
    for (const s of [first, second]) {
      await waitFor('the server to return to version 1', async () =>
        (await servedUri(s.base)) === versionUri(1) ? true : undefined,
      );
    }
    stop = true;
    await Promise.all(traffic);
    expect(requests).toBeGreaterThan(20);
    expect(failures).toEqual([]);
  }, 600000);
});
