import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Storage } from '@google-cloud/storage';
import { registerRetrainCommands } from '../../src/commands/retrain-command';
import { MlflowClient } from '../../src/mlflow/mlflow-client';
import { VERTEX_TRAIN_COMMAND } from '../../src/training';
import { cliContext, program } from '../src/commands/support/cli-context';
import { tempDir } from '../support/fixtures';
import { type JobScript, type Obj, startJobService } from '../support/vertex-job-service';
import { requireService } from './support/services';

const ROOT = join(__dirname, '..', '..');

/**
 * A Vertex AI custom job, played here: the real `JobServiceClient` creates it on the local JobService,
 * which runs the request's container command with the project's CLI (the image runs
 * `node build/src/cli.js`; here `tsx src/cli.ts`, the same source) against the Cloud Storage emulator,
 * without any MLflow setting (the job has none), and answers RUNNING until it exits, then SUCCEEDED or
 * FAILED with the last line it printed on stderr, as Vertex AI reports a replica's failure.
 */
function jobRunningTheContainer(gcsEndpoint: string): JobScript & { child: () => ChildProcess | null } {
  let child: ChildProcess | null = null;
  let exit: number | null = null;
  let stderr = '';
  return {
    child: () => child,
    created: (request) => {
      const worker = ((request.customJob as Obj).jobSpec as { workerPoolSpecs: Obj[] }).workerPoolSpecs[0];
      const container = worker.containerSpec as { command: string[]; args: string[]; env?: Obj[] };
      expect(container.command).toEqual([...VERTEX_TRAIN_COMMAND]);
      const env: NodeJS.ProcessEnv = {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        GCS_EMULATOR_ENDPOINT: gcsEndpoint,
      };
      for (const e of container.env ?? []) env[String(e.name)] = String(e.value);
      child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), ['src/cli.ts', ...container.args], { cwd: ROOT, env });
      child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('exit', (code) => (exit = code ?? 1));
    },
    status: () => {
      if (exit === null) return { state: 'JOB_STATE_RUNNING' };
      if (exit === 0) return { state: 'JOB_STATE_SUCCEEDED' };
      const last = stderr.trim().split('\n').pop() ?? '';
      return {
        state: 'JOB_STATE_FAILED',
        error: { code: 3, message: `The replica workerpool0-0 exited with ${exit}: ${last}` },
      };
    },
  };
}

describe('toxicity retrain vertex-train --track, with a played Vertex AI job, real MLflow and the GCS emulator', () => {
  const trackingUri = requireService('MLFLOW_TRACKING_URI');
  const gcsEndpoint = requireService('GCS_EMULATOR_ENDPOINT');
  const mlflow = new MlflowClient({ trackingUri });
  const storage = new Storage({ apiEndpoint: gcsEndpoint, projectId: 'test-project' });
  const id = randomUUID().slice(0, 8);
  const dataBucket = `vx-data-${id}`;
  const modelsBucket = `vx-models-${id}`;
  const experiment = `vertex-train-${id}`;

  beforeAll(async () => {
    await storage.createBucket(dataBucket);
    await storage.createBucket(modelsBucket);
    await storage
      .bucket(dataBucket)
      .file('uploads/good.csv')
      .save(readFileSync(join(ROOT, 'data/demo/comments.csv')));
    await storage
      .bucket(dataBucket)
      .file('uploads/unlabelled.csv')
      .save('id,comment_text\n1,hello there\n2,you idiot\n');
  });

  async function vertexTrain(object: string) {
    const script = jobRunningTheContainer(gcsEndpoint);
    const service = await startJobService(script);
    const out = `gs://${modelsBucket}/toxic-detector/retrain/runs/${object}@1/model.json`;
    const c = cliContext({
      cwd: tempDir('vertex-it-'),
      env: {
        MLFLOW_TRACKING_URI: trackingUri,
        GCS_EMULATOR_ENDPOINT: gcsEndpoint,
        BUILD_ID: `b-${id}`,
        COMMIT_SHA: 'abc1234',
      },
      config: {
        mlflow: { trackingUri },
        retraining: { trainer: 'vertex-ai', vertexAi: { pollSeconds: 1 } },
      },
    });
    const p = program();
    registerRetrainCommands(p, c.ctx, {
      vertex: {
        createJobApi: service.createJobApi,
        sleep: () => new Promise((r) => setTimeout(r, 250)),
      },
    });
    let error: unknown = null;
    try {
      await p.parseAsync([
        ...['node', 'toxicity', 'retrain', 'vertex-train', '--track', '--experiment', experiment],
        ...['--data', `gs://${dataBucket}/${object}`, '--out', out],
        ...[
          '--image',
          'europe-west1-docker.pkg.dev/test-project/toxicity/toxicity-api:abc1234',
          '--project',
          'test-project',
        ],
      ]);
    } catch (err) {
      error = err;
    } finally {
      script.child()?.kill();
      service.stop();
    }
    const runId = /MLflow run ([0-9a-f]{32})/.exec(c.stderr.text)?.[1];
    return { ...c, error, out, runId, jobName: service.jobName };
  }

  it('trains in the job and logs the run from what the job wrote, as `train --track` would', async () => {
    const r = await vertexTrain('uploads/good.csv');
    expect(r.error).toBeNull();
    expect(r.stderr.text).toMatch(/JOB_STATE_RUNNING[\s\S]*JOB_STATE_SUCCEEDED/);
    const [metricsText] = await storage
      .bucket(modelsBucket)
      .file(r.out.replace(`gs://${modelsBucket}/`, '').replace('model.json', 'metrics.json'))
      .download();
    const local = JSON.parse(metricsText.toString()) as { labels: { label: string; metrics: { rocAuc: number } }[] };

    const run = await mlflow.getRun(r.runId!);
    expect(run.info.status).toBe('FINISHED');
    const tags = Object.fromEntries((run.data.tags ?? []).map((t) => [t.key, t.value]));
    expect(tags).toMatchObject({ trainer: 'vertex-ai', vertex_job: r.jobName, git_commit: 'abc1234' });
    const params = Object.fromEntries((run.data.params ?? []).map((p) => [p.key, p.value]));
    expect(params).toMatchObject({
      data_uri: `gs://${dataBucket}/uploads/good.csv`,
      commit: 'abc1234',
      mask_pii: 'true',
    });
    const metrics = Object.fromEntries((run.data.metrics ?? []).map((m) => [m.key, m.value]));
    expect(metrics['toxic.rocAuc']).toBeCloseTo(local.labels.find((l) => l.label === 'toxic')!.metrics.rocAuc, 12);
    const top = (await mlflow.listArtifacts(r.runId!)).map((a) => a.path).sort();
    expect(top).toEqual(['charts', 'metrics.json', 'model']);
  });

  it('fails with the job’s error when training fails in the job, leaving a FAILED run and no candidate', async () => {
    const r = await vertexTrain('uploads/unlabelled.csv');
    expect(r.error).toMatchObject({
      exitCode: 1,
      message: expect.stringContaining('ended JOB_STATE_FAILED: The replica workerpool0-0 exited with 1'),
    });
    const run = await mlflow.getRun(r.runId!);
    expect(run.info.status).toBe('FAILED');
    const tags = Object.fromEntries((run.data.tags ?? []).map((t) => [t.key, t.value]));
    expect(tags).toMatchObject({ vertex_job: r.jobName, vertex_job_end: 'JOB_STATE_FAILED' });
    const [exists] = await storage
      .bucket(modelsBucket)
      .file(r.out.replace(`gs://${modelsBucket}/`, ''))
      .exists();
    expect(exists).toBe(false);
  });
});
