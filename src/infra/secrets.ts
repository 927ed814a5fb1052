import { Construct } from 'constructs';
import { SecretManagerSecret } from './imports/secretmanager.cnrm.cloud.google.com';
import { type GrantableResource, type IamGrant, type IamPrincipal, grantOn } from './iam-grant';
import { gcpMetadata, objectName } from './gcp-metadata';

export interface ManagedSecretProps {
  readonly projectId: string;
  /** Secret id. */
  readonly name: string;
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * A Secret Manager secret without any value: versions are added out of band
 * (`gcloud secrets versions add`, docs/infrastructure.md), so no value ever reaches git or a manifest.
 */
export class ManagedSecret extends Construct {
  static readonly API_VERSION = SecretManagerSecret.GVK.apiVersion;
  static readonly KIND = SecretManagerSecret.GVK.kind;
  readonly secretName: string;
  readonly objectName: string;
  private readonly projectId: string;

  constructor(scope: Construct, id: string, props: ManagedSecretProps) {
    super(scope, id);
    if (!/^[A-Za-z0-9_-]{1,255}$/.test(props.name)) {
      throw new Error(`ManagedSecret: 'name' must be 1-255 of [A-Za-z0-9_-], got "${props.name}"`);
    }
    this.projectId = props.projectId;
    this.secretName = props.name;
    this.objectName = objectName(props.name);
    new SecretManagerSecret(this, 'Resource', {
      metadata: gcpMetadata({ name: this.objectName, projectId: props.projectId, labels: props.labels, abandon: true }),
      spec: {
        ...(this.objectName === props.name ? {} : { resourceId: props.name }),
        replication: { auto: {} },
      },
    });
  }

  /** The secret as IAM grants refer to it (secret-level IAM). */
  get iamTarget(): GrantableResource['iamTarget'] {
    return {
      projectId: this.projectId,
      on: {
        kind: ManagedSecret.KIND,
        apiVersion: ManagedSecret.API_VERSION,
        objectName: this.objectName,
        name: this.secretName,
      },
    };
  }

  /** Grants a role on this resource only. */
  grant(id: string, principal: IamPrincipal, role: string, reason: string): IamGrant {
    return grantOn(this, id, principal, role, reason);
  }
}
