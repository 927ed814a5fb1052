import { parse as parseYaml } from 'yaml';
import { App } from 'cdk8s';
import { ServingChart, renderServerConfig } from '../../charts/serving-chart';
import { parseConfigText } from '../../src/config';
import { checkHardening, selectorMatches } from '../support/hardening-rules';
import {
  type Manifest,
  configFor,
  firstContainer,
  kindsOf,
  only,
  podLabels,
  synthServing,
} from '../support/k8s-manifests';
import { anyManifestProblems } from '../support/monitoring-manifests';
import { expectedApiDeployment } from '../support/expected-api-deployment';

const NAME = 'mlops-toxic-detection-api';
const IMAGE = 'europe-west1-docker.pkg.dev/my-gcp-project/toxicity/toxicity-api:1.0.0';
const SELECTOR = { 'app.kubernetes.io/name': NAME, 'app.kubernetes.io/instance': NAME };
const LABELS = {
  ...SELECTOR,
  'app.kubernetes.io/component': 'model-server',
  'app.kubernetes.io/part-of': 'toxicity',
  'app.kubernetes.io/version': '1.0.0',
  'app.kubernetes.io/managed-by': 'cdk8s',
};
const META = { name: NAME, namespace: 'toxicity', labels: LABELS };

/** The ConfigMap the server mounts (the other one is the Grafana dashboard). */
const serverConfigMap = (ms: Manifest[]): Manifest =>
  only(
    ms.filter((m) => m.metadata.labels?.grafana_dashboard === undefined),
    'ConfigMap',
  );

const autoscaled = synthServing(configFor('autoscaled'));
const fixed = synthServing(configFor('static'));
const modes: [string, Manifest[]][] = [
  ['autoscaled', autoscaled],
  ['static', fixed],
];

