import type { ModelCardConfig } from './model-card-config';
import type { RetrainingConfig } from './retraining-config';

/**
 * The one configuration object of the project. It is read once by an entry point
 * (`charts/main.ts`, `pipelines/main.ts`, `model-server/server.ts`, `src/cli.ts`), validated by
 * `parseConfig`, and handed on as typed slices: charts get `AppConfig` or parts of it, the
 * pipeline gets `gcp`/`cluster`/`image`/`buckets`/`mlflow`/`pipeline`, the server gets `server`,
 * `auth` and `model`.
 *
 * Every field is resolved (defaults applied) by the time code sees it; the YAML file may omit any
 * of them. The defaults reproduce the original system's deployment on GKE.
 */
export interface AppConfig {
  readonly gcp: GcpConfig;
  readonly cluster: ClusterConfig;
  readonly app: AppIdentityConfig;
  readonly image: ImageConfig;
  readonly scaling: ScalingConfig;
  readonly resources: ResourcesConfig;
  readonly service: ServiceConfig;
  readonly edge: EdgeConfig;
  readonly network: NetworkConfig;
  readonly serviceAccount: ServiceAccountConfig;
  readonly buckets: BucketsConfig;
  readonly model: ModelConfig;
  readonly mlflow: MlflowConfig;
  readonly auth: AuthConfig;
  readonly server: ServerConfig;
  readonly monitoring: MonitoringConfig;
  readonly pipeline: PipelineConfig;
  readonly infra: InfraConfig;
  readonly retraining: RetrainingConfig;
  readonly modelCard: ModelCardConfig;
}

export interface GcpConfig {
  /** GCP project id. The default is a placeholder; Cloud Build substitutes `$PROJECT_ID`. */
  readonly projectId: string;
  /** @default europe-west1 */
  readonly region: string;
  /** @default europe-west1-b */
  readonly zone: string;
}

export interface ClusterConfig {
  /** GKE cluster name. @default mlops-toxic-detection-cluster */
  readonly name: string;
  /** Cluster location (a zone for a zonal cluster, a region for a regional one). @default the zone */
  readonly location: string;
}

export interface AppIdentityConfig {
  /** Name of every Kubernetes object of the API and its `app.kubernetes.io/name` label. @default mlops-toxic-detection-api */
  readonly name: string;
  /** Kubernetes namespace, synthesized with Pod Security labels (restricted). @default toxicity */
  readonly namespace: string;
  /** `app.kubernetes.io/part-of`. @default toxicity */
  readonly partOf: string;
  /** Port the model server listens on inside the pod. @default 8080 */
  readonly containerPort: number;
  /** Port the Service exposes. @default 443 with `edge.tls: pod`, else 80 */
  readonly servicePort: number;
  /**
   * Port of the admin listener inside the pod: `/metrics`, `/healthz` and `/readyz` for the kubelet
   * and the collectors, never behind the public Service. @default 9090
   */
  readonly adminPort: number;
  /** Numeric UID/GID the container runs as (≥ 10000; the Dockerfile uses the same). @default 10001 */
  readonly runAsUser: number;
}

export interface ImageConfig {
  /** Registry host. @default `<region>-docker.pkg.dev` (Artifact Registry) */
  readonly registry: string;
  /** Artifact Registry repository. @default toxicity */
  readonly repository: string;
  /** Image name. @default toxicity-api */
  readonly name: string;
  /** Tag used in the synthesized manifests (never `latest`); the pipeline pins by digest at deploy. @default 1.0.0 */
  readonly tag: string;
}

export type ScalingMode = 'autoscaled' | 'static';

export interface ScalingConfig {
  /** `autoscaled`: HPA owns the replica count; `static`: fixed `replicas`. @default autoscaled */
  readonly mode: ScalingMode;
  /** Replica count in static mode. @default 3 */
  readonly replicas: number;
  /** @default 2 */
  readonly minReplicas: number;
  /** @default 10 */
  readonly maxReplicas: number;
  /** Target average CPU utilisation, percent of the request. @default 70 */
  readonly targetCpuPercent: number;
}

