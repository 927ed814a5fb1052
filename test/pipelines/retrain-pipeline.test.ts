import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseConfig } from '../../src/config';
import { loadConfigFile } from '../../src/config/config-file';
import { renderBuildYaml } from '../../pipelines/render-build-yaml';
import {
  RETRAIN_MESSAGE_SUBSTITUTIONS,
  RETRAIN_STEP_IDS,
  RETRAIN_STEP_SCRIPT,
  localRetrainSteps,
  retrainPipeline,
  retrainSubstitutions,
  vertexTrainEnv,
} from '../../pipelines/retrain-pipeline';
import type { Build } from '../../pipelines/cloud-build-model';
import { applySubstitutions } from '../../pipelines/substitution-template';
import { validateBuild, validateBuildYaml } from '../../pipelines/validation/validate-build';
import { removeTemporaryFolders, temporaryFolder } from './support/run-step';

const REPO_ROOT = resolve(__dirname, '../..');

const config = parseConfig({
  gcp: { projectId: 'acme-toxicity', region: 'europe-west4', zone: 'europe-west4-a' },
  mlflow: { pipelineTrackingUri: 'https://mlflow.acme.example' },
  retraining: { evalSet: 'eval/frozen-v2.csv' },
});
const build = retrainPipeline(config);

describe('retrainPipeline', () => {
  it('runs setup, claim, data validation, training and the challenge one after the other', () => {
    expect(build.steps.map((s) => s.id)).toEqual(Object.values(RETRAIN_STEP_IDS));
    build.steps.slice(1).forEach((s, i) => expect(s.waitFor).toEqual([build.steps[i].id]));
  });

  it('builds no image and deploys nothing (the pods follow the champion pointer)', () => {
    const names = build.steps.map((s) => s.name);
    expect(names.every((n) => n === config.pipeline.nodeImage)).toBe(true);
    expect(build.images).toBeUndefined();
  });

  it('passes the strict validator, rendered or not', () => {
    expect(validateBuild(build)).toEqual([]);
    expect(validateBuildYaml(renderBuildYaml(build))).toEqual([]);
  });

  it('runs every step through the one step script, with the upload and the model from substitutions', () => {
    for (const s of build.steps.slice(1)) {
      expect(s.args?.[0]).toBe(RETRAIN_STEP_SCRIPT);
      expect(s.env).toEqual(
        expect.arrayContaining([
          'DATA_OBJECT=$_DATA_OBJECT',
          'DATA_GENERATION=$_DATA_GENERATION',
          'EVAL_SET_URI=gs://$_DATA_BUCKET/$_EVAL_SET',
          'MODEL_CHAMPION_STORE=gs://$_MODELS_BUCKET',
          'BUILD_ID=$BUILD_ID',
        ]),
      );
    }
    expect(retrainSubstitutions(config)).toMatchObject({
      _DATA_BUCKET: '${PROJECT_ID}-toxicity-data',
      _EVAL_SET: 'eval/frozen-v2.csv',
      _MLFLOW_URI: 'https://mlflow.acme.example',
      _DATA_OBJECT: '',
      _DATA_GENERATION: '',
    });
  });

  it('gives MLflow credentials only to the steps that talk to MLflow', () => {
    const withSecret = build.steps.filter((s) => s.secretEnv !== undefined).map((s) => s.id);
    expect(withSecret).toEqual(['validate-data', 'train', 'challenge']);
  });

  it('names message attributes Cloud Storage really sends', () => {
    // cloud.google.com/storage/docs/pubsub-notifications#attributes
    expect(Object.values(RETRAIN_MESSAGE_SUBSTITUTIONS)).toEqual([
      '$(body.message.attributes.objectId)',
      '$(body.message.attributes.objectGeneration)',
      '$(body.message.attributes.eventType)',
    ]);
  });

  it('gives the local subscriber every step after setup, substituted as Cloud Build would', () => {
    const steps = localRetrainSteps(build, {
      ...retrainSubstitutions(config),
      _DATA_BUCKET: 'data-b',
      _MODELS_BUCKET: 'models-b',
      _DATA_OBJECT: 'uploads/x.csv',
      _DATA_GENERATION: '42',
      BUILD_ID: 'local-1',
    });
    expect(steps.map((s) => [s.id, s.command, ...s.args])).toEqual([
      ['claim', 'bash', RETRAIN_STEP_SCRIPT, 'claim'],
      ['validate-data', 'bash', RETRAIN_STEP_SCRIPT, 'validate'],
      ['train', 'bash', RETRAIN_STEP_SCRIPT, 'train'],
      ['challenge', 'bash', RETRAIN_STEP_SCRIPT, 'challenge'],
    ]);
    expect(steps[1].env).toMatchObject({
      BUILD_ID: 'local-1',
      DATA_BUCKET: 'data-b',
      DATA_OBJECT: 'uploads/x.csv',
      DATA_GENERATION: '42',
      EVAL_SET_URI: 'gs://data-b/eval/frozen-v2.csv',
      MODEL_CHAMPION_STORE: 'gs://models-b',
      MLFLOW_TRACKING_URI: 'https://mlflow.acme.example',
    });
    expect(Object.keys(steps[1].env)).not.toContain('MLFLOW_TRACKING_PASSWORD');
  });

  it('throws when a step has nothing a local process can run', () => {
    const scripted = { ...build, steps: [{ id: 'odd', name: 'node', script: 'echo hi' }] };
    expect(() => localRetrainSteps(scripted, {})).toThrow(
      'retraining step odd has no entrypoint and args to run locally',
    );
  });

  it('matches the committed cloudbuild-retrain.yaml (run `npm run synth` after changing the pipeline or the config)', () => {
    const committed = readFileSync(join(REPO_ROOT, 'cloudbuild-retrain.yaml'), 'utf8');
    expect(committed).toBe(renderBuildYaml(retrainPipeline(loadConfigFile({ cwd: REPO_ROOT, env: {} }))));
  });
});