describe('ServingChart', () => {
  it('emits the API objects, with an HPA only in autoscaled mode', () => {
    expect(kindsOf(autoscaled)).toEqual([
      'Namespace',
      'ServiceAccount',
      'ConfigMap',
      'Deployment',
      'Service',
      'HorizontalPodAutoscaler',
      'PodDisruptionBudget',
      'NetworkPolicy',
      'PodMonitoring',
      'Rules',
      'ConfigMap',
    ]);
    expect(kindsOf(fixed)).toEqual([
      'Namespace',
      'ServiceAccount',
      'ConfigMap',
      'Deployment',
      'Service',
      'PodDisruptionBudget',
      'NetworkPolicy',
      'PodMonitoring',
      'Rules',
      'ConfigMap',
    ]);
  });

  it('leaves replicas out of the autoscaled Deployment and fixes 3 in static mode', () => {
    expect(only(autoscaled, 'Deployment').spec).not.toHaveProperty('replicas');
    expect(only(fixed, 'Deployment').spec.replicas).toBe(3);
  });

  it.each(modes)('synthesizes the %s Deployment field by field', (mode, manifests) => {
    const deployment = only(manifests, 'Deployment');
    const hash = deployment.spec.template.metadata.annotations['checksum/config'] as string;
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(deployment).toEqual(
      expectedApiDeployment({
        name: NAME,
        namespace: 'toxicity',
        labels: LABELS,
        selector: SELECTOR,
        image: IMAGE,
        hash,
        ...(mode === 'static' ? { replicas: 3 } : {}),
        tlsSecret: `${NAME}-tls`,
      }),
    );
  });

  it.each(modes)(
    'synthesizes the %s Service, ServiceAccount, PDB and NetworkPolicy field by field',
    (_mode, manifests) => {
      expect(only(manifests, 'Service')).toEqual({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: META,
        spec: {
          type: 'LoadBalancer',
          externalTrafficPolicy: 'Cluster',
          ports: [{ name: 'https', port: 443, targetPort: 8080, protocol: 'TCP' }],
          selector: SELECTOR,
        },
      });
      // By default the pods act as the API's Google service account that the infra chart creates.
      expect(only(manifests, 'ServiceAccount')).toEqual({
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: {
          ...META,
          annotations: { 'iam.gke.io/gcp-service-account': 'toxicity-api@my-gcp-project.iam.gserviceaccount.com' },
        },
        automountServiceAccountToken: false,
      });
      expect(only(manifests, 'PodDisruptionBudget')).toEqual({
        apiVersion: 'policy/v1',
        kind: 'PodDisruptionBudget',
        metadata: META,
        spec: { maxUnavailable: 1, selector: { matchLabels: SELECTOR }, unhealthyPodEvictionPolicy: 'AlwaysAllow' },
      });
      const tcp = (port: number) => ({ port, protocol: 'TCP' });
      const dns = [{ port: 53, protocol: 'UDP' }, tcp(53)];
      expect(only(manifests, 'NetworkPolicy')).toEqual({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: META,
        spec: {
          podSelector: { matchLabels: SELECTOR },
          policyTypes: ['Egress', 'Ingress'],
          ingress: [
            { from: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [tcp(8080)] },
            {
              from: [
                {
                  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'gmp-system' } },
                  podSelector: {},
                },
              ],
              ports: [tcp(9090)],
            },
          ],
          egress: [
            {
              to: [
                {
                  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
                  podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
                },
              ],
              ports: dns,
            },
            { to: [{ ipBlock: { cidr: '169.254.169.254/32' } }], ports: dns },
            { to: [{ ipBlock: { cidr: '169.254.20.10/32' } }], ports: dns },
            { to: [{ ipBlock: { cidr: '169.254.169.254/32' } }], ports: [tcp(80), tcp(8080)] },
            { to: [{ ipBlock: { cidr: '169.254.169.252/32' } }], ports: [tcp(988)] },
            // The champion pointer and the models bucket, over HTTPS; no MLflow egress.
            { to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [tcp(443)] },
          ],
        },
      });
    },
  );

  it('passes a key ring as JWT_SECRETS when auth.secretFormat is keyring, for rotation', () => {
    const d = only(
      synthServing(configFor('autoscaled', { auth: { secretFormat: 'keyring', secretKey: 'ring' } })),
      'Deployment',
    );
    const env = d.spec.template.spec.containers[0].env as Manifest[];
    expect(env.filter((e) => e.name.startsWith('JWT_'))).toEqual([
      { name: 'JWT_SECRETS', valueFrom: { secretKeyRef: { name: `${NAME}-jwt`, key: 'ring' } } },
    ]);
  });

  it('allows egress to MLflow only when the model comes from the registry and not over HTTPS already allowed', () => {
    const egressPorts = (overrides: Record<string, Record<string, unknown>>) =>
      (only(synthServing(configFor('autoscaled', overrides)), 'NetworkPolicy').spec.egress as Manifest[]).map((r) => [
        r.to[0].ipBlock?.cidr ?? 'pods',
        ...r.ports.map((p: Manifest) => p.port),
      ]);
    const registry = { uri: 'models:/toxic-detector@champion' };
    expect(egressPorts({ model: { uri: 'gs://m/model.json' } }).at(-1)).toEqual(['0.0.0.0/0', 443]);
    expect(egressPorts({}).at(-1)).toEqual(['0.0.0.0/0', 443]);
    expect(egressPorts({ model: registry, mlflow: { trackingUri: 'https://mlflow.example.com' } }).at(-1)).toEqual([
      '0.0.0.0/0',
      443,
    ]);
    expect(
      egressPorts({
        model: registry,
        mlflow: { trackingUri: 'http://mlflow.internal' },
        network: { mlflowCidr: '10.8.0.0/16' },
      }).at(-1),
    ).toEqual(['10.8.0.0/16', 80]);
    expect(
      egressPorts({
        model: registry,
        mlflow: { trackingUri: 'https://mlflow.example.com' },
        network: { mlflowCidr: '10.8.0.0/16' },
      }).at(-1),
    ).toEqual(['10.8.0.0/16', 443]);
  });

  it('synthesizes the HPA field by field in autoscaled mode', () => {
    expect(only(autoscaled, 'HorizontalPodAutoscaler')).toEqual({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: META,
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: NAME },
        minReplicas: 2,
        maxReplicas: 10,
        metrics: [
          { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
        ],
        behavior: {
          scaleUp: {
            stabilizationWindowSeconds: 0,
            selectPolicy: 'Max',
            policies: [
              { type: 'Percent', value: 100, periodSeconds: 15 },
              { type: 'Pods', value: 4, periodSeconds: 15 },
            ],
          },
          scaleDown: {
            stabilizationWindowSeconds: 300,
            selectPolicy: 'Max',
            policies: [{ type: 'Percent', value: 50, periodSeconds: 60 }],
          },
        },
      },
    });
  });

  it.each(modes)('mounts the resolved config, which parses back to the same config (%s)', (mode, manifests) => {
    const config = configFor(mode as 'autoscaled' | 'static');
    const cm = serverConfigMap(manifests);
    // Immutable and named after its content: a config change is a new ConfigMap, which older
    // ReplicaSets do not see (rollout undo restores the old one); the deploy step keeps it from pruning.
    const hash = only(manifests, 'Deployment').spec.template.metadata.annotations['checksum/config'] as string;
    expect(cm.metadata).toEqual({
      ...META,
      name: `${NAME}-config-${hash.slice(0, 10)}`,
      labels: { ...LABELS, 'toxicity/retain': 'rollback' },
    });
    expect(cm.immutable).toBe(true);
    expect(Object.keys(cm.data).sort()).toEqual(['MODEL_URI', 'toxicity.config.yaml']);
    expect(cm.data.MODEL_URI).toBe(config.model.uri);
    expect(cm.data['toxicity.config.yaml']).toBe(renderServerConfig(config));
    expect(parseConfigText(cm.data['toxicity.config.yaml'] as string, 'mounted config')).toEqual(config);
  });

  it.each(modes)('keeps the contract with the model server (%s)', (_mode, manifests) => {
    const deployment = only(manifests, 'Deployment');
    const c = firstContainer(deployment);
    const env = Object.fromEntries((c.env as Manifest[]).map((e) => [e.name, e]));
    expect(env.PORT.value).toBe(String(c.ports[0].containerPort));
    // The probes go to the admin port (plain HTTP), never the TLS API port.
    const port = c.ports.find((p: Manifest) => p.name === 'admin').containerPort as number;
    expect(env.ADMIN_PORT.value).toBe(String(port));
    expect(env.NODE_ENV.value).toBe('production');
    expect([c.startupProbe.httpGet, c.readinessProbe.httpGet, c.livenessProbe.httpGet]).toEqual([
      { path: '/healthz', port, scheme: 'HTTP' },
      { path: '/readyz', port, scheme: 'HTTP' },
      { path: '/healthz', port, scheme: 'HTTP' },
    ]);
    // TOXICITY_CONFIG names the file the ConfigMap volume projects, mounted read-only.
    const mount = (c.volumeMounts as Manifest[]).find((m) => m.name === 'config')!;
    const volume = (deployment.spec.template.spec.volumes as Manifest[]).find((v) => v.name === 'config')!;
    expect(mount.readOnly).toBe(true);
    expect(env.TOXICITY_CONFIG.value).toBe(`${mount.mountPath}/${volume.configMap.items[0].path}`);
    expect(volume.configMap.name).toBe(serverConfigMap(manifests).metadata.name);
    // The only writable path is /tmp.
    expect((c.volumeMounts as Manifest[]).filter((m) => !m.readOnly).map((m) => m.mountPath as string)).toEqual([
      '/tmp',
    ]);
    expect(c.securityContext.readOnlyRootFilesystem).toBe(true);
    // The JWT secret is a reference, never a literal.
    expect(env.JWT_SECRET).toEqual({
      name: 'JWT_SECRET',
      valueFrom: { secretKeyRef: { name: `${NAME}-jwt`, key: 'jwt-secret' } },
    });
    expect(env.MODEL_URI.valueFrom.configMapKeyRef).toEqual({
      name: serverConfigMap(manifests).metadata.name,
      key: 'MODEL_URI',
    });
    // The grace period covers the preStop pause and the server's drain.
    const preStop = Number(c.lifecycle.preStop.exec.command[1]);
    expect(deployment.spec.template.spec.terminationGracePeriodSeconds).toBeGreaterThan(
      preStop + configFor('autoscaled').server.drainSeconds,
    );
  });

  it.each(modes)('passes the OpenAPI schema, unknown-key and syntax checks (%s)', (_mode, manifests) => {
    expect(manifests.flatMap(anyManifestProblems)).toEqual([]);
  });

  it.each(modes)('passes every hardening rule (%s)', (_mode, manifests) => {
    expect(checkHardening(manifests)).toEqual([]);
  });

  it.each(modes)(
    'selects the same pods from Deployment, Service, HPA, PDB and NetworkPolicy (%s)',
    (mode, manifests) => {
      const deployment = only(manifests, 'Deployment');
      const pods = podLabels(deployment);
      expect(selectorMatches(deployment.spec.selector, pods)).toBe(true);
      expect(selectorMatches({ matchLabels: only(manifests, 'Service').spec.selector }, pods)).toBe(true);
      expect(selectorMatches(only(manifests, 'PodDisruptionBudget').spec.selector, pods)).toBe(true);
      expect(selectorMatches(only(manifests, 'NetworkPolicy').spec.podSelector, pods)).toBe(true);
      // Every selector is exactly the Deployment's: none selects more or fewer pods than it does.
      for (const selector of [
        only(manifests, 'Service').spec.selector,
        only(manifests, 'PodDisruptionBudget').spec.selector.matchLabels,
        only(manifests, 'NetworkPolicy').spec.podSelector.matchLabels,
        ...deployment.spec.template.spec.topologySpreadConstraints.map(
          (t: Manifest) => t.labelSelector.matchLabels as Manifest,
        ),
      ]) {
        expect(selector).toEqual(deployment.spec.selector.matchLabels);
      }
      if (mode === 'autoscaled') {
        const ref = only(manifests, 'HorizontalPodAutoscaler').spec.scaleTargetRef;
        expect(ref).toEqual({
          apiVersion: deployment.apiVersion,
          kind: deployment.kind,
          name: deployment.metadata.name,
        });
      }
      // Pods of another install (another instance) or of kube-dns are not selected.
      const otherInstance = { ...pods, 'app.kubernetes.io/instance': 'canary' };
      expect(selectorMatches(deployment.spec.selector, otherInstance)).toBe(false);
      expect(selectorMatches(only(manifests, 'NetworkPolicy').spec.podSelector, { 'k8s-app': 'kube-dns' })).toBe(false);
    },
  );

  it('maps every relevant config setting onto the manifests', () => {
    const config = configFor('autoscaled', {
      gcp: { projectId: 'acme-prod', region: 'us-central1', zone: 'us-central1-a' },
      app: {
        name: 'tox',
        namespace: 'ml',
        partOf: 'moderation',
        containerPort: 9090,
        adminPort: 9191,
        servicePort: 8080,
        runAsUser: 20000,
      },
      image: { tag: '2.3.4' },
      scaling: { minReplicas: 3, maxReplicas: 6, targetCpuPercent: 50 },
      resources: { cpuRequestMillis: 500, memoryLimitMiB: 1024, ephemeralStorageLimitMiB: 128 },
      service: { externalTrafficPolicy: 'Local', internal: true, loadBalancerSourceRanges: ['10.0.0.0/8'] },
      network: { monitoringNamespace: 'monitoring', dnsAddresses: [], googleApisCidr: '199.36.153.4/30' },
      serviceAccount: { gcpServiceAccount: 'toxicity-api@acme-prod.iam.gserviceaccount.com' },
      auth: { secretName: 'jwt-keys', secretKey: 'current' },
      server: { drainSeconds: 20, requestTimeoutMs: 30000 },
    });
    const ms = synthServing(config);
    // Every namespaced object names the app's namespace, and the chart synthesizes that Namespace.
    expect(ms.filter((m) => m.kind !== 'Namespace').every((m) => m.metadata.namespace === 'ml')).toBe(true);
    expect(only(ms, 'Namespace').metadata).toEqual({
      name: 'ml',
      labels: expect.objectContaining({
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/audit': 'restricted',
        'pod-security.kubernetes.io/warn': 'restricted',
      }),
    });
    expect(new Set(ms.map((m) => m.metadata.labels['app.kubernetes.io/part-of'] as string))).toEqual(
      new Set(['moderation']),
    );
    const d = only(ms, 'Deployment');
    const c = firstContainer(d);
    expect(c.image).toBe('us-central1-docker.pkg.dev/acme-prod/toxicity/toxicity-api:2.3.4');
    expect(d.metadata.labels['app.kubernetes.io/version']).toBe('2.3.4');
    expect(c.ports).toEqual([
      { containerPort: 9090, name: 'https', protocol: 'TCP' },
      { containerPort: 9191, name: 'admin', protocol: 'TCP' },
    ]);
    expect(c.readinessProbe.httpGet.port).toBe(9191);
    expect(c.env.find((e: Manifest) => e.name === 'PORT').value).toBe('9090');
    expect(c.securityContext.runAsUser).toBe(20000);
    expect(c.resources.requests.cpu).toBe('500m');
    expect(c.resources.limits.memory).toBe('1Gi');
    expect(c.resources.limits['ephemeral-storage']).toBe('128Mi');
    expect(d.spec.template.spec.volumes[0].emptyDir.sizeLimit).toBe('128Mi');
    expect(c.env.find((e: Manifest) => e.name === 'JWT_SECRET').valueFrom.secretKeyRef).toEqual({
      name: 'jwt-keys',
      key: 'current',
    });
    expect(d.spec.template.spec.terminationGracePeriodSeconds).toBe(10 + 20 + 30 + 5);
    const hpa = only(ms, 'HorizontalPodAutoscaler');
    expect([
      hpa.spec.minReplicas,
      hpa.spec.maxReplicas,
      hpa.spec.metrics[0].resource.target.averageUtilization,
    ]).toEqual([3, 6, 50]);
    const svc = only(ms, 'Service');
    expect(svc.metadata.annotations).toEqual({ 'networking.gke.io/load-balancer-type': 'Internal' });
    expect(svc.spec).toMatchObject({
      externalTrafficPolicy: 'Local',
      loadBalancerSourceRanges: ['10.0.0.0/8'],
      ports: [{ name: 'https', port: 8080, targetPort: 9090, protocol: 'TCP' }],
    });
    expect(only(ms, 'ServiceAccount').metadata.annotations).toEqual({
      'iam.gke.io/gcp-service-account': 'toxicity-api@acme-prod.iam.gserviceaccount.com',
    });
    const np = only(ms, 'NetworkPolicy');
    expect(np.spec.ingress[0].ports).toEqual([{ port: 9090, protocol: 'TCP' }]);
    expect(np.spec.ingress[1].from[0].namespaceSelector.matchLabels).toEqual({
      'kubernetes.io/metadata.name': 'monitoring',
    });
    expect(np.spec.egress.some((r: Manifest) => r.to[0].ipBlock?.cidr === '169.254.20.10/32')).toBe(false);
    expect(np.spec.egress.at(-1)).toEqual({
      to: [{ ipBlock: { cidr: '199.36.153.4/30' } }],
      ports: [{ port: 443, protocol: 'TCP' }],
    });
    expect(serverConfigMap(ms).data.MODEL_URI).toBe('gs://acme-prod-toxicity-models/toxic-detector/champion');
    expect(ms.flatMap(anyManifestProblems)).toEqual([]);
    expect(checkHardening(ms)).toEqual([]);
  });

  it('throws when the app name is a valid label but not a valid Service name, naming field and value', () => {
    expect(() => synthServing(configFor('autoscaled', { app: { name: '1tox' } }))).toThrow(
      'ToxicityApi: \'name\' must be a DNS-1035 label (a lower-case letter, then alphanumerics and "-", at most 63), got "1tox"',
    );
  });

  it('throws when the image tag cannot be a label value, naming it', () => {
    const tag = `v${'1'.repeat(70)}`;
    expect(() => synthServing(configFor('autoscaled', { image: { tag } }))).toThrow(
      `recommendedLabels: 'version' must be a non-empty label value (at most 63 alphanumerics, "-", "_", "."), got "${tag}"`,
    );
  });

  it('can host further constructs next to the API (the monitoring extension point)', () => {
    const chart = new ServingChart(new App({ outdir: '/nonexistent-not-written' }), 'toxicity-serving', {
      config: configFor('autoscaled'),
    });
    expect(chart.api.selectorLabels).toEqual(SELECTOR);
    expect(chart.api.containerPort).toBe(8080);
    expect(chart.namespace).toBe('toxicity');
  });

  it('matches the snapshot of both modes', () => {
    expect({ autoscaled, static: fixed }).toMatchSnapshot();
  });
});

