import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseConfig } from '../../src/config';
import { loadConfigFile } from '../../src/config/config-file';
import type { Build, BuildStep } from '../../pipelines/cloud-build-model';
import { renderBuildYaml } from '../../pipelines/render-build-yaml';
import { applySubstitutions } from '../../pipelines/substitution-template';
import {
  CACHE_TAG,
  INFRA_MANIFESTS_DIR,
  pipelineSubstitutions,
  STEP_IDS,
  toxicityPipeline,
} from '../../pipelines/toxicity-pipeline';
import { validateBuild, validateBuildYaml } from '../../pipelines/validation/validate-build';
import { removeTemporaryFolders, runStep, temporaryFolder } from './support/run-step';

const REPO_ROOT = resolve(__dirname, '../..');

const config = parseConfig({
  gcp: { projectId: 'acme-toxicity', region: 'europe-west4', zone: 'europe-west4-a' },
  cluster: { name: 'prod-cluster' },
  image: { repository: 'ml', name: 'toxicity-api' },
  mlflow: { pipelineTrackingUri: 'https://mlflow.acme.example' },
  model: { name: 'toxic-detector' },
  pipeline: { serviceAccount: 'ci-builder@acme-toxicity.iam.gserviceaccount.com', timeoutSeconds: 5400 },
});
const build = toxicityPipeline(config);

function step(id: string): BuildStep {
  const found = build.steps.find((s) => s.id === id);
  if (!found) throw new Error(`no step ${id}`);
  return found;
}

/** Groups step ids into waves: a step runs in the first wave after everything it waits for. */
function waves(b: Build): string[][] {
  const waveOf = new Map<string, number>();
  b.steps.forEach((s, i) => {
    const deps = s.waitFor ?? b.steps.slice(0, i).map((p) => p.id!);
    const wave = deps.includes('-') ? 0 : Math.max(-1, ...deps.map((d) => waveOf.get(d)!)) + 1;
    waveOf.set(s.id!, wave);
  });
  const out: string[][] = [];
  for (const [id, w] of waveOf) (out[w] ??= []).push(id);
  return out;
}

/** Substitutions of a triggered build of commit abc1234… in project acme-toxicity. */
const builtIns: Record<string, string> = {
  PROJECT_ID: 'acme-toxicity',
  BUILD_ID: '5f2c1e9a-0000-4000-8000-000000000001',
  COMMIT_SHA: 'abc1234def5678abc1234def5678abc1234def56',
  SHORT_SHA: 'abc1234',
};
/** User substitution defaults resolved against the built-ins, as dynamic substitutions do. */
const triggered: Record<string, string> = {
  ...Object.fromEntries(
    Object.entries(pipelineSubstitutions(config)).map(([k, v]) => [k, applySubstitutions(v, builtIns)]),
  ),
  ...builtIns,
};
/** A manual `gcloud builds submit`: the commit substitutions are empty. */
const manual: Record<string, string> = { ...triggered, COMMIT_SHA: '', SHORT_SHA: '' };
const IMAGE = 'europe-west4-docker.pkg.dev/acme-toxicity/ml/toxicity-api';

