import * as grpc from '@grpc/grpc-js';
import { CloudBuildClient } from '@google-cloud/cloudbuild';
import { cloudBuildRoot, CLOUD_BUILD_PACKAGE } from '../../../pipelines/cloud-build-protos';

/** One call the fake service received: method, decoded request, and the request metadata. */
export interface ReceivedCall {
  readonly method: string;
  readonly request: Record<string, unknown>;
  readonly metadata: Record<string, string>;
}

/** How the fake answers one call: a response object, or a gRPC error status. */
export type Answer =
  { readonly response: Record<string, unknown> } | { readonly code: grpc.status; readonly details: string };

export type Handler = (request: Record<string, unknown>) => Answer;

/**
 * A local gRPC server speaking the CloudBuild service from the protos shipped in
 * `@google-cloud/cloudbuild` (encode/decode with those message types), so the real
 * `CloudBuildClient` talks to it over a real HTTP/2 connection on 127.0.0.1. It records every call
 * and answers with the handlers given. The Cloud Build backend is the only thing replaced.
 */
export class CloudBuildGrpcServer {
  readonly calls: ReceivedCall[] = [];
  private readonly server = new grpc.Server();
  private port = 0;

  constructor(private readonly handlers: Partial<Record<string, Handler>>) {
    const service = cloudBuildRoot().lookupService(`${CLOUD_BUILD_PACKAGE}.CloudBuild`);
    const definition: Record<string, grpc.MethodDefinition<object, object>> = {};
    const implementation: grpc.UntypedServiceImplementation = {};
    for (const method of service.methodsArray) {
      method.resolve();
      const req = method.resolvedRequestType!;
      const res = method.resolvedResponseType!;
      if (method.requestStream || method.responseStream) continue;
      definition[method.name] = {
        path: `/${CLOUD_BUILD_PACKAGE}.CloudBuild/${method.name}`,
        requestStream: false,
        responseStream: false,
        requestSerialize: (o: object) => Buffer.from(req.encode(req.fromObject(o)).finish()),
        requestDeserialize: (b: Buffer) => req.toObject(req.decode(b), { enums: String, longs: String }),
        responseSerialize: (o: object) => Buffer.from(res.encode(res.fromObject(o)).finish()),
        responseDeserialize: (b: Buffer) => res.toObject(res.decode(b)),
      };
      implementation[method.name] = (
        call: grpc.ServerUnaryCall<Record<string, unknown>, object>,
        callback: grpc.sendUnaryData<object>,
      ) => {
        const metadata: Record<string, string> = {};
        for (const [k, v] of Object.entries(call.metadata.getMap())) metadata[k] = String(v);
        this.calls.push({ method: method.name, request: call.request, metadata });
        const handler = this.handlers[method.name];
        if (handler === undefined) {
          callback({ code: grpc.status.UNIMPLEMENTED, details: `${method.name} is not faked` });
          return;
        }
        const answer = handler(call.request);
        if ('response' in answer) callback(null, answer.response);
        else callback({ code: answer.code, details: answer.details });
      };
    }
    this.server.addService(definition, implementation);
  }

  /** Listens on an ephemeral port of 127.0.0.1. */
  async start(): Promise<void> {
    this.port = await new Promise<number>((resolve, reject) =>
      this.server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, port) =>
        err ? reject(err) : resolve(port),
      ),
    );
  }

  /** A real CloudBuildClient pointed at this server (plain-text gRPC, so no credentials involved). */
  client(): CloudBuildClient {
    return new CloudBuildClient({
      servicePath: '127.0.0.1',
      port: this.port,
      sslCreds: grpc.credentials.createInsecure(),
      // Set explicitly so google-auth-library never looks for credentials (no metadata-server probe).
      universeDomain: 'googleapis.com',
    });
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.tryShutdown(() => resolve()));
  }
}
