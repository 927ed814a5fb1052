import { parseConfig } from '../../../src/config';
import {
  jobStateName,
  runVertexJob,
  VERTEX_TERMINAL_STATES,
  VERTEX_TRAIN_COMMAND,
  type VertexCustomJobStatus,
  type VertexJobApi,
  VertexJobFailedError,
  VertexJobInputError,
  type VertexJobState,
  vertexTrainingJobRequest,
  type VertexTrainingRun,
} from '../../../src/training';
import { aiplatformType, enumNames, protoProblems } from '../../support/aiplatform-protos';

const RUN: VertexTrainingRun = {
  projectId: 'acme-ml',
  defaultRegion: 'europe-west1',
  modelsBucket: 'acme-ml-toxicity-models',
  modelName: 'toxic-detector',
  dataUri: 'gs://acme-ml-toxicity-data/uploads/big.csv',
  outUri: 'gs://acme-ml-toxicity-models/toxic-detector/retrain/runs/uploads/big.csv@17/model.json',
  imageUri: 'europe-west1-docker.pkg.dev/acme-ml/toxicity/toxicity-api:abc1234',
  runId: '7c1f0e2a-9d3b-4b8e-a1c2-000000000001',
  commit: 'abc1234def',
};

const vertexConfig = (vertexAi: Record<string, unknown> = {}) =>
  parseConfig({ retraining: { trainer: 'vertex-ai', vertexAi } }).retraining;

