import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import type { AppConfig } from '../src/config';
import {
  AlertRouting,
  ApiAddress,
  ApiSecurityPolicy,
  BuildInfrastructure,
  EdgeCertificate,
  GcpServiceAccount,
  GcsBucket,
  GkeCluster,
  ImageRegistry,
  ManagedSecret,
  MlflowDatabase,
  type PlannedTrigger,
  ProjectServices,
  REQUIRED_APIS,
  type RoutedAlert,
  UploadNotification,
  VpcNetwork,
  grantOnProject,
  parseServiceAccountEmail,
} from '../src/infra';

export interface InfraChartProps {
  readonly config: AppConfig;
  /** The serving chart's alerts, routed to the receiver in `infra.alerts`. */
  readonly alerts: readonly RoutedAlert[];
  /** Old ReplicaSets the API's Deployment keeps; the registry keeps at least one more image. */
  readonly deploymentRevisionHistory: number;
  /** Tag prefixes the registry never deletes (the pipeline's layer cache). */
  readonly keepTagPrefixes: readonly string[];
  /** The push trigger as `pipeline trigger` plans it; null when no repository is configured. */
  readonly trigger: PlannedTrigger | null;
}

/** The key under which the database password sits in its Kubernetes Secret (Config Connector namespace). */
export const DATABASE_PASSWORD_KEY = 'password';

/**
 * Everything the stack needs in Google Cloud, as Config Connector objects in one namespace:
 * `kubectl apply -f dist/infra/` on a Config Connector–enabled cluster creates or reconciles the
 * project. Names that the serving manifests and `cloudbuild.yaml` use come from the same config
 * slices here; each IAM grant carries its reason.
 */
export class InfraChart extends Chart {
  readonly network: VpcNetwork;
  readonly cluster: GkeCluster;
  readonly registry: ImageRegistry;
  readonly buckets: {
    readonly data: GcsBucket;
    readonly models: GcsBucket;
    readonly mlflow: GcsBucket;
    readonly buildLogs: GcsBucket;
  };
  readonly uploads: UploadNotification;
  readonly serviceAccounts: {
    readonly builder: GcpServiceAccount | null;
    readonly api: GcpServiceAccount | null;
    readonly mlflow: GcpServiceAccount;
    readonly trainer: GcpServiceAccount;
    readonly nodes: GcpServiceAccount;
    /** The Vertex AI training job's account; null unless `retraining.trainer` is `vertex-ai`. */
    readonly vertexTrainer: GcpServiceAccount | null;
  };
  readonly secrets: {
    readonly jwt: ManagedSecret;
    readonly mlflowToken: ManagedSecret | null;
    /** The deployed MLflow's basic-auth admin password (the pipeline registers with it). */
    readonly mlflowAdminPassword: ManagedSecret | null;
    /** The deployed MLflow's Flask secret key (basic-auth CSRF tokens). */
    readonly mlflowFlaskSecretKey: ManagedSecret | null;
    readonly databasePassword: ManagedSecret;
  };
  readonly database: MlflowDatabase;
  readonly build: BuildInfrastructure;
  readonly apiAddress: ApiAddress;
  /** The Gateway mode's certificate and Cloud Armor policy; null in loadBalancer mode. */
  readonly edge: { readonly certificate: EdgeCertificate; readonly securityPolicy: ApiSecurityPolicy } | null;
  readonly alerting: AlertRouting;

