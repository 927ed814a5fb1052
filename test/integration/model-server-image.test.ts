/**
 * The real image: model-server/Dockerfile built with podman (no daemon, no registry) on a local base made
 * from Debian packages and the Node release the production base pins (scripts/image/build-base.sh), then
 * run under runc with the securityContext of the synthesized Deployment. It must become ready, score a
 * comment, and drain on SIGTERM within the grace period the Deployment gives it.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JwtKeyRing } from '../../model-server/jwt-key-ring';
import { freePort, testArtifact } from '../support/fixtures';
import { buildServerImage, localBaseImage, podman, securityFlags } from '../support/container-image';
import { configFor, type Manifest, only, synthServing } from '../support/k8s-manifests';

const TAG = 'localhost/toxicity-api:integration';
const SECRET = 'an-image-test-secret-of-at-least-32-bytes!';
const config = configFor('autoscaled');
const manifests = synthServing(config);
const deployment = only(manifests, 'Deployment');
const container = deployment.spec.template.spec.containers[0] as Manifest;
const configMap = manifests.find((m) => m.kind === 'ConfigMap' && m.data?.['toxicity.config.yaml'])!;

let data: string;
const name = `toxicity-api-it-${process.pid}`;

beforeAll(() => {
  buildServerImage(localBaseImage(), TAG);
  data = mkdtempSync(join(tmpdir(), 'toxicity-image-'));
  // What the pod mounts: the ConfigMap's config file (read-only) and, standing in for the champion
  // pointer in Cloud Storage, a model file.
  writeFileSync(join(data, 'toxicity.config.yaml'), configMap.data['toxicity.config.yaml'] as string);
  writeFileSync(join(data, 'model.json'), JSON.stringify(testArtifact({ version: 'image-run' })));
  chmodSync(data, 0o755);
}, 3_600_000);

afterAll(() => {
  podman(['rm', '--force', '--time', '0', name], { allowFailure: true });
  if (data) rmSync(data, { recursive: true, force: true });
});

async function waitFor(url: string, status: number, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < end) {
    try {
      const res = await fetch(url);
      if (res.status === status) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = String(err);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer ${status} within ${timeoutMs} ms (last: ${last})`);
}

describe('the model-server image', () => {
  it('has the layers of the Dockerfile on the local base, runs as the Deployment user and ships Node 26', () => {
    const inspect = JSON.parse(podman(['image', 'inspect', TAG]).stdout)[0] as Manifest;
    expect(inspect.Config.User).toBe(`${container.securityContext.runAsUser}:${container.securityContext.runAsGroup}`);
    const version = podman(['run', '--rm', '--network', 'none', '--entrypoint', 'node', TAG, '--version']).stdout;
    expect(version.trim()).toBe(`v${/^node:(\d+\.\d+\.\d+)-/.exec(config.pipeline.nodeImage)![1]}`);
  });

  it('runs with the synthesized securityContext: ready, scores, and drains on SIGTERM within the grace period', async () => {
    const port = await freePort();
    const env = Object.fromEntries(
      (container.env as Manifest[]).filter((e) => typeof e.value === 'string').map((e) => [e.name, e.value]),
    ) as Record<string, string>;
    // The pod's TLS files come from a Secret that is not mounted here: the public port serves plain HTTP
    // (TLS has its own suite, test/model-server/tls.test.ts). The admin port gets a free one (host network).
    delete env.TLS_CERT_FILE;
    delete env.TLS_KEY_FILE;
    env.ADMIN_PORT = String(await freePort());
    const flags = [
      ...securityFlags(deployment),
      '--network',
      'host',
      ...Object.entries({ ...env, PORT: String(port), MODEL_URI: 'file:///model/model.json', JWT_SECRET: SECRET })
        .map(([k, v]) => ['--env', `${k}=${v}`])
        .flat(),
      '--volume',
      `${join(data, 'toxicity.config.yaml')}:${env.TOXICITY_CONFIG}:ro`,
      '--volume',
      `${join(data, 'model.json')}:/model/model.json:ro`,
    ];
    podman(['run', '--detach', '--name', name, ...flags, TAG]);
    const url = `http://127.0.0.1:${port}`;
    await waitFor(`${url}/readyz`, 200, 60_000);

    const token = JwtKeyRing.fromEnv({ JWT_SECRET: SECRET }).sign({
      subject: 'image-test',
      issuer: config.auth.issuer,
      audience: config.auth.audience,
      ttlSeconds: 60,
      nowMs: Date.now(),
    });
    const res = await fetch(`${url}/v1/predict`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'you idiot' }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ label: 'toxic', model_version: 'image-run' });

    // The hardening is in force inside the container: no capability, root filesystem read-only, /tmp writable.
    const status = podman(['exec', name, 'cat', '/proc/1/status']).stdout;
    expect(status).toMatch(/^CapEff:\s+0+$/m);
    expect(status).toMatch(/^NoNewPrivs:\s+1$/m);
    expect(status).toMatch(new RegExp(`^Uid:\\s+${container.securityContext.runAsUser}\\s`, 'm'));
    expect(podman(['exec', name, 'touch', '/app/written'], { allowFailure: true }).stderr).toContain(
      'Read-only file system',
    );
    podman(['exec', name, 'touch', '/tmp/written']);

    // Kubernetes runs the preStop pause, then sends SIGTERM and waits for the rest of the grace period.
    const grace = deployment.spec.template.spec.terminationGracePeriodSeconds as number;
    const preStop = Number(container.lifecycle.preStop.exec.command[1]);
    const stop = new Promise<number | null>((resolve) => {
      const child = spawn('bash', [
        join(__dirname, '../../scripts/image/podman.sh'),
        'stop',
        '--time',
        String(grace - preStop),
        name,
      ]);
      child.on('exit', (code) => resolve(code));
    });
    // While draining, readiness fails and requests are still served.
    await waitFor(`${url}/readyz`, 503, 10_000);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect(await stop).toBe(0);
    const state = JSON.parse(podman(['inspect', name]).stdout)[0].State as Manifest;
    // Exit code 0: the server finished its drain and exited itself; SIGKILL after the grace period would be 137.
    expect(state.ExitCode).toBe(0);
    expect(podman(['logs', name]).stdout).toContain('shutting down');
  });
});