describe('renderServerConfig', () => {
  it('writes a commented YAML document of the whole config', () => {
    const config = configFor('static');
    const text = renderServerConfig(config);
    expect(text.startsWith('# Resolved toxicity config')).toBe(true);
    expect(parseYaml(text)).toEqual(JSON.parse(JSON.stringify(config)));
  });
});

describe('ServingChart in the Gateway edge mode', () => {
  const gatewayConfig = (tls: 'pod' | 'none') =>
    configFor('autoscaled', { edge: { mode: 'gateway', hostname: 'toxicity.acme.test', tls } });

  it('puts a ClusterIP Service with NEGs behind the Gateway, routes and policies naming the same Service', () => {
    const objects = synthServing(gatewayConfig('pod'));
    const service = only(objects, 'Service');
    expect(service.spec.type).toBe('ClusterIP');
    expect(service.spec.externalTrafficPolicy).toBeUndefined();
    expect(service.spec.loadBalancerSourceRanges).toBeUndefined();
    expect(JSON.parse(service.metadata.annotations['cloud.google.com/neg'])).toEqual({ ingress: true });
    expect(JSON.parse(service.metadata.annotations['cloud.google.com/app-protocols'])).toEqual({ https: 'HTTPS' });
    expect(service.spec.ports.map((p: Manifest) => p.port)).toEqual([443]);
    const route = objects.find((o) => o.kind === 'HTTPRoute' && o.metadata.name === NAME)!;
    expect(route.spec.rules[0].backendRefs).toEqual([{ name: service.metadata.name, port: 443 }]);
    for (const kind of ['HealthCheckPolicy', 'GCPBackendPolicy']) {
      expect(only(objects, kind).spec.targetRef.name).toBe(service.metadata.name);
    }
    const gateway = only(objects, 'Gateway');
    expect(gateway.spec.addresses[0].value).toBe(`${NAME}-ip`);
  });

  it('lets the load balancer wait longer than the server and drain as long as a pod terminates', () => {
    const objects = synthServing(gatewayConfig('pod'));
    const backend = only(objects, 'GCPBackendPolicy').spec.default;
    const deployment = only(objects, 'Deployment');
    expect(backend.timeoutSec).toBeGreaterThan(10);
    expect(backend.connectionDraining.drainingTimeoutSec).toBe(
      deployment.spec.template.spec.terminationGracePeriodSeconds,
    );
  });

  it('speaks HTTP to pods that serve no TLS, without the HTTPS app-protocol', () => {
    const objects = synthServing(gatewayConfig('none'));
    const service = only(objects, 'Service');
    expect(service.metadata.annotations['cloud.google.com/app-protocols']).toBeUndefined();
    expect(service.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }]);
  });

  it('has no Gateway objects in the loadBalancer mode', () => {
    const kinds = kindsOf(synthServing(configFor('autoscaled')));
    for (const kind of ['Gateway', 'HTTPRoute', 'HealthCheckPolicy', 'GCPBackendPolicy'])
      expect(kinds).not.toContain(kind);
  });
});

