/**
 * Cross-check between what the serving manifests and the pipeline name and what the infra chart
 * creates: every bucket, repository, service account, secret, cluster and pool a consumer refers to
 * must be an object of the infra output.
 */
import type { Build } from '../../pipelines/cloud-build-model';
import type { Manifest } from './k8s-manifests';

/** The Google Cloud name of a Config Connector object: `spec.resourceID`, else `metadata.name`. */
export function gcpName(m: Manifest): string {
  return String(m.spec?.resourceID ?? m.metadata?.name);
}

function has(
  infra: readonly Manifest[],
  kind: string,
  name: string,
  extra: (m: Manifest) => boolean = () => true,
): boolean {
  return infra.some((m) => m.kind === kind && gcpName(m) === name && extra(m));
}

/** Problems found; empty when every consumed name is created. */
export function consumerProblems(
  projectId: string,
  serving: readonly Manifest[],
  build: Build,
  infra: readonly Manifest[],
): string[] {
  const problems: string[] = [];
  const need = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };
  const inProject = (m: Manifest) => m.metadata?.annotations?.['cnrm.cloud.google.com/project-id'] === projectId;

  // Serving manifests: the image's repository, the Workload Identity account and its binding.
  for (const d of serving.filter((m) => m.kind === 'Deployment')) {
    for (const c of d.spec.template.spec.containers as Manifest[]) {
      const m = /^([a-z0-9-]+)-docker\.pkg\.dev\/([^/]+)\/([^/]+)\/[^:@]+/.exec(String(c.image));
      need(m !== null, `Deployment ${d.metadata.name}: image ${c.image} is not in Artifact Registry`);
      if (m) {
        need(
          m[2] === projectId &&
            has(infra, 'ArtifactRegistryRepository', m[3], (r) => r.spec.location === m[1] && inProject(r)),
          `Deployment ${d.metadata.name}: repository ${m[1]}/${m[2]}/${m[3]} is not created`,
        );
      }
      for (const e of (c.env ?? []) as Manifest[]) {
        const gs = e.name === 'MODEL_URI' && /^gs:\/\/([^/]+)\//.exec(String(e.value));
        if (gs)
          need(
            has(infra, 'StorageBucket', gs[1]),
            `Deployment ${d.metadata.name}: model bucket ${gs[1]} is not created`,
          );
      }
    }
  }
  for (const sa of serving.filter((m) => m.kind === 'ServiceAccount')) {
    const email = sa.metadata.annotations?.['iam.gke.io/gcp-service-account'] as string | undefined;
    if (email === undefined) continue;
    const [accountId, domain] = email.split('@') as [string, string];
    need(
      domain === `${projectId}.iam.gserviceaccount.com` && has(infra, 'IAMServiceAccount', accountId, inProject),
      `ServiceAccount ${sa.metadata.name}: Google service account ${email} is not created`,
    );
    const member = `serviceAccount:${projectId}.svc.id.goog[${sa.metadata.namespace}/${sa.metadata.name}]`;
    need(
      infra.some(
        (m) =>
          m.kind === 'IAMPolicyMember' &&
          m.spec.role === 'roles/iam.workloadIdentityUser' &&
          m.spec.member === member &&
          m.spec.resourceRef?.kind === 'IAMServiceAccount' &&
          m.spec.resourceRef?.name === accountId,
      ),
      `ServiceAccount ${sa.metadata.name}: no Workload Identity binding of ${member} to ${email}`,
    );
  }

  // The pipeline: substitution defaults (with ${PROJECT_ID} resolved), account, secrets, pool.
  const subs = Object.fromEntries(
    Object.entries(build.substitutions ?? {}).map(([k, v]) => [k, v.split('${PROJECT_ID}').join(projectId)]),
  );
  for (const key of ['_DATA_BUCKET', '_MODELS_BUCKET']) {
    need(has(infra, 'StorageBucket', subs[key] ?? ''), `cloudbuild.yaml ${key}: bucket ${subs[key]} is not created`);
  }
  need(
    has(infra, 'ArtifactRegistryRepository', subs._REPO ?? '', (r) => r.spec.location === subs._REGION),
    `cloudbuild.yaml _REPO/_REGION: repository ${subs._REGION}/${subs._REPO} is not created`,
  );
  need(
    has(infra, 'ContainerCluster', subs._CLUSTER ?? '', (c) => c.spec.location === subs._ZONE),
    `cloudbuild.yaml _CLUSTER/_ZONE: cluster ${subs._CLUSTER} in ${subs._ZONE} is not created`,
  );
  if (build.serviceAccount) {
    const email = build.serviceAccount.split('/').pop()!.split('${PROJECT_ID}').join(projectId);
    const [accountId, domain] = email.split('@');
    need(
      domain === `${projectId}.iam.gserviceaccount.com` && has(infra, 'IAMServiceAccount', accountId),
      `cloudbuild.yaml serviceAccount: ${email} is not created`,
    );
  }
  for (const s of build.availableSecrets?.secretManager ?? []) {
    const name = /\/secrets\/([^/]+)\/versions\//.exec(s.versionName)?.[1] ?? s.versionName;
    need(has(infra, 'SecretManagerSecret', name), `cloudbuild.yaml availableSecrets: secret ${name} is not created`);
  }
  const pool = (build.options as { pool?: { name?: string } } | undefined)?.pool?.name;
  if (pool) {
    const name = pool.split('/').pop()!;
    need(has(infra, 'CloudBuildWorkerPool', name), `cloudbuild.yaml options.pool: worker pool ${name} is not created`);
  }
  return problems;
}
