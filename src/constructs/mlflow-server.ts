import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import {
  checkCidr,
  checkInteger,
  checkLabels,
  checkName,
  checkNonEmpty,
  checkPinnedImage,
  propError,
} from './prop-checks';
import { SecretManagerSync } from './secret-manager-sync';

/** Keys of the credentials Secret (synced from Secret Manager by a SecretSync; never a value in git). */
export const MLFLOW_SECRET_KEYS = {
  databasePassword: 'db-password',
  adminPassword: 'admin-password',
  /** Flask secret for the basic-auth app's CSRF tokens, the same for every replica. */
  flaskSecretKey: 'flask-secret-key',
} as const;

/** Environment variable names of the MLflow container (MLflow's own where it has one). */
export const MLFLOW_ENV = {
  databasePassword: 'MLFLOW_DB_PASSWORD',
  backendStoreUri: 'MLFLOW_BACKEND_STORE_URI',
  /** Read by MLflow's basic-auth app when it creates the admin user on an empty user store. */
  adminUsername: 'MLFLOW_AUTH_ADMIN_USERNAME',
  adminPassword: 'MLFLOW_AUTH_ADMIN_PASSWORD',
  flaskSecretKey: 'MLFLOW_FLASK_SERVER_SECRET_KEY',
  authConfigPath: 'MLFLOW_AUTH_CONFIG_PATH',
  host: 'MLFLOW_HOST',
  port: 'MLFLOW_PORT',
  allowedHosts: 'MLFLOW_SERVER_ALLOWED_HOSTS',
} as const;

/** Port the Cloud SQL Auth Proxy listens on inside the pod (127.0.0.1 only). */
export const CLOUD_SQL_PROXY_PORT = 5432;

export interface MlflowServerProps {
  /** Name of every object and `app.kubernetes.io/name` of the pods. */
  readonly name: string;
  /** Namespace (for the in-cluster host name MLflow accepts). */
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly selectorLabels: Readonly<Record<string, string>>;
  /** MLflow server image with psycopg2 and google-cloud-storage, pinned by tag or digest. */
  readonly image: string;
  /** @default 5000 */
  readonly port?: number;
  /** @default 2 */
  readonly replicas?: number;
  /** UID/GID (≥ 10000). @default 10001 */
  readonly runAsUser?: number;
  /** Cloud SQL for PostgreSQL, reached through the Auth Proxy sidecar. */
  readonly cloudSql: {
    /** `project:region:instance` */
    readonly instance: string;
    readonly database: string;
    readonly user: string;
    /** Auth Proxy image, pinned. */
    readonly proxyImage: string;
  };
  /** `gs://bucket[/prefix]` the server proxies artifacts to (`--artifacts-destination`). */
  readonly artifactsDestination: string;
  /** Kubernetes Secret holding `MLFLOW_SECRET_KEYS`, synced from Secret Manager (`credentials`). */
  readonly credentialsSecret: string;
  /**
   * Where the Secret's values live: Secret Manager secret ids (their `latest` version) in a project.
   * Required: the pods cannot start without the Secret, and its values are never in a manifest.
   */
  readonly credentials: {
    readonly projectId: string;
    readonly databasePasswordSecret: string;
    readonly adminPasswordSecret: string;
    readonly flaskSecretKeySecret: string;
  };
  /** Basic-auth admin user created on the first start (its password is in the Secret). @default admin */
  readonly adminUsername?: string;
  /** GCP service account bound through Workload Identity (Cloud SQL client, bucket object admin). */
  readonly gcpServiceAccount: string;
  /**
   * Reserved internal IPv4 for the internal passthrough load balancer the build pool uses; without
   * it only the ClusterIP Service is made.
   * @default none
   */
  readonly internalAddress?: string;
  /** Who may connect: pods by label (API, trainer) and CIDRs (the build pool's peered range). */
  readonly clients: {
    readonly podSelectors: readonly Readonly<Record<string, string>>[];
    readonly cidrs: readonly string[];
  };
  /** DNS and metadata-server egress, as for the API pods (see api-network-policy.ts). */
  readonly egress: {
    readonly dnsAddresses: readonly string[];
    readonly metadataServer: readonly { readonly cidr: string; readonly ports: readonly number[] }[];
    readonly googleApisCidr: string;
  };
}

/**
 * An MLflow tracking server for the stack: `mlflow server` on PostgreSQL (Cloud SQL through the
 * Cloud SQL Auth Proxy as a native sidecar), artifacts proxied to Cloud Storage, MLflow's
 * basic-auth app on, schema migrated (`mlflow db upgrade`) before every start. Plus its
 * ServiceAccount (Workload Identity), ClusterIP Service, optional internal LoadBalancer for the
 * build pool, NetworkPolicy and PodDisruptionBudget.
 *
 * The Deployment is written as a plain object: native sidecars (`restartPolicy: Always` on an init
 * container, Kubernetes ≥ 1.29) are not in cdk8s-plus-27's types. The proxy starts before, and
 * stops after, the MLflow container (cloud.google.com/sql/docs/postgres/connect-kubernetes-engine).
 */
