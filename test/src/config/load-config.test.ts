import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ConfigError,
  applyEnvOverrides,
  imageReference,
  parseConfig,
  parseConfigText,
  parseEnv,
} from '../../../src/config';

function problemsOf(fn: () => unknown): readonly string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('resolves an empty file to the original system defaults', () => {
    const c = parseConfig({});
    expect(c.gcp).toEqual({ projectId: 'my-gcp-project', region: 'europe-west1', zone: 'europe-west1-b' });
    expect(c.cluster).toEqual({ name: 'mlops-toxic-detection-cluster', location: 'europe-west1-b' });
    expect(c.app.name).toBe('mlops-toxic-detection-api');
    expect(c.app.containerPort).toBe(8080);
    // The original system listened on 80 in clear; the pods now serve TLS, on 443.
    expect(c.app.servicePort).toBe(443);
    expect(c.app.adminPort).toBe(9090);
    expect(c.edge).toEqual({
      mode: 'loadBalancer',
      tls: 'pod',
      tlsSecretName: 'mlops-toxic-detection-api-tls',
      tlsReloadSeconds: 30,
      allowPlainHttp: false,
      hostname: null,
      gateway: {
        certificateMapName: 'mlops-toxic-detection-api-certs',
        securityPolicyName: 'mlops-toxic-detection-api-armor',
        rateLimitPerMinute: 1200,
        banThresholdPerMinute: 3000,
        banSeconds: 300,
        armorPreview: false,
      },
    });
    expect(c.server.keepAliveTimeoutSeconds).toBe(5);
    expect(c.scaling).toEqual({
      mode: 'autoscaled',
      replicas: 3,
      minReplicas: 2,
      maxReplicas: 10,
      targetCpuPercent: 70,
    });
    expect(imageReference(c)).toBe('europe-west1-docker.pkg.dev/my-gcp-project/toxicity/toxicity-api:1.0.0');
  });

  it('derives buckets, model URI and secret name from other settings', () => {
    const c = parseConfig({ gcp: { projectId: 'acme-prod' }, app: { name: 'tox' } });
    expect(c.buckets).toEqual({ models: 'acme-prod-toxicity-models', data: 'acme-prod-toxicity-data' });
    expect(c.model.uri).toBe('gs://acme-prod-toxicity-models/toxic-detector/champion');
    expect(c.model.championStore).toBe('gs://acme-prod-toxicity-models');
    expect(c.mlflow.server.cloudSqlInstance).toBe('acme-prod:europe-west1:toxicity-mlflow');
    expect(c.mlflow.server.artifactBucket).toBe('acme-prod-toxicity-mlflow');
    expect(c.auth.secretName).toBe('tox-jwt');
    expect(c.pipeline.serviceAccount).toBe('toxicity-builder@acme-prod.iam.gserviceaccount.com');
  });

  it('keeps explicit values over derived ones', () => {
    const c = parseConfig({ buckets: { models: 'my-models' }, pipeline: { serviceAccount: null } });
    expect(c.buckets.models).toBe('my-models');
    expect(parseConfig({ model: { name: 'tox' } }).model.uri).toBe('gs://my-gcp-project-toxicity-models/tox/champion');
    expect(parseConfig({ model: { name: 'tox', championStore: null } }).model.uri).toBe('models:/tox@champion');
    expect(c.pipeline.serviceAccount).toBeNull();
  });

  it('returns a frozen object', () => {
    const c = parseConfig({});
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(c.scaling)).toBe(true);
  });

  it('throws when a setting has the wrong type, naming the field and the value', () => {
    expect(problemsOf(() => parseConfig({ scaling: { minReplicas: 'two' } }))).toEqual([
      '/scaling/minReplicas: must be integer, got "two"',
    ]);
  });

  it('reports every problem at once', () => {
    const problems = problemsOf(() =>
      parseConfig({
        app: { containerPort: 70000, name: 'Bad_Name' },
        scaling: { targetCpuPercent: 0 },
        gcp: { zone: 'x' },
      }),
    );
    expect(problems).toHaveLength(4);
    expect(problems).toEqual(
      expect.arrayContaining([
        '/app/containerPort: must be <= 65535, got 70000',
        '/app/name: must match pattern "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", got "Bad_Name"',
        '/scaling/targetCpuPercent: must be >= 1, got 0',
      ]),
    );
  });

  it('throws when a key is misspelled, suggesting the nearest setting', () => {
    expect(problemsOf(() => parseConfig({ scaling: { maxReplica: 5 } }))).toEqual([
      '/scaling/maxReplica: unknown setting (did you mean "maxReplicas"?)',
    ]);
    expect(problemsOf(() => parseConfig({ scalling: {} }))).toEqual([
      '/scalling: unknown setting (did you mean "scaling"?)',
    ]);
  });

  it('lists the settings of that section when no setting is close to an unknown key', () => {
    expect(problemsOf(() => parseConfig({ scaling: { colour: 'red' } }))).toEqual([
      '/scaling/colour: unknown setting (settings here: mode, replicas, minReplicas, maxReplicas, targetCpuPercent)',
    ]);
  });

  it('throws when a value is not one of the allowed ones, listing them and suggesting the nearest', () => {
    expect(problemsOf(() => parseConfig({ scaling: { mode: 'autoscale' } }))).toEqual([
      '/scaling/mode: must be one of "autoscaled", "static", got "autoscale" (did you mean "autoscaled"?)',
    ]);
    expect(problemsOf(() => parseConfig({ scaling: { mode: 'sometimes' } }))).toEqual([
      '/scaling/mode: must be one of "autoscaled", "static", got "sometimes"',
    ]);
  });

  it('throws when the image tag is latest', () => {
    expect(problemsOf(() => parseConfig({ image: { tag: 'latest' } }))).toEqual([
      '/image/tag: must not be "latest" (pin a version), got "latest"',
    ]);
  });

  it('throws when minReplicas exceeds maxReplicas', () => {
    expect(problemsOf(() => parseConfig({ scaling: { minReplicas: 5, maxReplicas: 4 } }))).toEqual([
      '/scaling/minReplicas: must be <= maxReplicas (4), got 5',
    ]);
  });

  it('throws when a request exceeds its limit', () => {
    expect(problemsOf(() => parseConfig({ resources: { memoryRequestMiB: 1024, memoryLimitMiB: 512 } }))).toEqual([
      '/resources/memoryRequestMiB: must be <= memoryLimitMiB (512), got 1024',
    ]);
  });

  it('throws when the cluster is outside the region', () => {
    expect(problemsOf(() => parseConfig({ cluster: { location: 'us-central1-a' } }))).toEqual([
      '/cluster/location: must be in region europe-west1, got "us-central1-a"',
    ]);
  });

  it('throws when the top level is not a mapping', () => {
    expect(problemsOf(() => parseConfig([1, 2]))).toEqual(['the top level must be a mapping, got [1,2]']);
  });

  it('defaults the monitoring settings and accepts explicit ones', () => {
    expect(parseConfig({}).monitoring).toEqual({
      flavour: 'managed',
      scrapeIntervalSeconds: 30,
      latencyP95ThresholdMs: 500,
      errorRatioThresholdPercent: 5,
      extraLabels: {},
      dashboardNamespace: null,
      runbookUrl: null,
      drift: {
        toxicLabel: 'toxic',
        toxicRatePercent: 30,
        lowConfidencePercent: 80,
        psiThreshold: 0.2,
        psiMinComments: 500,
      },
    });
    const monitoring = {
      flavour: 'operator',
      scrapeIntervalSeconds: 75,
      latencyP95ThresholdMs: 1000,
      errorRatioThresholdPercent: 2.5,
      extraLabels: { release: 'kube-prometheus-stack', 'example.com/team': 'ml' },
      dashboardNamespace: 'grafana',
      runbookUrl: 'https://wiki.example.com/toxicity/runbook',
      drift: {
        toxicLabel: 'insult',
        toxicRatePercent: 50,
        lowConfidencePercent: 90,
        psiThreshold: 0.25,
        psiMinComments: 100,
      },
    };
    expect(parseConfig({ monitoring }).monitoring).toEqual(monitoring);
  });

  it('throws when monitoring settings are out of range, naming each field and value', () => {
    expect(
      problemsOf(() =>
        parseConfig({
          monitoring: {
            scrapeIntervalSeconds: 90,
            latencyP95ThresholdMs: 0,
            errorRatioThresholdPercent: 100,
            extraLabels: { release: 'has space' },
            dashboardNamespace: 'Grafana',
            runbookUrl: 'https://wiki.example.com/page#anchor',
          },
        }),
      ),
    ).toEqual([
      '/monitoring/scrapeIntervalSeconds: must be <= 75, got 90',
      '/monitoring/latencyP95ThresholdMs: must be >= 1, got 0',
      '/monitoring/errorRatioThresholdPercent: must be < 100, got 100',
      '/monitoring/extraLabels/release: must match pattern "^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$", got "has space"',
      '/monitoring/dashboardNamespace: must match pattern "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", got "Grafana"',
      '/monitoring/runbookUrl: must match pattern "^https?://[^\\s#]+$", got "https://wiki.example.com/page#anchor"',
    ]);
  });

  it('does not change the object it is given', () => {
    const input = { scaling: { mode: 'static' } };
    parseConfig(input);
    expect(input).toEqual({ scaling: { mode: 'static' } });
  });
});

