import { type AppConfig, pipelineTrackingUri } from '../src/config';
import type { Build, BuildStep, DurationString } from './cloud-build-model';
import { ENV } from '../src/contract';
import { MLFLOW_MANIFEST_FILE, MLFLOW_STEP_IDS, mlflowSteps } from './mlflow-steps';

/** The config slices the pipeline is built from. */
export type PipelineSlices = Pick<
  AppConfig,
  'gcp' | 'cluster' | 'app' | 'image' | 'buckets' | 'mlflow' | 'model' | 'pipeline'
>;

/** Step ids: part of the contract (docs, `waitFor`, the Cloud Build console). */
export const STEP_IDS = {
  buckets: 'buckets',
  tests: 'tests',
  train: 'train',
  build: 'build',
  push: 'push',
  deploy: 'deploy',
} as const;

/** Builder images. `gcr.io/cloud-builders/*` still serve reads (Container Registry only stopped writes). */
export const BUILDERS = {
  gcloud: 'gcr.io/cloud-builders/gcloud',
  docker: 'gcr.io/cloud-builders/docker',
  kubectl: 'gcr.io/cloud-builders/kubectl',
} as const;

/**
 * Resources the deploy step prunes (kubectl's `<plural>.<group>`): every namespaced kind the serving
 * chart can synthesize in any replica mode or monitoring flavour, so switching mode or flavour deletes
 * the objects of the other one. The Namespace is never pruned. Kinds from CRDs are skipped where the
 * cluster does not serve them (GKE without prometheus-operator has no ServiceMonitor).
 *
 * The step prunes by itself instead of `kubectl apply --prune`: kubectl (1.32) refuses `--prune` with
 * `--server-side` ("--prune is in alpha and doesn't currently work on objects created by server-side
 * apply"), and server-side apply is what keeps re-applies conflict-free.
 */
export const PRUNE_RESOURCES = {
  builtIn: [
    'configmaps',
    'services',
    'serviceaccounts',
    'deployments.apps',
    'horizontalpodautoscalers.autoscaling',
    'poddisruptionbudgets.policy',
    'networkpolicies.networking.k8s.io',
  ],
  custom: [
    'podmonitorings.monitoring.googleapis.com',
    'rules.monitoring.googleapis.com',
    'podmonitors.monitoring.coreos.com',
    'prometheusrules.monitoring.coreos.com',
  ],
} as const;

/** Label of objects the deploy step keeps although they left the manifests (see ToxicityApi.RETAIN_LABEL). */
export const RETAIN_LABEL = 'toxicity/retain';

/** Field manager of the deploy step's server-side apply. */
export const DEPLOY_FIELD_MANAGER = 'toxicity-deploy';
/** Field manager that keeps `spec.replicas` when the HPA takes over (static → autoscaled). */
export const REPLICAS_HANDOVER_MANAGER = 'toxicity-replicas-handover';

/** Environment variable the train step receives the MLflow token in (MLflow's own client convention). */
export const MLFLOW_TOKEN_ENV = ENV.mlflowTrackingToken;
/** Basic-auth variables of MLflow's client, for the stack's own server (its basic-auth app). */
export const MLFLOW_USERNAME_ENV = ENV.mlflowTrackingUsername;
export const MLFLOW_PASSWORD_ENV = ENV.mlflowTrackingPassword;

/**
 * How the train step authenticates: against the stack's own MLflow (basic auth, the admin password
 * from Secret Manager), or with a bearer token for a registry elsewhere; null for none.
 */
export function mlflowCredentials(c: PipelineSlices): { secret: string; env: string; username?: string } | null {
  const server = c.mlflow.server;
  if (server.enabled && c.mlflow.pipelineTrackingUri === null) {
    return { secret: server.adminPasswordSecret, env: MLFLOW_PASSWORD_ENV, username: server.adminUsername };
  }
  return c.pipeline.mlflowTokenSecret === null ? null : { secret: c.pipeline.mlflowTokenSecret, env: MLFLOW_TOKEN_ENV };
}