  constructor(scope: Construct, id: string, props: InfraChartProps) {
    const { config } = props;
    const { infra, gcp } = config;
    super(scope, id, { namespace: infra.namespace });
    const projectId = gcp.projectId;
    const labels = infra.labels;

    const gateway = config.edge.mode === 'gateway';
    const vertex = config.retraining.trainer === 'vertex-ai';
    new ProjectServices(this, 'Apis', {
      projectId,
      // The Gateway mode's managed certificate lives in Certificate Manager; the Vertex AI trainer's
      // custom jobs in Vertex AI (aiplatform.googleapis.com).
      apis: [
        ...REQUIRED_APIS,
        ...(gateway ? ['certificatemanager.googleapis.com'] : []),
        ...(vertex ? ['aiplatform.googleapis.com'] : []),
      ],
    });
    this.network = new VpcNetwork(this, 'Network', { projectId, region: gcp.region, labels, ...infra.network });

    this.serviceAccounts = createServiceAccounts(this, config);
    const { builder, api, mlflow, trainer, nodes } = this.serviceAccounts;

    this.cluster = new GkeCluster(this, 'Cluster', {
      projectId,
      name: config.cluster.name,
      location: config.cluster.location,
      network: this.network,
      releaseChannel: infra.releaseChannel,
      privateNodes: infra.network.privateNodes,
      masterCidr: infra.network.masterCidr,
      nodeServiceAccount: nodes,
      gatewayApi: gateway,
      ...infra.nodePool,
      labels,
    });
    grantOnProject(this, 'NodeDefaultRole', {
      projectId,
      principal: nodes.principal,
      role: 'roles/container.defaultNodeServiceAccount',
      reason: "GKE's least-privilege node role: node logs, metrics and metadata, nothing else",
    });

    this.registry = new ImageRegistry(this, 'Registry', {
      projectId,
      region: gcp.region,
      repository: config.image.repository,
      keepVersions: infra.keepImageVersions,
      deploymentRevisionHistory: props.deploymentRevisionHistory,
      deleteAfterDays: infra.deleteImagesAfterDays,
      keepTagPrefixes: props.keepTagPrefixes,
      labels,
    });
    this.registry.grant(
      'NodesPull',
      nodes.principal,
      'roles/artifactregistry.reader',
      'the kubelet pulls the API image',
    );

    this.buckets = createBuckets(this, config);
    this.uploads = new UploadNotification(this, 'DataUploads', {
      projectId,
      bucket: this.buckets.data,
      objectPrefix: infra.retrain.dataPrefix,
      topic: infra.retrain.topic,
      projectNumber: infra.projectNumber,
      labels,
    });

    this.secrets = createSecrets(this, config);

    this.database = new MlflowDatabase(this, 'MlflowDatabase', {
      projectId,
      region: gcp.region,
      instance: infra.database.instance,
      database: infra.database.database,
      version: infra.database.version,
      tier: infra.database.tier,
      diskSizeGb: infra.database.diskSizeGb,
      availability: infra.database.availability,
      user: infra.database.user,
      passwordSecret: { name: infra.database.passwordKubernetesSecret, key: DATABASE_PASSWORD_KEY },
      network: this.network,
      labels,
    });

    this.build = new BuildInfrastructure(this, 'Build', {
      projectId,
      region: gcp.region,
      workerPool: infra.build.workerPool,
      machineType: infra.build.machineType,
      diskSizeGb: infra.build.diskSizeGb,
      network: this.network,
      ...(props.trigger ? { trigger: props.trigger } : {}),
      uploadTopicObjectName: this.uploads.topicObjectName,
      labels,
    });
    this.apiAddress = new ApiAddress(this, 'ApiAddress', {
      projectId,
      region: gcp.region,
      name: infra.apiAddressName,
      global: gateway,
      labels,
    });
    this.edge = gateway ? this.gatewayEdge(config) : null;
    this.alerting = new AlertRouting(this, 'Alerting', {
      projectId,
      email: infra.alerts.email,
      alerts: props.alerts,
      evaluationIntervalSeconds: config.monitoring.scrapeIntervalSeconds,
      labels,
    });

    // Access: who may touch what, each on the narrowest resource the API allows.
    if (builder) grantBuilderAccess(this, builder, projectId);
    grantWorkloadAccess(this, config, { api, mlflow, trainer });
    if (this.serviceAccounts.vertexTrainer)
      grantVertexTrainerAccess(this, projectId, this.serviceAccounts.vertexTrainer, builder);
  }