export interface ResourcesConfig {
  /** @default 250 */
  readonly cpuRequestMillis: number;
  /** @default 1000 */
  readonly cpuLimitMillis: number;
  /** @default 256 */
  readonly memoryRequestMiB: number;
  /** @default 512 */
  readonly memoryLimitMiB: number;
  /** @default 64 */
  readonly ephemeralStorageRequestMiB: number;
  /** @default 256 */
  readonly ephemeralStorageLimitMiB: number;
}

export interface ServiceConfig {
  /** `Local` keeps client source IPs and skips a second hop. @default Cluster */
  readonly externalTrafficPolicy: 'Cluster' | 'Local';
  /** Internal passthrough load balancer (`networking.gke.io/load-balancer-type: Internal`). @default false */
  readonly internal: boolean;
  /** CIDRs allowed to reach the load balancer; empty means everyone. @default [] */
  readonly loadBalancerSourceRanges: readonly string[];
}

/**
 * How the API meets the internet, from one choice (`mode`):
 * - `loadBalancer`: a GKE L4 LoadBalancer Service (pass-through) to the pods, which serve TLS themselves
 *   from a Kubernetes TLS Secret (`tls: pod`), or plain HTTP only when `allowPlainHttp` says so
 *   explicitly (synth then warns).
 * - `gateway`: GKE's Gateway API on a global external Application Load Balancer
 *   (`gke-l7-global-external-managed`): HTTPS for `hostname` with a Google-managed certificate
 *   (Certificate Manager, DNS authorization), HTTP redirected to HTTPS, a reserved global address, a
 *   Cloud Armor policy on the backend, and a ClusterIP Service whose pods are the load balancer's
 *   endpoints (NEG). `tls` then says what the load balancer speaks to the pods.
 */
export interface EdgeConfig {
  /** @default loadBalancer */
  readonly mode: 'loadBalancer' | 'gateway';
  /**
   * Who terminates TLS at the pods: `pod` (HTTPS from `tlsSecretName`) or nobody (`none`). In
   * `loadBalancer` mode `none` is the public endpoint in clear and needs `allowPlainHttp: true`; in
   * `gateway` mode the load balancer terminates the clients' TLS and `none` is the hop from Google's
   * proxies to the pods inside the VPC. @default pod
   */
  readonly tls: 'pod' | 'none';
  /** `kubernetes.io/tls` Secret with the certificate the pods serve (created outside the manifests). @default `<app name>-tls` */
  readonly tlsSecretName: string;
  /** How often the pods look for a renewed certificate in the mounted Secret. @default 30 */
  readonly tlsReloadSeconds: number;
  /** Set to true to accept a public endpoint in plain HTTP (`loadBalancer` mode with `tls: none`). @default false */
  readonly allowPlainHttp: boolean;
  /** Public DNS name of the API (`gateway` mode: the certificate's domain and the route's hostname). @default null */
  readonly hostname: string | null;
  /** The Gateway mode's objects. */
  readonly gateway: GatewayEdgeConfig;
}

/** Names and limits of the Gateway mode (ignored in `loadBalancer` mode). */
export interface GatewayEdgeConfig {
  /** Certificate Manager certificate map the Gateway names (`networking.gke.io/certmap`). @default `<app name>-certs` */
  readonly certificateMapName: string;
  /** Cloud Armor security policy attached to the backend. @default `<app name>-armor` */
  readonly securityPolicyName: string;
  /** Requests per minute one client address may make before Cloud Armor answers 429. @default 1200 */
  readonly rateLimitPerMinute: number;
  /** Requests per minute past which a client address is banned for `banSeconds`. @default 3000 */
  readonly banThresholdPerMinute: number;
  /** @default 300 */
  readonly banSeconds: number;
  /** Run the Cloud Armor rules in preview (logged, not enforced), e.g. for a first rollout. @default false */
  readonly armorPreview: boolean;
}

