import { Construct } from 'constructs';
import { IamPolicyMember, type IamPolicyMemberSpecResourceRef } from './imports/iam.cnrm.cloud.google.com';
import { GRANT_REASON_ANNOTATION, gcpMetadata, objectName, projectExternal } from './gcp-metadata';

/** Who receives a role: one of our service accounts (by reference) or a literal IAM member. */
export type IamPrincipal =
  { readonly serviceAccount: { readonly objectName: string; readonly email: string } } | { readonly member: string };

/** What the role is granted on: a Config Connector object of the chart, or the project. */
export type IamResource =
  | { readonly kind: string; readonly apiVersion: string; readonly objectName: string; readonly name: string }
  | { readonly project: string };

export interface IamGrantProps {
  readonly projectId: string;
  readonly principal: IamPrincipal;
  /** A predefined role, `roles/...`. */
  readonly role: string;
  readonly on: IamResource;
  /** One line: why this principal needs this role here. Required, and emitted as an annotation. */
  readonly reason: string;
}

/** Basic roles give thousands of permissions across every service; never granted. */
export const BASIC_ROLES: readonly string[] = ['roles/owner', 'roles/editor', 'roles/viewer'];

/** Roles too wide to hold on the whole project: every bucket's data, every secret's value. */
export const PROJECT_WIDE_FORBIDDEN =
  /^roles\/(storage\.(admin|objectAdmin|objectViewer|objectCreator|objectUser)|secretmanager\.(admin|secretAccessor|secretVersionManager))$/;

/**
 * The problem with a grant, or null: a basic role anywhere, or a bucket or secret role on the whole
 * project (those have resource-level bindings, so project scope is never the narrowest).
 */
export function grantProblem(role: string, onProject: boolean): string | null {
  if (BASIC_ROLES.includes(role)) return `basic role ${role} is never granted`;
  if (!/^roles\/[a-zA-Z0-9.]+$/.test(role))
    return `role must be a predefined role roles/<service>.<name>, got "${role}"`;
  if (onProject && PROJECT_WIDE_FORBIDDEN.test(role)) {
    return `${role} must be granted on the bucket or secret, not the whole project`;
  }
  return null;
}

/**
 * One IAM binding (`IAMPolicyMember`: adds the member without owning the rest of the policy), with
 * its reason beside it. Throws on basic roles and on project-wide storage or secret roles.
 */
export class IamGrant extends Construct {
  readonly role: string;
  readonly reason: string;

  constructor(scope: Construct, id: string, props: IamGrantProps) {
    super(scope, id);
    const onProject = 'project' in props.on;
    const problem = grantProblem(props.role, onProject);
    if (problem) throw new Error(`IamGrant ${this.node.path}: ${problem}`);
    if (props.reason.trim().length === 0 || props.reason.includes('\n')) {
      throw new Error(
        `IamGrant ${this.node.path}: 'reason' must be one non-empty line, got ${JSON.stringify(props.reason)}`,
      );
    }
    this.role = props.role;
    this.reason = props.reason;

    const resourceRef: IamPolicyMemberSpecResourceRef =
      'project' in props.on
        ? { kind: 'Project', external: projectExternal(props.on.project) }
        : { kind: props.on.kind, apiVersion: props.on.apiVersion, name: props.on.objectName };
    const p = props.principal;
    const who = 'serviceAccount' in p ? p.serviceAccount.email.split('@')[0] : p.member.replace(/^[a-zA-Z]+:/, '');
    const where = 'project' in props.on ? 'project' : props.on.name;
    new IamPolicyMember(this, 'Resource', {
      metadata: gcpMetadata({
        name: objectName(`${who}-${props.role.replace(/^roles\//, '')}-${where}`),
        projectId: props.projectId,
        annotations: { [GRANT_REASON_ANNOTATION]: props.reason },
      }),
      spec: {
        role: props.role,
        resourceRef,
        ...('serviceAccount' in p
          ? { memberFrom: { serviceAccountRef: { name: p.serviceAccount.objectName } } }
          : { member: p.member }),
      },
    });
  }
}

/** A Config Connector object of the chart that IAM roles can be granted on. */
export interface GrantableResource extends Construct {
  /** Project, kind and names of the object, as `IamGrant` refers to it. */
  readonly iamTarget: { readonly projectId: string; readonly on: Exclude<IamResource, { project: string }> };
}

/** Grants `role` on that one resource (a resource-level binding), as a child of it. */
export function grantOn(
  resource: GrantableResource,
  id: string,
  principal: IamPrincipal,
  role: string,
  reason: string,
): IamGrant {
  const { projectId, on } = resource.iamTarget;
  return new IamGrant(resource, id, { projectId, principal, role, on, reason });
}
