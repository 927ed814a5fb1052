/**
 * `toxicity retrain vertex-train` driving the real `JobServiceClient` of `@google-cloud/aiplatform`
 * over gRPC against a local JobService built from the package's own protos (Google's API cannot be
 * reached here): what the server decodes is what Vertex AI would receive, and the states it answers
 * come back through the client's own decoding.
 */
import { registerRetrainCommands } from '../../../src/commands/retrain-command';
import { freePort, tempDir } from '../../support/fixtures';
import { type LocalJobService, type Obj, scriptedStates, startJobService } from '../../support/vertex-job-service';
import { cliContext, program } from './support/cli-context';

const JOB = 'projects/123/locations/europe-west1/customJobs/987';

const ARGS = [
  'vertex-train',
  '--data',
  'gs://acme-ml-toxicity-data/uploads/big.csv',
  '--out',
  'gs://acme-ml-toxicity-models/toxic-detector/retrain/runs/uploads/big.csv@17/model.json',
  '--image',
  'europe-west1-docker.pkg.dev/acme-ml/toxicity/toxicity-api:abc1234',
  '--project',
  'acme-ml',
];

async function vertexTrain(
  args: string[],
  service: LocalJobService | null,
  config: Obj = { gcp: { region: 'europe-west1' }, retraining: { trainer: 'vertex-ai' } },
) {
  const c = cliContext({ cwd: tempDir('vertex-train-'), env: { BUILD_ID: 'build-42' }, config });
  const p = program();
  const slept: number[] = [];
  registerRetrainCommands(p, c.ctx, {
    vertex: {
      ...(service ? { createJobApi: service.createJobApi } : {}),
      sleep: (ms) => {
        slept.push(ms);
        return Promise.resolve();
      },
    },
  });
  let error: unknown = null;
  try {
    await p.parseAsync(['node', 'toxicity', 'retrain', ...args]);
  } catch (err) {
    error = err;
  }
  return { ...c, error, slept };
}

jest.setTimeout(60_000);

describe('toxicity retrain vertex-train', () => {
  it('submits the training as a custom job through the real client, prints its states and succeeds', async () => {
    const service = await startJobService(
      scriptedStates(['JOB_STATE_PENDING', 'JOB_STATE_RUNNING', 'JOB_STATE_SUCCEEDED']),
    );
    try {
      const run = await vertexTrain(ARGS, service);
      expect(run.error).toBeNull();
      expect(service.regions).toEqual(['europe-west1']);
      expect(run.stdout.text).toBe(`Vertex AI custom job ${JOB} succeeded: ${ARGS[4]}\n`);
      const states = run.stderr.text
        .split('\n')
        .filter((l) => l.startsWith(JOB))
        .map((l) => l.split(': ')[1].split(' ')[0]);
      expect(states).toEqual(['JOB_STATE_QUEUED', 'JOB_STATE_PENDING', 'JOB_STATE_RUNNING', 'JOB_STATE_SUCCEEDED']);
      expect(run.slept).toEqual([30_000, 30_000, 30_000]);
      // What went over the wire, decoded with the protos.
      expect(service.received).toHaveLength(1);
      const request = service.received[0] as any; // eslint-disable-line @typescript-eslint/no-explicit-any
      expect(request.parent).toBe('projects/acme-ml/locations/europe-west1');
      const spec = request.customJob.jobSpec;
      expect(spec.workerPoolSpecs[0].machineSpec.machineType).toBe('n1-highmem-8');
      expect(spec.workerPoolSpecs[0].replicaCount).toBe('1');
      expect(spec.workerPoolSpecs[0].containerSpec.imageUri).toBe(ARGS[6]);
      expect(spec.workerPoolSpecs[0].containerSpec.args).toEqual([
        'train',
        '--data',
        ARGS[2],
        '--out',
        ARGS[4],
        '--no-progress',
      ]);
      expect(spec.serviceAccount).toBe('toxicity-vertex-trainer@acme-ml.iam.gserviceaccount.com');
      expect(spec.scheduling.timeout.seconds).toBe('3000');
      expect(request.customJob.labels).toEqual({ app: 'toxicity', model: 'toxic-detector', run: 'build-42' });
    } finally {
      service.stop();
    }
  });

  it('fails with the job’s own error when the job fails', async () => {
    const service = await startJobService(
      scriptedStates(['JOB_STATE_RUNNING', 'JOB_STATE_FAILED'], {
        code: 3,
        message: 'The replica workerpool0-0 exited with a non-zero status of 1.',
      }),
    );
    try {
      const run = await vertexTrain(ARGS, service);
      expect(run.error).toMatchObject({
        exitCode: 1,
        message: `Vertex AI custom job ${JOB} ended JOB_STATE_FAILED: The replica workerpool0-0 exited with a non-zero status of 1.`,
      });
      expect(run.stdout.text).toBe('');
    } finally {
      service.stop();
    }
  });

  it('fails when the job is cancelled', async () => {
    const service = await startJobService(
      scriptedStates(['JOB_STATE_CANCELLING', 'JOB_STATE_CANCELLED'], { code: 1, message: 'CANCELED' }),
    );
    try {
      const run = await vertexTrain(ARGS, service);
      expect(run.error).toMatchObject({ exitCode: 1, message: expect.stringContaining('ended JOB_STATE_CANCELLED') });
    } finally {
      service.stop();
    }
  });

  it('prints the request with --dry-run and submits nothing', async () => {
    const run = await vertexTrain([...ARGS, '--dry-run'], null);
    expect(run.error).toBeNull();
    const request = JSON.parse(run.stdout.text) as { parent: string };
    expect(request.parent).toBe('projects/acme-ml/locations/europe-west1');
  });

  it('fails when retraining.trainer is not vertex-ai, saying which setting to change', async () => {
    const run = await vertexTrain(ARGS, null, {});
    expect(run.error).toMatchObject({
      exitCode: 2,
      message: expect.stringContaining('retraining.trainer is build-step: set it to vertex-ai'),
    });
  });

  it('fails when the image has no tag (a manual build without $SHORT_SHA), before submitting anything', async () => {
    const args = [...ARGS];
    args[6] = 'europe-west1-docker.pkg.dev/acme-ml/toxicity/toxicity-api:';
    const run = await vertexTrain(args, null);
    expect(run.error).toMatchObject({ exitCode: 2, message: expect.stringContaining('the image must be') });
  });

  it('fails before submitting anything when --track cannot reach MLflow', async () => {
    const service = await startJobService(scriptedStates(['JOB_STATE_SUCCEEDED']));
    const closed = await freePort();
    try {
      const run = await vertexTrain([...ARGS, '--track'], service, {
        gcp: { region: 'europe-west1' },
        retraining: { trainer: 'vertex-ai' },
        mlflow: { trackingUri: `http://127.0.0.1:${closed}` },
      });
      expect(run.error).toMatchObject({
        exitCode: 1,
        message: expect.stringMatching(/could not be reached[\s\S]*no Vertex AI job was submitted$/),
      });
      expect(service.received).toEqual([]);
    } finally {
      service.stop();
    }
  });
});
