import type { Command } from 'commander';
import type { AppConfig } from '../config';
import { type CliContext, examples } from './cli-context';

/**
 * The one manual step before `kubectl apply -f dist/infra/`: a small cluster running Config
 * Connector with rights on the project. Config Controller (a managed Config Connector) needs no
 * cluster of ours; the commands follow cloud.google.com/anthos-config-management/docs/how-to/config-controller-setup
 * and cloud.google.com/config-connector/docs/how-to/install-upgrade-uninstall.
 */
export function bootstrapCommands(config: Pick<AppConfig, 'gcp' | 'infra'>): string[] {
  const project = config.gcp.projectId;
  const region = config.gcp.region;
  const ns = config.infra.namespace;
  const db = config.infra.database;
  const controller = 'toxicity-config-controller';
  return [
    `# 1. APIs Config Controller needs (dist/infra/ enables the rest)`,
    `gcloud services enable krmapihosting.googleapis.com container.googleapis.com cloudresourcemanager.googleapis.com serviceusage.googleapis.com --project=${project}`,
    `# 2. A Config Controller instance (managed Config Connector) and kubectl credentials for it`,
    `gcloud anthos config controller create ${controller} --location=${region} --full-management --project=${project}`,
    `gcloud anthos config controller get-credentials ${controller} --location=${region} --project=${project}`,
    `# 3. Rights of its service agent on the project: the kinds it reconciles, no basic role`,
    `PROJECT_NUMBER="$(gcloud projects describe ${project} --format='value(projectNumber)')"`,
    `echo "set infra.projectNumber: $PROJECT_NUMBER in toxicity.config.yaml, then npm run synth"`,
    `for role in ${CONTROLLER_ROLES.join(' ')}; do`,
    `  gcloud projects add-iam-policy-binding ${project} --member="serviceAccount:service-$PROJECT_NUMBER@gcp-sa-yakima.iam.gserviceaccount.com" --role="$role" --condition=None`,
    `done`,
    `# 4. The database password: one random value, in the Kubernetes Secret Config Connector reads and in Secret Manager`,
    `kubectl create namespace ${ns} --dry-run=client -o yaml | kubectl apply -f -`,
    `PASSWORD="$(openssl rand -base64 32)"`,
    `kubectl -n ${ns} create secret generic ${db.passwordKubernetesSecret} --from-literal=password="$PASSWORD"`,
    `# 5. Everything else, then the password's Secret Manager version once its secret exists`,
    `kubectl apply -f dist/infra/`,
    `kubectl -n ${ns} wait --for=condition=Ready secretmanagersecret/${db.passwordSecret.toLowerCase().replace(/_/g, '-')} --timeout=10m`,
    `printf '%s' "$PASSWORD" | gcloud secrets versions add ${db.passwordSecret} --data-file=- --project=${project}`,
    `unset PASSWORD`,
    `kubectl -n ${ns} wait --for=condition=Ready --all --timeout=45m $(kubectl api-resources --namespaced -o name | grep cnrm.cloud.google.com | paste -sd, -)`,
  ];
}

/**
 * What the Config Controller's service agent needs to create and reconcile the objects of
 * dist/infra/ (one role per kind family).
 */
export const CONTROLLER_ROLES: readonly string[] = [
  'roles/artifactregistry.admin',
  'roles/cloudbuild.builds.editor',
  'roles/cloudbuild.workerPoolOwner',
  'roles/cloudsql.admin',
  'roles/compute.networkAdmin',
  'roles/container.admin',
  'roles/iam.serviceAccountAdmin',
  'roles/iam.serviceAccountUser',
  'roles/monitoring.editor',
  'roles/pubsub.admin',
  'roles/resourcemanager.projectIamAdmin',
  'roles/secretmanager.admin',
  'roles/servicenetworking.networksAdmin',
  'roles/serviceusage.serviceUsageAdmin',
  'roles/storage.admin',
];

/** `toxicity infra bootstrap`: prints the bootstrap sequence for the configured project. */
export function registerInfraCommands(program: Command, ctx: CliContext): void {
  const infra = program
    .command('infra')
    .description('Google Cloud infrastructure (Config Connector objects in dist/infra/)')
    .addHelpText('after', examples('toxicity infra bootstrap > bootstrap.sh'));
  infra
    .command('bootstrap')
    .description('print the one-time commands that make `kubectl apply -f dist/infra/` work in the configured project')
    .addHelpText('after', examples('toxicity infra bootstrap > bootstrap.sh'))
    .action(() => {
      ctx.stdout.write(`${bootstrapCommands(ctx.loadConfig()).join('\n')}\n`);
    });
}
