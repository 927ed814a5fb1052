#!/usr/bin/env node
/**
 * Container entry point of the model server (`node build/model-server/server.js`, the image's CMD).
 * The only module of the server that reads `process.env` and files. It serves `config.model.uri`
 * (the cluster's `gs://` URI; `MODEL_URI` overrides it), listens on `0.0.0.0:$PORT`, logs JSON lines
 * on stdout for Cloud Logging, and on SIGTERM drains for `server.drainSeconds` before exiting 0.
 *
 * Environment: `TOXICITY_CONFIG` (config file; default ./toxicity.config.yaml, else built-in
 * defaults), the config overrides of `src/config/env-schema.ts` (`PORT`, `MODEL_URI`, `JWT_ISSUER`, …),
 * `JWT_SECRET` or `JWT_SECRETS` + `JWT_SIGNING_KID` (see jwt-key-ring.ts), `LOG_LEVEL` (default INFO),
 * `HOST` (default 0.0.0.0), `GCS_EMULATOR_ENDPOINT` (a Cloud Storage emulator's URL, for tests),
 * and for a `models:/` URI `MLFLOW_TRACKING_URI` (else `mlflow.trackingUri`) with MLflow's auth variables.
 * `TLS_CERT_FILE` + `TLS_KEY_FILE` make the public port HTTPS (files re-read every `TLS_RELOAD_SECONDS`,
 * default 30, so a renewed Secret applies without a restart); `MEMORY_LIMIT_MIB` is the container's
 * memory limit the request bounds are checked against (else `resources.memoryLimitMiB`). The admin port
 * (`app.adminPort`, `ADMIN_PORT`) serves `/metrics` and the probes.
 */
import { readFile } from 'node:fs/promises';
import { ENV } from '../src/contract';
import { type Env, envNameWarnings, loadConfigFile, parseEnv } from '../src/config';
import { type Logger, createJsonLogger, parseSeverity } from './logger';
import { startModelServer } from './model-server-runtime';
import { serverOptionsFrom } from './server-options';

async function main(): Promise<number> {
  const cwd = process.cwd();
  const write = (line: string): void => void process.stdout.write(line);
  let logger: Logger = createJsonLogger({ write });
  try {
    const env = parseEnv(process.env);
    logger = createJsonLogger({ write, level: parseSeverity(env.LOG_LEVEL ?? 'INFO') });
    for (const warning of envNameWarnings(process.env)) logger.warning(warning);
    const config = loadConfigFile({ path: env.TOXICITY_CONFIG, cwd, env });
    const tls = tlsSource(env);
    const server = await startModelServer(
      serverOptionsFrom({
        config,
        env,
        cwd,
        logger,
        host: env.HOST ?? '0.0.0.0',
        memoryLimitMiB: env.MEMORY_LIMIT_MIB ?? config.resources.memoryLimitMiB,
        ...(tls ? { tls } : {}),
        missingModelAdvice:
          "Publish model.json there (the pipeline's train step does) or set MODEL_URI / model.uri to where it is",
      }),
    );
    await server.closed;
    return 0;
  } catch (err) {
    // Boot failures (bad env or config, missing or short JWT secret, port in use): one clear line, exit 1.
    logger.error(`the model server cannot start: ${err instanceof Error ? err.message : String(err)}`, {
      error: err instanceof Error ? err.name : 'Error',
    });
    return 1;
  }
}

/** The mounted TLS Secret's files, re-read at every look for a renewed certificate; undefined for plain HTTP. */
function tlsSource(env: Env) {
  const certFile = env.TLS_CERT_FILE;
  const keyFile = env.TLS_KEY_FILE;
  if ((certFile === undefined) !== (keyFile === undefined)) {
    throw new Error(`${ENV.tlsCertFile} and ${ENV.tlsKeyFile} must be set together`);
  }
  if (certFile === undefined || keyFile === undefined) return undefined;
  return {
    load: async () => ({ cert: await readFile(certFile, 'utf8'), key: await readFile(keyFile, 'utf8') }),
    reloadIntervalMs: (env.TLS_RELOAD_SECONDS ?? 30) * 1000,
  };
}

void main().then((code) => {
  process.exitCode = code;
  // Exit even if a library keeps a socket open (e.g. the Cloud Storage client's keep-alive agent).
  setTimeout(() => process.exit(code), 1000).unref();
});