  /** Certificate Manager certificate and Cloud Armor policy of the Gateway mode (serving chart: the Gateway). */
  private gatewayEdge(config: AppConfig) {
    const { edge, gcp, infra } = config;
    const projectId = gcp.projectId;
    const certificate = new EdgeCertificate(this, 'EdgeCertificate', {
      projectId,
      hostname: edge.hostname!,
      mapName: edge.gateway.certificateMapName,
      namePrefix: config.app.name,
      labels: infra.labels,
    });
    const securityPolicy = new ApiSecurityPolicy(this, 'EdgeSecurityPolicy', {
      projectId,
      name: edge.gateway.securityPolicyName,
      rateLimitPerMinute: edge.gateway.rateLimitPerMinute,
      banThresholdPerMinute: edge.gateway.banThresholdPerMinute,
      banSeconds: edge.gateway.banSeconds,
      maxBodyBytes: config.server.bodyLimitKiB * 1024,
      preview: edge.gateway.armorPreview,
      labels: infra.labels,
    });
    return { certificate, securityPolicy };
  }
}

function bindKsa(account: GcpServiceAccount, ref: string, reason: string): void {
  const [namespace, name] = ref.split('/') as [string, string];
  account.bindKubernetesServiceAccount(namespace, name, reason);
}

/** One service account per workload, nothing shared; the builder and API ones only when config names them here. */
function createServiceAccounts(chart: InfraChart, config: AppConfig): InfraChart['serviceAccounts'] {
  const projectId = config.gcp.projectId;
  const { infra } = config;
  const account = (id: string, accountId: string, displayName: string, description: string) =>
    new GcpServiceAccount(chart, id, { projectId, accountId, displayName, description });
  const ownAccountId = (what: string, email: string | null): string | null => {
    if (email === null) return null;
    const parsed = parseServiceAccountEmail(what, email);
    if (parsed.projectId !== projectId) {
      throw new Error(`'${what}' must be a service account of project ${projectId} to be created here, got "${email}"`);
    }
    return parsed.accountId;
  };
  const builderId = ownAccountId('pipeline.serviceAccount', config.pipeline.serviceAccount);
  const apiId = ownAccountId('serviceAccount.gcpServiceAccount', config.serviceAccount.gcpServiceAccount);
  const sa = infra.serviceAccounts;
  return {
    builder:
      builderId === null
        ? null
        : account('BuilderAccount', builderId, 'toxicity builder', 'Cloud Build: tests, trains, builds and deploys'),
    api: apiId === null ? null : account('ApiAccount', apiId, 'toxicity API', 'Model server pods (Workload Identity)'),
    mlflow: account('MlflowAccount', sa.mlflow, 'toxicity MLflow', 'MLflow tracking server pods (Workload Identity)'),
    trainer: account(
      'TrainerAccount',
      sa.trainer,
      'toxicity trainer',
      'In-cluster retraining jobs (Workload Identity)',
    ),
    nodes: account('NodeAccount', sa.nodes, 'toxicity GKE nodes', 'Node pool of the cluster (not used by pods)'),
    vertexTrainer:
      config.retraining.trainer === 'vertex-ai'
        ? account(
            'VertexTrainerAccount',
            config.retraining.vertexAi.serviceAccount,
            'toxicity Vertex AI trainer',
            'Vertex AI custom jobs of the retraining pipeline (retraining.trainer: vertex-ai)',
          )
        : null,
  };
}

function createBuckets(chart: InfraChart, config: AppConfig): InfraChart['buckets'] {
  const { infra, gcp } = config;
  const projectId = gcp.projectId;
  const labels = infra.labels;
  const bucket = (id: string, name: string, extra: Partial<ConstructorParameters<typeof GcsBucket>[2]> = {}) =>
    new GcsBucket(chart, id, { projectId, name, location: gcp.region, labels, ...extra });
  return {
    data: bucket('DataBucket', config.buckets.data),
    models: bucket('ModelsBucket', config.buckets.models, {
      versioning: true,
      lifecycleRules: [
        {
          action: { type: 'Delete' },
          condition: { withState: 'ARCHIVED', daysSinceNoncurrentTime: infra.buckets.noncurrentModelDays },
        },
      ],
    }),
    mlflow: bucket('MlflowBucket', infra.buckets.mlflowArtifacts),
    buildLogs: bucket('BuildLogsBucket', infra.buckets.buildLogs, {
      lifecycleRules: [{ action: { type: 'Delete' }, condition: { age: infra.buckets.buildLogDays } }],
    }),
  };
}