export interface NetworkConfig {
  /** Namespace of the Prometheus that scrapes the pods. @default gmp-system */
  readonly monitoringNamespace: string;
  /** Extra DNS server addresses the pods may query (Cloud DNS, NodeLocal DNS). */
  readonly dnsAddresses: readonly string[];
  /** Metadata server addresses and ports (Workload Identity tokens). */
  readonly metadataServer: readonly { readonly cidr: string; readonly ports: readonly number[] }[];
  /** CIDR for egress on 443 (Google APIs). @default 0.0.0.0/0 */
  readonly googleApisCidr: string;
  /** Where the MLflow tracking server is, for egress when `model.uri` is a `models:/` URI. @default 0.0.0.0/0 */
  readonly mlflowCidr: string;
}

export interface ServiceAccountConfig {
  /**
   * GCP service account bound through Workload Identity (the infra chart creates it); null leaves the
   * annotation out. @default `toxicity-api@<projectId>.iam.gserviceaccount.com`
   */
  readonly gcpServiceAccount: string | null;
}

export interface BucketsConfig {
  /** @default `<projectId>-toxicity-models` */
  readonly models: string;
  /** @default `<projectId>-toxicity-data` */
  readonly data: string;
}

export interface ModelConfig {
  /** Registered model name in MLflow. @default toxic-detector */
  readonly name: string;
  /**
   * Folder (`gs://bucket[/prefix]` or `file://…`) where promotion publishes each champion as an
   * immutable `<name>/versions/<N>/model.json` and moves the pointer `<name>/champion`; null:
   * promotion moves the registry alias only. @default `gs://<buckets.models>`
   */
  readonly championStore: string | null;
  /**
   * URI the deployed server loads: a champion pointer (`…/champion`, followed by hot reload),
   * `gs://…/model.json`, `file://…`, or `models:/<name>@<alias>` (MLflow registry, opt-in: the pods
   * then need the registry to start). @default `<championStore>/<model.name>/champion`
   */
  readonly uri: string;
  /** URI the local trainer writes and `toxicity serve` loads. @default file://models/toxic-detector/model.json */
  readonly localUri: string;
  /** How often the server checks for a new model generation. @default 60 */
  readonly pollIntervalSeconds: number;
}

export interface MlflowConfig {
  /** Tracking server URL the CLI uses on this machine (`MLFLOW_TRACKING_URI` overrides). @default http://127.0.0.1:5000 */
  readonly trackingUri: string;
  /** @default toxicity */
  readonly experiment: string;
  /**
   * Tracking server URL the pipeline's train step uses (`_MLFLOW_URI`), for a registry outside this
   * stack; null derives it from `server` (`http://<server.internalAddress>:<server.port>`). Never a loopback.
   * @default null
   */
  readonly pipelineTrackingUri: string | null;
  readonly server: MlflowServerConfig;
}

/**
 * The MLflow tracking server deployed with the stack (charts/mlflow-chart.ts). Every Google Cloud
 * object it uses (Cloud SQL instance, bucket, service account, Secret Manager secrets) is named here
 * and created by the infrastructure from the same fields.
 */