/**
 * Sub-folder of `dist/` holding the Config Connector objects (`kubectl apply` on the Config
 * Connector cluster); the deploy step leaves it out.
 */
export const INFRA_MANIFESTS_DIR = 'infra';

/** Docker tag the build step reuses layers from and refreshes; never deployed. */
export const CACHE_TAG = 'buildcache';

/**
 * User substitutions of the pipeline with their defaults, all from the one config. A trigger (or
 * `gcloud builds submit --substitutions`) overrides them per project without editing the file.
 */
export function pipelineSubstitutions(c: PipelineSlices): Record<string, string> {
  return {
    _REGION: c.gcp.region,
    _ZONE: c.cluster.location,
    _CLUSTER: c.cluster.name,
    _REPO: c.image.repository,
    _IMAGE: c.image.name,
    _DATA_BUCKET: perProject(c.buckets.data, c.gcp.projectId),
    _DATA_PATH: c.pipeline.trainingData,
    _MODELS_BUCKET: perProject(c.buckets.models, c.gcp.projectId),
    // The deployed MLflow's internal load balancer (or an explicit registry), never a loopback.
    _MLFLOW_URI: pipelineTrackingUri(c),
    _MODEL_NAME: c.model.name,
    // The stack's MLflow server image (built by the mlflow-build step when it is in this registry).
    ...(c.mlflow.server.enabled ? { _MLFLOW_IMAGE: perProject(c.mlflow.server.image, c.gcp.projectId) } : {}),
  };
}

/**
 * Writes the config's project id as `${PROJECT_ID}`, so the same file builds in any project: a
 * bucket derived from the project id (`<project>-toxicity-data`) follows the project the build runs
 * in instead of hard-coding the config's (placeholder) one. Substitution values may reference
 * built-ins with `options.dynamicSubstitutions: true` (cloud.google.com/build/docs/configuring-builds/use-bash-and-bindings-in-substitutions).
 */
export function perProject(value: string, projectId: string): string {
  return value.split(projectId).join('${PROJECT_ID}');
}

/** `bash -c` with `set -euo pipefail`, so any failing command fails the step (and the build). */
function bashStep(lines: readonly string[]): Pick<BuildStep, 'entrypoint' | 'args'> {
  return { entrypoint: 'bash', args: ['-c', ['set -euo pipefail', ...lines].join('\n') + '\n'] };
}

/**
 * Image reference and tag, computed the same way in every step that needs them. `$SHORT_SHA` is
 * empty in a manual `gcloud builds submit`, so the tag falls back (in bash, hence `$$`) to
 * `manual-<build id>`: unique per build, and the same in the build, push and deploy steps.
 */
const IMAGE_AND_TAG: readonly string[] = [
  'IMAGE="$_REGION-docker.pkg.dev/$PROJECT_ID/$_REPO/$_IMAGE"',
  'TAG="$SHORT_SHA"',
  'TAG="$${TAG:-manual-$BUILD_ID}"',
];

function seconds(n: number): DurationString {
  return `${n}s`;
}

/**
 * The pipeline: buckets and tests start at once; train needs both; the image build needs the
 * tests; push follows build; deploy waits for push and train. With the stack's MLflow server
 * (`mlflow.server.enabled`), its image is built, pushed and rolled out from the start
 * (pipelines/mlflow-steps.ts), and train waits for it too. Pure: returns the model,
 * `renderBuildYaml` turns it into the committed `cloudbuild.yaml`.
 *
 * Throws when the config cannot give an Artifact Registry image in the build's region.
 */