/**
 * Runs scripts/retrain-step.sh as a step of the build would (env from the step, substitutions
 * applied), with a stub CLI that logs its arguments and fails on the commands listed in `failing`.
 */
function runScript(
  stepId: string,
  failing: string[] = [],
  workspace = temporaryFolder('retrain-ws-'),
  target: Build = build,
) {
  const step = target.steps.find((s) => s.id === stepId)!;
  const bin = temporaryFolder('retrain-bin-');
  const log = join(bin, 'calls.log');
  const cli = join(bin, 'toxicity');
  writeFileSync(
    cli,
    `#!/usr/bin/env bash\necho "$*" >> ${log}\ncase "$1 $2" in ${failing.map((f) => `"${f}"`).join('|') || '"-"'}) exit 1 ;; esac\nexit 0\n`,
  );
  chmodSync(cli, 0o755);
  const subs = {
    ...retrainSubstitutions(config),
    PROJECT_ID: 'acme-toxicity',
    BUILD_ID: 'build-9',
    SHORT_SHA: 'abc1234',
    COMMIT_SHA: 'abc1234def5678',
    _DATA_OBJECT: 'uploads/batch-3.csv',
    _DATA_GENERATION: '1712',
  };
  const resolved = Object.fromEntries(Object.entries(subs).map(([k, v]) => [k, applySubstitutions(v, subs)]));
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', TOXICITY_CLI: cli };
  for (const e of step.env ?? []) {
    const [k, ...v] = applySubstitutions(e, resolved).split('=');
    env[k] = v.join('=');
  }
  mkdirSync(workspace, { recursive: true });
  const result = spawnSync('bash', [join(REPO_ROOT, step.args![0]), ...step.args!.slice(1)], {
    cwd: workspace,
    env,
    encoding: 'utf8',
  });
  const calls = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [];
  return { status: result.status, calls, stdout: result.stdout, workspace };
}

describe('scripts/retrain-step.sh, run as the build steps run it', () => {
  afterAll(removeTemporaryFolders);
  const run = 'gs://acme-toxicity-toxicity-models/toxic-detector/retrain/runs/uploads/batch-3.csv@1712';

  it('claims the object generation with a skip file for duplicates', () => {
    const r = runScript('claim');
    expect(r.status).toBe(0);
    expect(r.calls).toEqual([
      'retrain claim --object uploads/batch-3.csv --generation 1712 --model toxic-detector --skip-file .retrain-skip',
    ]);
  });

  it('validates the uploaded object against the frozen evaluation set and keeps the report', () => {
    const r = runScript('validate-data');
    expect(r.status).toBe(0);
    expect(r.calls).toEqual([
      'data validate --data gs://acme-toxicity-toxicity-data/uploads/batch-3.csv ' +
        `--eval-set gs://acme-toxicity-toxicity-data/eval/frozen-v2.csv --report ${run}/data-quality.json --track`,
    ]);
  });

  it('fails the build on rejected data after recording the rejection and freeing the lease', () => {
    const r = runScript('validate-data', ['data validate']);
    expect(r.status).toBe(1);
    expect(r.calls[1]).toMatch(
      /^retrain finish --object uploads\/batch-3.csv --generation 1712 --model toxic-detector --status rejected --detail rejected by the data-quality gate/,
    );
  });

  it('trains the candidate into the run folder with the data-quality report for its card, then challenges the champion with it', () => {
    expect(runScript('train').calls).toEqual([
      `train --data gs://acme-toxicity-toxicity-data/uploads/batch-3.csv --out ${run}/model.json ` +
        `--validation-report ${run}/data-quality.json --track --no-progress`,
    ]);
    expect(runScript('challenge').calls).toEqual([
      `retrain challenge --candidate ${run}/model.json --eval-set gs://acme-toxicity-toxicity-data/eval/frozen-v2.csv ` +
        '--register toxic-detector --object uploads/batch-3.csv --generation 1712',
    ]);
  });

  it('skips every later step of a duplicate delivery', () => {
    const workspace = temporaryFolder('retrain-ws-');
    writeFileSync(join(workspace, '.retrain-skip'), 'claimed before\n');
    for (const id of ['validate-data', 'train', 'challenge']) {
      const r = runScript(id, [], workspace);
      expect(r.status).toBe(0);
      expect(r.calls).toEqual([]);
      expect(r.stdout).toContain('handled by an earlier delivery');
    }
  });

  it('refuses to run without the object of the message', () => {
    const step = build.steps.find((s) => s.id === 'claim')!;
    const r = spawnSync('bash', [join(REPO_ROOT, step.args![0]), 'claim'], {
      env: { PATH: process.env.PATH ?? '', DATA_BUCKET: 'b', DATA_OBJECT: '', DATA_GENERATION: '1' },
      encoding: 'utf8',
    });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('DATA_OBJECT is empty');
  });
});