export interface MlflowServerConfig {
  /** Deploy it; false when `pipelineTrackingUri` names a registry run elsewhere. @default true */
  readonly enabled: boolean;
  /** Name of its Kubernetes objects and `app.kubernetes.io/name`. @default mlflow */
  readonly name: string;
  /** Server image with MLflow, psycopg2 and google-cloud-storage, pinned (built from mlflow-server/Dockerfile). @default `<registry>/<project>/<repository>/mlflow-server:3.17.2` */
  readonly image: string;
  /** @default 5000 */
  readonly port: number;
  /** @default 2 */
  readonly replicas: number;
  /**
   * Reserved internal IPv4 of the cluster's subnet for the internal passthrough load balancer the
   * build pool reaches; null refuses deployment (the pipeline could not register). @default null
   */
  readonly internalAddress: string | null;
  /** Cloud SQL instance `project:region:instance` (PostgreSQL). @default `<projectId>:<region>:toxicity-mlflow` */
  readonly cloudSqlInstance: string;
  /** @default mlflow */
  readonly database: string;
  /** @default mlflow */
  readonly databaseUser: string;
  /** Cloud SQL Auth Proxy image, pinned. @default gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.18.2 */
  readonly proxyImage: string;
  /** Bucket of the proxied artifacts (`--artifacts-destination`). @default `<projectId>-toxicity-mlflow` */
  readonly artifactBucket: string;
  /** GCP service account (Workload Identity) for Cloud SQL and the artifact bucket. @default `toxicity-mlflow@<projectId>.iam.gserviceaccount.com` */
  readonly gcpServiceAccount: string;
  /**
   * Kubernetes Secret with keys `db-password`, `admin-password` and `flask-secret-key`, synced from the
   * Secret Manager secrets below (never a value in git or in a manifest). @default `<name>-credentials`
   */
  readonly credentialsSecret: string;
  /** Secret Manager secret of the database user's password. @default mlflow-db-password */
  readonly databasePasswordSecret: string;
  /** Basic-auth admin user, created on first start; the pipeline registers as this user. @default admin */
  readonly adminUsername: string;
  /** Secret Manager secret of the basic-auth admin password. @default mlflow-admin-password */
  readonly adminPasswordSecret: string;
  /** Secret Manager secret of the Flask secret key (CSRF tokens of the basic-auth app). @default mlflow-flask-secret-key */
  readonly flaskSecretKeySecret: string;
}

export interface AuthConfig {
  /** JWT `iss`. @default toxicity-api */
  readonly issuer: string;
  /** JWT `aud`. @default toxicity-clients */
  readonly audience: string;
  /** Kubernetes Secret holding the signing secret(s). @default `<app name>-jwt` */
  readonly secretName: string;
  /** Key in that Secret. @default jwt-secret */
  readonly secretKey: string;
  /**
   * `single`: the key holds one secret (`JWT_SECRET`); `keyring`: it holds `kid:secret,…` (`JWT_SECRETS`),
   * for rotation without downtime. @default single
   */
  readonly secretFormat: 'single' | 'keyring';
  /** @default 30 */
  readonly clockToleranceSeconds: number;
  /** Reject tokens older than this (by `iat`), and tokens without `iat`; null disables. @default 86400 */
  readonly maxTokenAgeSeconds: number | null;
  /** Reject tokens whose lifetime (`exp - iat`) is longer than this; null disables. @default 86400 */
  readonly maxTokenLifetimeSeconds: number | null;
}

