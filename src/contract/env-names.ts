/**
 * Every environment variable the project's entry points read, by name. The typed schema that
 * validates them (type, default, description) is `src/config/env-schema.ts`; the Deployment and the
 * Cloud Build steps set them by these names.
 */
export const ENV = {
  /** Path of the config file. */
  configPath: 'TOXICITY_CONFIG',
  /** Output folder of `cdk8s synth` (set by the cdk8s CLI). */
  cdk8sOutdir: 'CDK8S_OUTDIR',
  /** Config override: `gcp.projectId`. */
  projectId: 'GCP_PROJECT_ID',
  /** Config override: `app.containerPort`. */
  port: 'PORT',
  /** Interface the container entry point listens on. */
  host: 'HOST',
  /** Config override: `app.adminPort` (probes and `/metrics`). */
  adminPort: 'ADMIN_PORT',
  /** Config override: `server.maxInFlight`. */
  maxInFlight: 'MAX_IN_FLIGHT',
  /** Config override: `server.rateLimitPerSecond`. */
  rateLimitPerSecond: 'RATE_LIMIT_PER_SECOND',
  /** PEM certificate chain of the public port (`tls.crt` of the mounted TLS Secret). */
  tlsCertFile: 'TLS_CERT_FILE',
  /** PEM private key of that certificate (`tls.key`). */
  tlsKeyFile: 'TLS_KEY_FILE',
  /** Seconds between looks for a renewed certificate. */
  tlsReloadSeconds: 'TLS_RELOAD_SECONDS',
  /** The container's memory limit in MiB (downward API), which the request bounds are checked against. */
  memoryLimitMiB: 'MEMORY_LIMIT_MIB',
  /** Config override: `model.uri`. */
  modelUri: 'MODEL_URI',
  /** Config override: `model.championStore` (where promotion publishes the champion pointer). */
  modelChampionStore: 'MODEL_CHAMPION_STORE',
  /** Config override: `model.pollIntervalSeconds`. */
  modelPollSeconds: 'MODEL_POLL_SECONDS',
  /** Config override: `auth.issuer`. */
  jwtIssuer: 'JWT_ISSUER',
  /** Config override: `auth.audience`. */
  jwtAudience: 'JWT_AUDIENCE',
  /** Config override: `server.drainSeconds`. */
  drainSeconds: 'DRAIN_SECONDS',
  /** One HS256 signing secret (≥ 32 bytes). */
  jwtSecret: 'JWT_SECRET',
  /** A key ring: `kid=secret` pairs, for rotation without downtime. */
  jwtSecrets: 'JWT_SECRETS',
  /** The `kid` new tokens are signed with (key ring only). */
  jwtSigningKid: 'JWT_SIGNING_KID',
  /** Log threshold: DEBUG, INFO, WARNING or ERROR. */
  logLevel: 'LOG_LEVEL',
  /** A Cloud Storage emulator's URL (tests and local runs). */
  gcsEmulatorEndpoint: 'GCS_EMULATOR_ENDPOINT',
  /** The Pub/Sub emulator's `host:port` (`toxicity retrain subscribe` in tests and local runs). */
  pubsubEmulatorHost: 'PUBSUB_EMULATOR_HOST',
  /** MLflow tracking server; config override of `mlflow.trackingUri`. */
  mlflowTrackingUri: 'MLFLOW_TRACKING_URI',
  /** MLflow bearer token. */
  mlflowTrackingToken: 'MLFLOW_TRACKING_TOKEN',
  /** MLflow basic-auth user. */
  mlflowTrackingUsername: 'MLFLOW_TRACKING_USERNAME',
  /** MLflow basic-auth password. */
  mlflowTrackingPassword: 'MLFLOW_TRACKING_PASSWORD',
  /** Commit the model was trained from (Cloud Build sets it). */
  commitSha: 'COMMIT_SHA',
  /** Commit, when `COMMIT_SHA` is not set. */
  gitCommit: 'GIT_COMMIT',
  /** Cloud Build's build id: the actor recorded on registry moves. */
  buildId: 'BUILD_ID',
  /** The user: the actor recorded on registry moves. */
  user: 'USER',
} as const;

/** The name of one variable. */
export type EnvName = (typeof ENV)[keyof typeof ENV];
