/**
 * Server-side dry run of the infra chart on a real kube-apiserver with the vendored Config Connector
 * CRDs installed: `kubectl apply --dry-run=server --validate=strict` (the API server's own structural
 * schema, CEL rules and unknown-field checks). The control plane is only etcd (Debian `etcd-server`)
 * and kube-apiserver, from the cache the control-plane build fills ($TOXICITY_KUBE_BIN, or
 * /root/.cache/toxicity/kube/<version>/bin); admin access is a static token, TLS self-signed.
 * Skipped with a printed reason when the binaries or the CRDs are missing.
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { freePort } from '../support/fixtures';
import { GKE_POLICY_CRD_DIR, findCrdDir, findGatewayApiCrdDir } from '../support/crd-schema';
import { infraConfig, synthInfra } from '../support/infra-manifests';
import { synthServing } from '../support/k8s-manifests';

function findKubeBin(): string | null {
  const candidates = [process.env.TOXICITY_KUBE_BIN];
  const cache = '/root/.cache/toxicity/kube';
  if (existsSync(cache)) for (const v of readdirSync(cache)) candidates.push(join(cache, v, 'bin'));
  return candidates.find((c) => c && existsSync(join(c, 'kube-apiserver'))) ?? null;
}

const bin = findKubeBin();
const crds = findCrdDir();
const gatewayApiCrds = findGatewayApiCrdDir();
if (gatewayApiCrds === null) {
  process.stdout.write(
    'infra-dry-run: Gateway-mode serving objects skipped, no Gateway API CRDs (bash scripts/kube/gateway-crds.sh)\n',
  );
}
const etcd = spawnSync('sh', ['-c', 'command -v etcd'], { encoding: 'utf8' }).stdout.trim();
const missing = [!bin && 'kube-apiserver', !crds && 'the Config Connector CRDs', !etcd && 'etcd'].filter(Boolean);
if (missing.length > 0) process.stdout.write(`infra-dry-run: skipped, missing ${missing.join(', ')}\n`);
const describeWithApiServer = missing.length > 0 ? describe.skip : describe;

describeWithApiServer('the infra chart on a real kube-apiserver with the Config Connector CRDs', () => {
  const state = mkdtempSync(join(tmpdir(), 'toxicity-infra-kube-'));
  const procs: ChildProcess[] = [];
  let kubectl: (args: string[], input?: string) => string;

  beforeAll(async () => {
    const [etcdPort, peerPort, apiPort] = [await freePort(), await freePort(), await freePort()];
    const token = 'infra-dry-run-token';
    writeFileSync(join(state, 'tokens.csv'), `${token},admin,admin,system:masters\n`);
    execFileSync('openssl', ['genrsa', '-out', join(state, 'sa.key'), '2048'], { stdio: 'ignore' });
    mkdirSync(join(state, 'etcd'));
    const start = (cmd: string, args: string[]) => {
      const p = spawn(cmd, args, { stdio: 'ignore' });
      procs.push(p);
    };
    start(etcd, [
      '--name=infra',
      `--data-dir=${join(state, 'etcd')}`,
      `--listen-client-urls=http://127.0.0.1:${etcdPort}`,
      `--advertise-client-urls=http://127.0.0.1:${etcdPort}`,
      `--listen-peer-urls=http://127.0.0.1:${peerPort}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${peerPort}`,
      `--initial-cluster=infra=http://127.0.0.1:${peerPort}`,
      '--unsafe-no-fsync',
    ]);
    start(join(bin!, 'kube-apiserver'), [
      `--etcd-servers=http://127.0.0.1:${etcdPort}`,
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      `--secure-port=${apiPort}`,
      `--cert-dir=${join(state, 'certs')}`,
      `--token-auth-file=${join(state, 'tokens.csv')}`,
      '--authorization-mode=RBAC',
      '--service-account-issuer=https://kubernetes.default.svc',
      `--service-account-key-file=${join(state, 'sa.key')}`,
      `--service-account-signing-key-file=${join(state, 'sa.key')}`,
      '--service-cluster-ip-range=10.96.0.0/16',
      '--endpoint-reconciler-type=none',
    ]);
    const base = [`--server=https://127.0.0.1:${apiPort}`, '--insecure-skip-tls-verify', `--token=${token}`];
    kubectl = (args, input) => execFileSync('kubectl', [...base, ...args], { encoding: 'utf8', input, stdio: 'pipe' });
    for (let i = 0; ; i++) {
      try {
        kubectl(['get', '--raw', '/readyz']);
        break;
      } catch (err) {
        if (i > 120) throw err;
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
    kubectl(['apply', '--server-side', '-f', crds!]);
    // The Gateway mode's serving objects: Gateway API CRDs (Go module proxy) and GKE's policy CRDs.
    if (gatewayApiCrds !== null) kubectl(['apply', '--server-side', '-f', gatewayApiCrds]);
    kubectl(['apply', '--server-side', '-f', GKE_POLICY_CRD_DIR]);
    kubectl(['wait', '--for=condition=Established', 'crd', '--all', '--timeout=120s']);
  });

  afterAll(async () => {
    for (const p of procs.reverse()) {
      if (p.exitCode !== null) continue;
      const exited = new Promise((resolve) => p.once('exit', resolve));
      p.kill();
      const timer = setTimeout(() => p.kill('SIGKILL'), 10000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(state, { recursive: true, force: true });
  });

  const configs: [string, Record<string, unknown>][] = [
    ['the defaults', {}],
    ['the Gateway edge mode', { edge: { mode: 'gateway', hostname: 'toxicity.acme.test' } }],
    [
      'a regional cluster with public nodes, a GitHub trigger, an alert e-mail and the project number',
      {
        gcp: { projectId: 'acme-prod' },
        cluster: { location: 'europe-west1' },
        pipeline: { githubOwner: 'acme', githubRepo: 'toxicity' },
        infra: {
          namespace: 'acme-infra',
          projectNumber: '123456789012',
          network: { privateNodes: false },
          alerts: { email: 'oncall@acme.test' },
        },
      },
    ],
  ];

  it.each(configs)('accepts every object synthesized from %s (dry run, strict validation)', (_, overrides) => {
    const config = infraConfig(overrides);
    const objects = synthInfra(config);
    kubectl(
      ['apply', '-f', '-'],
      stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: config.infra.namespace } }),
    );
    const out = kubectl(
      ['apply', '--dry-run=server', '--validate=strict', '-f', '-'],
      objects.map((o) => stringify(o)).join('---\n'),
    );
    const accepted = out.split('\n').filter((l) => l.endsWith('(server dry run)'));
    expect(accepted).toHaveLength(objects.length);
  });

  (gatewayApiCrds === null ? it.skip : it).each(['pod', 'none'])(
    'accepts the Gateway mode edge objects of the serving chart with tls %s (dry run, strict validation, CEL rules)',
    (tls) => {
      const config = infraConfig({ edge: { mode: 'gateway', hostname: 'toxicity.acme.test', tls } });
      const kinds = ['Gateway', 'HTTPRoute', 'HealthCheckPolicy', 'GCPBackendPolicy', 'Service', 'NetworkPolicy'];
      const objects = synthServing(config).filter((o) => kinds.includes(o.kind));
      kubectl(
        ['apply', '-f', '-'],
        stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: config.app.namespace } }),
      );
      const out = kubectl(
        ['apply', '--dry-run=server', '--validate=strict', '-f', '-'],
        objects.map((o) => stringify(o)).join('---\n'),
      );
      const accepted = out.split('\n').filter((l) => l.endsWith('(server dry run)'));
      expect(accepted).toHaveLength(objects.length);
      expect(new Set(objects.map((o) => o.kind))).toEqual(new Set(kinds));
      expect(objects.filter((o) => o.kind === 'HTTPRoute')).toHaveLength(2);
    },
  );

  (gatewayApiCrds === null ? it.skip : it)(
    'rejects a Gateway-mode object with a misspelt field or a listener the Gateway API forbids',
    () => {
      const config = infraConfig({ edge: { mode: 'gateway', hostname: 'toxicity.acme.test' } });
      const objects = synthServing(config);
      kubectl(
        ['apply', '-f', '-'],
        stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: config.app.namespace } }),
      );
      const policy = objects.find((o) => o.kind === 'GCPBackendPolicy')!;
      const misspelt = { ...policy, spec: { ...policy.spec, default: { ...policy.spec.default, timeoutSecs: 30 } } };
      expect(() => kubectl(['apply', '--dry-run=server', '--validate=strict', '-f', '-'], stringify(misspelt))).toThrow(
        /unknown field "spec.default.timeoutSecs"/,
      );
      // A CEL rule of the Gateway CRD: an HTTP listener must not carry TLS settings.
      const gateway = structuredClone(objects.find((o) => o.kind === 'Gateway')!);
      gateway.spec.listeners[1].tls = { mode: 'Terminate', certificateRefs: [{ name: 'x' }] };
      expect(() => kubectl(['apply', '--dry-run=server', '--validate=strict', '-f', '-'], stringify(gateway))).toThrow(
        /tls must not be specified for protocols \['HTTP', 'TCP', 'UDP'\]/,
      );
    },
  );

  it('rejects an object with a field its CRD does not know', () => {
    const bucket = synthInfra(infraConfig()).find((o) => o.kind === 'StorageBucket')!;
    const tampered = { ...bucket, spec: { ...bucket.spec, versioningEnabled: true } };
    expect(() => kubectl(['apply', '--dry-run=server', '--validate=strict', '-f', '-'], stringify(tampered))).toThrow(
      /unknown field "spec.versioningEnabled"/,
    );
  });
});