export interface ServerConfig {
  /** @default 1000 */
  readonly maxBatchSize: number;
  /** Longest accepted comment, in characters. @default 20000 */
  readonly maxTextLength: number;
  /** Largest accepted request body. @default 1024 */
  readonly bodyLimitKiB: number;
  /** @default 10000 */
  readonly requestTimeoutMs: number;
  /**
   * How long an idle kept-alive connection stays open. Behind the Gateway it must outlast the load
   * balancer's own 600 s keep-alive to its backends, or a request sent on a connection the server is
   * closing fails with a 502 (cloud.google.com/load-balancing/docs/https#timeouts_and_retries); with
   * the pass-through L4 balancer the clients connect directly, so idle sockets are let go quickly.
   * @default 620 with `edge.mode: gateway`, else 5
   */
  readonly keepAliveTimeoutSeconds: number;
  /** After SIGTERM: seconds readiness reports 503 while requests are still served. @default 10 */
  readonly drainSeconds: number;
  /** Probability at or above which a comment is labelled toxic. @default 0.5 */
  readonly threshold: number;
  /**
   * Most API requests served at once by one replica; more get 503 with `Retry-After` (probes and
   * `/metrics` are on the admin port and never count). With the body limit, this bounds memory: the
   * server refuses to start when the bound exceeds `resources.memoryLimitMiB`. @default 64
   */
  readonly maxInFlight: number;
  /**
   * Of those, most requests with a large body (over `largeBodyKiB`, or of unknown length) at once: they
   * hold the memory and the CPU, so a few of them must not delay the rest (and the probes) for long.
   * @default 4
   */
  readonly maxLargeInFlight: number;
  /** A body larger than this (declared `Content-Length`, or chunked) makes a request large. @default 32 */
  readonly largeBodyKiB: number;
  /** Requests per second one token subject may make to one replica (token bucket); 0 disables. @default 100 */
  readonly rateLimitPerSecond: number;
  /** Burst of that token bucket (requests a subject may make at once after a pause). @default 200 */
  readonly rateLimitBurst: number;
  /** `Retry-After` of 503 responses when the in-flight cap is reached. @default 1 */
  readonly retryAfterSeconds: number;
  /** Validation errors listed in a 400 problem (the rest are counted in `error_count`). @default 20 */
  readonly maxReportedErrors: number;
  /** Most comments in a request with `explain: true` (explanations cost far more than scores). @default 50 */
  readonly explainMaxBatchSize: number;
  /** Contributions per label in an explanation (largest first; the rest are summed). @default 10 */
  readonly explainTopK: number;
  /** Character spans per contribution (overlapping ones merged first; `span_count` gives the total). @default 10 */
  readonly explainMaxSpans: number;
}

export interface MonitoringConfig {
  /** `managed`: GKE Managed Prometheus (PodMonitoring/Rules); `operator`: PodMonitor/PrometheusRule. @default managed */
  readonly flavour: 'managed' | 'operator';
  /** Scrape interval (and rule evaluation interval); at most 75 so the alerts' 5 m rate windows hold 4 samples. @default 30 */
  readonly scrapeIntervalSeconds: number;
  /** Alert when the P95 latency of `/v1/predict` exceeds this; must be a bucket bound of the request histogram. @default 500 */
  readonly latencyP95ThresholdMs: number;
  /** Alert when more than this percentage of API requests answer 5xx. @default 5 */
  readonly errorRatioThresholdPercent: number;
  /** Extra labels on the scrape and rule objects (prometheus-operator selects them by label, e.g. `release: kube-prometheus-stack`). @default {} */
  readonly extraLabels: Readonly<Record<string, string>>;
  /** Namespace of the Grafana dashboard ConfigMap (where the Grafana sidecar looks); null: the app namespace. @default null */
  readonly dashboardNamespace: string | null;
  /** Page the alerts' `runbook_url` points to (an anchor per alert is appended); null: `docs/monitoring.md` in the GitHub repository of `pipeline.githubOwner`/`githubRepo`, or the bare path when those are unset. @default null */
  readonly runbookUrl: string | null;
  /** Thresholds of the drift alerts (docs/monitoring.md#drift-signals). */
  readonly drift: DriftMonitoringConfig;
}

export interface DriftMonitoringConfig {
  /** Model label whose positive share is the toxic rate. @default toxic */
  readonly toxicLabel: string;
  /** Alert when more than this percentage of comments is predicted toxic for 10 minutes. @default 30 */
  readonly toxicRatePercent: number;
  /** Alert when this percentage or more of a label's predictions have confidence max(p, 1-p) below 0.6 for 10 minutes. @default 80 */
  readonly lowConfidencePercent: number;
  /** Alert when the PSI of a label's scores against the training baseline exceeds this for 15 minutes. @default 0.2 */
  readonly psiThreshold: number;
  /** Fewest comments of a label in a pod's drift window (one hour) for its PSI to count. @default 500 */
  readonly psiMinComments: number;
}

