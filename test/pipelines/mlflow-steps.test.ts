import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig } from '../../src/config';
import type { BuildStep } from '../../pipelines/cloud-build-model';
import { renderBuildYaml } from '../../pipelines/render-build-yaml';
import { applySubstitutions } from '../../pipelines/substitution-template';
import { MLFLOW_MANIFEST_FILE, MLFLOW_STEP_IDS, buildsMlflowImage } from '../../pipelines/mlflow-steps';
import { pipelineSubstitutions, toxicityPipeline } from '../../pipelines/toxicity-pipeline';
import { validateBuild, validateBuildYaml } from '../../pipelines/validation/validate-build';
import { createServingApp } from '../../charts/serving-app';
import { removeTemporaryFolders, runStep, temporaryFolder } from './support/run-step';

const raw = {
  gcp: { projectId: 'acme-toxicity', region: 'europe-west4', zone: 'europe-west4-a' },
  cluster: { name: 'prod-cluster' },
  image: { repository: 'ml', name: 'toxicity-api' },
  mlflow: { server: { internalAddress: '10.10.0.50' } },
  pipeline: { workerPoolCidr: '10.20.0.0/24' },
};
const config = parseConfig(raw);
const build = toxicityPipeline(config);
const MLFLOW_IMAGE = 'europe-west4-docker.pkg.dev/acme-toxicity/ml/mlflow-server:3.17.2';
const DIGEST = `sha256:${'e'.repeat(64)}`;

function step(id: string): BuildStep {
  const found = build.steps.find((s) => s.id === id);
  if (!found) throw new Error(`no step ${id}`);
  return found;
}

const builtIns = { PROJECT_ID: 'acme-toxicity', BUILD_ID: 'b-1', COMMIT_SHA: 'abc1234def', SHORT_SHA: 'abc1234' };
const substitutions: Record<string, string> = {
  ...Object.fromEntries(
    Object.entries(pipelineSubstitutions(config)).map(([k, v]) => [k, applySubstitutions(v, builtIns)]),
  ),
  ...builtIns,
};

/** A workspace with the MLflow manifest as `npm run synth` writes it. */
function workspaceWithManifest(): string {
  const workspace = temporaryFolder('mlflow-workspace-');
  const outdir = join(workspace, 'dist');
  createServingApp(config, { outdir }).synth();
  return workspace;
}

afterAll(removeTemporaryFolders);