function createSecrets(chart: InfraChart, config: AppConfig): InfraChart['secrets'] {
  const { infra } = config;
  const projectId = config.gcp.projectId;
  const labels = infra.labels;
  const secret = (id: string, name: string) => new ManagedSecret(chart, id, { projectId, name, labels });
  return {
    jwt: secret('JwtSecret', config.auth.secretName),
    mlflowToken:
      config.pipeline.mlflowTokenSecret === null
        ? null
        : secret('MlflowTokenSecret', config.pipeline.mlflowTokenSecret),
    mlflowAdminPassword: config.mlflow.server.enabled
      ? secret('MlflowAdminPasswordSecret', config.mlflow.server.adminPasswordSecret)
      : null,
    mlflowFlaskSecretKey: config.mlflow.server.enabled
      ? secret('MlflowFlaskSecretKeySecret', config.mlflow.server.flaskSecretKeySecret)
      : null,
    databasePassword: secret('DatabasePasswordSecret', infra.database.passwordSecret),
  };
}

/** What the build's service account may do: read data, write models, push images, read MLflow secrets, deploy. */
function grantBuilderAccess(chart: InfraChart, builder: GcpServiceAccount, projectId: string): void {
  const { data, models } = chart.buckets;
  data.grant(
    'BuilderReadsData',
    builder.principal,
    'roles/storage.objectViewer',
    'the train step reads the training data',
  );
  data.grant(
    'BuilderSeesDataBucket',
    builder.principal,
    'roles/storage.legacyBucketReader',
    'the buckets step checks the bucket exists',
  );
  models.grant(
    'BuilderWritesModels',
    builder.principal,
    'roles/storage.objectAdmin',
    'train writes candidates, promotion overwrites the champion pointer',
  );
  models.grant(
    'BuilderSeesModelsBucket',
    builder.principal,
    'roles/storage.legacyBucketReader',
    'the buckets step checks the bucket exists',
  );
  chart.registry.grant(
    'BuilderPushes',
    builder.principal,
    'roles/artifactregistry.writer',
    'the push step uploads the image and its layer cache',
  );
  chart.secrets.mlflowToken?.grant(
    'BuilderReadsMlflowToken',
    builder.principal,
    'roles/secretmanager.secretAccessor',
    'the train step authenticates to MLflow',
  );
  chart.secrets.mlflowAdminPassword?.grant(
    'BuilderReadsMlflowAdminPassword',
    builder.principal,
    'roles/secretmanager.secretAccessor',
    "the train step authenticates to the stack's MLflow (basic auth)",
  );
  grantOnProject(chart, 'BuilderDeploys', {
    projectId,
    principal: builder.principal,
    role: 'roles/container.developer',
    reason: 'the deploy step applies the manifests; GKE has no per-cluster IAM, in-cluster rights are RBAC',
  });
  grantOnProject(chart, 'BuilderLogs', {
    projectId,
    principal: builder.principal,
    role: 'roles/logging.logWriter',
    reason: 'a build running as its own service account writes its logs to Cloud Logging',
  });
  grantOnProject(chart, 'BuilderUsesPool', {
    projectId,
    principal: builder.principal,
    role: 'roles/cloudbuild.workerPoolUser',
    reason: 'builds run in the private worker pool; pools have no IAM of their own',
  });
}