export interface PipelineConfig {
  /** Cloud Build service account e-mail (least privilege); null uses the default. @default `toxicity-builder@<projectId>.iam.gserviceaccount.com` */
  readonly serviceAccount: string | null;
  /** Whole build timeout. @default 3600 */
  readonly timeoutSeconds: number;
  /** Branch regex of the trigger. @default ^main$ */
  readonly branch: string;
  /** GitHub owner/name of the repository the trigger watches. @default null (set before `pipeline trigger`) */
  readonly githubOwner: string | null;
  readonly githubRepo: string | null;
  /** Trigger name (alphanumerics and dashes, 1–64). @default toxicity-main */
  readonly triggerName: string;
  /**
   * 2nd-gen repository resource `projects/P/locations/L/connections/C/repositories/R`; when set the
   * trigger uses `repositoryEventConfig` in location L instead of the 1st-gen GitHub app. @default null
   */
  readonly repository: string | null;
  /** Secret Manager secret holding the MLflow token (exposed as MLFLOW_TRACKING_TOKEN); null for none. @default mlflow-tracking-token */
  readonly mlflowTokenSecret: string | null;
  /** Object path of the training data inside the data bucket. @default train.csv */
  readonly trainingData: string;
  /** How long the deploy step waits for the rollout to become ready. @default 600 */
  readonly rolloutTimeoutSeconds: number;
  /** Image the tests and train steps run in: the image's own Node base (model-server/Dockerfile). @default node:26.12.1-trixie-slim */
  readonly nodeImage: string;
  /**
   * Cloud Build private worker pool (`options.pool.name`), peered with the cluster's VPC so the train
   * step reaches MLflow's internal address; null uses the default pool. @default toxicity-private-pool
   */
  readonly workerPool: string | null;
  /** Location of the worker pool. @default the region */
  readonly workerPoolRegion: string;
  /** The pool's peered IP range, admitted by MLflow's NetworkPolicy; null admits none. @default null */
  readonly workerPoolCidr: string | null;
}

/**
 * Google Cloud infrastructure synthesized as Config Connector objects (`dist/infra/`). Names other
 * parts already use come from their own slices (`cluster.name`, `image.repository`, `buckets.*`,
 * `pipeline.serviceAccount`, `pipeline.mlflowTokenSecret`, `serviceAccount.gcpServiceAccount`,
 * `auth.secretName`); this slice holds what only the infrastructure needs.
 */
export interface InfraConfig {
  /** Namespace of the Config Connector objects; Config Controller's `config-control` is bound to its project. @default config-control */
  readonly namespace: string;
  /** Project number; needed to grant the Cloud Storage service agent publish rights on the topic. @default null */
  readonly projectNumber: string | null;
  /** Labels on every Google Cloud resource, for cost attribution. @default {app: toxicity} */
  readonly labels: Readonly<Record<string, string>>;
  readonly network: InfraNetworkConfig;
  readonly nodePool: InfraNodePoolConfig;
  /** GKE release channel. @default REGULAR */
  readonly releaseChannel: 'RAPID' | 'REGULAR' | 'STABLE';
  /** Artifact Registry cleanup: image versions kept besides the tagged build cache. @default 20 */
  readonly keepImageVersions: number;
  /** Untagged or old image versions beyond the kept ones are deleted after this many days. @default 30 */
  readonly deleteImagesAfterDays: number;
  readonly buckets: InfraBucketsConfig;
  readonly retrain: InfraRetrainConfig;
  readonly serviceAccounts: InfraServiceAccountsConfig;
  readonly database: InfraDatabaseConfig;
  readonly build: InfraBuildConfig;
  /** Name of the regional static IP of the API's load balancer. @default `<app.name>-ip` */
  readonly apiAddressName: string;
  readonly alerts: InfraAlertsConfig;
}

export interface InfraNetworkConfig {
  /** VPC name. @default toxicity-vpc */
  readonly name: string;
  /** Primary range of the nodes' subnet. @default 10.10.0.0/20 */
  readonly nodesCidr: string;
  /** Secondary range for pods. @default 10.20.0.0/14 */
  readonly podsCidr: string;
  /** Secondary range for Services. @default 10.24.0.0/20 */
  readonly servicesCidr: string;
  /** Private nodes (no public IPs; egress through Cloud NAT). @default true */
  readonly privateNodes: boolean;
  /** Control-plane range of a private cluster (a /28). @default 172.16.0.0/28 */
  readonly masterCidr: string;
  /** Prefix length of the range reserved for private services (Cloud SQL, the build pool). @default 20 */
  readonly privateServicesPrefixLength: number;
}

