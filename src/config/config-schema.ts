/**
 * JSON schema of the config file (draft-07, checked by ajv with `useDefaults`). Static defaults live
 * here; defaults computed from other fields (buckets from the project id, …) are applied by
 * `parseConfig` after validation. `additionalProperties: false` everywhere so a misspelled key is an
 * error, not a silently ignored setting.
 */

import { modelCardConfigSchema } from './model-card-config';
import { retrainingSchema } from './retraining-config';

/** DNS-1123 label: what Kubernetes accepts for most object names. */
export const DNS1123_LABEL = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';
/** GCP project id: 6–30 chars, lower-case letter first (cloud.google.com/resource-manager/docs/creating-managing-projects). */
const PROJECT_ID = '^[a-z][-a-z0-9]{4,28}[a-z0-9]$';
/** GCS bucket name, the common case (cloud.google.com/storage/docs/buckets#naming). */
const BUCKET = '^[a-z0-9][-a-z0-9_.]{1,61}[a-z0-9]$';
const CIDR = '^(\\d{1,3}\\.){3}\\d{1,3}/\\d{1,2}$';
/** Compute Engine resource name (RFC 1035 label, up to 63 characters). */
const GCE_NAME = '^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$';
/** Service account id, the part before `@` (cloud.google.com/iam/docs/service-accounts-create). */
const ACCOUNT_ID = '^[a-z][-a-z0-9]{4,28}[a-z0-9]$';
/** A Kubernetes ServiceAccount as `namespace/name`. */
const KSA_REF = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?/[a-z0-9]([-.a-z0-9]*[a-z0-9])?$';
const HOSTNAME = '^([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\\.)+[a-z]([-a-z0-9]{0,61}[a-z0-9])?$';
const IPV4 = '^((25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1?\\d?\\d)$';
const PORT = { type: 'integer', minimum: 1, maximum: 65535 } as const;

const section = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  type: 'object',
  default: {},
  additionalProperties: false,
  properties,
  ...extra,
});

