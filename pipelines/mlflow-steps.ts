import type { AppConfig } from '../src/config';
import type { BuildStep } from './cloud-build-model';

/** The config slices the MLflow steps read. */
export type MlflowStepSlices = Pick<AppConfig, 'gcp' | 'cluster' | 'app' | 'image' | 'mlflow' | 'pipeline'>;

/** Step ids of the MLflow server's image and rollout (part of the contract, like `STEP_IDS`). */
export const MLFLOW_STEP_IDS = {
  build: 'mlflow-build',
  push: 'mlflow-push',
  deploy: 'mlflow-deploy',
} as const;

/** Build context and Dockerfile of the MLflow server image. */
export const MLFLOW_DOCKERFILE = 'mlflow-server/Dockerfile';

/** The file charts/serving-app.ts writes the MLflow chart to (chart id `toxicity-mlflow`). */
export const MLFLOW_MANIFEST_FILE = 'toxicity-mlflow.k8s.yaml';

/** Marker the build step leaves in /workspace when the tag already exists, so that push skips it. */
const EXISTS_MARKER = '.mlflow-image-exists';

/** `bash -c` with `set -euo pipefail`, so any failing command fails the step (and the build). */
function bashStep(lines: readonly string[]): Pick<BuildStep, 'entrypoint' | 'args'> {
  return { entrypoint: 'bash', args: ['-c', ['set -euo pipefail', ...lines].join('\n') + '\n'] };
}

/** A literal for a sed -E pattern between `#` delimiters. */
function sedLiteral(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\#]/g, (c) => `\\${c}`);
}

/**
 * Whether the pipeline builds `mlflow.server.image`: it does when the image is a tag in the stack's
 * Artifact Registry (`<region>-docker.pkg.dev/<project>/…:<tag>`); an image pinned by digest or kept
 * in another registry is built elsewhere and only deployed.
 */
export function buildsMlflowImage(c: MlflowStepSlices): boolean {
  const image = c.mlflow.server.image;
  return (
    c.mlflow.server.enabled &&
    image.startsWith(`${c.gcp.region}-docker.pkg.dev/${c.gcp.projectId}/`) &&
    !image.includes('@')
  );
}

/**
 * The steps that make the stack's MLflow server exist before the train step registers with it:
 *  - `mlflow-build` builds mlflow-server/Dockerfile under the tag of `mlflow.server.image`, unless
 *    that tag is already in Artifact Registry (a version tag is never rebuilt: an upgrade is a new tag);
 *  - `mlflow-push` pushes it (skipped likewise);
 *  - `mlflow-deploy` applies dist/toxicity-mlflow.k8s.yaml with the image pinned by digest and waits
 *    for the rollout, so the first build of a new project registers its model too.
 * Empty when `mlflow.server.enabled` is false. `image` is the `_MLFLOW_IMAGE` substitution's value
 * as synthesized (the config's, with the project id written `${PROJECT_ID}`).
 */
export function mlflowSteps(c: MlflowStepSlices, builders: { docker: string; kubectl: string }): BuildStep[] {
  if (!c.mlflow.server.enabled) return [];
  const ids = MLFLOW_STEP_IDS;
  const server = c.mlflow.server;
  const built = buildsMlflowImage(c);
  const steps: BuildStep[] = [];
  if (built) {
    steps.push(
      {
        id: ids.build,
        name: builders.docker,
        waitFor: ['-'],
        ...bashStep([
          `if docker pull "$_MLFLOW_IMAGE" > /dev/null 2>&1; then`,
          '  echo "$_MLFLOW_IMAGE exists: not rebuilt (a new MLflow version is a new tag in mlflow.server.image)"',
          `  touch ${EXISTS_MARKER}`,
          'else',
          `  docker build --file ${MLFLOW_DOCKERFILE} --tag "$_MLFLOW_IMAGE" mlflow-server`,
          'fi',
        ]),
      },
      {
        id: ids.push,
        name: builders.docker,
        waitFor: [ids.build],
        ...bashStep([`if [ -f ${EXISTS_MARKER} ]; then exit 0; fi`, 'docker push "$_MLFLOW_IMAGE"']),
      },
    );
  }
  // The image in dist/ is the config's literal (placeholder project id included); the copy that is
  // applied names this build's project and, when the pipeline built it, the digest Artifact Registry holds.
  const ns = c.app.namespace;
  steps.push({
    id: ids.deploy,
    name: builders.kubectl,
    waitFor: built ? [ids.push] : ['-'],
    ...bashStep([
      'gcloud container clusters get-credentials "$_CLUSTER" --location="$_ZONE" --project="$PROJECT_ID"',
      'REF="$_MLFLOW_IMAGE"',
      ...(built
        ? [
            'DIGEST="$$(gcloud artifacts docker images describe "$_MLFLOW_IMAGE" --format="value(image_summary.digest)")"',
            'case "$$DIGEST" in sha256:*) ;; *) echo "no digest for $_MLFLOW_IMAGE: \'$$DIGEST\'" >&2; exit 1 ;; esac',
            'REF="$${REF%:*}@$$DIGEST"',
          ]
        : []),
      'rm -rf mlflow-manifests && mkdir mlflow-manifests',
      `sed -E "s#^( *image: )${sedLiteral(server.image)}\\$$#\\1$$REF#" dist/${MLFLOW_MANIFEST_FILE} > mlflow-manifests/${MLFLOW_MANIFEST_FILE}`,
      `grep -Fq "image: $$REF" mlflow-manifests/${MLFLOW_MANIFEST_FILE} || { echo "dist/${MLFLOW_MANIFEST_FILE} does not name ${server.image}: run npm run synth" >&2; exit 1; }`,
      'kubectl apply --server-side --force-conflicts --field-manager=toxicity-deploy --filename=mlflow-manifests',
      `kubectl rollout status "deployment/${server.name}" -n ${ns} --timeout=${c.pipeline.rolloutTimeoutSeconds}s`,
    ]),
  });
  return steps;
}