export interface InfraNodePoolConfig {
  /** @default e2-standard-2 */
  readonly machineType: string;
  /** @default 1 */
  readonly minNodes: number;
  /** @default 4 */
  readonly maxNodes: number;
  /** @default 50 */
  readonly diskSizeGb: number;
}

export interface InfraBucketsConfig {
  /** MLflow's artifact store. @default `<projectId>-toxicity-mlflow` */
  readonly mlflowArtifacts: string;
  /** Build logs. @default `<projectId>-toxicity-build-logs` */
  readonly buildLogs: string;
  /** Days after which noncurrent model versions are deleted. @default 90 */
  readonly noncurrentModelDays: number;
  /** Days build logs are kept. @default 30 */
  readonly buildLogDays: number;
}

export interface InfraRetrainConfig {
  /** Pub/Sub topic receiving data-bucket uploads. @default toxicity-data-uploads */
  readonly topic: string;
  /** Object prefix in the data bucket whose uploads are announced. @default uploads/ */
  readonly dataPrefix: string;
}

/** Account ids (the part before `@`) of the service accounts only the infrastructure names. */
export interface InfraServiceAccountsConfig {
  /** @default toxicity-mlflow */
  readonly mlflow: string;
  /** @default toxicity-trainer */
  readonly trainer: string;
  /** Node pool service account. @default toxicity-nodes */
  readonly nodes: string;
  /** Kubernetes ServiceAccounts (`namespace/name`) bound to the MLflow and trainer accounts by Workload Identity. */
  readonly mlflowKubernetesServiceAccount: string;
  readonly trainerKubernetesServiceAccount: string;
}

export interface InfraDatabaseConfig {
  /** Cloud SQL instance name. @default toxicity-mlflow */
  readonly instance: string;
  /** @default mlflow */
  readonly database: string;
  /** @default POSTGRES_16 */
  readonly version: string;
  /** Machine tier. @default db-custom-1-3840 */
  readonly tier: string;
  /** @default 10 */
  readonly diskSizeGb: number;
  /** `REGIONAL` for a standby in another zone. @default ZONAL */
  readonly availability: 'ZONAL' | 'REGIONAL';
  /** Secret Manager secret of the MLflow database user's password. @default mlflow-db-password */
  readonly passwordSecret: string;
  /** Kubernetes Secret (in `infra.namespace`) Config Connector reads the user's password from. @default mlflow-db-password */
  readonly passwordKubernetesSecret: string;
  /** @default mlflow */
  readonly user: string;
}

export interface InfraBuildConfig {
  /** Cloud Build private worker pool, peered with the VPC. @default toxicity-private-pool */
  readonly workerPool: string;
  /** @default e2-standard-2 */
  readonly machineType: string;
  /** @default 100 */
  readonly diskSizeGb: number;
}

export interface InfraAlertsConfig {
  /** E-mail address the alerts are sent to (a Cloud Monitoring notification channel); null: no receiver. @default null */
  readonly email: string | null;
}

/** The full image reference the manifests use: `<registry>/<project>/<repository>/<name>:<tag>`. */
export function imageReference(config: Pick<AppConfig, 'gcp' | 'image'>): string {
  const { registry, repository, name, tag } = config.image;
  return `${registry}/${config.gcp.projectId}/${repository}/${name}:${tag}`;
}

/** The champion pointer of a registered model: `<model.championStore>/<name>/champion`, or null without a store. */
export function championPointerUri(model: Pick<ModelConfig, 'championStore'>, name: string): string | null {
  return model.championStore === null ? null : `${model.championStore.replace(/\/+$/, '')}/${name}/champion`;
}