describe('toxicityPipeline', () => {
  it('has the six steps in order: buckets, tests, train, build, push, deploy', () => {
    expect(build.steps.map((s) => s.id)).toEqual(['buckets', 'tests', 'train', 'build', 'push', 'deploy']);
    expect(Object.values(STEP_IDS)).toEqual(build.steps.map((s) => s.id));
  });

  it('starts buckets and tests at once and runs train alongside the image build', () => {
    expect(step('buckets').waitFor).toEqual(['-']);
    expect(step('tests').waitFor).toEqual(['-']);
    expect(step('train').waitFor).toEqual(['buckets', 'tests']);
    expect(step('build').waitFor).toEqual(['tests']);
    expect(step('push').waitFor).toEqual(['build']);
    expect(step('deploy').waitFor).toEqual(['push', 'train']);
    expect(waves(build)).toEqual([['buckets', 'tests'], ['train', 'build'], ['push'], ['deploy']]);
  });

  it('passes the strict validator without a single problem, rendered or not', () => {
    expect(validateBuild(build)).toEqual([]);
    expect(validateBuildYaml(renderBuildYaml(build))).toEqual([]);
  });

  it('takes every substitution default from the config', () => {
    expect(build.substitutions).toEqual({
      _REGION: 'europe-west4',
      _ZONE: 'europe-west4-a',
      _CLUSTER: 'prod-cluster',
      _REPO: 'ml',
      _IMAGE: 'toxicity-api',
      _DATA_BUCKET: '${PROJECT_ID}-toxicity-data',
      _DATA_PATH: 'train.csv',
      _MODELS_BUCKET: '${PROJECT_ID}-toxicity-models',
      _MLFLOW_URI: 'https://mlflow.acme.example',
      _MODEL_NAME: 'toxic-detector',
    });
  });

  it('runs as the configured service account with Cloud Logging only and the configured timeout', () => {
    expect(build.serviceAccount).toBe(
      'projects/$PROJECT_ID/serviceAccounts/ci-builder@${PROJECT_ID}.iam.gserviceaccount.com',
    );
    expect(build.options?.logging).toBe('CLOUD_LOGGING_ONLY');
    expect(build.timeout).toBe('5400s');
  });

  it('gives the MLflow token to the train step only, from Secret Manager', () => {
    expect(build.availableSecrets?.secretManager).toEqual([
      {
        versionName: 'projects/$PROJECT_ID/secrets/mlflow-tracking-token/versions/latest',
        env: 'MLFLOW_TRACKING_TOKEN',
      },
    ]);
    expect(build.steps.filter((s) => s.secretEnv !== undefined).map((s) => s.id)).toEqual(['train']);
  });

  it('keeps a bucket name that does not contain the project id as it is', () => {
    const subs = pipelineSubstitutions(
      parseConfig({ buckets: { data: 'shared-comments', models: 'my-gcp-project-models' } }),
    );
    expect(subs._DATA_BUCKET).toBe('shared-comments');
    expect(subs._MODELS_BUCKET).toBe('${PROJECT_ID}-models');
  });

  it('leaves out secrets and the service account when the config has none', () => {
    const bare = toxicityPipeline(
      parseConfig({
        mlflow: { pipelineTrackingUri: 'https://mlflow.acme.example' },
        pipeline: { mlflowTokenSecret: null, serviceAccount: null },
      }),
    );
    expect(bare.availableSecrets).toBeUndefined();
    expect(bare.serviceAccount).toBeUndefined();
    expect(bare.steps.some((s) => s.secretEnv !== undefined)).toBe(false);
    expect(validateBuild(bare)).toEqual([]);
  });

  it('throws when image.registry is not the Artifact Registry host of the region', () => {
    const c = parseConfig({ image: { registry: 'gcr.io' } });
    expect(() => toxicityPipeline(c)).toThrow(/'image.registry'.*europe-west1-docker\.pkg\.dev.*got "gcr\.io"/);
  });

  it('matches the committed cloudbuild.yaml (run `npm run synth` after changing the pipeline or the config)', () => {
    const committed = readFileSync(join(REPO_ROOT, 'cloudbuild.yaml'), 'utf8');
    const fresh = renderBuildYaml(toxicityPipeline(loadConfigFile({ cwd: REPO_ROOT, env: {} })));
    expect(committed).toBe(fresh);
  });
});

