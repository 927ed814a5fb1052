/**
 * `toxicity retrain vertex-train` driving the real `JobServiceClient` of `@google-cloud/aiplatform`
 * over gRPC against a local JobService built from the package's own protos (Google's API cannot be
 * reached here): what the server decodes is what Vertex AI would receive, and the states it answers
 * come back through the client's own decoding.
 */
import * as grpc from '@grpc/grpc-js';
import type { Type } from 'protobufjs';
import { registerRetrainCommands } from '../../../src/commands/retrain-command';
import type { VertexJobApi } from '../../../src/training';
import { aiplatformRoot } from '../../support/aiplatform-protos';
import { tempDir } from '../../support/fixtures';
import { cliContext, program } from './support/cli-context';

type Obj = Record<string, unknown>;
const SERVICE = 'google.cloud.aiplatform.v1.JobService';
const JOB = 'projects/123/locations/europe-west1/customJobs/987';

/** A JobService whose job answers `states` (with `error` on the last one) to successive reads. */
async function startJobService(states: string[], error?: { code: number; message: string }) {
  const svc = aiplatformRoot().lookupService(SERVICE);
  const received: Obj[] = [];
  const definition: Record<string, grpc.MethodDefinition<Obj, Obj>> = {};
  for (const name of ['CreateCustomJob', 'GetCustomJob']) {
    const method = svc.methods[name]!;
    method.resolve();
    const req = method.resolvedRequestType as Type;
    const res = method.resolvedResponseType as Type;
    definition[name] = {
      path: `/${SERVICE}/${name}`,
      requestStream: false,
      responseStream: false,
      requestSerialize: (o: Obj) => Buffer.from(req.encode(req.fromObject(o)).finish()),
      requestDeserialize: (b: Buffer) => req.toObject(req.decode(b), { longs: String, enums: String }),
      responseSerialize: (o: Obj) => Buffer.from(res.encode(res.fromObject(o)).finish()),
      responseDeserialize: (b: Buffer) => res.toObject(res.decode(b), { longs: String, enums: String }),
    };
  }
  let reads = 0;
  const server = new grpc.Server();
  server.addService(definition as grpc.ServiceDefinition, {
    CreateCustomJob: (call: grpc.ServerUnaryCall<Obj, Obj>, done: grpc.sendUnaryData<Obj>) => {
      received.push(call.request);
      done(null, { ...(call.request.customJob as Obj), name: JOB, state: 'JOB_STATE_QUEUED' });
    },
    GetCustomJob: (call: grpc.ServerUnaryCall<Obj, Obj>, done: grpc.sendUnaryData<Obj>) => {
      if (call.request.name !== JOB) {
        done({ code: grpc.status.NOT_FOUND, details: `no job ${String(call.request.name)}` });
        return;
      }
      const state = states[Math.min(reads, states.length - 1)]!;
      reads += 1;
      const last = reads >= states.length;
      done(null, { name: JOB, state, ...(last && error ? { error } : {}) });
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  const regions: string[] = [];
  const createJobApi = (region: string) => {
    regions.push(region);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { v1 } = require('@google-cloud/aiplatform') as {
      v1: { JobServiceClient: new (o: Obj) => VertexJobApi & { close(): Promise<void> } };
    };
    return new v1.JobServiceClient({
      apiEndpoint: '127.0.0.1',
      port,
      sslCreds: grpc.credentials.createInsecure(),
      // Stated, so google-auth-library does not ask the GCE metadata server for it (no traffic off this machine).
      universeDomain: 'googleapis.com',
    });
  };
  return { received, regions, createJobApi, stop: () => server.forceShutdown() };
}

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
  service: Awaited<ReturnType<typeof startJobService>> | null,
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
    const service = await startJobService(['JOB_STATE_PENDING', 'JOB_STATE_RUNNING', 'JOB_STATE_SUCCEEDED']);
    try {
      const run = await vertexTrain(ARGS, service);
      expect(run.error).toBeNull();
      expect(service.regions).toEqual(['europe-west1']);
      expect(run.stdout.text).toBe(`Vertex AI custom job ${JOB} succeeded: ${ARGS[4]}\n`);
      const states = run.stderr.text
        .split('\n')
        .filter((l) => l.startsWith(JOB))
        .map((l) => l.split(': ')[1]!.split(' ')[0]);
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
    const service = await startJobService(['JOB_STATE_RUNNING', 'JOB_STATE_FAILED'], {
      code: 3,
      message: 'The replica workerpool0-0 exited with a non-zero status of 1.',
    });
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
    const service = await startJobService(['JOB_STATE_CANCELLING', 'JOB_STATE_CANCELLED'], {
      code: 1,
      message: 'CANCELED',
    });
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
});
