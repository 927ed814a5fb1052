import { GRANT_REASON_ANNOTATION, grantProblem } from '../../src/infra';
import type { Manifest } from './k8s-manifests';

/** One IAM grant of the infra output, as a row: who, which role, on what, and why. */
export interface IamRow {
  readonly member: string;
  readonly role: string;
  /** `Project` or `<Kind>/<Google Cloud name>`. */
  readonly on: string;
  readonly reason: string;
}

/** The IAM grants of the infra output, with service-account references resolved to e-mails. */
export function iamTable(infra: readonly Manifest[]): IamRow[] {
  const emails = new Map<string, string>();
  for (const sa of infra.filter((m) => m.kind === 'IAMServiceAccount')) {
    const project = sa.metadata.annotations['cnrm.cloud.google.com/project-id'];
    emails.set(sa.metadata.name, `${sa.spec?.resourceID ?? sa.metadata.name}@${project}.iam.gserviceaccount.com`);
  }
  const names = new Map<string, string>();
  for (const m of infra) names.set(`${m.kind}/${m.metadata.name}`, String(m.spec?.resourceID ?? m.metadata.name));
  return infra
    .filter((m) => m.kind === 'IAMPolicyMember')
    .map((m) => {
      const ref = m.spec.memberFrom?.serviceAccountRef?.name as string | undefined;
      const member =
        ref !== undefined ? `serviceAccount:${emails.get(ref) ?? `<unknown ${ref}>`}` : String(m.spec.member);
      const r = m.spec.resourceRef;
      const on =
        r.kind === 'Project' ? 'Project' : `${r.kind}/${names.get(`${r.kind}/${r.name}`) ?? `<unknown ${r.name}>`}`;
      return { member, role: m.spec.role, on, reason: m.metadata.annotations?.[GRANT_REASON_ANNOTATION] ?? '' };
    });
}

/** Problems of a table: basic roles, project-wide storage or secret roles, grants without a reason. */
export function iamProblems(rows: readonly IamRow[]): string[] {
  return rows.flatMap((r) => {
    const p = grantProblem(r.role, r.on === 'Project');
    return [
      ...(p ? [`${r.member} ${r.role} on ${r.on}: ${p}`] : []),
      ...(r.reason.trim() === '' ? [`${r.member} ${r.role} on ${r.on}: no reason`] : []),
    ];
  });
}
