/**
 * Typed model of a Cloud Build config file: the input fields of the `Build` resource
 * (`google.devtools.cloudbuild.v1.Build`, REST/proto3-JSON names, camelCase).
 *
 * Interfaces only, no behaviour: the pipeline builder produces a `Build`, the renderer turns it into
 * YAML, the validator checks any document against the protos shipped in `@google-cloud/cloudbuild`.
 * Output-only fields (`id`, `status`, `createTime`, …) are left out on purpose: a config file must
 * not set them.
 *
 * Source: https://cloud.google.com/build/docs/build-config-file-schema and
 * node_modules/@google-cloud/cloudbuild/build/protos/google/devtools/cloudbuild/v1/cloudbuild.proto.
 */

/** A proto3-JSON `google.protobuf.Duration`: seconds with up to nine fractional digits, e.g. `600s`, `3.5s`. */
export type DurationString = `${number}s`;

/** `BuildOptions.LoggingMode`. `STACKDRIVER_ONLY` is a deprecated alias of `CLOUD_LOGGING_ONLY`. */
export type LoggingMode =
  'LOGGING_UNSPECIFIED' | 'LEGACY' | 'GCS_ONLY' | 'STACKDRIVER_ONLY' | 'CLOUD_LOGGING_ONLY' | 'NONE';

/** `BuildOptions.MachineType`. The N1 types are deprecated. */
export type MachineType =
  'UNSPECIFIED' | 'N1_HIGHCPU_8' | 'N1_HIGHCPU_32' | 'E2_HIGHCPU_8' | 'E2_HIGHCPU_32' | 'E2_MEDIUM' | 'E2_STANDARD_2';

/** `BuildOptions.SubstitutionOption`: triggered builds are always `ALLOW_LOOSE`. */
export type SubstitutionOption = 'MUST_MATCH' | 'ALLOW_LOOSE';

export type LogStreamingOption = 'STREAM_DEFAULT' | 'STREAM_ON' | 'STREAM_OFF';

export type VerifyOption = 'NOT_VERIFIED' | 'VERIFIED';

export type HashType = 'NONE' | 'SHA256' | 'MD5' | 'GO_MODULE_H1' | 'SHA512';

export type DefaultLogsBucketBehavior =
  'DEFAULT_LOGS_BUCKET_BEHAVIOR_UNSPECIFIED' | 'REGIONAL_USER_OWNED_BUCKET' | 'LEGACY_BUCKET';

/** A Docker volume shared between steps (`Volume`). */
export interface Volume {
  /** Docker volume name; must be used by at least two steps. */
  readonly name: string;
  /** Absolute mount path; not `/workspace`, `/builder/home` or `/var/run/docker.sock`. */
  readonly path: string;
}

/** One step of the build (`BuildStep`). */
export interface BuildStep {
  /** Builder image that runs the step. */
  readonly name: string;
  /** Identifier other steps name in `waitFor`. */
  readonly id?: string;
  /**
   * Steps to wait for; `['-']` starts the step at once. Absent means "after every earlier step".
   * Only ids of earlier steps may be named.
   */
  readonly waitFor?: readonly string[];
  readonly entrypoint?: string;
  /** Up to 100 arguments, each at most 10,000 characters. Excludes `script`. */
  readonly args?: readonly string[];
  /** Shell script run instead of `entrypoint` + `args`; gets no substitutions unless automapped. */
  readonly script?: string;
  /** `KEY=VALUE` entries. */
  readonly env?: readonly string[];
  /** Names declared in `availableSecrets` (or the legacy `secrets`). */
  readonly secretEnv?: readonly string[];
  readonly dir?: string;
  readonly volumes?: readonly Volume[];
  readonly timeout?: DurationString;
  readonly allowFailure?: boolean;
  readonly allowExitCodes?: readonly number[];
  readonly automapSubstitutions?: boolean;
}

/** `BuildOptions.PoolOption`: a private worker pool. */
export interface PoolOption {
  /** `projects/{project}/locations/{location}/workerPools/{pool}` */
  readonly name: string;
}

/** Build-wide options (`BuildOptions`). */
export interface BuildOptions {
  readonly sourceProvenanceHash?: readonly HashType[];
  readonly requestedVerifyOption?: VerifyOption;
  readonly machineType?: MachineType;
  /** int64 in proto3 JSON: a number or a decimal string. */
  readonly diskSizeGb?: number | string;
  readonly substitutionOption?: SubstitutionOption;
  readonly dynamicSubstitutions?: boolean;
  readonly automapSubstitutions?: boolean;
  readonly logStreamingOption?: LogStreamingOption;
  readonly pool?: PoolOption;
  /** A user-specified service account needs `CLOUD_LOGGING_ONLY`, `NONE` or a logs bucket. */
  readonly logging?: LoggingMode;
  readonly env?: readonly string[];
  readonly secretEnv?: readonly string[];
  readonly volumes?: readonly Volume[];
  readonly defaultLogsBucketBehavior?: DefaultLogsBucketBehavior;
  readonly enableStructuredLogging?: boolean;
  /** Documented but absent from the npm protos (see DOCUMENTED_EXTRA_FIELDS in validate-build.ts). */
  readonly pubsubTopic?: string;
}

/** A Secret Manager secret version exposed to steps as an environment variable (`SecretManagerSecret`). */
export interface SecretManagerSecret {
  /** `projects/{project}/secrets/{secret}/versions/{version}` */
  readonly versionName: string;
  /** Environment variable name steps list in `secretEnv`. */
  readonly env: string;
}

/** KMS-encrypted values (`InlineSecret`); values are base64 ciphertext. */
export interface InlineSecret {
  readonly kmsKeyName: string;
  readonly envMap: Readonly<Record<string, string>>;
}

/** `Secrets`: where `secretEnv` names come from. */
export interface Secrets {
  readonly secretManager?: readonly SecretManagerSecret[];
  readonly inline?: readonly InlineSecret[];
}

/** Legacy KMS secrets (`Secret`); prefer `availableSecrets`. */
export interface LegacySecret {
  readonly kmsKeyName: string;
  readonly secretEnv: Readonly<Record<string, string>>;
}

/** Files uploaded to Cloud Storage after the build (`Artifacts.ArtifactObjects`). */
export interface ArtifactObjects {
  readonly location: string;
  readonly paths: readonly string[];
}

/** `Artifacts` (the commonly used parts). */
export interface Artifacts {
  readonly images?: readonly string[];
  readonly objects?: ArtifactObjects;
}

/** A Cloud Build config file: the input fields of the `Build` resource. */
export interface Build {
  readonly steps: readonly BuildStep[];
  /** Whole-build limit; default 60 minutes, at most 24 hours. */
  readonly timeout?: DurationString;
  readonly queueTtl?: DurationString;
  readonly logsBucket?: string;
  readonly options?: BuildOptions;
  /** User substitutions: keys match `^_[A-Z0-9_]+$`; values are strings. */
  readonly substitutions?: Readonly<Record<string, string>>;
  /** Build tags (not Docker tags). */
  readonly tags?: readonly string[];
  /** `projects/{project}/serviceAccounts/{email}`. */
  readonly serviceAccount?: string;
  readonly secrets?: readonly LegacySecret[];
  readonly availableSecrets?: Secrets;
  readonly artifacts?: Artifacts;
  /** Images pushed after all steps succeed. */
  readonly images?: readonly string[];
}
