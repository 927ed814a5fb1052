/**
 * Facts about Cloud Build's config files that the protos do not carry, from the build config schema page
 * (https://cloud.google.com/build/docs/build-config-file-schema) and the substitution docs
 * (.../configuring-builds/substitute-variable-values).
 */

/** Limits from the build config schema page. */
export const LIMITS = {
  maxSteps: 300,
  maxArgsPerStep: 100,
  maxArgLength: 10_000,
  maxTimeoutSeconds: 24 * 3600,
  maxExitCode: 255,
} as const;

/**
 * Built-in substitutions (substitute-variable-values page). The first four exist in every build;
 * the others come from triggers and are empty in a manual `gcloud builds submit`.
 */
export const BUILT_IN_SUBSTITUTIONS: ReadonlySet<string> = new Set([
  'PROJECT_ID',
  'BUILD_ID',
  'PROJECT_NUMBER',
  'LOCATION',
  'TRIGGER_NAME',
  'COMMIT_SHA',
  'REVISION_ID',
  'SHORT_SHA',
  'REPO_NAME',
  'REPO_FULL_NAME',
  'BRANCH_NAME',
  'TAG_NAME',
  'REF_NAME',
  'TRIGGER_BUILD_CONFIG_PATH',
  'SERVICE_ACCOUNT_EMAIL',
  'SERVICE_ACCOUNT',
]);

/** Built-ins a build may set itself (`gcloud builds submit --substitutions` accepts them). */
export const OVERRIDABLE_BUILT_INS: ReadonlySet<string> = new Set(
  [...BUILT_IN_SUBSTITUTIONS].filter((n) => !['PROJECT_ID', 'BUILD_ID', 'PROJECT_NUMBER', 'LOCATION'].includes(n)),
);

/** Set by GitHub pull-request triggers although they start with `_`. */
export const PULL_REQUEST_SUBSTITUTIONS: ReadonlySet<string> = new Set([
  '_HEAD_BRANCH',
  '_BASE_BRANCH',
  '_HEAD_REPO_URL',
  '_PR_NUMBER',
]);

/** Empty in a manual `gcloud builds submit`: a tag built only from them breaks manual runs. */
export const TRIGGER_ONLY_COMMIT_SUBSTITUTIONS: ReadonlySet<string> = new Set([
  'SHORT_SHA',
  'COMMIT_SHA',
  'REVISION_ID',
]);

export const USER_SUBSTITUTION = /^_[A-Z0-9_]+$/;

/** The shape of a field the docs have and the npm protos lack. */
export type ExtraFieldSpec =
  | { readonly kind: 'string' | 'bool' | 'stringList'; readonly doc: string }
  | { readonly kind: 'messageList'; readonly doc: string; readonly fields: Readonly<Record<string, ExtraFieldSpec>> };

/**
 * Fields documented on the build config schema page but missing from the protos in
 * `@google-cloud/cloudbuild` 5.x, keyed by proto message. Accepted (and type-checked) instead of
 * being reported as unknown. Remove an entry once the npm protos catch up.
 */
export const DOCUMENTED_EXTRA_FIELDS: Readonly<Record<string, Readonly<Record<string, ExtraFieldSpec>>>> = {
  'google.devtools.cloudbuild.v1.BuildOptions': {
    pubsubTopic: { kind: 'string', doc: 'Pub/Sub topic for build notifications (options.pubsubTopic)' },
  },
  'google.devtools.cloudbuild.v1.Artifacts': {
    oci: {
      kind: 'messageList',
      doc: 'OCI images uploaded to Artifact Registry (artifacts.oci)',
      fields: {
        file: { kind: 'string', doc: 'path of the image tarball in the workspace' },
        registryPath: { kind: 'string', doc: 'Artifact Registry path' },
        tags: { kind: 'stringList', doc: 'tags to apply' },
      },
    },
  },
  'google.devtools.cloudbuild.v1.Artifacts.MavenArtifact': {
    deployFolder: { kind: 'string', doc: 'folder of Maven files to upload (mavenArtifacts[].deployFolder)' },
  },
};