export class MlflowServer extends Construct {
  readonly port: number;
  readonly deployment: ApiObject;
  readonly service: kplus.k8s.KubeService;
  readonly internalService?: kplus.k8s.KubeService;
  /** The SecretProviderClass and SecretSync that make `credentialsSecret` from Secret Manager. */
  readonly credentials: SecretManagerSync;
  /** The shell script the container runs (the integration suite runs the same, read from dist/). */
  readonly startScript: string;

  constructor(scope: Construct, id: string, props: MlflowServerProps) {
    super(scope, id);
    const { name, port, replicas, uid } = checkMlflowProps(props);
    this.port = port;
    const labels = { ...props.labels };
    const selector = { ...props.selectorLabels };

    new kplus.k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: {
        name,
        labels,
        annotations: { 'iam.gke.io/gcp-service-account': props.gcpServiceAccount },
      },
      automountServiceAccountToken: false,
    });

    this.startScript = mlflowStartScript(props.artifactsDestination);

    this.deployment = new ApiObject(this, 'Deployment', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, labels },
      spec: {
        replicas,
        revisionHistoryLimit: 5,
        selector: { matchLabels: selector },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
        template: {
          metadata: { labels },
          spec: mlflowPodSpec(props, { name, port, uid, selector, startScript: this.startScript }),
        },
      },
    });

    this.credentials = new SecretManagerSync(this, 'Credentials', {
      name: props.credentialsSecret,
      labels,
      projectId: props.credentials.projectId,
      // The server's own ServiceAccount: its Google account reads the three secrets (Workload Identity).
      serviceAccountName: name,
      keys: {
        [MLFLOW_SECRET_KEYS.databasePassword]: props.credentials.databasePasswordSecret,
        [MLFLOW_SECRET_KEYS.adminPassword]: props.credentials.adminPasswordSecret,
        [MLFLOW_SECRET_KEYS.flaskSecretKey]: props.credentials.flaskSecretKeySecret,
      },
    });

    const servicePort = [{ name: 'http', port, targetPort: kplus.k8s.IntOrString.fromString('http'), protocol: 'TCP' }];
    this.service = new kplus.k8s.KubeService(this, 'Service', {
      metadata: { name, labels },
      spec: { type: 'ClusterIP', selector, ports: servicePort },
    });
    if (props.internalAddress !== undefined) {
      // GKE internal passthrough Network Load Balancer (cloud.google.com/kubernetes-engine/docs/concepts/service-load-balancer-parameters).
      this.internalService = new kplus.k8s.KubeService(this, 'InternalService', {
        metadata: {
          name: `${name}-internal`,
          labels,
          annotations: { 'networking.gke.io/load-balancer-type': 'Internal' },
        },
        spec: {
          type: 'LoadBalancer',
          loadBalancerIp: props.internalAddress,
          externalTrafficPolicy: 'Local',
          ...(props.clients.cidrs.length > 0 ? { loadBalancerSourceRanges: [...props.clients.cidrs] } : {}),
          selector,
          ports: servicePort,
        },
      });
    }

    new kplus.k8s.KubeNetworkPolicy(this, 'NetworkPolicy', {
      metadata: { name, labels },
      spec: mlflowNetworkPolicySpec(props, selector, port),
    });

    new kplus.k8s.KubePodDisruptionBudget(this, 'DisruptionBudget', {
      metadata: { name, labels },
      spec: {
        maxUnavailable: kplus.k8s.IntOrString.fromNumber(1),
        selector: { matchLabels: selector },
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
      },
    });
  }
}

