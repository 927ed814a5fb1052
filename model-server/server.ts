#!/usr/bin/env node
/**
 * Container entry point of the model server (`node build/model-server/server.js`, the image's CMD).
 * The only module of the server that reads `process.env` and files. It serves `config.model.uri`
 * (the cluster's `gs://` URI; `MODEL_URI` overrides it), listens on `0.0.0.0:$PORT`, logs JSON lines
 * on stdout for Cloud Logging, and on SIGTERM drains for `server.drainSeconds` before exiting 0.
 *
 * Environment: `TOXICITY_CONFIG` (config file; default ./toxicity.config.yaml, else built-in
 * defaults), the config overrides of `ENV_OVERRIDES` (`PORT`, `MODEL_URI`, `JWT_ISSUER`, …),
 * `JWT_SECRET` or `JWT_SECRETS` + `JWT_SIGNING_KID` (see jwt-key-ring.ts), `LOG_LEVEL` (default INFO),
 * `HOST` (default 0.0.0.0), `GCS_EMULATOR_ENDPOINT` (a Cloud Storage emulator's URL, for tests),
 * and for a `models:/` URI `MLFLOW_TRACKING_URI` (else `mlflow.trackingUri`) with MLflow's auth variables.
 */
import { loadConfigFile } from '../src/config/config-file';
import { JwtKeyRing } from './jwt-key-ring';
import { type Logger, createJsonLogger, parseSeverity } from './logger';
import { startModelServer } from './model-server-runtime';
import { createStandardModelSource } from './model-source';
import { mlflowClientFromEnv } from '../src/training/mlflow-client';

async function main(): Promise<number> {
  const env = process.env;
  const cwd = process.cwd();
  let logger: Logger = createJsonLogger({ write: (line) => process.stdout.write(line) });
  try {
    logger = createJsonLogger({
      write: (line) => process.stdout.write(line),
      level: parseSeverity(env.LOG_LEVEL ?? 'INFO'),
    });
    const config = loadConfigFile({ path: env.TOXICITY_CONFIG || undefined, cwd, env });
    const keys = JwtKeyRing.fromEnv(env);
    const source = createStandardModelSource({
      cwd,
      ...(env.GCS_EMULATOR_ENDPOINT ? { gcsApiEndpoint: env.GCS_EMULATOR_ENDPOINT } : {}),
      projectId: config.gcp.projectId,
      // models:/<name>@<alias> follows the MLflow registry (promotions and rollbacks).
      ...(config.model.uri.startsWith('models:')
        ? { mlflow: mlflowClientFromEnv(env, config.mlflow.trackingUri) }
        : {}),
    });
    const server = await startModelServer({
      server: config.server,
      auth: config.auth,
      modelUri: config.model.uri,
      pollIntervalSeconds: config.model.pollIntervalSeconds,
      keys,
      source,
      host: env.HOST || '0.0.0.0',
      port: config.app.containerPort,
      logger,
      missingModelAdvice:
        "Publish model.json there (the pipeline's train step does) or set MODEL_URI / model.uri to where it is",
    });
    await server.closed;
    return 0;
  } catch (err) {
    // Boot failures (bad config, missing or short JWT secret, port in use): one clear line, exit 1.
    logger.error(`the model server cannot start: ${err instanceof Error ? err.message : String(err)}`, {
      error: err instanceof Error ? err.name : 'Error',
    });
    return 1;
  }
}

void main().then((code) => {
  process.exitCode = code;
  // Exit even if a library keeps a socket open (e.g. the Cloud Storage client's keep-alive agent).
  setTimeout(() => process.exit(code), 1000).unref();
});
