/**
 * A local `google.cloud.aiplatform.v1.JobService` (CreateCustomJob, GetCustomJob) over gRPC, its
 * messages encoded and decoded with the protos `@google-cloud/aiplatform` ships, for the real
 * `JobServiceClient` to talk to: Google's API cannot be reached from here. What it decodes is what
 * Vertex AI would receive. How a job goes is up to the test (`JobScript`).
 */
import * as grpc from '@grpc/grpc-js';
import type { Type } from 'protobufjs';
import type { VertexJobApi } from '../../src/training';
import { aiplatformRoot } from './aiplatform-protos';

export type Obj = Record<string, unknown>;
const SERVICE = 'google.cloud.aiplatform.v1.JobService';

/** The job's answer to a read: its state and, at the end, its error. */
export interface JobStatus {
  readonly state: string;
  readonly error?: { readonly code: number; readonly message: string };
}

/** How the job goes: called once at creation, then once per read (`read` counts from 1). */
export interface JobScript {
  created(request: Obj): void;
  status(read: number): JobStatus;
}

/** A job that answers `states` in turn (the last one repeated), with `error` on the last. */
export function scriptedStates(states: readonly string[], error?: JobStatus['error']): JobScript {
  return {
    created: () => undefined,
    status: (read) => {
      const last = read >= states.length;
      return { state: states[Math.min(read, states.length) - 1], ...(last && error ? { error } : {}) };
    },
  };
}

export interface LocalJobService {
  readonly jobName: string;
  /** Every CreateCustomJobRequest received, decoded with the protos (int64 as strings, enums as names). */
  readonly received: Obj[];
  /** Regions the command asked a client for. */
  readonly regions: string[];
  /** What `retrain vertex-train` takes as `createJobApi`: the real client, pointed here. */
  createJobApi(region: string): VertexJobApi & { close(): Promise<void> };
  stop(): void;
}

export async function startJobService(script: JobScript): Promise<LocalJobService> {
  const jobName = 'projects/123/locations/europe-west1/customJobs/987';
  const svc = aiplatformRoot().lookupService(SERVICE);
  const received: Obj[] = [];
  const definition: Record<string, grpc.MethodDefinition<Obj, Obj>> = {};
  for (const name of ['CreateCustomJob', 'GetCustomJob']) {
    const method = svc.methods[name];
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
  server.addService(definition, {
    CreateCustomJob: (call: grpc.ServerUnaryCall<Obj, Obj>, done: grpc.sendUnaryData<Obj>) => {
      received.push(call.request);
      script.created(call.request);
      done(null, { ...(call.request.customJob as Obj), name: jobName, state: 'JOB_STATE_QUEUED' });
    },
    GetCustomJob: (call: grpc.ServerUnaryCall<Obj, Obj>, done: grpc.sendUnaryData<Obj>) => {
      if (call.request.name !== jobName) {
        done({ code: grpc.status.NOT_FOUND, details: `no job ${String(call.request.name)}` });
        return;
      }
      reads += 1;
      done(null, { name: jobName, ...script.status(reads) });
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  const regions: string[] = [];
  return {
    jobName,
    received,
    regions,
    createJobApi: (region: string) => {
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
    },
    stop: () => server.forceShutdown(),
  };
}
