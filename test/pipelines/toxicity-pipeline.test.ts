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
  PRUNE_RESOURCES,
  STEP_IDS,
  toxicityPipeline,
} from '../../pipelines/toxicity-pipeline';
import { validateBuild, validateBuildYaml } from '../../pipelines/validation/validate-build';
import { removeTemporaryFolders, runStep, temporaryFolder } from './support/run-step';
import { configFor, type Manifest, synthServing } from '../support/k8s-manifests';

const REPO_ROOT = resolve(__dirname, '../..');

const config = parseConfig({
  gcp: { projectId: 'acme-toxicity', region: 'europe-west4', zone: 'europe-west4-a' },
  cluster: { name: 'prod-cluster' },
  image: { repository: 'ml', name: 'toxicity-api' },
  // A registry run elsewhere: the MLflow server's own steps are in test/pipelines/mlflow-steps.test.ts.
  mlflow: { pipelineTrackingUri: 'https://mlflow.acme.example', server: { enabled: false } },
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

  const DIGEST = `sha256:${'d'.repeat(64)}`;
  /** gcloud as the deploy step uses it: credentials are a no-op, the image describes to DIGEST. */
  const gcloudStub = `if [ "$1 $2" = "artifacts docker" ]; then echo ${DIGEST}; fi`;

  function deployWorkspace(): string {
    const workspace = temporaryFolder('workspace-');
    mkdirSync(join(workspace, 'dist'));
    writeFileSync(
      join(workspace, 'dist', 'toxicity.k8s.yaml'),
      'kind: Deployment\nmetadata:\n  annotations:\n' +
        '    kubernetes.io/change-cause: deploy europe-west4-docker.pkg.dev/my-gcp-project/ml/toxicity-api:1.0.0 (config sha256:0123456789ab)\n' +
        '  labels:\n    app.kubernetes.io/version: 1.0.0\nspec:\n  template:\n    metadata:\n      labels:\n' +
        '        app.kubernetes.io/version: 1.0.0\n    spec:\n      containers:\n' +
        '        - image: europe-west4-docker.pkg.dev/my-gcp-project/ml/toxicity-api:1.0.0\n          name: api\n',
    );
    mkdirSync(join(workspace, 'dist', INFRA_MANIFESTS_DIR));
    writeFileSync(join(workspace, 'dist', INFRA_MANIFESTS_DIR, 'toxicity-infra.k8s.yaml'), 'kind: StorageBucket\n');
    return workspace;
  }

  it('prunes every kind the serving chart can emit, in both replica modes and both monitoring flavours', () => {
    const resourceOf = (m: Manifest): string => {
      const kind = String(m.kind).toLowerCase();
      const plural = kind.endsWith('y') ? `${kind.slice(0, -1)}ies` : kind.endsWith('s') ? kind : `${kind}s`;
      const apiVersion = String(m.apiVersion);
      return apiVersion.includes('/') ? `${plural}.${apiVersion.slice(0, apiVersion.lastIndexOf('/'))}` : plural;
    };
    const emitted = new Set<string>();
    for (const mode of ['static', 'autoscaled'] as const) {
      for (const flavour of ['managed', 'operator']) {
        for (const m of synthServing(configFor(mode, { monitoring: { flavour } }))) {
          if (m.kind !== 'Namespace') emitted.add(resourceOf(m));
        }
      }
    }
    expect([...emitted].sort()).toEqual([...PRUNE_RESOURCES.builtIn, ...PRUNE_RESOURCES.custom].sort());
  });

  /**
   * kubectl as the prune sees a cluster: the manifests hold a Deployment and a Namespace; the cluster
   * also has an HPA of the app (left over from autoscaled mode); ServiceMonitor is not served (no CRD).
   */
  const kubectlStub = [
    'case "$*" in',
    `  "get --recursive"*) printf "Deployment ${config.app.namespace} ${config.app.name}\\nNamespace <none> ${config.app.namespace}\\n" ;;`,
    `  "get deployments.apps -n"*) echo "Deployment ${config.app.namespace} ${config.app.name}" ;;`,
    `  "get horizontalpodautoscalers.autoscaling -n"*) echo "HorizontalPodAutoscaler ${config.app.namespace} old-hpa" ;;`,
    '  "get servicemonitors.monitoring.coreos.com"*) echo "error: the server doesn\'t have a resource type" >&2; exit 1 ;;',
    'esac',
  ].join('\n');

  it('deploys dist/ pinned by digest, applies server-side, prunes what left the manifests and waits for the rollout', () => {
    const workspace = deployWorkspace();
    const run = runStep(step('deploy'), {
      substitutions: triggered,
      workspace,
      stubs: { gcloud: gcloudStub, kubectl: kubectlStub },
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const ns = config.app.namespace;
    const selector = `app.kubernetes.io/instance=${config.app.name},!toxicity/retain`;
    const columns = '-o custom-columns=KIND:.kind,NAMESPACE:.metadata.namespace,NAME:.metadata.name --no-headers';
    expect(run.calls).toEqual([
      'gcloud container clusters get-credentials prod-cluster --location=europe-west4-a --project=acme-toxicity',
      `gcloud artifacts docker images describe ${IMAGE}:abc1234 --format=value(image_summary.digest)`,
      'kubectl apply --server-side --force-conflicts --field-manager=toxicity-deploy --recursive --filename=deploy-manifests',
      `kubectl get --recursive --filename=deploy-manifests ${columns}`,
      // Only the app's namespace (the Namespace object is cluster-scoped), every prunable resource.
      ...[...PRUNE_RESOURCES.builtIn, ...PRUNE_RESOURCES.custom].flatMap((res) => [
        `kubectl get ${res} -n ${ns} --selector=${selector} ${columns}`,
        ...(res === 'horizontalpodautoscalers.autoscaling' ? [`kubectl delete ${res} old-hpa -n ${ns}`] : []),
      ]),
      `kubectl rollout status deployment/${config.app.name} -n ${ns} --timeout=600s`,
      `kubectl get replicasets -n ${ns} -l app.kubernetes.io/instance=${config.app.name} ` +
        '-o jsonpath={range .items[*]}{range .spec.template.spec.volumes[*]}{.configMap.name} {end}{end}',
      `kubectl get configmaps -n ${ns} -l app.kubernetes.io/instance=${config.app.name},toxicity/retain ` +
        '-o jsonpath={.items[*].metadata.name}',
    ]);
    const deployed = readFileSync(join(workspace, 'deploy-manifests', 'toxicity.k8s.yaml'), 'utf8');
    expect(deployed).toContain(`- image: ${IMAGE}@${DIGEST}\n`);
    // The version label follows the deployed image, in the object and in the pod template.
    expect(deployed.match(/app\.kubernetes\.io\/version: abc1234\n/g)).toHaveLength(2);
    expect(deployed).toContain(
      `kubernetes.io/change-cause: cloud-build ${triggered.BUILD_ID} commit ${triggered.COMMIT_SHA} image abc1234 (config sha256:0123456789ab)\n`,
    );
    // The committed manifests stay untouched, and the Config Connector objects are not applied to the serving cluster.
    expect(readFileSync(join(workspace, 'dist', 'toxicity.k8s.yaml'), 'utf8')).toContain(':1.0.0');
    expect(existsSync(join(workspace, 'deploy-manifests', INFRA_MANIFESTS_DIR))).toBe(false);
  });

  it('fails the deploy step when a built-in kind cannot be listed for pruning', () => {
    const run = runStep(step('deploy'), {
      substitutions: triggered,
      workspace: deployWorkspace(),
      stubs: {
        gcloud: gcloudStub,
        kubectl: kubectlStub.replace(
          'esac',
          '  "get services -n"*) echo "Error from server (Forbidden)" >&2; exit 1 ;;\nesac',
        ),
      },
    });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain(
      `cannot list services in ${config.app.namespace} for pruning: Error from server (Forbidden)`,
    );
    expect(run.calls.some((c) => c.startsWith('kubectl rollout'))).toBe(false);
  });

  it('hands spec.replicas to a second field manager before an autoscaled deploy replaces a static one', () => {
    const workspace = deployWorkspace();
    writeFileSync(join(workspace, 'dist', 'hpa.yaml'), 'kind: HorizontalPodAutoscaler\nmetadata:\n  name: x\n');
    const run = runStep(step('deploy'), {
      substitutions: triggered,
      workspace,
      stubs: {
        gcloud: gcloudStub,
        kubectl: kubectlStub.replace('esac', '  "get deployment "*"-o jsonpath"*) printf 3 ;;\nesac'),
      },
    });
    expect(run.status).toBe(0);
    const i = run.calls.indexOf(
      'kubectl apply --server-side --force-conflicts --field-manager=toxicity-replicas-handover -f -',
    );
    expect(i).toBeGreaterThan(0);
    expect(run.calls[i + 1]).toContain('--field-manager=toxicity-deploy');
  });

  it('fails the deploy step when the image has no digest in the registry', () => {
    const run = runStep(step('deploy'), {
      substitutions: manual,
      workspace: deployWorkspace(),
      stubs: { gcloud: 'exit 0', kubectl: 'exit 0' },
    });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain(`no digest for ${IMAGE}:manual-${manual.BUILD_ID}`);
    expect(run.calls.filter((c) => c.startsWith('kubectl'))).toEqual([]);
  });

  it('fails the deploy step when the rollout does not become ready', () => {
    const run = runStep(step('deploy'), {
      substitutions: manual,
      workspace: deployWorkspace(),
      stubs: { gcloud: gcloudStub, kubectl: '[ "$1" != rollout ]' },
    });
    expect(run.status).not.toBe(0);
    expect(run.calls[run.calls.length - 1]).toContain('kubectl rollout status');
    const deployed = readFileSync(join(run.workspace, 'deploy-manifests', 'toxicity.k8s.yaml'), 'utf8');
    expect(deployed).toContain(`commit none (manual run) image manual-${manual.BUILD_ID}`);
  });
});
