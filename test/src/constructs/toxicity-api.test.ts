import { createHash } from 'node:crypto';
import { Duration, Size } from 'cdk8s';
import { checkHardening } from '../../support/hardening-rules';
import { ToxicityApi, type ToxicityApiProps, configMapName } from '../../../src/constructs/toxicity-api';
import { firstContainer, kindsOf, only, synthConstructs } from '../../support/k8s-manifests';
import { manifestProblems } from '../../support/k8s-validate';
import { expectedApiDeployment } from '../../support/expected-api-deployment';

const selectorLabels = { 'app.kubernetes.io/name': 'tox', 'app.kubernetes.io/instance': 'tox' };
const labels = { ...selectorLabels, 'app.kubernetes.io/version': '2.0.0' };
const image = 'europe-west1-docker.pkg.dev/acme-prod/toxicity/toxicity-api:2.0.0';
const serverConfig = 'app:\n  name: tox\n';
const modelUri = 'gs://acme-models/toxic-detector/model.json';

const baseProps: ToxicityApiProps = {
  name: 'tox',
  labels,
  selectorLabels,
  image,
  jwtSecret: { name: 'tox-jwt', key: 'jwt-secret' },
  modelUri,
  serverConfig,
};

function synth(props: Partial<ToxicityApiProps> = {}) {
  return synthConstructs((scope) => {
    new ToxicityApi(scope, 'Api', { ...baseProps, ...props });
  });
}

function configHashOf(config: string, uri: string): string {
  return createHash('sha256')
    .update(JSON.stringify({ 'toxicity.config.yaml': config, MODEL_URI: uri }))
    .digest('hex');
}

