import { App } from 'cdk8s';
import { MlflowChart } from '../../charts/mlflow-chart';
import { type AppConfig, parseConfig } from '../../src/config';
import { MLFLOW_ENV, MlflowServer } from '../../src/constructs/mlflow-server';
import { type Manifest, only, synthConstructs } from '../support/k8s-manifests';
import { manifestProblems, schemaErrors } from '../support/k8s-validate';
import { secretSyncSchemaErrors } from '../support/secret-sync-crds';

function synthMlflow(config: AppConfig): Manifest[] {
  const app = new App({ outdir: '/nonexistent-not-written' });
  return new MlflowChart(app, 'toxicity-mlflow', { config }).toJson() as Manifest[];
}

const config = parseConfig({
  gcp: { projectId: 'acme-prod' },
  app: { namespace: 'ml' },
  mlflow: { server: { internalAddress: '10.10.0.50' } },
  pipeline: { workerPoolCidr: '10.20.0.0/24' },
});
const ms = synthMlflow(config);
const deployment = only(ms, 'Deployment');
const pod = deployment.spec.template.spec as Manifest;
const mlflow = pod.containers[0] as Manifest;
const env = (name: string) => (mlflow.env as Manifest[]).find((e) => e.name === name);

describe('MlflowChart', () => {
  it('synthesizes schema-valid objects: ServiceAccount, Deployment, credentials sync, two Services, NetworkPolicy, PDB', () => {
    expect(ms.map((m) => m.kind)).toEqual([
      'ServiceAccount',
      'Deployment',
      'SecretProviderClass',
      'SecretSync',
      'Service',
      'Service',
      'NetworkPolicy',
      'PodDisruptionBudget',
    ]);
    // The unknown-key check reads the Kubernetes 1.27 types; native sidecars (restartPolicy on an init
    // container) came in 1.28 and are checked by the 1.33 schema (schemaErrors) instead.
    const sidecarKey = 'Deployment/mlflow unknown key /spec/template/spec/initContainers/0/restartPolicy';
    const builtIn = ms.filter((m) => !['SecretProviderClass', 'SecretSync'].includes(m.kind as string));
    expect(builtIn.flatMap(manifestProblems).filter((p) => p !== sidecarKey)).toEqual([]);
    expect(ms.filter((m) => !builtIn.includes(m)).flatMap(secretSyncSchemaErrors)).toEqual([]);
    expect(schemaErrors(deployment)).toEqual([]);
    expect(ms.every((m) => m.metadata.namespace === 'ml')).toBe(true);
  });

  it('runs the pinned image non-root on a read-only root, with probes on /health and resources', () => {
    expect(mlflow.image).toBe('europe-west1-docker.pkg.dev/acme-prod/toxicity/mlflow-server:3.17.2');
    expect(mlflow.securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser: 10001,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    });
    for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
      expect(mlflow[probe].httpGet).toMatchObject({ path: '/health', port: 5000 });
    }
    expect(mlflow.resources.limits).toMatchObject({ cpu: '1', memory: '1536Mi' });
    expect(deployment.spec.replicas).toBe(2);
  });

  it('starts with a PostgreSQL backend through the proxy, proxied gs:// artifacts, basic-auth and a migration', () => {
    const script = mlflow.args[0] as string;
    expect(mlflow.command).toEqual(['/bin/sh', '-c']);
    expect(script).toContain('mlflow db upgrade "$MLFLOW_BACKEND_STORE_URI"');
    expect(script).toContain('--serve-artifacts --artifacts-destination gs://acme-prod-toxicity-mlflow');
    expect(script).toContain('--app-name basic-auth');
    expect(script.indexOf('db upgrade')).toBeLessThan(script.indexOf('exec mlflow server'));
    expect(env(MLFLOW_ENV.backendStoreUri)?.value).toBe(
      'postgresql+psycopg2://mlflow:$(MLFLOW_DB_PASSWORD)@127.0.0.1:5432/mlflow',
    );
    expect(env(MLFLOW_ENV.allowedHosts)?.value).toContain('mlflow.ml.svc.cluster.local:*');
    expect(env(MLFLOW_ENV.allowedHosts)?.value).toContain('10.10.0.50:*');
  });

  it('takes every credential from the Secret synced from Secret Manager, never a value', () => {
    expect(env(MLFLOW_ENV.databasePassword)).toEqual({
      name: 'MLFLOW_DB_PASSWORD',
      valueFrom: { secretKeyRef: { name: 'mlflow-credentials', key: 'db-password' } },
    });
    expect(env(MLFLOW_ENV.adminPassword)).toEqual({
      name: 'MLFLOW_AUTH_ADMIN_PASSWORD',
      valueFrom: { secretKeyRef: { name: 'mlflow-credentials', key: 'admin-password' } },
    });
    const text = JSON.stringify(ms);
    expect(text).not.toMatch(/password\s*=\s*[^$\s]/i);
  });

  it('syncs that Secret from the three Secret Manager secrets of the config, read as the MLflow ServiceAccount', () => {
    const sync = only(ms, 'SecretSync');
    const spc = only(ms, 'SecretProviderClass');
    expect(sync.metadata.name).toBe(config.mlflow.server.credentialsSecret);
    expect(sync.spec.serviceAccountName).toBe(only(ms, 'ServiceAccount').metadata.name);
    expect(sync.spec.secretProviderClassName).toBe(spc.metadata.name);
    // Every key the Deployment reads from the Secret is synced, and nothing else.
    const read = [...pod.containers, ...pod.initContainers]
      .flatMap((c: Manifest) => (c.env ?? []) as Manifest[])
      .filter((e) => e.valueFrom?.secretKeyRef?.name === config.mlflow.server.credentialsSecret)
      .map((e) => e.valueFrom.secretKeyRef.key as string);
    expect((sync.spec.secretObject.data as Manifest[]).map((d) => d.targetKey).sort()).toEqual(
      [...new Set(read)].sort(),
    );
    for (const secret of ['mlflow-db-password', 'mlflow-admin-password', 'mlflow-flask-secret-key']) {
      expect(spc.spec.parameters.secrets).toContain(`projects/acme-prod/secrets/${secret}/versions/latest`);
    }
  });

  it('refuses, at synth, a config without a Secret Manager secret for a credential', () => {
    expect(() => parseConfig({ mlflow: { server: { flaskSecretKeySecret: '' } } })).toThrow(
      /mlflow\/server\/flaskSecretKeySecret/,
    );
  });

  it('runs the Cloud SQL Auth Proxy as a native sidecar for the configured instance, under Workload Identity', () => {
    expect(pod.initContainers).toHaveLength(1);
    const proxy = pod.initContainers[0] as Manifest;
    expect(proxy).toMatchObject({
      name: 'cloud-sql-proxy',
      image: 'gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.18.2',
      restartPolicy: 'Always',
    });
    expect(proxy.args).toContain('acme-prod:europe-west1:toxicity-mlflow');
    expect(proxy.args).toContain('--address=127.0.0.1');
    expect(only(ms, 'ServiceAccount').metadata.annotations).toEqual({
      'iam.gke.io/gcp-service-account': 'toxicity-mlflow@acme-prod.iam.gserviceaccount.com',
    });
  });

  it('exposes a ClusterIP Service and an internal passthrough LoadBalancer on the reserved address', () => {
    const [cluster, internal] = ms.filter((m) => m.kind === 'Service');
    expect(cluster.spec).toMatchObject({ type: 'ClusterIP', ports: [{ port: 5000 }] });
    expect(internal.metadata.annotations).toEqual({ 'networking.gke.io/load-balancer-type': 'Internal' });
    expect(internal.spec).toMatchObject({
      type: 'LoadBalancer',
      loadBalancerIP: '10.10.0.50',
      loadBalancerSourceRanges: ['10.20.0.0/24'],
    });
    const noAddress = synthMlflow(parseConfig({ mlflow: { server: { internalAddress: null } } }));
    expect(noAddress.filter((m) => m.kind === 'Service')).toHaveLength(1);
  });

  it('admits only the API pods, the trainer pods and the build pool range, on the MLflow port', () => {
    const np = only(ms, 'NetworkPolicy');
    expect(np.spec.ingress).toEqual([
      {
        from: [
          {
            podSelector: {
              matchLabels: {
                'app.kubernetes.io/name': 'mlops-toxic-detection-api',
                'app.kubernetes.io/instance': 'mlops-toxic-detection-api',
              },
            },
          },
          {
            podSelector: {
              matchLabels: { 'app.kubernetes.io/part-of': 'toxicity', 'app.kubernetes.io/component': 'trainer' },
            },
          },
          { ipBlock: { cidr: '10.20.0.0/24' } },
        ],
        ports: [{ port: 5000, protocol: 'TCP' }],
      },
    ]);
    expect(np.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(only(ms, 'PodDisruptionBudget').spec.maxUnavailable).toBe(1);
  });

  it('refuses bad props with the field and the value', () => {
    const base = {
      name: 'mlflow',
      namespace: 'ml',
      labels: { a: 'b' },
      selectorLabels: { a: 'b' },
      image: 'r/x/mlflow:1',
      cloudSql: { instance: 'p:europe-west1:i', database: 'd', user: 'u', proxyImage: 'r/p:2' },
      artifactsDestination: 'gs://bucket',
      credentialsSecret: 's',
      credentials: {
        projectId: 'acme-prod',
        databasePasswordSecret: 'db',
        adminPasswordSecret: 'admin',
        flaskSecretKeySecret: 'flask',
      },
      gcpServiceAccount: 'sa@p.iam.gserviceaccount.com',
      clients: { podSelectors: [{ a: 'b' }], cidrs: [] },
      egress: { dnsAddresses: [], metadataServer: [], googleApisCidr: '0.0.0.0/0' },
    };
    const build = (over: Record<string, unknown>) => () =>
      synthConstructs((s) => new MlflowServer(s, 'M', { ...base, ...over }));
    expect(build({})).not.toThrow();
    expect(build({ artifactsDestination: '/local/path' })).toThrow(
      "MlflowServer: 'artifactsDestination' must be gs://bucket[/prefix]",
    );
    expect(build({ cloudSql: { ...base.cloudSql, instance: 'nope' } })).toThrow(
      "MlflowServer: 'cloudSql.instance' must be project:region:instance",
    );
    expect(build({ clients: { podSelectors: [], cidrs: [] } })).toThrow(
      "MlflowServer: 'clients' must admit at least one client",
    );
    expect(build({ image: 'r/x/mlflow' })).toThrow('MlflowServer');
    expect(build({ credentials: { ...base.credentials, adminPasswordSecret: undefined } })).toThrow(
      "MlflowServer: 'credentials.adminPasswordSecret' must name the Secret Manager secret the Secret is synced from",
    );
  });
});