describe('parseConfigText', () => {
  it('accepts the committed toxicity.config.yaml', () => {
    const text = readFileSync(join(__dirname, '../../../toxicity.config.yaml'), 'utf8');
    expect(parseConfigText(text, 'toxicity.config.yaml').app.name).toBe('mlops-toxic-detection-api');
  });

  it('throws when the text is not YAML, naming the source', () => {
    expect(() => parseConfigText('a: [1, 2', 'my.yaml')).toThrow(/invalid config in my.yaml:\n {2}- not valid YAML/);
  });
});

describe('applyEnvOverrides', () => {
  it('overrides single settings from the parsed environment', () => {
    const raw = applyEnvOverrides(
      { app: { name: 'x' } },
      parseEnv({ PORT: '9090', MODEL_URI: 'file:///tmp/m.json', HOME: '/root' }),
    );
    expect(raw).toEqual({ app: { name: 'x', containerPort: 9090 }, model: { uri: 'file:///tmp/m.json' } });
  });

  it('lets validation reject an environment value the config does not allow', () => {
    const raw = applyEnvOverrides({}, parseEnv({ PORT: '80', MODEL_URI: '' }));
    expect(raw).toEqual({ app: { containerPort: 80 } });
    expect(problemsOf(() => parseConfig({ ...(raw as object), app: { containerPort: 80, servicePort: 80 } }))).toEqual([
      '/app/containerPort: must be >= 1024, got 80',
    ]);
  });

  it('ignores empty variables', () => {
    expect(applyEnvOverrides({}, parseEnv({ PORT: '' }))).toEqual({});
  });

  it('refuses plain HTTP on the public port unless edge.allowPlainHttp says so, naming the setting', () => {
    expect(() => parseConfig({ edge: { tls: 'none' } })).toThrow(
      /\/edge\/allowPlainHttp: must be true to expose the API in plain HTTP \(edge\.tls: none\)/,
    );
    const plain = parseConfig({ edge: { tls: 'none', allowPlainHttp: true } });
    expect(plain.app.servicePort).toBe(80);
  });

  it("accepts the Gateway mode with a hostname, keeping connections alive past the load balancer's 600 s", () => {
    const c = parseConfig({ edge: { mode: 'gateway', hostname: 'toxicity.acme.test', tls: 'none' } });
    expect(c.edge.mode).toBe('gateway');
    expect(c.server.keepAliveTimeoutSeconds).toBeGreaterThan(600);
    // The pods' hop is inside the VPC behind an HTTPS edge: no plain-HTTP opt-in is needed.
    expect(c.app.servicePort).toBe(80);
  });

  it('refuses the Gateway mode without a hostname, or with settings of the L4 balancer, naming each setting', () => {
    let message = '';
    try {
      parseConfig({
        edge: {
          mode: 'gateway',
          allowPlainHttp: true,
          gateway: { rateLimitPerMinute: 100, banThresholdPerMinute: 50 },
        },
        service: { loadBalancerSourceRanges: ['203.0.113.0/24'], internal: true },
      });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/\/edge\/hostname: must be set with edge\.mode: gateway/);
    expect(message).toMatch(/\/service\/loadBalancerSourceRanges: applies to the L4 LoadBalancer only/);
    expect(message).toMatch(/\/service\/internal: an internal load balancer contradicts edge\.mode: gateway/);
    expect(message).toMatch(/\/edge\/allowPlainHttp: has no meaning with edge\.mode: gateway/);
    expect(message).toMatch(/\/edge\/gateway\/banThresholdPerMinute: must be >= rateLimitPerMinute \(100\), got 50/);
  });

  it('refuses a hostname that is not a fully qualified name', () => {
    expect(() => parseConfig({ edge: { mode: 'gateway', hostname: '*.acme.test' } })).toThrow(
      /\/edge\/hostname: must match pattern/,
    );
  });

  it('refuses an admin port equal to the API port', () => {
    expect(() => parseConfig({ app: { containerPort: 9000, adminPort: 9000 } })).toThrow(
      /\/app\/adminPort: must differ from app\.containerPort \(9000\), got 9000/,
    );
  });
});