describe('the generated step scripts, run with bash as Cloud Build would', () => {
  afterAll(removeTemporaryFolders);

  it('creates only the missing bucket, with uniform access in the region, and leaves an existing one alone', () => {
    const run = runStep(step('buckets'), {
      substitutions: triggered,
      // describe succeeds for the models bucket only: the data bucket is missing.
      stubs: { gcloud: 'if [ "$3" = describe ] && [[ "$4" == *models ]]; then exit 0; fi; [ "$3" != describe ]' },
    });
    expect(run.status).toBe(0);
    expect(run.calls).toEqual([
      'gcloud storage buckets describe gs://acme-toxicity-toxicity-data --format=value(name)',
      'gcloud storage buckets create gs://acme-toxicity-toxicity-data --project=acme-toxicity --location=europe-west4 ' +
        '--uniform-bucket-level-access --public-access-prevention',
      'gcloud storage buckets describe gs://acme-toxicity-toxicity-models --format=value(name)',
    ]);
  });

  it('turns on versioning when it creates the models bucket', () => {
    const run = runStep(step('buckets'), {
      substitutions: triggered,
      // describe succeeds for the data bucket only: the models bucket is missing.
      stubs: { gcloud: 'if [ "$3" = describe ] && [[ "$4" == *data ]]; then exit 0; fi; [ "$3" != describe ]' },
    });
    expect(run.status).toBe(0);
    expect(run.calls).toEqual([
      'gcloud storage buckets describe gs://acme-toxicity-toxicity-data --format=value(name)',
      'gcloud storage buckets describe gs://acme-toxicity-toxicity-models --format=value(name)',
      'gcloud storage buckets create gs://acme-toxicity-toxicity-models --project=acme-toxicity --location=europe-west4 ' +
        '--uniform-bucket-level-access --public-access-prevention',
      'gcloud storage buckets update gs://acme-toxicity-toxicity-models --versioning',
    ]);
  });

  it('fails the tests step, and so the build, when a test fails', () => {
    const failing = runStep(step('tests'), {
      substitutions: triggered,
      stubs: { npm: '[ "$1" != test ]' },
    });
    expect(failing.calls).toEqual(['npm ci', 'npm test']);
    expect(failing.status).not.toBe(0);
    const passing = runStep(step('tests'), { substitutions: triggered, stubs: { npm: 'exit 0' } });
    expect(passing.status).toBe(0);
  });

  it('trains on the data bucket, registers the model and reaches MLflow with the token', () => {
    const run = runStep(step('train'), {
      substitutions: triggered,
      secrets: { MLFLOW_TRACKING_TOKEN: 's3cret' },
      stubs: { npm: 'exit 0', node: 'exit 0' },
    });
    expect(run.status).toBe(0);
    expect(run.calls).toEqual([
      'npm run build',
      'node build/src/cli.js train --data gs://acme-toxicity-toxicity-data/train.csv ' +
        `--out gs://acme-toxicity-toxicity-models/toxic-detector/builds/${triggered.BUILD_ID}/model.json ` +
        '--register toxic-detector',
    ]);
    expect(run.env).toContain('MLFLOW_TRACKING_URI=https://mlflow.acme.example\n');
    expect(run.env).toContain('MLFLOW_TRACKING_TOKEN=s3cret\n');
  });

  it('fails the train step when the trainer fails', () => {
    const run = runStep(step('train'), { substitutions: triggered, stubs: { npm: 'exit 0', node: 'exit 3' } });
    expect(run.status).not.toBe(0);
  });

  it('builds with the previous image as cache and tags the commit on a triggered build', () => {
    const run = runStep(step('build'), { substitutions: triggered, stubs: { docker: 'exit 0' } });
    expect(run.status).toBe(0);
    expect(run.calls).toEqual([
      `docker pull ${IMAGE}:${CACHE_TAG}`,
      `docker build --file model-server/Dockerfile --cache-from ${IMAGE}:${CACHE_TAG} ` +
        `--build-arg BUILDKIT_INLINE_CACHE=1 --tag ${IMAGE}:abc1234 --tag ${IMAGE}:${CACHE_TAG} .`,
    ]);
  });

  it('builds without cache on the first run, when there is no previous image', () => {
    const run = runStep(step('build'), { substitutions: triggered, stubs: { docker: '[ "$1" != pull ]' } });
    expect(run.status).toBe(0);
    expect(run.calls).toHaveLength(2);
  });

  it('falls back to a manual-<build id> tag when $SHORT_SHA is empty (gcloud builds submit)', () => {
    const run = runStep(step('push'), { substitutions: manual, stubs: { docker: 'exit 0' } });
    expect(run.status).toBe(0);
    expect(run.calls).toEqual([`docker push ${IMAGE}:manual-${manual.BUILD_ID}`, `docker push ${IMAGE}:${CACHE_TAG}`]);
  });

  it('deploys dist/ but not dist/infra/ with the new image pinned by gke-deploy, recording the commit as change cause', () => {
    const workspace = temporaryFolder('workspace-');
    mkdirSync(join(workspace, 'dist'));
    writeFileSync(
      join(workspace, 'dist', 'toxicity.k8s.yaml'),
      'kind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n' +
        '        - image: europe-west4-docker.pkg.dev/my-gcp-project/ml/toxicity-api:1.0.0\n          name: api\n',
    );
    mkdirSync(join(workspace, 'dist', INFRA_MANIFESTS_DIR));
    writeFileSync(join(workspace, 'dist', INFRA_MANIFESTS_DIR, 'toxicity-infra.k8s.yaml'), 'kind: StorageBucket\n');
    const run = runStep(step('deploy'), { substitutions: triggered, workspace, stubs: { 'gke-deploy': 'exit 0' } });
    expect(run.status).toBe(0);
    // The Config Connector objects are not applied to the serving cluster.
    expect(existsSync(join(workspace, 'deploy-manifests', INFRA_MANIFESTS_DIR))).toBe(false);
    expect(run.calls).toEqual([
      `gke-deploy run --filename=deploy-manifests --recursive --image=${IMAGE}:abc1234 --project=acme-toxicity ` +
        '--cluster=prod-cluster --location=europe-west4-a --timeout=600s --output=deploy-output ' +
        `--annotation=kubernetes.io/change-cause=cloud-build ${triggered.BUILD_ID} commit ${triggered.COMMIT_SHA}`,
    ]);
    const deployed = readFileSync(join(workspace, 'deploy-manifests', 'toxicity.k8s.yaml'), 'utf8');
    expect(deployed).toContain(`- image: ${IMAGE}:abc1234\n`);
    // The committed manifests stay untouched.
    expect(readFileSync(join(workspace, 'dist', 'toxicity.k8s.yaml'), 'utf8')).toContain(':1.0.0');
  });

  it('fails the deploy step when the rollout does not become ready', () => {
    const workspace = temporaryFolder('workspace-');
    mkdirSync(join(workspace, 'dist'));
    const run = runStep(step('deploy'), {
      substitutions: manual,
      workspace,
      stubs: { 'gke-deploy': 'echo "timed out waiting for deployment to be ready" >&2; exit 1' },
    });
    expect(run.status).not.toBe(0);
    expect(run.calls[0]).toContain(`change-cause=cloud-build ${manual.BUILD_ID} commit none (manual run)`);
  });
});