describe('vertexTrainingJobRequest', () => {
  it('builds a CreateCustomJobRequest that the Vertex AI v1 protos accept field by field', () => {
    const request = vertexTrainingJobRequest(vertexConfig(), RUN);
    expect(protoProblems('CreateCustomJobRequest', request)).toEqual([]);
    // And the client's own message type round-trips it unchanged (types and int64 as strings).
    const type = aiplatformType('CreateCustomJobRequest');
    const decoded = type.toObject(type.decode(type.encode(type.fromObject(request)).finish()), {
      longs: String,
      defaults: false,
    });
    expect(decoded).toEqual(JSON.parse(JSON.stringify(request)));
  });

  it('runs the training command of the image on one worker as the configured account, stopped by the timeout', () => {
    const request = vertexTrainingJobRequest(
      vertexConfig({ machineType: 'n2-highmem-16', timeoutSeconds: 1800, region: 'us-central1' }),
      RUN,
    );
    expect(request.parent).toBe('projects/acme-ml/locations/us-central1');
    const spec = request.customJob.jobSpec;
    expect(spec.workerPoolSpecs).toHaveLength(1);
    expect(spec.workerPoolSpecs[0]).toEqual({
      machineSpec: { machineType: 'n2-highmem-16' },
      replicaCount: '1',
      diskSpec: { bootDiskType: 'pd-ssd', bootDiskSizeGb: 100 },
      containerSpec: {
        imageUri: RUN.imageUri,
        command: [...VERTEX_TRAIN_COMMAND],
        args: ['train', '--data', RUN.dataUri, '--out', RUN.outUri, '--no-progress'],
        env: [{ name: 'COMMIT_SHA', value: 'abc1234def' }],
      },
    });
    expect(spec.serviceAccount).toBe('toxicity-vertex-trainer@acme-ml.iam.gserviceaccount.com');
    expect(spec.scheduling).toEqual({ timeout: { seconds: '1800' } });
    expect(spec.baseOutputDirectory.outputUriPrefix).toBe(
      `gs://acme-ml-toxicity-models/toxic-detector/retrain/vertex/${RUN.runId}/`,
    );
    expect(request.customJob.labels).toEqual({ app: 'toxicity', model: 'toxic-detector', run: RUN.runId });
  });

  it('uses gcp.region and the models bucket by default, and the staging bucket when one is set', () => {
    expect(vertexTrainingJobRequest(vertexConfig(), RUN).parent).toBe('projects/acme-ml/locations/europe-west1');
    const staged = vertexTrainingJobRequest(vertexConfig({ stagingBucket: 'acme-staging' }), RUN);
    expect(staged.customJob.jobSpec.baseOutputDirectory.outputUriPrefix).toMatch(/^gs:\/\/acme-staging\//);
  });

  it('throws when the data, the output or the image cannot be used, naming each', () => {
    const bad = {
      ...RUN,
      dataUri: 'file:///tmp/x.csv',
      outUri: 'gs://b/folder/',
      imageUri: 'eu-docker.pkg.dev/p/r/i:',
    };
    expect(() => vertexTrainingJobRequest(vertexConfig(), bad)).toThrow(VertexJobInputError);
    let message = '';
    try {
      vertexTrainingJobRequest(vertexConfig(), bad);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('the data must be a gs:// object, got "file:///tmp/x.csv"');
    expect(message).toContain('the output must be a gs://…/model.json object');
    expect(message).toContain('$SHORT_SHA is empty in manual builds');
  });
});

describe('the proto check the request is held to', () => {
  const request = () => JSON.parse(JSON.stringify(vertexTrainingJobRequest(vertexConfig(), RUN)));

  it('fails on a misspelt field, with the closest real name', () => {
    const r = request();
    r.customJob.jobSpec.workerPoolSpecs[0].machineSpec = { machineTyp: 'n1-highmem-8' };
    expect(protoProblems('CreateCustomJobRequest', r)).toEqual([
      'customJob.jobSpec.workerPoolSpecs[0].machineSpec.machineTyp: unknown field "machineTyp" in MachineSpec (did you mean "machineType"?)',
    ]);
  });

  it('fails on a wrong type, a bad enum value, an output-only field and a missing required field', () => {
    const r = request();
    r.customJob.jobSpec.workerPoolSpecs[0].diskSpec.bootDiskSizeGb = 'big';
    r.customJob.jobSpec.scheduling = { timeout: '3000s', strategy: 'CHEAP' };
    r.customJob.state = 'JOB_STATE_RUNNING';
    delete r.customJob.jobSpec.workerPoolSpecs[0].containerSpec.imageUri;
    const problems = protoProblems('CreateCustomJobRequest', r).join('\n');
    expect(problems).toMatch(/bootDiskSizeGb/);
    expect(problems).toMatch(/scheduling\.timeout/);
    expect(problems).toMatch(/scheduling\.strategy.*CHEAP/);
    expect(problems).toMatch(/customJob\.state: .*output-only/);
    expect(problems).toMatch(/containerSpec\.imageUri: required field missing/);
  });
});

describe('job states', () => {
  it('names exactly the JobState values of the protos, and every terminal state is one of them', () => {
    const names: VertexJobState[] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((n) => jobStateName(n));
    expect(names).toEqual(enumNames('JobState'));
    for (const s of VERTEX_TERMINAL_STATES) expect(enumNames('JobState')).toContain(s);
    expect(jobStateName('JOB_STATE_RUNNING')).toBe('JOB_STATE_RUNNING');
    expect(jobStateName(null)).toBe('JOB_STATE_UNSPECIFIED');
  });
});

/** A job service whose job goes through the given states, one per read. */
function scriptedApi(states: VertexCustomJobStatus[]): VertexJobApi & { reads: number } {
  const name = 'projects/1/locations/europe-west1/customJobs/42';
  const api = {
    reads: 0,
    createCustomJob: () => Promise.resolve([{ name, state: 'JOB_STATE_QUEUED' }] as [VertexCustomJobStatus]),
    getCustomJob: ({ name: asked }: { name: string }) => {
      expect(asked).toBe(name);
      const next = states[Math.min(api.reads, states.length - 1)];
      api.reads += 1;
      return Promise.resolve([{ name, ...next }] as [VertexCustomJobStatus]);
    },
  };
  return api;
}

describe('runVertexJob', () => {
  const request = vertexTrainingJobRequest(vertexConfig(), RUN);

  it('reports each state change once and resolves with the job name when it succeeds', async () => {
    const api = scriptedApi([
      { state: 'JOB_STATE_PENDING' },
      { state: 'JOB_STATE_RUNNING' },
      { state: 'JOB_STATE_RUNNING' },
      { state: 'JOB_STATE_SUCCEEDED' },
    ]);
    const seen: string[] = [];
    const slept: number[] = [];
    const name = await runVertexJob(api, request, {
      pollSeconds: 30,
      sleep: (ms) => {
        slept.push(ms);
        return Promise.resolve();
      },
      onState: (s) => seen.push(s),
    });
    expect(name).toBe('projects/1/locations/europe-west1/customJobs/42');
    expect(seen).toEqual(['JOB_STATE_QUEUED', 'JOB_STATE_PENDING', 'JOB_STATE_RUNNING', 'JOB_STATE_SUCCEEDED']);
    expect(slept).toEqual([30000, 30000, 30000, 30000]);
  });

  it.each([
    ['JOB_STATE_FAILED', 'The replica workerpool0-0 exited with a non-zero status of 1.'],
    ['JOB_STATE_CANCELLED', 'CANCELED'],
    ['JOB_STATE_EXPIRED', ''],
    ['JOB_STATE_PARTIALLY_SUCCEEDED', ''],
  ] as const)('fails when the job ends %s, with the job’s own error', async (state, message) => {
    const api = scriptedApi([{ state: 'JOB_STATE_RUNNING' }, { state, error: { code: 3, message } }]);
    const run = runVertexJob(api, request, { pollSeconds: 1, sleep: () => Promise.resolve(), onState: () => {} });
    await expect(run).rejects.toBeInstanceOf(VertexJobFailedError);
    await expect(
      runVertexJob(scriptedApi([{ state, error: { code: 3, message } }]), request, {
        pollSeconds: 1,
        sleep: () => Promise.resolve(),
        onState: () => {},
      }),
    ).rejects.toThrow(`ended ${state}${message ? `: ${message}` : ''}`);
  });

  it('throws when the service answers the creation without a job name', async () => {
    const api: VertexJobApi = {
      createCustomJob: () => Promise.resolve([{ state: 'JOB_STATE_QUEUED' }] as [VertexCustomJobStatus]),
      getCustomJob: () => Promise.reject(new Error('not called')),
    };
    await expect(
      runVertexJob(api, request, { pollSeconds: 1, sleep: () => Promise.resolve(), onState: () => {} }),
    ).rejects.toThrow('without its name');
  });
});
