import type { ApiObjectMetadata } from 'cdk8s';

/**
 * Metadata conventions of the Config Connector objects the infra chart emits
 * (cloud.google.com/config-connector/docs/concepts/resources).
 */

/** Project the object's resource lives in; set on every object so one namespace can never mean another project. */
export const PROJECT_ID_ANNOTATION = 'cnrm.cloud.google.com/project-id';
/** `abandon` keeps the Google Cloud resource when the Kubernetes object is deleted. */
export const DELETION_POLICY_ANNOTATION = 'cnrm.cloud.google.com/deletion-policy';
/** Why an IAM grant exists; the IAM table test and docs read it. */
export const GRANT_REASON_ANNOTATION = 'toxicity.dev/reason';

export interface GcpMetadataOptions {
  /** Kubernetes object name. */
  readonly name: string;
  readonly projectId: string;
  /** Becomes the resource's Google Cloud labels (Config Connector copies `metadata.labels`), for cost attribution. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Stateful: deleting the object must not delete the data (buckets, database, secrets, APIs). */
  readonly abandon?: boolean;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** The metadata every Config Connector object of the chart carries. */
export function gcpMetadata(o: GcpMetadataOptions): ApiObjectMetadata {
  return {
    name: o.name,
    ...(o.labels && Object.keys(o.labels).length > 0 ? { labels: { ...o.labels } } : {}),
    annotations: {
      [PROJECT_ID_ANNOTATION]: o.projectId,
      ...(o.abandon ? { [DELETION_POLICY_ANNOTATION]: 'abandon' } : {}),
      ...o.annotations,
    },
  };
}

/** A reference to the project itself, for `IAMPolicyMember.resourceRef` and `projectRef` fields. */
export function projectExternal(projectId: string): string {
  return `projects/${projectId}`;
}

/**
 * A Kubernetes object name for a Google Cloud name that may hold characters Kubernetes refuses
 * (`_`, upper case); the Google Cloud name itself then goes into `resourceID`.
 */
export function objectName(gcpName: string): string {
  const name = gcpName
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
  if (name.length === 0) throw new Error(`cannot derive a Kubernetes object name from ${JSON.stringify(gcpName)}`);
  return name.slice(0, 253);
}

/** `e-mail` of a service account from its account id. */
export function serviceAccountEmail(accountId: string, projectId: string): string {
  return `${accountId}@${projectId}.iam.gserviceaccount.com`;
}

/** Account id and project of a service account e-mail; throws on anything else. */
export function parseServiceAccountEmail(what: string, email: string): { accountId: string; projectId: string } {
  const m = /^([a-z][-a-z0-9]{4,28}[a-z0-9])@([a-z][-a-z0-9]{4,28}[a-z0-9])\.iam\.gserviceaccount\.com$/.exec(email);
  if (!m)
    throw new Error(
      `'${what}' must be a user-managed service account e-mail (<id>@<project>.iam.gserviceaccount.com), got "${email}"`,
    );
  return { accountId: m[1], projectId: m[2] };
}