describe('retrainPipeline with retraining.trainer: vertex-ai', () => {
  afterAll(removeTemporaryFolders);
  const vertexConfig = parseConfig({
    gcp: { projectId: 'acme-toxicity', region: 'europe-west4', zone: 'europe-west4-a' },
    mlflow: { pipelineTrackingUri: 'https://mlflow.acme.example' },
    retraining: { evalSet: 'eval/frozen-v2.csv', trainer: 'vertex-ai' },
  });
  const vertexBuild = retrainPipeline(vertexConfig);
  const run = 'gs://acme-toxicity-toxicity-models/toxic-detector/retrain/runs/uploads/batch-3.csv@1712';

  it('changes only the train step, which gets the trainer and the image the push pipeline built from the same commit', () => {
    const train = vertexBuild.steps.find((s) => s.id === RETRAIN_STEP_IDS.train)!;
    expect(train.env).toEqual([
      ...build.steps.find((s) => s.id === RETRAIN_STEP_IDS.train)!.env!,
      'RETRAIN_TRAINER=vertex-ai',
      'RETRAIN_TRAINER_IMAGE=europe-west4-docker.pkg.dev/$PROJECT_ID/toxicity/toxicity-api:$SHORT_SHA',
      'PROJECT_ID=$PROJECT_ID',
      'COMMIT_SHA=$COMMIT_SHA',
    ]);
    expect({ ...vertexBuild, steps: vertexBuild.steps.filter((s) => s !== train) }).toEqual({
      ...build,
      steps: build.steps.filter((s) => s.id !== RETRAIN_STEP_IDS.train),
    });
    expect(vertexTrainEnv(config)).toEqual([]);
  });

  it('passes the strict validator, rendered or not', () => {
    expect(validateBuild(vertexBuild)).toEqual([]);
    expect(validateBuildYaml(renderBuildYaml(vertexBuild))).toEqual([]);
  });

  it('runs `retrain vertex-train` in the train step with the image of the commit, the project and the build id', () => {
    const r = runScript('train', [], undefined, vertexBuild);
    expect(r.status).toBe(0);
    expect(r.calls).toEqual([
      `retrain vertex-train --data gs://acme-toxicity-toxicity-data/uploads/batch-3.csv --out ${run}/model.json ` +
        '--image europe-west4-docker.pkg.dev/acme-toxicity/toxicity/toxicity-api:abc1234 --project acme-toxicity --run-id build-9 --track',
    ]);
  });

  it('fails the build when the job fails, after recording the failure and freeing the lease (the champion is untouched)', () => {
    const r = runScript('train', ['retrain vertex-train'], undefined, vertexBuild);
    expect(r.status).toBe(1);
    expect(r.calls).toHaveLength(2);
    expect(r.calls[1]).toBe(
      "retrain finish --object uploads/batch-3.csv --generation 1712 --model toxic-detector --status failed --detail training on Vertex AI failed (see the job's error above)",
    );
    // The challenge step, the only one that registers or promotes, waits for this one: a failed step ends the build.
    expect(vertexBuild.steps.find((s) => s.id === RETRAIN_STEP_IDS.challenge)!.waitFor).toEqual([
      RETRAIN_STEP_IDS.train,
    ]);
  });
});