export function toxicityPipeline(c: PipelineSlices): Build {
  const expectedRegistry = `${c.gcp.region}-docker.pkg.dev`;
  if (c.image.registry !== expectedRegistry) {
    throw new Error(
      `'image.registry' must be the Artifact Registry host of region ${c.gcp.region} ("${expectedRegistry}") ` +
        `for the pipeline to push there, got "${c.image.registry}"`,
    );
  }
  const ids = STEP_IDS;

  const buckets: BuildStep = {
    id: ids.buckets,
    name: BUILDERS.gcloud,
    waitFor: ['-'],
    ...bashStep([
      // An existing bucket is left as it is (the infra chart creates it versioned), so the builder
      // needs only storage.buckets.get on it; one it creates here gets versioning at once.
      'ensure_bucket() {',
      '  if gcloud storage buckets describe "gs://$$1" --format="value(name)" > /dev/null 2>&1; then',
      '    echo "gs://$$1 exists"',
      '  else',
      '    gcloud storage buckets create "gs://$$1" --project="$PROJECT_ID" --location="$_REGION" \\',
      '      --uniform-bucket-level-access --public-access-prevention',
      '    if [ "$${2:-}" = versioned ]; then gcloud storage buckets update "gs://$$1" --versioning; fi',
      '  fi',
      '}',
      'ensure_bucket "$_DATA_BUCKET"',
      '# Every model file ever written stays recoverable.',
      'ensure_bucket "$_MODELS_BUCKET" versioned',
    ]),
  };

  // A failing test fails this step and therefore the build (no `|| true`).
  const tests: BuildStep = {
    id: ids.tests,
    name: c.pipeline.nodeImage,
    waitFor: ['-'],
    ...bashStep(['npm ci', 'npm test']),
    env: ['CI=true'],
  };

  const mlflow = mlflowSteps(c, BUILDERS);
  const credentials = mlflowCredentials(c);
  // `npx toxicity` would look the name up in the npm registry (a package does not link its own
  // bin), so the step runs the compiled CLI directly.
  const train: BuildStep = {
    id: ids.train,
    name: c.pipeline.nodeImage,
    waitFor: [ids.buckets, ids.tests, ...(mlflow.length > 0 ? [MLFLOW_STEP_IDS.deploy] : [])],
    ...bashStep([
      'npm run build',
      'node build/src/cli.js train \\',
      '  --data "gs://$_DATA_BUCKET/$_DATA_PATH" \\',
      '  --out "gs://$_MODELS_BUCKET/$_MODEL_NAME/builds/$BUILD_ID/model.json" \\',
      '  --register "$_MODEL_NAME"',
    ]),
    // COMMIT_SHA goes into the model's provenance and the run's git_commit tag (empty in manual runs).
    // MODEL_CHAMPION_STORE: the gate publishes the champion pointer the pods read into this build's bucket.
    env: [
      'CI=true',
      `${ENV.mlflowTrackingUri}=$_MLFLOW_URI`,
      `${ENV.modelChampionStore}=gs://$_MODELS_BUCKET`,
      `${ENV.commitSha}=$COMMIT_SHA`,
      ...(credentials?.username === undefined ? [] : [`${MLFLOW_USERNAME_ENV}=${credentials.username}`]),
    ],
    ...(credentials ? { secretEnv: [credentials.env] } : {}),
  };

  const build: BuildStep = {
    id: ids.build,
    name: BUILDERS.docker,
    waitFor: [ids.tests],
    ...bashStep([
      ...IMAGE_AND_TAG,
      `docker pull "$$IMAGE:${CACHE_TAG}" || echo "no previous image: building without layer cache"`,
      'docker build --file model-server/Dockerfile \\',
      `  --cache-from "$$IMAGE:${CACHE_TAG}" --build-arg BUILDKIT_INLINE_CACHE=1 \\`,
      `  --tag "$$IMAGE:$$TAG" --tag "$$IMAGE:${CACHE_TAG}" .`,
    ]),
  };

  const push: BuildStep = {
    id: ids.push,
    name: BUILDERS.docker,
    waitFor: [ids.build],
    ...bashStep([...IMAGE_AND_TAG, 'docker push "$$IMAGE:$$TAG"', `docker push "$$IMAGE:${CACHE_TAG}"`]),
  };

  // dist/ names the image with the config's project id and tag; the copy is pointed at this build's
  // image, pinned by digest, with the version label following it. Then a server-side apply with prune
  // (by the app's instance label, sparing ConfigMaps that older ReplicaSets mount), a wait for the
  // rollout, and the removal of config ConfigMaps no ReplicaSet mounts any more.
  const app = c.app.name;
  const ns = c.app.namespace;
  const instance = `app.kubernetes.io/instance=${app}`;
  const deploy: BuildStep = {
    id: ids.deploy,
    name: BUILDERS.kubectl,
    waitFor: [ids.push, ids.train],
    ...bashStep([
      ...IMAGE_AND_TAG,
      'COMMIT="$COMMIT_SHA"',
      'CAUSE="cloud-build $BUILD_ID commit $${COMMIT:-none (manual run)}"',
      `APP=${app}`,
      `NS=${ns}`,
      'gcloud container clusters get-credentials "$_CLUSTER" --location="$_ZONE" --project="$PROJECT_ID"',
      'DIGEST="$$(gcloud artifacts docker images describe "$$IMAGE:$$TAG" --format="value(image_summary.digest)")"',
      'case "$$DIGEST" in sha256:*) ;; *) echo "no digest for $$IMAGE:$$TAG: \'$$DIGEST\'" >&2; exit 1 ;; esac',
      'rm -rf deploy-manifests && mkdir deploy-manifests && cp -R dist/. deploy-manifests/',
      // The Config Connector objects go to the Config Connector cluster, never to the serving one.
      `rm -rf deploy-manifests/${INFRA_MANIFESTS_DIR}`,
      // The MLflow server was rolled out by its own step, with its own image.
      ...(mlflow.length > 0 ? [`rm -f deploy-manifests/${MLFLOW_MANIFEST_FILE}`] : []),
      "find deploy-manifests -type f \\( -name '*.yaml' -o -name '*.yml' \\) -exec sed -E -i \\",
      `  -e "s#[^\\"' ]*/$_REPO/$_IMAGE(:[A-Za-z0-9_.-]+)?(@sha256:[a-f0-9]{64})?#$$IMAGE@$$DIGEST#g" \\`,
      '  -e "s#^( *app\\.kubernetes\\.io/version:).*#\\1 $$TAG#" \\',
      '  -e "s#^( *kubernetes\\.io/change-cause:) [^(]*(\\(config [^)]*\\))?#\\1 $$CAUSE image $$TAG \\2#" {} +',
      '# Static -> autoscaled: a second field manager keeps spec.replicas, so that dropping the field from',
      '# the manifests does not reset the Deployment to 1 replica before the HPA acts.',
      'if grep -rqs "^kind: HorizontalPodAutoscaler" deploy-manifests && kubectl get deployment "$$APP" -n "$$NS" > /dev/null 2>&1; then',
      '  REPLICAS="$$(kubectl get deployment "$$APP" -n "$$NS" -o jsonpath="{.spec.replicas}")"',
      '  printf "apiVersion: apps/v1\\nkind: Deployment\\nmetadata: {name: %s, namespace: %s}\\nspec: {replicas: %s}\\n" \\',
      '    "$$APP" "$$NS" "$$REPLICAS" |',
      `    kubectl apply --server-side --force-conflicts --field-manager=${REPLICAS_HANDOVER_MANAGER} -f -`,
      'fi',
      `kubectl apply --server-side --force-conflicts --field-manager=${DEPLOY_FIELD_MANAGER} --recursive --filename=deploy-manifests`,
      '# Prune: objects of the app (its instance label, not marked to retain), in the namespaces it applied to,',
      '# that the manifests no longer contain.',
      'COLUMNS=(-o custom-columns=KIND:.kind,NAMESPACE:.metadata.namespace,NAME:.metadata.name --no-headers)',
      `APPLIED="$$(kubectl get --recursive --filename=deploy-manifests "$\${COLUMNS[@]}" | awk '{print $$1 "/" $$2 "/" $$3}')"`,
      `for ns in $$(printf '%s\\n' "$$APPLIED" | cut -d/ -f2 | grep -vx '<none>' | sort -u); do`,
      `  for res in ${PRUNE_RESOURCES.builtIn.join(' ')} \\`,
      `    ${PRUNE_RESOURCES.custom.join(' ')}; do`,
      `    if ! LIVE="$$(kubectl get "$$res" -n "$$ns" --selector="${instance},!${RETAIN_LABEL}" "$\${COLUMNS[@]}" 2> prune-error.txt)"; then`,
      `      case "$$res" in *.monitoring.*) continue ;; esac # a CRD this cluster does not serve`,
      '      echo "cannot list $$res in $$ns for pruning: $$(cat prune-error.txt)" >&2',
      '      exit 1',
      '    fi',
      `    for id in $$(printf '%s\\n' "$$LIVE" | awk 'NF {print $$1 "/" $$2 "/" $$3}'); do`,
      '      if ! printf "%s\\n" "$$APPLIED" | grep -Fqx "$$id"; then kubectl delete "$$res" "$${id##*/}" -n "$$ns"; fi',
      '    done',
      '  done',
      'done',
      `kubectl rollout status "deployment/$$APP" -n "$$NS" --timeout=${seconds(c.pipeline.rolloutTimeoutSeconds)}`,
      '# Config ConfigMaps stay for `rollout undo` while a kept ReplicaSet mounts them.',
      `MOUNTED=" $$(kubectl get replicasets -n "$$NS" -l "${instance}" \\`,
      '  -o jsonpath="{range .items[*]}{range .spec.template.spec.volumes[*]}{.configMap.name} {end}{end}") "',
      `for cm in $$(kubectl get configmaps -n "$$NS" -l "${instance},${RETAIN_LABEL}" -o jsonpath="{.items[*].metadata.name}"); do`,
      '  case "$$MOUNTED" in *" $$cm "*) ;; *) kubectl delete configmap "$$cm" -n "$$NS" ;; esac',
      'done',
    ]),
  };

  const serviceAccount =
    c.pipeline.serviceAccount === null
      ? undefined
      : `projects/$PROJECT_ID/serviceAccounts/${perProject(c.pipeline.serviceAccount, c.gcp.projectId)}`;

  return {
    steps: [buckets, tests, ...mlflow, train, build, push, deploy],
    timeout: seconds(c.pipeline.timeoutSeconds),
    // A user-specified service account needs CLOUD_LOGGING_ONLY (or an own logs bucket).
    // dynamicSubstitutions: substitution defaults refer to ${PROJECT_ID} (see perProject).
    // A private pool peered with the cluster VPC reaches MLflow's internal address
    // (cloud.google.com/build/docs/private-pools/run-builds-in-private-pool).
    options: {
      logging: 'CLOUD_LOGGING_ONLY',
      dynamicSubstitutions: true,
      ...(c.pipeline.workerPool === null
        ? {}
        : {
            pool: {
              name: `projects/$PROJECT_ID/locations/${c.pipeline.workerPoolRegion}/workerPools/${c.pipeline.workerPool}`,
            },
          }),
    },
    ...(serviceAccount === undefined ? {} : { serviceAccount }),
    substitutions: pipelineSubstitutions(c),
    ...(credentials
      ? {
          availableSecrets: {
            secretManager: [
              {
                versionName: `projects/$PROJECT_ID/secrets/${credentials.secret}/versions/latest`,
                env: credentials.env,
              },
            ],
          },
        }
      : {}),
    tags: ['toxicity-pipeline'],
  };
}