describe('ServingChart: where the NetworkPolicy admits the public port from', () => {
  const ingress = (overrides: Record<string, Record<string, unknown>>) => {
    const policy = only(synthServing(configFor('autoscaled', overrides)), 'NetworkPolicy');
    return (policy.spec.ingress as Manifest[])
      .filter((r) => r.from[0].ipBlock)
      .map((r) => [r.from[0].ipBlock.cidr, r.ports[0].port]);
  };

  it("admits only Google's front ends in Gateway mode, on the API port and (health checks) the admin port", () => {
    expect(ingress({ edge: { mode: 'gateway', hostname: 'toxicity.acme.test' } })).toEqual([
      ['35.191.0.0/16', 8080],
      ['130.211.0.0/22', 8080],
      ['35.191.0.0/16', 9090],
      ['130.211.0.0/22', 9090],
    ]);
  });

  it('admits the configured source ranges when the pods see client addresses (externalTrafficPolicy Local)', () => {
    expect(
      ingress({ service: { externalTrafficPolicy: 'Local', loadBalancerSourceRanges: ['203.0.113.0/24'] } }),
    ).toEqual([['203.0.113.0/24', 8080]]);
  });

  it('admits every source when the node SNATs clients (Cluster) or no range is configured, never the admin port', () => {
    expect(ingress({ service: { loadBalancerSourceRanges: ['203.0.113.0/24'] } })).toEqual([['0.0.0.0/0', 8080]]);
    expect(ingress({})).toEqual([['0.0.0.0/0', 8080]]);
  });
});