describe('ToxicityApi', () => {
  it('emits ServiceAccount, ConfigMap, Deployment, Service and HPA by default (autoscaled)', () => {
    expect(kindsOf(synth())).toEqual([
      'ServiceAccount',
      'ConfigMap',
      'Deployment',
      'Service',
      'HorizontalPodAutoscaler',
    ]);
  });

  it('synthesizes a Deployment with every hardening and rollout field set', () => {
    const hash = configHashOf(serverConfig, modelUri);
    const deployment = only(synth(), 'Deployment');
    expect(deployment).toEqual(
      expectedApiDeployment({ name: 'tox', namespace: 'test-ns', labels, selector: selectorLabels, image, hash }),
    );
  });

  it('has no replicas field when autoscaled and an HPA targeting the Deployment', () => {
    const manifests = synth();
    expect(only(manifests, 'Deployment').spec).not.toHaveProperty('replicas');
    expect(only(manifests, 'HorizontalPodAutoscaler').spec.scaleTargetRef).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'tox',
    });
  });

  it('has a fixed replica count and no HPA in static mode', () => {
    const manifests = synth({ scaling: { mode: 'static', replicas: 3 } });
    expect(kindsOf(manifests)).not.toContain('HorizontalPodAutoscaler');
    expect(only(manifests, 'Deployment').spec.replicas).toBe(3);
  });

  it('passes autoscaler options to the HPA', () => {
    const hpa = only(
      synth({ scaling: { mode: 'autoscaled', autoscaler: { minReplicas: 4, maxReplicas: 8, targetCpuPercent: 60 } } }),
      'HorizontalPodAutoscaler',
    );
    expect([
      hpa.spec.minReplicas,
      hpa.spec.maxReplicas,
      hpa.spec.metrics[0].resource.target.averageUtilization,
    ]).toEqual([4, 8, 60]);
  });

  it('synthesizes a LoadBalancer Service from the service port to the container port, selecting only the API pods', () => {
    expect(only(synth(), 'Service')).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'tox', namespace: 'test-ns', labels },
      spec: {
        type: 'LoadBalancer',
        externalTrafficPolicy: 'Cluster',
        ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }],
        selector: selectorLabels,
      },
    });
  });

  it('serves TLS from the mounted Secret on the Service port 443 when tls is given, with probes on the admin port', () => {
    const ms = synth({ tls: { secretName: 'tox-tls', reloadInterval: Duration.seconds(15) } });
    const container = firstContainer(only(ms, 'Deployment'));
    expect(container.ports).toEqual([
      { containerPort: 8080, name: 'https', protocol: 'TCP' },
      { containerPort: 9090, name: 'admin', protocol: 'TCP' },
    ]);
    expect(container.env).toEqual(
      expect.arrayContaining([
        { name: 'TLS_CERT_FILE', value: '/etc/toxicity/tls/tls.crt' },
        { name: 'TLS_KEY_FILE', value: '/etc/toxicity/tls/tls.key' },
        { name: 'TLS_RELOAD_SECONDS', value: '15' },
      ]),
    );
    expect(container.volumeMounts).toContainEqual({ mountPath: '/etc/toxicity/tls', name: 'tls', readOnly: true });
    expect(only(ms, 'Deployment').spec.template.spec.volumes).toContainEqual({
      name: 'tls',
      secret: { secretName: 'tox-tls', defaultMode: 0o440, optional: false },
    });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 9090, scheme: 'HTTP' });
    expect(only(ms, 'Service').spec.ports).toEqual([{ name: 'https', port: 443, targetPort: 8080, protocol: 'TCP' }]);
    expect(ms.flatMap(manifestProblems)).toEqual([]);
  });

  it('never puts the admin port behind the Service', () => {
    const service = only(synth({ adminPort: 9555 }), 'Service');
    expect(service.spec.ports.map((p: { targetPort: number }) => p.targetPort)).toEqual([8080]);
  });

  it('refuses an admin port equal to the container port, and a bad TLS Secret name', () => {
    expect(() => synth({ adminPort: 8080 })).toThrow(/adminPort.*must differ from containerPort \(8080\)/);
    expect(() => synth({ tls: { secretName: 'Not_A_Name' } })).toThrow(/tls\.secretName/);
  });

  it('applies the GKE service options', () => {
    const svc = only(
      synth({
        containerPort: 9000,
        servicePort: 8443,
        service: {
          internal: true,
          externalTrafficPolicy: 'Local',
          loadBalancerSourceRanges: ['10.0.0.0/8', '192.168.0.0/16'],
        },
      }),
      'Service',
    );
    expect(svc.metadata.annotations).toEqual({ 'networking.gke.io/load-balancer-type': 'Internal' });
    expect(svc.spec.externalTrafficPolicy).toBe('Local');
    expect(svc.spec.loadBalancerSourceRanges).toEqual(['10.0.0.0/8', '192.168.0.0/16']);
    expect(svc.spec.ports).toEqual([{ name: 'http', port: 8443, targetPort: 9000, protocol: 'TCP' }]);
  });

  it('synthesizes a ServiceAccount without token automount, with the Workload Identity annotation only when given', () => {
    expect(only(synth(), 'ServiceAccount')).toEqual({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'tox', namespace: 'test-ns', labels },
      automountServiceAccountToken: false,
    });
    const sa = only(synth({ gcpServiceAccount: 'toxicity-api@acme-prod.iam.gserviceaccount.com' }), 'ServiceAccount');
    expect(sa.metadata.annotations).toEqual({
      'iam.gke.io/gcp-service-account': 'toxicity-api@acme-prod.iam.gserviceaccount.com',
    });
  });

  it('puts the server config and the model URI in an immutable ConfigMap named after its content', () => {
    const manifests = synth();
    const hash = only(manifests, 'Deployment').spec.template.metadata.annotations['checksum/config'] as string;
    expect(only(manifests, 'ConfigMap')).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: `tox-config-${hash.slice(0, 10)}`,
        namespace: 'test-ns',
        labels: { ...labels, 'toxicity/retain': 'rollback' },
      },
      data: { 'toxicity.config.yaml': serverConfig, MODEL_URI: modelUri },
      immutable: true,
    });
    const changed = only(synth({ modelUri: 'gs://other/model.json' }), 'ConfigMap');
    expect(changed.metadata.name).not.toBe(`tox-config-${hash.slice(0, 10)}`);
  });

  it('rolls the pods when the config changes but keeps the selector', () => {
    const before = only(synth(), 'Deployment');
    const after = only(synth({ serverConfig: 'app:\n  name: other\n' }), 'Deployment');
    expect(after.spec.template.metadata.annotations['checksum/config']).not.toBe(
      before.spec.template.metadata.annotations['checksum/config'],
    );
    expect(after.spec.selector).toEqual(before.spec.selector);
  });

  it('derives the grace period from preStop, drain and request timeout, and uses the given timings', () => {
    const derived = only(
      synth({ preStopDelay: Duration.seconds(15), drain: Duration.seconds(20), requestTimeout: Duration.millis(2500) }),
      'Deployment',
    );
    expect(derived.spec.template.spec.terminationGracePeriodSeconds).toBe(15 + 20 + 3 + 5);
    expect(firstContainer(derived).lifecycle.preStop.exec.command).toEqual(['sleep', '15']);
    const explicit = only(synth({ terminationGracePeriod: Duration.minutes(1) }), 'Deployment');
    expect(explicit.spec.template.spec.terminationGracePeriodSeconds).toBe(60);
  });

  it('uses the given resources, user, history limit, change cause and /tmp size', () => {
    const d = only(
      synth({
        runAsUser: 20000,
        revisionHistoryLimit: 20,
        changeCause: 'release 2.0.0',
        tmpSizeLimit: Size.mebibytes(100),
        resources: {
          cpuRequestMillis: 500,
          cpuLimitMillis: 2000,
          memoryRequest: Size.gibibytes(1),
          memoryLimit: Size.gibibytes(2),
          ephemeralStorageRequest: Size.mebibytes(128),
          ephemeralStorageLimit: Size.mebibytes(512),
        },
      }),
      'Deployment',
    );
    const c = firstContainer(d);
    expect(c.resources).toEqual({
      requests: { cpu: '500m', memory: '1Gi', 'ephemeral-storage': '128Mi' },
      // Canonical quantities, as the API server stores them: a re-apply is no change.
      limits: { cpu: '2', memory: '2Gi', 'ephemeral-storage': '512Mi' },
    });
    expect([
      c.securityContext.runAsUser,
      c.securityContext.runAsGroup,
      d.spec.template.spec.securityContext.runAsUser,
    ]).toEqual([20000, 20000, 20000]);
    expect(d.spec.revisionHistoryLimit).toBe(20);
    expect(d.metadata.annotations['kubernetes.io/change-cause']).toBe('release 2.0.0');
    expect(d.spec.template.spec.volumes[0]).toEqual({ name: 'tmp', emptyDir: { sizeLimit: '100Mi' } });
  });

  it('produces manifests that pass the schema, syntax and hardening checks in both modes', () => {
    for (const scaling of [{ mode: 'autoscaled' } as const, { mode: 'static', replicas: 3 } as const]) {
      const manifests = synth({ scaling });
      expect(manifests.flatMap(manifestProblems)).toEqual([]);
      // PDB and NetworkPolicy come from other constructs; everything else must be clean.
      const findings = checkHardening(manifests).filter(
        (f) => f.ruleId !== 'pdb-covers-workload' && f.ruleId !== 'network-policy-covers-workload',
      );
      expect(findings).toEqual([]);
    }
  });

  it.each<[string, Partial<ToxicityApiProps>, string]>([
    ['name is not a DNS-1035 label', { name: '1tox' }, "ToxicityApi: 'name' must be a DNS-1035 label"],
    ['selectorLabels is empty', { selectorLabels: {} }, "ToxicityApi: 'selectorLabels' must not be empty, got {}"],
    [
      'labels lack a selector label',
      { labels: { 'app.kubernetes.io/name': 'tox' } },
      'ToxicityApi: \'labels.app.kubernetes.io/instance\' must equal the selector label ("tox"), got undefined',
    ],
    [
      'the image uses latest',
      { image: 'r/i:latest' },
      'ToxicityApi: \'image\' must be pinned by tag or digest (it uses the latest tag), got "r/i:latest"',
    ],
    [
      'the image has no tag',
      { image: 'r/i' },
      'ToxicityApi: \'image\' must be pinned by tag or digest (it has no tag (means latest)), got "r/i"',
    ],
    [
      'containerPort is 0',
      { containerPort: 0 },
      "ToxicityApi: 'containerPort' must be an integer from 1 to 65535, got 0",
    ],
    [
      'servicePort is too large',
      { servicePort: 70000 },
      "ToxicityApi: 'servicePort' must be an integer from 1 to 65535, got 70000",
    ],
    [
      'runAsUser is below 10000',
      { runAsUser: 1000 },
      "ToxicityApi: 'runAsUser' must be an integer from 10000 to 2147483647, got 1000",
    ],
    [
      'a request exceeds its limit',
      { resources: { cpuRequestMillis: 2000, cpuLimitMillis: 1000 } },
      "ToxicityApi: 'resources.cpuRequestMillis' must be <= resources.cpuLimitMillis (1000), got 2000",
    ],
    [
      'memory is not whole MiB',
      { resources: { memoryLimit: Size.kibibytes(1000) } },
      "ToxicityApi: 'resources.memoryLimit' must be a whole number of MiB >= 1",
    ],
    [
      'static replicas is 0',
      { scaling: { mode: 'static', replicas: 0 } },
      "ToxicityApi: 'scaling.replicas' must be an integer from 1 to 1000, got 0",
    ],
    [
      'scaling mode is unknown',
      { scaling: { mode: 'manual' } as never },
      'ToxicityApi: \'scaling.mode\' must be static or autoscaled, got "manual"',
    ],
    [
      'externalTrafficPolicy is unknown',
      { service: { externalTrafficPolicy: 'Nearest' as never } },
      'ToxicityApi: \'service.externalTrafficPolicy\' must be Cluster or Local, got "Nearest"',
    ],
    [
      'a source range is not a CIDR',
      { service: { loadBalancerSourceRanges: ['10.0.0.0/8', '1.2.3.4'] } },
      "ToxicityApi: 'service.loadBalancerSourceRanges[1]' must be a CIDR",
    ],
    [
      'gcpServiceAccount is not an e-mail',
      { gcpServiceAccount: 'toxicity' },
      "ToxicityApi: 'gcpServiceAccount' must be a GCP service account e-mail",
    ],
    [
      'the secret name is invalid',
      { jwtSecret: { name: 'JWT', key: 'k' } },
      "ToxicityApi: 'jwtSecret.name' must be a DNS-1123 subdomain",
    ],
    [
      'the secret key is invalid',
      { jwtSecret: { name: 'jwt', key: 'a/b' } },
      "ToxicityApi: 'jwtSecret.key' must be a Secret key",
    ],
    ['modelUri is empty', { modelUri: '' }, 'ToxicityApi: \'modelUri\' must not be empty, got ""'],
    ['serverConfig is empty', { serverConfig: '' }, "ToxicityApi: 'serverConfig' must not be empty"],
    [
      'drain is too long',
      { drain: Duration.minutes(11) },
      "ToxicityApi: 'drain' must be a whole number of seconds from 0 to 600, got 660s",
    ],
    [
      'preStopDelay is 0',
      { preStopDelay: Duration.seconds(0) },
      "ToxicityApi: 'preStopDelay' must be a whole number of seconds from 1 to 120, got 0s",
    ],
    [
      'the grace period does not cover preStop and drain',
      { terminationGracePeriod: Duration.seconds(20) },
      "ToxicityApi: 'terminationGracePeriod' must exceed preStopDelay + drain (20s) or pods are killed mid-drain, got 20s",
    ],
    [
      'revisionHistoryLimit is below 5',
      { revisionHistoryLimit: 4 },
      "ToxicityApi: 'revisionHistoryLimit' must be an integer from 5 to 1000, got 4",
    ],
    [
      '/tmp is larger than the ephemeral-storage limit',
      { tmpSizeLimit: Size.gibibytes(1) },
      "ToxicityApi: 'tmpSizeLimit' must be <= the ephemeral-storage limit (256Mi), got 1024Mi",
    ],
    ['changeCause is blank', { changeCause: ' ' }, "ToxicityApi: 'changeCause' must not be empty"],
  ])('throws when %s', (_case, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });

  it('throws when the name is too long for the ConfigMap name', () => {
    expect(() => configMapName('a'.repeat(250), 'f'.repeat(64))).toThrow(
      "ToxicityApi: 'name' is too long for a ConfigMap name",
    );
  });
});