/** Checks every prop, naming the bad one; returns the defaulted numbers. */
function checkMlflowProps(props: MlflowServerProps) {
  const owner = 'MlflowServer';
  const name = checkName(owner, 'name', props.name, 'dns1123-label');
  checkName(owner, 'namespace', props.namespace, 'dns1123-label');
  checkLabels(owner, 'labels', props.labels);
  checkLabels(owner, 'selectorLabels', props.selectorLabels);
  checkPinnedImage(owner, 'image', props.image);
  checkPinnedImage(owner, 'cloudSql.proxyImage', props.cloudSql.proxyImage);
  const port = checkInteger(owner, 'port', props.port ?? 5000, 1024, 65535);
  const replicas = checkInteger(owner, 'replicas', props.replicas ?? 2, 1, 20);
  const uid = checkInteger(owner, 'runAsUser', props.runAsUser ?? 10001, 10000, 2147483647);
  if (!/^[a-z][-a-z0-9.:]*:[a-z]+-[a-z]+\d+:[a-z][-a-z0-9]*$/.test(props.cloudSql.instance)) {
    throw propError(owner, 'cloudSql.instance', 'must be project:region:instance', props.cloudSql.instance);
  }
  if (!/^gs:\/\/[a-z0-9][-a-z0-9_.]{1,61}[a-z0-9](\/.*)?$/.test(props.artifactsDestination)) {
    throw propError(owner, 'artifactsDestination', 'must be gs://bucket[/prefix]', props.artifactsDestination);
  }
  checkName(owner, 'credentialsSecret', props.credentialsSecret, 'dns1123-subdomain');
  for (const key of ['databasePasswordSecret', 'adminPasswordSecret', 'flaskSecretKeySecret'] as const) {
    const value = props.credentials?.[key];
    if (typeof value !== 'string' || value === '') {
      throw propError(
        owner,
        `credentials.${key}`,
        'must name the Secret Manager secret the Secret is synced from',
        value,
      );
    }
  }
  checkNonEmpty(owner, 'gcpServiceAccount', props.gcpServiceAccount);
  for (const cidr of props.clients.cidrs) checkCidr(owner, 'clients.cidrs', cidr);
  if (props.clients.podSelectors.length === 0 && props.clients.cidrs.length === 0) {
    throw propError(owner, 'clients', 'must admit at least one client (pods or CIDRs)', props.clients);
  }
  if (props.internalAddress !== undefined && !/^(\d{1,3}\.){3}\d{1,3}$/.test(props.internalAddress)) {
    throw propError(owner, 'internalAddress', 'must be an IPv4 address', props.internalAddress);
  }
  return { name, port, replicas, uid };
}

/** The container's shell script: auth ini in a private tmpfs, schema migration, then `mlflow server`. */
function mlflowStartScript(artifactsDestination: string): string {
  const E = MLFLOW_ENV;
  // The auth database shares the tracking database (MLflow keeps its own alembic_version_auth
  // table). Its URI holds the password, so the ini file is written at start into a private tmpfs.
  return [
    'set -eu',
    'umask 077',
    '# The tmpfs starts empty on every pod start: make the folder of the auth config first.',
    `mkdir -p "$(dirname "$${E.authConfigPath}")"`,
    `cat > "$${E.authConfigPath}" <<EOF`,
    '[mlflow]',
    'default_permission = READ',
    `database_uri = $${E.backendStoreUri}`,
    'authorization_function = mlflow.server.auth:authenticate_request_basic_auth',
    'EOF',
    '# Creates the schema on an empty database, migrates an older one (a new image tag).',
    `mlflow db upgrade "$${E.backendStoreUri}"`,
    `exec mlflow server --host "$${E.host}" --port "$${E.port}" \\`,
    `  --backend-store-uri "$${E.backendStoreUri}" \\`,
    `  --serve-artifacts --artifacts-destination ${artifactsDestination} \\`,
    '  --app-name basic-auth --workers 2',
    '',
  ].join('\n');
}