export const configSchema = {
  $id: 'https://toxicity.local/config.schema.json',
  type: 'object',
  additionalProperties: false,
  properties: {
    gcp: section({
      projectId: { type: 'string', pattern: PROJECT_ID, default: 'my-gcp-project' },
      region: { type: 'string', pattern: '^[a-z]+-[a-z]+[0-9]+$', default: 'europe-west1' },
      zone: { type: 'string', pattern: '^[a-z]+-[a-z]+[0-9]+-[a-z]$', default: 'europe-west1-b' },
    }),
    cluster: section({
      name: { type: 'string', pattern: DNS1123_LABEL, maxLength: 40, default: 'mlops-toxic-detection-cluster' },
      location: { type: 'string', pattern: '^[a-z]+-[a-z]+[0-9]+(-[a-z])?$' },
    }),
    app: section({
      name: { type: 'string', pattern: DNS1123_LABEL, maxLength: 63, default: 'mlops-toxic-detection-api' },
      namespace: { type: 'string', pattern: DNS1123_LABEL, maxLength: 63, default: 'toxicity' },
      partOf: { type: 'string', pattern: DNS1123_LABEL, maxLength: 63, default: 'toxicity' },
      containerPort: { ...PORT, minimum: 1024, default: 8080 },
      servicePort: PORT,
      adminPort: { ...PORT, minimum: 1024, default: 9090 },
      runAsUser: { type: 'integer', minimum: 10000, maximum: 2147483647, default: 10001 },
    }),
    image: section({
      registry: { type: 'string', pattern: '^[a-z0-9.-]+(:[0-9]+)?$' },
      repository: { type: 'string', pattern: DNS1123_LABEL, default: 'toxicity' },
      name: { type: 'string', pattern: '^[a-z0-9]+([._/-][a-z0-9]+)*$', default: 'toxicity-api' },
      tag: {
        type: 'string',
        pattern: '^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$',
        not: { const: 'latest' },
        default: '1.0.0',
      },
    }),
    scaling: section({
      mode: { type: 'string', enum: ['autoscaled', 'static'], default: 'autoscaled' },
      replicas: { type: 'integer', minimum: 1, maximum: 1000, default: 3 },
      minReplicas: { type: 'integer', minimum: 1, maximum: 1000, default: 2 },
      maxReplicas: { type: 'integer', minimum: 1, maximum: 1000, default: 10 },
      targetCpuPercent: { type: 'integer', minimum: 1, maximum: 100, default: 70 },
    }),
    resources: section({
      cpuRequestMillis: { type: 'integer', minimum: 1, default: 250 },
      cpuLimitMillis: { type: 'integer', minimum: 1, default: 1000 },
      memoryRequestMiB: { type: 'integer', minimum: 16, default: 256 },
      memoryLimitMiB: { type: 'integer', minimum: 16, default: 512 },
      ephemeralStorageRequestMiB: { type: 'integer', minimum: 1, default: 64 },
      ephemeralStorageLimitMiB: { type: 'integer', minimum: 1, default: 256 },
    }),
    service: section({
      externalTrafficPolicy: { type: 'string', enum: ['Cluster', 'Local'], default: 'Cluster' },
      internal: { type: 'boolean', default: false },
      loadBalancerSourceRanges: { type: 'array', items: { type: 'string', pattern: CIDR }, default: [] },
    }),
    edge: section({
      mode: { type: 'string', enum: ['loadBalancer', 'gateway'], default: 'loadBalancer' },
      tls: { type: 'string', enum: ['pod', 'none'], default: 'pod' },
      tlsSecretName: { type: 'string', pattern: DNS1123_LABEL, maxLength: 253 },
      tlsReloadSeconds: { type: 'integer', minimum: 1, maximum: 3600, default: 30 },
      allowPlainHttp: { type: 'boolean', default: false },
      // A fully qualified public name: at least two labels, no wildcard, no trailing dot.
      hostname: { type: ['string', 'null'], pattern: HOSTNAME, maxLength: 253, default: null },
      gateway: section({
        certificateMapName: { type: 'string', pattern: GCE_NAME },
        securityPolicyName: { type: 'string', pattern: GCE_NAME },
        rateLimitPerMinute: { type: 'integer', minimum: 1, maximum: 1000000, default: 1200 },
        banThresholdPerMinute: { type: 'integer', minimum: 1, maximum: 1000000, default: 3000 },
        banSeconds: { type: 'integer', minimum: 60, maximum: 86400, default: 300 },
        armorPreview: { type: 'boolean', default: false },
      }),
    }),
    network: section({
      monitoringNamespace: { type: 'string', pattern: DNS1123_LABEL, default: 'gmp-system' },
      // GKE DNS: Cloud DNS answers on the metadata address, NodeLocal DNSCache on 169.254.20.10 (NOTES.md).
      dnsAddresses: {
        type: 'array',
        items: { type: 'string', pattern: CIDR },
        default: ['169.254.169.254/32', '169.254.20.10/32'],
      },
      // Metadata server: 169.254.169.254:80/8080, GKE metadata server 169.254.169.252:988 (NOTES.md).
      metadataServer: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['cidr', 'ports'],
          properties: {
            cidr: { type: 'string', pattern: CIDR },
            ports: { type: 'array', minItems: 1, items: PORT },
          },
        },
        default: [
          { cidr: '169.254.169.254/32', ports: [80, 8080] },
          { cidr: '169.254.169.252/32', ports: [988] },
        ],
      },
      googleApisCidr: { type: 'string', pattern: CIDR, default: '0.0.0.0/0' },
      mlflowCidr: { type: 'string', pattern: CIDR, default: '0.0.0.0/0' },
    }),
    serviceAccount: section({
      gcpServiceAccount: {
        type: ['string', 'null'],
        pattern: '^[a-z][-a-z0-9]{4,28}[a-z0-9]@[a-z0-9-]+\\.iam\\.gserviceaccount\\.com$',
      },
    }),
    buckets: section({
      models: { type: 'string', pattern: BUCKET },
      data: { type: 'string', pattern: BUCKET },
    }),
    model: section({
      name: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$', default: 'toxic-detector' },
      championStore: {
        type: ['string', 'null'],
        pattern: '^(gs://[a-z0-9][-a-z0-9_.]{1,61}[a-z0-9]|file://.+)(/[^/]+)*$',
      },
      uri: { type: 'string', pattern: '^(file|gs|models)://?.+' },
      localUri: {
        type: 'string',
        pattern: '^(file|gs|models)://?.+',
        default: 'file://models/toxic-detector/model.json',
      },
      pollIntervalSeconds: { type: 'integer', minimum: 1, maximum: 86400, default: 60 },
    }),
    mlflow: section({
      trackingUri: { type: 'string', pattern: '^https?://', default: 'http://127.0.0.1:5000' },
      experiment: { type: 'string', minLength: 1, default: 'toxicity' },
      pipelineTrackingUri: { type: ['string', 'null'], pattern: '^https?://', default: null },
      server: section({
        enabled: { type: 'boolean', default: true },
        name: { type: 'string', pattern: DNS1123_LABEL, maxLength: 50, default: 'mlflow' },
        image: {
          type: 'string',
          pattern: '^[a-z0-9.-]+(:[0-9]+)?/[^\\s:@]+(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[a-f0-9]{64})$',
        },
        port: { ...PORT, minimum: 1024, default: 5000 },
        replicas: { type: 'integer', minimum: 1, maximum: 20, default: 2 },
        internalAddress: { type: ['string', 'null'], pattern: IPV4, default: null },
        cloudSqlInstance: { type: 'string', pattern: '^[a-z][-a-z0-9.:]*:[a-z]+-[a-z]+[0-9]+:[a-z][-a-z0-9]{0,96}$' },
        database: { type: 'string', pattern: '^[a-z_][a-z0-9_]{0,62}$', default: 'mlflow' },
        databaseUser: { type: 'string', pattern: '^[a-z_][a-z0-9_]{0,62}$', default: 'mlflow' },
        proxyImage: {
          type: 'string',
          minLength: 1,
          not: { pattern: ':latest$' },
          default: 'gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.18.2',
        },
        artifactBucket: { type: 'string', pattern: BUCKET },
        gcpServiceAccount: {
          type: 'string',
          pattern: '^[a-z][-a-z0-9]{4,28}[a-z0-9]@[a-z0-9-]+\\.iam\\.gserviceaccount\\.com$',
        },
        credentialsSecret: { type: 'string', pattern: DNS1123_LABEL, maxLength: 253 },
        databasePasswordSecret: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,255}$', default: 'mlflow-db-password' },
        adminUsername: { type: 'string', pattern: '^[A-Za-z0-9_.-]{1,64}$', default: 'admin' },
        adminPasswordSecret: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,255}$', default: 'mlflow-admin-password' },
        flaskSecretKeySecret: {
          type: 'string',
          pattern: '^[A-Za-z0-9_-]{1,255}$',
          default: 'mlflow-flask-secret-key',
        },
      }),
    }),
    auth: section({
      issuer: { type: 'string', minLength: 1, default: 'toxicity-api' },
      audience: { type: 'string', minLength: 1, default: 'toxicity-clients' },
      secretName: { type: 'string', pattern: DNS1123_LABEL, maxLength: 253 },
      secretKey: { type: 'string', pattern: '^[-._a-zA-Z0-9]+$', default: 'jwt-secret' },
      secretFormat: { type: 'string', enum: ['single', 'keyring'], default: 'single' },
      clockToleranceSeconds: { type: 'integer', minimum: 0, maximum: 300, default: 30 },
      maxTokenAgeSeconds: { type: ['integer', 'null'], minimum: 1, default: 86400 },
      maxTokenLifetimeSeconds: { type: ['integer', 'null'], minimum: 1, default: 86400 },
    }),
    server: section({
      maxBatchSize: { type: 'integer', minimum: 1, maximum: 100000, default: 1000 },
      maxTextLength: { type: 'integer', minimum: 1, maximum: 1000000, default: 20000 },
      bodyLimitKiB: { type: 'integer', minimum: 1, maximum: 102400, default: 1024 },
      requestTimeoutMs: { type: 'integer', minimum: 100, maximum: 600000, default: 10000 },
      keepAliveTimeoutSeconds: { type: 'integer', minimum: 1, maximum: 3600 },
      drainSeconds: { type: 'integer', minimum: 0, maximum: 600, default: 10 },
      threshold: { type: 'number', minimum: 0, maximum: 1, default: 0.5 },
      maxInFlight: { type: 'integer', minimum: 1, maximum: 10000, default: 64 },
      maxLargeInFlight: { type: 'integer', minimum: 1, maximum: 10000, default: 4 },
      largeBodyKiB: { type: 'integer', minimum: 1, maximum: 102400, default: 32 },
      rateLimitPerSecond: { type: 'number', minimum: 0, maximum: 1000000, default: 100 },
      rateLimitBurst: { type: 'integer', minimum: 1, maximum: 1000000, default: 200 },
      retryAfterSeconds: { type: 'integer', minimum: 1, maximum: 3600, default: 1 },
      maxReportedErrors: { type: 'integer', minimum: 1, maximum: 1000, default: 20 },
      explainMaxBatchSize: { type: 'integer', minimum: 1, maximum: 100000, default: 50 },
      explainTopK: { type: 'integer', minimum: 1, maximum: 1000, default: 10 },
      explainMaxSpans: { type: 'integer', minimum: 1, maximum: 1000, default: 10 },
    }),
    monitoring: section({
      flavour: { type: 'string', enum: ['managed', 'operator'], default: 'managed' },
      scrapeIntervalSeconds: { type: 'integer', minimum: 5, maximum: 75, default: 30 },
      latencyP95ThresholdMs: { type: 'integer', minimum: 1, maximum: 60000, default: 500 },
      errorRatioThresholdPercent: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 100, default: 5 },
      extraLabels: {
        type: 'object',
        default: {},
        propertyNames: {
          type: 'string',
          pattern: '^([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$',
        },
        additionalProperties: { type: 'string', pattern: '^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$' },
      },
      dashboardNamespace: { type: ['string', 'null'], pattern: DNS1123_LABEL, maxLength: 63, default: null },
      runbookUrl: { type: ['string', 'null'], pattern: '^https?://[^\\s#]+$', default: null },
      drift: section({
        toxicLabel: { type: 'string', pattern: '^[A-Za-z0-9_]+$', default: 'toxic' },
        toxicRatePercent: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 100, default: 30 },
        lowConfidencePercent: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 100, default: 80 },
        psiThreshold: { type: 'number', exclusiveMinimum: 0, maximum: 10, default: 0.2 },
        psiMinComments: { type: 'integer', minimum: 1, default: 500 },
      }),
    }),
    pipeline: section({
      serviceAccount: { type: ['string', 'null'], pattern: '^[^@\\s]+@[^@\\s]+$' },
      timeoutSeconds: { type: 'integer', minimum: 60, maximum: 86400, default: 3600 },
      branch: { type: 'string', minLength: 1, default: '^main$' },
      githubOwner: { type: ['string', 'null'], default: null },
      githubRepo: { type: ['string', 'null'], default: null },
      triggerName: {
        type: 'string',
        pattern: '^[A-Za-z0-9]([-A-Za-z0-9]{0,62}[A-Za-z0-9])?$',
        default: 'toxicity-main',
      },
      repository: {
        type: ['string', 'null'],
        pattern: '^projects/[^/]+/locations/[^/]+/connections/[^/]+/repositories/[^/]+$',
        default: null,
      },
      mlflowTokenSecret: {
        type: ['string', 'null'],
        pattern: '^[A-Za-z0-9_-]{1,255}$',
        default: 'mlflow-tracking-token',
      },
      trainingData: { type: 'string', pattern: '^[^/\\s][^\\s]*$', default: 'train.csv' },
      rolloutTimeoutSeconds: { type: 'integer', minimum: 30, maximum: 3600, default: 600 },
      nodeImage: { type: 'string', minLength: 1, default: 'node:26.12.1-trixie-slim' },
      workerPool: {
        type: ['string', 'null'],
        pattern: '^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$',
        default: 'toxicity-private-pool',
      },
      workerPoolRegion: { type: 'string', pattern: '^[a-z]+-[a-z]+[0-9]+$' },
      workerPoolCidr: { type: ['string', 'null'], pattern: CIDR, default: null },
    }),
    infra: section({
      namespace: { type: 'string', pattern: DNS1123_LABEL, maxLength: 63, default: 'config-control' },
      projectNumber: { type: ['string', 'null'], pattern: '^[1-9][0-9]{5,19}$', default: null },
      // GCP label keys and values: lower case, digits, '-' and '_', up to 63 characters.
      labels: {
        type: 'object',
        default: { app: 'toxicity' },
        propertyNames: { type: 'string', pattern: '^[a-z][-_a-z0-9]{0,62}$' },
        additionalProperties: { type: 'string', pattern: '^[-_a-z0-9]{0,63}$' },
      },
      network: section({
        name: { type: 'string', pattern: GCE_NAME, default: 'toxicity-vpc' },
        nodesCidr: { type: 'string', pattern: CIDR, default: '10.10.0.0/20' },
        podsCidr: { type: 'string', pattern: CIDR, default: '10.20.0.0/14' },
        servicesCidr: { type: 'string', pattern: CIDR, default: '10.24.0.0/20' },
        privateNodes: { type: 'boolean', default: true },
        masterCidr: { type: 'string', pattern: '^(\\d{1,3}\\.){3}\\d{1,3}/28$', default: '172.16.0.0/28' },
        privateServicesPrefixLength: { type: 'integer', minimum: 8, maximum: 24, default: 20 },
      }),
      nodePool: section({
        machineType: { type: 'string', pattern: '^[a-z0-9]+-[a-z0-9-]+$', default: 'e2-standard-2' },
        minNodes: { type: 'integer', minimum: 0, maximum: 1000, default: 1 },
        maxNodes: { type: 'integer', minimum: 1, maximum: 1000, default: 4 },
        diskSizeGb: { type: 'integer', minimum: 10, maximum: 65536, default: 50 },
      }),
      releaseChannel: { type: 'string', enum: ['RAPID', 'REGULAR', 'STABLE'], default: 'REGULAR' },
      keepImageVersions: { type: 'integer', minimum: 1, maximum: 1000, default: 20 },
      deleteImagesAfterDays: { type: 'integer', minimum: 1, maximum: 3650, default: 30 },
      buckets: section({
        mlflowArtifacts: { type: 'string', pattern: BUCKET },
        buildLogs: { type: 'string', pattern: BUCKET },
        noncurrentModelDays: { type: 'integer', minimum: 1, maximum: 3650, default: 90 },
        buildLogDays: { type: 'integer', minimum: 1, maximum: 3650, default: 30 },
      }),
      retrain: section({
        topic: { type: 'string', pattern: '^[A-Za-z][-A-Za-z0-9_.~+%]{2,254}$', default: 'toxicity-data-uploads' },
        dataPrefix: { type: 'string', pattern: '^[^/\\s][^\\s]*$', default: 'uploads/' },
      }),
      serviceAccounts: section({
        mlflow: { type: 'string', pattern: ACCOUNT_ID },
        trainer: { type: 'string', pattern: ACCOUNT_ID, default: 'toxicity-trainer' },
        nodes: { type: 'string', pattern: ACCOUNT_ID, default: 'toxicity-nodes' },
        mlflowKubernetesServiceAccount: { type: 'string', pattern: KSA_REF },
        trainerKubernetesServiceAccount: { type: 'string', pattern: KSA_REF, default: 'default/toxicity-trainer' },
      }),
      database: section({
        instance: { type: 'string', pattern: '^[a-z][-a-z0-9]{0,96}[a-z0-9]$' },
        database: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]{0,62}$' },
        version: { type: 'string', pattern: '^POSTGRES_[0-9]+$', default: 'POSTGRES_16' },
        tier: { type: 'string', pattern: '^db-[a-z0-9-]+$', default: 'db-custom-1-3840' },
        diskSizeGb: { type: 'integer', minimum: 10, maximum: 65536, default: 10 },
        availability: { type: 'string', enum: ['ZONAL', 'REGIONAL'], default: 'ZONAL' },
        passwordSecret: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,255}$' },
        passwordKubernetesSecret: { type: 'string', pattern: DNS1123_LABEL, default: 'mlflow-db-password' },
        user: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]{0,62}$' },
      }),
      build: section({
        workerPool: { type: 'string', pattern: '^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$' },
        machineType: { type: 'string', pattern: '^[a-z0-9]+-[a-z0-9-]+$', default: 'e2-standard-2' },
        diskSizeGb: { type: 'integer', minimum: 100, maximum: 4000, default: 100 },
      }),
      apiAddressName: { type: 'string', pattern: GCE_NAME },
      alerts: section({
        email: { type: ['string', 'null'], pattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$', default: null },
      }),
    }),
    retraining: retrainingSchema,
    modelCard: modelCardConfigSchema,
  },
} as const;