describe('the MLflow server steps of the pipeline', () => {
  it('builds, pushes and rolls out the MLflow image before train registers with it', () => {
    expect(build.steps.map((s) => s.id)).toEqual([
      'buckets',
      'tests',
      'mlflow-build',
      'mlflow-push',
      'mlflow-deploy',
      'train',
      'build',
      'push',
      'deploy',
    ]);
    expect(step(MLFLOW_STEP_IDS.build).waitFor).toEqual(['-']);
    expect(step(MLFLOW_STEP_IDS.push).waitFor).toEqual([MLFLOW_STEP_IDS.build]);
    expect(step(MLFLOW_STEP_IDS.deploy).waitFor).toEqual([MLFLOW_STEP_IDS.push]);
    expect(step('train').waitFor).toEqual(['buckets', 'tests', MLFLOW_STEP_IDS.deploy]);
  });

  it('passes the strict validator, rendered or not, within Cloud Build limits', () => {
    expect(validateBuild(build)).toEqual([]);
    expect(validateBuildYaml(renderBuildYaml(build))).toEqual([]);
  });

  it("names the image by the config's tag, with the project the build runs in", () => {
    expect(build.substitutions?._MLFLOW_IMAGE).toBe(
      'europe-west4-docker.pkg.dev/${PROJECT_ID}/ml/mlflow-server:3.17.2',
    );
    expect(substitutions._MLFLOW_IMAGE).toBe(MLFLOW_IMAGE);
  });

  it('builds mlflow-server/Dockerfile under that tag when the registry does not have it', () => {
    const run = runStep(step(MLFLOW_STEP_IDS.build), { substitutions, stubs: { docker: '[ "$1" != pull ]' } });
    expect(run.status).toBe(0);
    expect(run.calls).toEqual([
      `docker pull ${MLFLOW_IMAGE}`,
      `docker build --file mlflow-server/Dockerfile --tag ${MLFLOW_IMAGE} mlflow-server`,
    ]);
    const push = runStep(step(MLFLOW_STEP_IDS.push), {
      substitutions,
      workspace: run.workspace,
      stubs: { docker: '' },
    });
    expect(push.status).toBe(0);
    expect(push.calls).toEqual([`docker push ${MLFLOW_IMAGE}`]);
  });

  it('neither rebuilds nor pushes a tag the registry already has (an upgrade is a new tag)', () => {
    const workspace = temporaryFolder('mlflow-exists-');
    const run = runStep(step(MLFLOW_STEP_IDS.build), { substitutions, workspace, stubs: { docker: 'exit 0' } });
    expect(run.status).toBe(0);
    expect(run.calls).toEqual([`docker pull ${MLFLOW_IMAGE}`]);
    const push = runStep(step(MLFLOW_STEP_IDS.push), { substitutions, workspace, stubs: { docker: '' } });
    expect(push.status).toBe(0);
    expect(push.calls).toEqual([]);
  });

  it('fails the build step when the image does not build', () => {
    const run = runStep(step(MLFLOW_STEP_IDS.build), {
      substitutions,
      stubs: { docker: '[ "$1" != pull ] && [ "$1" != build ]' },
    });
    expect(run.status).not.toBe(0);
  });

  const gcloudStub = `if [ "$1 $2" = "artifacts docker" ]; then echo ${DIGEST}; fi`;

  it('applies only the MLflow manifest, its image pinned by digest, and waits for the rollout', () => {
    const workspace = workspaceWithManifest();
    const run = runStep(step(MLFLOW_STEP_IDS.deploy), {
      substitutions,
      workspace,
      stubs: { gcloud: gcloudStub, kubectl: 'exit 0' },
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.calls).toEqual([
      'gcloud container clusters get-credentials prod-cluster --location=europe-west4-a --project=acme-toxicity',
      `gcloud artifacts docker images describe ${MLFLOW_IMAGE} --format=value(image_summary.digest)`,
      'kubectl apply --server-side --force-conflicts --field-manager=toxicity-deploy --filename=mlflow-manifests',
      `kubectl rollout status deployment/${config.mlflow.server.name} -n ${config.app.namespace} --timeout=600s`,
    ]);
    const applied = readFileSync(join(workspace, 'mlflow-manifests', MLFLOW_MANIFEST_FILE), 'utf8');
    const committed = readFileSync(join(workspace, 'dist', MLFLOW_MANIFEST_FILE), 'utf8');
    expect(applied).toContain(`image: europe-west4-docker.pkg.dev/acme-toxicity/ml/mlflow-server@${DIGEST}\n`);
    expect(applied).not.toContain(config.mlflow.server.image);
    // Only the image line differs; the Cloud SQL proxy sidecar keeps its own image.
    expect(applied.split('\n').filter((l, i) => l !== committed.split('\n')[i])).toHaveLength(1);
    expect(applied).toContain(`image: ${config.mlflow.server.proxyImage}`);
  });

  it('fails the deploy step when dist/ names another MLflow image than the config (stale synth)', () => {
    const workspace = temporaryFolder('mlflow-stale-');
    mkdirSync(join(workspace, 'dist'));
    writeFileSync(join(workspace, 'dist', MLFLOW_MANIFEST_FILE), 'kind: Deployment\n  image: elsewhere/mlflow:1\n');
    const run = runStep(step(MLFLOW_STEP_IDS.deploy), {
      substitutions,
      workspace,
      stubs: { gcloud: gcloudStub, kubectl: 'exit 0' },
    });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('run npm run synth');
    expect(run.calls.some((c) => c.startsWith('kubectl apply'))).toBe(false);
  });

  it('fails the deploy step when Artifact Registry has no digest for the tag', () => {
    const run = runStep(step(MLFLOW_STEP_IDS.deploy), {
      substitutions,
      workspace: workspaceWithManifest(),
      stubs: { gcloud: 'exit 0', kubectl: 'exit 0' },
    });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain(`no digest for ${MLFLOW_IMAGE}`);
  });

  it('leaves the MLflow manifest to its own step in the API deploy', () => {
    expect(step('deploy').args![1]).toContain(`rm -f deploy-manifests/${MLFLOW_MANIFEST_FILE}`);
  });

  it('writes the MLflow chart to the file the steps apply', () => {
    const workspace = workspaceWithManifest();
    expect(readFileSync(join(workspace, 'dist', MLFLOW_MANIFEST_FILE), 'utf8')).toContain('kind: Deployment');
  });

  it('only deploys an image pinned by digest or kept in another registry, without building it', () => {
    const pinned = parseConfig({
      ...raw,
      mlflow: { server: { ...raw.mlflow.server, image: `registry.example/mlflow@sha256:${'a'.repeat(64)}` } },
    });
    expect(buildsMlflowImage(pinned)).toBe(false);
    const steps = toxicityPipeline(pinned).steps;
    expect(steps.map((s) => s.id)).not.toContain(MLFLOW_STEP_IDS.build);
    expect(steps.find((s) => s.id === MLFLOW_STEP_IDS.deploy)?.waitFor).toEqual(['-']);
    expect(validateBuild(toxicityPipeline(pinned))).toEqual([]);
  });

  it('has no MLflow step when the server is not part of the stack', () => {
    const external = parseConfig({
      ...raw,
      mlflow: { pipelineTrackingUri: 'https://mlflow.acme.example', server: { enabled: false } },
    });
    const b = toxicityPipeline(external);
    expect(b.steps.map((s) => s.id)).toEqual(['buckets', 'tests', 'train', 'build', 'push', 'deploy']);
    expect(b.substitutions).not.toHaveProperty('_MLFLOW_IMAGE');
    expect(b.steps.find((s) => s.id === 'deploy')!.args![1]).not.toContain(MLFLOW_MANIFEST_FILE);
  });
});