/** The MLflow pod: the Cloud SQL Auth Proxy as a native sidecar, then MLflow on a read-only root. */
function mlflowPodSpec(
  props: MlflowServerProps,
  pod: { name: string; port: number; uid: number; selector: Record<string, string>; startScript: string },
) {
  const { name, port, uid, selector, startScript } = pod;
  const { database, user } = props.cloudSql;
  // Host names MLflow's security middleware accepts (it compares the Host header, port included).
  const hosts = [
    'localhost',
    'localhost:*',
    '127.0.0.1:*',
    `${name}:*`,
    `${name}.${props.namespace}:*`,
    `${name}.${props.namespace}.svc:*`,
    `${name}.${props.namespace}.svc.cluster.local:*`,
    ...(props.internalAddress ? [`${props.internalAddress}:*`] : []),
  ];
  const secretRef = (key: string) => ({ secretKeyRef: { name: props.credentialsSecret, key } });
  const E = MLFLOW_ENV;
  const containerSecurity = {
    runAsNonRoot: true,
    runAsUser: uid,
    runAsGroup: uid,
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
  const probe = (path: string, extra: Record<string, number>) => ({
    httpGet: { path, port, httpHeaders: [{ name: 'Host', value: 'localhost' }] },
    timeoutSeconds: 3,
    ...extra,
  });
  return {
    serviceAccountName: name,
    automountServiceAccountToken: false,
    enableServiceLinks: false,
    securityContext: { runAsNonRoot: true, fsGroup: uid, seccompProfile: { type: 'RuntimeDefault' } },
    terminationGracePeriodSeconds: 30,
    initContainers: [
      {
        // Native sidecar: started first, kept running, stopped after the MLflow container.
        name: 'cloud-sql-proxy',
        image: props.cloudSql.proxyImage,
        restartPolicy: 'Always',
        args: [
          '--structured-logs',
          '--private-ip',
          '--address=127.0.0.1',
          `--port=${CLOUD_SQL_PROXY_PORT}`,
          '--health-check',
          '--http-address=0.0.0.0',
          '--http-port=9801',
          props.cloudSql.instance,
        ],
        startupProbe: { httpGet: { path: '/startup', port: 9801 }, periodSeconds: 1, failureThreshold: 60 },
        livenessProbe: { httpGet: { path: '/liveness', port: 9801 }, periodSeconds: 10 },
        resources: {
          requests: { cpu: '100m', memory: '64Mi' },
          limits: { cpu: '500m', memory: '256Mi' },
        },
        securityContext: containerSecurity,
      },
    ],
    containers: [
      {
        name: 'mlflow',
        image: props.image,
        command: ['/bin/sh', '-c'],
        args: [startScript],
        ports: [{ name: 'http', containerPort: port, protocol: 'TCP' }],
        env: [
          { name: E.databasePassword, valueFrom: secretRef(MLFLOW_SECRET_KEYS.databasePassword) },
          // $(VAR) expands variables defined earlier in this list (Kubernetes, not the shell).
          // The password must be URL-safe (the infrastructure generates it so). The driver is
          // named: SQLAlchemy 2.1 maps a bare postgresql:// to psycopg 3, which the image lacks.
          {
            name: E.backendStoreUri,
            value: `postgresql+psycopg2://${user}:$(${E.databasePassword})@127.0.0.1:${CLOUD_SQL_PROXY_PORT}/${database}`,
          },
          { name: E.adminUsername, value: props.adminUsername ?? 'admin' },
          { name: E.adminPassword, valueFrom: secretRef(MLFLOW_SECRET_KEYS.adminPassword) },
          { name: E.flaskSecretKey, valueFrom: secretRef(MLFLOW_SECRET_KEYS.flaskSecretKey) },
          { name: E.authConfigPath, value: '/tmp/mlflow/basic_auth.ini' },
          { name: E.host, value: '0.0.0.0' },
          { name: E.port, value: String(port) },
          { name: E.allowedHosts, value: hosts.join(',') },
          { name: 'HOME', value: '/tmp' },
        ],
        resources: {
          requests: { cpu: '250m', memory: '768Mi', 'ephemeral-storage': '256Mi' },
          limits: { cpu: '1', memory: '1536Mi', 'ephemeral-storage': '1Gi' },
        },
        startupProbe: probe('/health', { periodSeconds: 2, failureThreshold: 90 }),
        readinessProbe: probe('/health', { periodSeconds: 5, failureThreshold: 3 }),
        livenessProbe: probe('/health', { periodSeconds: 10, failureThreshold: 6 }),
        securityContext: containerSecurity,
        volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
      },
    ],
    volumes: [{ name: 'tmp', emptyDir: { medium: 'Memory', sizeLimit: '256Mi' } }],
    topologySpreadConstraints: [
      {
        maxSkew: 1,
        topologyKey: 'topology.kubernetes.io/zone',
        whenUnsatisfiable: 'ScheduleAnyway',
        labelSelector: { matchLabels: selector },
      },
    ],
  };
}

/** Ingress from the named clients on MLflow's port; egress to DNS, the metadata server and Google APIs only. */
function mlflowNetworkPolicySpec(props: MlflowServerProps, selector: Record<string, string>, port: number) {
  const egressTo = (cidr: string, ports: readonly number[], protocol = 'TCP') => ({
    to: [{ ipBlock: { cidr } }],
    ports: ports.map((p) => ({ port: kplus.k8s.IntOrString.fromNumber(p), protocol })),
  });
  return {
    podSelector: { matchLabels: selector },
    policyTypes: ['Ingress', 'Egress'],
    ingress: [
      {
        from: [
          ...props.clients.podSelectors.map((s) => ({ podSelector: { matchLabels: { ...s } } })),
          ...props.clients.cidrs.map((cidr) => ({ ipBlock: { cidr } })),
        ],
        ports: [{ port: kplus.k8s.IntOrString.fromNumber(port), protocol: 'TCP' }],
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
        ports: [
          { port: kplus.k8s.IntOrString.fromNumber(53), protocol: 'UDP' },
          { port: kplus.k8s.IntOrString.fromNumber(53), protocol: 'TCP' },
        ],
      },
      ...props.egress.dnsAddresses.flatMap((cidr) => [egressTo(cidr, [53], 'UDP'), egressTo(cidr, [53])]),
      ...props.egress.metadataServer.map((m) => egressTo(m.cidr, m.ports)),
      // Cloud Storage and the Cloud SQL Admin API (443); Cloud SQL itself on 3307 (private IP).
      egressTo(props.egress.googleApisCidr, [443, 3307]),
    ],
  };
}