describe('parseConfig: the infra slice', () => {
  it('derives the globally unique names from the project id and the API account by default', () => {
    const c = parseConfig({ gcp: { projectId: 'acme-prod' }, app: { name: 'tox' } });
    expect(c.infra.buckets).toMatchObject({
      mlflowArtifacts: 'acme-prod-toxicity-mlflow',
      buildLogs: 'acme-prod-toxicity-build-logs',
    });
    expect(c.infra.apiAddressName).toBe('tox-ip');
    expect(c.serviceAccount.gcpServiceAccount).toBe('toxicity-api@acme-prod.iam.gserviceaccount.com');
    expect(parseConfig({ serviceAccount: { gcpServiceAccount: null } }).serviceAccount.gcpServiceAccount).toBeNull();
  });

  it('reports every infra problem at once', () => {
    expect(() =>
      parseConfig({
        infra: {
          nodePool: { minNodes: 5, maxNodes: 2 },
          network: { masterCidr: '172.16.0.0/24' },
          projectNumber: 'abc',
          nope: 1,
        },
      }),
    ).toThrow(
      expect.objectContaining({
        problems: expect.arrayContaining([
          expect.stringMatching(/^\/infra\/nope: unknown setting \(settings here: .*nodePool/),
          expect.stringMatching(/^\/infra\/network\/masterCidr: must match pattern/),
          expect.stringMatching(/^\/infra\/projectNumber: must match pattern/),
        ]),
      }),
    );
    expect(() => parseConfig({ infra: { nodePool: { minNodes: 5, maxNodes: 2 } } })).toThrow(
      '/infra/nodePool/minNodes: must be <= maxNodes (2), got 5',
    );
  });
});

describe('the infrastructure names of MLflow', () => {
  it('follow the MLflow server settings, so the binding, bucket, database and pool match what the server uses', () => {
    const c = parseConfig({
      app: { namespace: 'scoring' },
      mlflow: {
        server: {
          name: 'tracking',
          gcpServiceAccount: 'ml-tracking@p-1.iam.gserviceaccount.com',
          cloudSqlInstance: 'p-1:europe-west1:tracking-db',
          database: 'runs',
          databaseUser: 'tracker',
          databasePasswordSecret: 'tracking-db-password',
          artifactBucket: 'p-1-tracking-artifacts',
        },
      },
      pipeline: { workerPool: 'builds' },
    });
    expect(c.infra.serviceAccounts.mlflow).toBe('ml-tracking');
    expect(c.infra.serviceAccounts.mlflowKubernetesServiceAccount).toBe('scoring/tracking');
    expect(c.infra.database).toMatchObject({
      instance: 'tracking-db',
      database: 'runs',
      user: 'tracker',
      passwordSecret: 'tracking-db-password',
    });
    expect(c.infra.buckets.mlflowArtifacts).toBe('p-1-tracking-artifacts');
    expect(c.infra.build.workerPool).toBe('builds');
  });

  it('can still be set apart in the infra slice', () => {
    const c = parseConfig({ infra: { serviceAccounts: { mlflowKubernetesServiceAccount: 'mlflow/mlflow' } } });
    expect(c.infra.serviceAccounts.mlflowKubernetesServiceAccount).toBe('mlflow/mlflow');
  });
});
