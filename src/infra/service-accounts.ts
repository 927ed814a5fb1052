import { Construct } from 'constructs';
import { IamServiceAccount } from './imports/iam.cnrm.cloud.google.com';
import { IamGrant, type IamPrincipal } from './iam-grant';
import { gcpMetadata, serviceAccountEmail } from './gcp-metadata';

export interface GcpServiceAccountProps {
  readonly projectId: string;
  /** Account id, the part of the e-mail before `@`. */
  readonly accountId: string;
  readonly displayName: string;
  readonly description: string;
}

/** A user-managed service account; exposes its e-mail and the principal grants refer to. */
export class GcpServiceAccount extends Construct {
  static readonly API_VERSION = IamServiceAccount.GVK.apiVersion;
  static readonly KIND = IamServiceAccount.GVK.kind;
  readonly accountId: string;
  readonly email: string;
  readonly objectName: string;
  readonly principal: IamPrincipal;
  private readonly projectId: string;

  constructor(scope: Construct, id: string, props: GcpServiceAccountProps) {
    super(scope, id);
    if (!/^[a-z][-a-z0-9]{4,28}[a-z0-9]$/.test(props.accountId)) {
      throw new Error(
        `GcpServiceAccount: 'accountId' must be 6-30 of [-a-z0-9] starting with a letter, got "${props.accountId}"`,
      );
    }
    this.projectId = props.projectId;
    this.accountId = props.accountId;
    this.email = serviceAccountEmail(props.accountId, props.projectId);
    this.objectName = props.accountId;
    this.principal = { serviceAccount: { objectName: this.objectName, email: this.email } };
    new IamServiceAccount(this, 'Resource', {
      metadata: gcpMetadata({ name: this.objectName, projectId: props.projectId }),
      spec: { displayName: props.displayName, description: props.description },
    });
  }

  /**
   * Lets a Kubernetes ServiceAccount act as this account through Workload Identity
   * (cloud.google.com/kubernetes-engine/docs/how-to/workload-identity): `roles/iam.workloadIdentityUser`
   * on this account, for `<project>.svc.id.goog[<namespace>/<name>]`.
   */
  bindKubernetesServiceAccount(namespace: string, name: string, reason: string): IamGrant {
    return this.grantOnThis(
      `WorkloadIdentity-${namespace}-${name}`,
      { member: `serviceAccount:${this.projectId}.svc.id.goog[${namespace}/${name}]` },
      'roles/iam.workloadIdentityUser',
      reason,
    );
  }

  /**
   * Lets `principal` start work that runs as this account (e.g. a Vertex AI custom job with
   * `serviceAccount` set): `roles/iam.serviceAccountUser` on this account only
   * (cloud.google.com/vertex-ai/docs/general/custom-service-account#setup).
   */
  grantActAs(id: string, principal: IamPrincipal, reason: string): IamGrant {
    return this.grantOnThis(id, principal, 'roles/iam.serviceAccountUser', reason);
  }

  /** `role` for `principal` on this account only. */
  private grantOnThis(id: string, principal: IamPrincipal, role: string, reason: string): IamGrant {
    return new IamGrant(this, id, {
      projectId: this.projectId,
      principal,
      role,
      on: {
        kind: GcpServiceAccount.KIND,
        apiVersion: GcpServiceAccount.API_VERSION,
        objectName: this.objectName,
        name: this.email,
      },
      reason,
    });
  }
}

/** Grants a project-level role (only for roles that have no narrower resource to bind on). */
export function grantOnProject(
  scope: Construct,
  id: string,
  props: { projectId: string; principal: IamPrincipal; role: string; reason: string },
): IamGrant {
  return new IamGrant(scope, id, { ...props, on: { project: props.projectId } });
}