/** What the workloads' accounts may do: the API reads models, MLflow its bucket and database, retraining data and models. */
function grantWorkloadAccess(
  chart: InfraChart,
  config: AppConfig,
  accounts: Pick<InfraChart['serviceAccounts'], 'api' | 'mlflow' | 'trainer'>,
): void {
  const { api, mlflow, trainer } = accounts;
  const projectId = config.gcp.projectId;
  const sa = config.infra.serviceAccounts;
  const { data, models } = chart.buckets;
  if (api) {
    models.grant(
      'ApiReadsModels',
      api.principal,
      'roles/storage.objectViewer',
      'the API loads the champion pointer and model artifacts',
    );
    api.bindKubernetesServiceAccount(config.app.namespace, config.app.name, 'the API pods act as this account');
  }
  chart.buckets.mlflow.grant(
    'MlflowArtifacts',
    mlflow.principal,
    'roles/storage.objectAdmin',
    'MLflow stores, serves and deletes run artifacts',
  );
  chart.secrets.databasePassword.grant(
    'MlflowReadsDbPassword',
    mlflow.principal,
    'roles/secretmanager.secretAccessor',
    'MLflow connects to its database',
  );
  // The SecretSync of the MLflow chart reads these as the MLflow ServiceAccount (Workload Identity).
  chart.secrets.mlflowAdminPassword?.grant(
    'MlflowReadsAdminPassword',
    mlflow.principal,
    'roles/secretmanager.secretAccessor',
    'MLflow creates its basic-auth admin user from it',
  );
  chart.secrets.mlflowFlaskSecretKey?.grant(
    'MlflowReadsFlaskSecretKey',
    mlflow.principal,
    'roles/secretmanager.secretAccessor',
    "MLflow's replicas sign CSRF tokens with the same key",
  );
  grantOnProject(chart, 'MlflowSqlClient', {
    projectId,
    principal: mlflow.principal,
    role: 'roles/cloudsql.client',
    reason: 'the Cloud SQL Auth Proxy connects to the instance; Cloud SQL has no instance-level IAM',
  });
  bindKsa(mlflow, sa.mlflowKubernetesServiceAccount, 'the MLflow pods act as this account');
  data.grant('TrainerReadsData', trainer.principal, 'roles/storage.objectViewer', 'retraining reads uploaded data');
  models.grant(
    'TrainerWritesModels',
    trainer.principal,
    'roles/storage.objectAdmin',
    'retraining writes candidates and may promote the champion pointer',
  );
  chart.secrets.mlflowToken?.grant(
    'TrainerReadsMlflowToken',
    trainer.principal,
    'roles/secretmanager.secretAccessor',
    'retraining registers runs in MLflow',
  );
  bindKsa(trainer, sa.trainerKubernetesServiceAccount, 'the retraining jobs act as this account');
}

/**
 * The Vertex AI trainer (`retraining.trainer: vertex-ai`): its job reads the upload and writes the
 * candidate, nothing else (registration and promotion stay in the build); the build's account starts
 * the job as it. The image is pulled by Vertex AI's own service agent, not by this account
 * (cloud.google.com/vertex-ai/docs/general/custom-service-account), so it gets no registry role.
 */
function grantVertexTrainerAccess(
  chart: InfraChart,
  projectId: string,
  vertexTrainer: GcpServiceAccount,
  builder: GcpServiceAccount | null,
): void {
  const { data, models } = chart.buckets;
  data.grant(
    'VertexTrainerReadsData',
    vertexTrainer.principal,
    'roles/storage.objectViewer',
    'the Vertex AI training job reads the uploaded data',
  );
  models.grant(
    'VertexTrainerWritesCandidates',
    vertexTrainer.principal,
    'roles/storage.objectCreator',
    'the Vertex AI training job writes the candidate model.json and metrics.json (it never overwrites, so no delete)',
  );
  if (builder === null) return;
  grantOnProject(chart, 'BuilderRunsVertexJobs', {
    projectId,
    principal: builder.principal,
    role: 'roles/aiplatform.user',
    reason: 'the train step creates and watches the Vertex AI custom job; custom jobs have no IAM of their own',
  });
  vertexTrainer.grantActAs(
    'BuilderActsAsVertexTrainer',
    builder.principal,
    'the train step starts the Vertex AI custom job as this account (iam.serviceAccounts.actAs)',
  );
}
