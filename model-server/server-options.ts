import type { AppConfig, Env } from '../src/config';
import { mlflowClientFromEnv } from '../src/mlflow';
import { type ModelSource, createStandardModelSource } from '../src/storage';
import { JwtKeyRing } from './jwt-key-ring';
import type { Logger } from './logger';
import type { ModelServerOptions } from './model-server-runtime';
import type { TlsSource } from './tls-reloader';

/** What differs between the two ways of starting the server (the container entry point and `toxicity serve`). */
export interface ServerOptionsInput {
  readonly config: AppConfig;
  /** The parsed environment: JWT secrets, the GCS emulator, MLflow credentials. */
  readonly env: Env;
  /** Folder relative `file://` URIs are resolved against. */
  readonly cwd: string;
  readonly logger: Logger;
  /** Interface to listen on. */
  readonly host: string;
  /** @default config.model.uri */
  readonly modelUri?: string;
  /** @default config.app.containerPort */
  readonly port?: number;
  /** @default config.app.adminPort */
  readonly adminPort?: number;
  /** The container memory limit the request bounds are checked against; null skips the check. @default null */
  readonly memoryLimitMiB?: number | null;
  /** Serve HTTPS on the public port. @default plain HTTP */
  readonly tls?: TlsSource;
  /** @default JwtKeyRing.fromEnv(env) */
  readonly keys?: JwtKeyRing;
  /** @default the standard file:// / gs:// source, plus the MLflow registry for a models:/ URI */
  readonly source?: ModelSource;
  readonly missingModelAdvice?: string;
  /** @default false (listen unready and keep checking) */
  readonly requireModel?: boolean;
  readonly signals?: NodeJS.EventEmitter | null;
}

/**
 * The model server's options from the config and the environment, built in one place for both entry
 * points: the model source (file://, gs:// with `GCS_EMULATOR_ENDPOINT`, and for `models:/` URIs the
 * MLflow registry at `mlflow.trackingUri`), the key ring, limits and auth settings.
 */
export function serverOptionsFrom(input: ServerOptionsInput): ModelServerOptions {
  const { config, env } = input;
  const modelUri = input.modelUri ?? config.model.uri;
  const source =
    input.source ??
    createStandardModelSource({
      cwd: input.cwd,
      ...(env.GCS_EMULATOR_ENDPOINT !== undefined ? { gcsApiEndpoint: env.GCS_EMULATOR_ENDPOINT } : {}),
      projectId: config.gcp.projectId,
      // models:/<name>@<alias> follows the MLflow registry (promotions and rollbacks).
      ...(modelUri.startsWith('models:') ? { mlflow: mlflowClientFromEnv(env, config.mlflow.trackingUri) } : {}),
    });
  return {
    server: config.server,
    auth: config.auth,
    modelUri,
    pollIntervalSeconds: config.model.pollIntervalSeconds,
    keys: input.keys ?? JwtKeyRing.fromEnv(env),
    source,
    host: input.host,
    port: input.port ?? config.app.containerPort,
    adminPort: input.adminPort ?? config.app.adminPort,
    memoryLimitMiB: input.memoryLimitMiB ?? null,
    ...(input.tls ? { tls: input.tls } : {}),
    logger: input.logger,
    ...(input.missingModelAdvice !== undefined ? { missingModelAdvice: input.missingModelAdvice } : {}),
    ...(input.signals !== undefined ? { signals: input.signals } : {}),
    ...(input.requireModel !== undefined ? { requireModel: input.requireModel } : {}),
  };
}
