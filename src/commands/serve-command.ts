import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { type CliContext, UsageError, examples } from './cli-context';
import {
  JwtKeyError,
  JwtKeyRing,
  type LoadFailure,
  ModelUnavailableError,
  type RunningModelServer,
  createJsonLogger,
  parseSeverity,
  serverOptionsFrom,
  startModelServer,
} from '../../model-server';
import { type ModelSource, toStorageUri } from '../storage';

/** Options of `toxicity serve`. */
export interface ServeOptions {
  model?: string;
  port?: string;
  host: string;
  ephemeralSecret?: boolean;
  printCurl?: boolean;
  waitForModel?: boolean;
}

/** What `serve` needs beyond the context; tests observe the running server. */
export interface ServeCommandDeps {
  /** Called once the server listens. */
  readonly onListening?: (server: RunningModelServer) => void;
  /** Process signals to handle. @default process */
  readonly signals?: NodeJS.EventEmitter | null;
  /** Replaces the standard file:// / gs:// source (e.g. to add a registry resolver). */
  readonly source?: ModelSource;
}

/** The example body `--print-curl` sends. */
export const CURL_EXAMPLE_BODY =
  '{"texts": ["Thanks for the quick fix, great work!", "You are an idiot and nobody wants you here."], "explain": true}';

/**
 * The model URI `toxicity serve` loads: `--model`, else `MODEL_URI`, else `model.localUri` (the file
 * the local trainer writes). `model.uri` is the cluster's URI, used by the container entry point.
 */
export function serveModelUri(option: string | undefined, env: CliContext['env'], localUri: string, cwd = '.'): string {
  // A plain path (`models/m.json`) is the file:// URI of that path; URIs are kept as they are.
  if (option !== undefined && option !== '') return toStorageUri(option, cwd);
  return env.MODEL_URI ?? localUri;
}

/** What to do about a model that could not be loaded, by the reason it failed. */
function modelFix(failure: LoadFailure, advice: string): string {
  switch (failure.reason) {
    case 'not_found':
      return advice;
    case 'resolve':
      return 'Check the model URI (file://…, gs://…, a path, or models:/<name>@<alias> with MLflow reachable)';
    case 'storage':
      return 'Check the URI: a path, file://…, gs://… or models:/<name>@<alias>, readable by this process';
    default:
      return 'Pass --model with a model.json written by `toxicity train` or `toxicity import`';
  }
}

function parsePort(value: string): number {
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) {
    throw new UsageError(`--port must be a port number 0-65535, got ${JSON.stringify(value)}`);
  }
  return Number(value);
}

/**
 * Registers `toxicity serve [--model <uri>] [--port N] [--host A] [--ephemeral-secret] [--print-curl]`:
 * runs the model server in the foreground, logging JSON lines on stdout, until SIGTERM (drain) or
 * SIGINT (immediate graceful stop).
 */
export function registerServeCommand(program: Command, ctx: CliContext, deps: ServeCommandDeps = {}): void {
  program
    .command('serve')
    .description('run the model server (JSON logs on stdout; Ctrl-C stops it)')
    .option(
      '--model <uri>',
      'model to serve: a path, file://…, gs://…, models:/<name>@<alias> (default: $MODEL_URI, else model.localUri)',
    )
    .option('--port <n>', 'port to listen on (default: app.containerPort, or $PORT)')
    .option('--host <address>', 'interface to listen on (0.0.0.0 to accept remote clients)', '127.0.0.1')
    .option(
      '--ephemeral-secret',
      'when no JWT_SECRET/JWT_SECRETS is set, sign with a random secret that lives only in this process',
    )
    .option('--print-curl', 'print (on stderr) a ready-to-paste curl with a token valid for 1 hour')
    .option(
      '--wait-for-model',
      'start even when the model cannot be loaded yet, not ready, checking again every model.pollIntervalSeconds (what the container does); without it a model that cannot be loaded ends the command (exit 1)',
    )
    .addHelpText(
      'after',
      examples(
        'toxicity serve --ephemeral-secret --print-curl',
        'toxicity serve --model gs://my-models/toxic-detector/champion --host 0.0.0.0 --wait-for-model',
      ),
    )
    .action(async (opts: ServeOptions) => {
      const config = ctx.loadConfig();
      const env = ctx.env;
      const port = opts.port !== undefined ? parsePort(opts.port) : config.app.containerPort;
      const modelUri = serveModelUri(opts.model, env, config.model.localUri, ctx.cwd);
      const logger = createJsonLogger({
        write: (line) => ctx.stdout.write(line),
        level: env.LOG_LEVEL ? parseSeverity(env.LOG_LEVEL) : 'INFO',
      });
      let keys: JwtKeyRing;
      const hasSecret = env.JWT_SECRET !== undefined || env.JWT_SECRETS !== undefined;
      try {
        if (!hasSecret && opts.ephemeralSecret) {
          keys = JwtKeyRing.fromEnv({ JWT_SECRET: randomBytes(48).toString('base64url') });
          ctx.stderr.write(
            'serve: no JWT_SECRET set; using a random secret for this run only (tokens stop working when the server stops)\n',
          );
        } else {
          keys = JwtKeyRing.fromEnv(env);
        }
      } catch (err) {
        if (err instanceof JwtKeyError) {
          throw new UsageError(
            `${err.message}${hasSecret ? '' : ' (or run `toxicity serve --ephemeral-secret` for a throw-away local secret)'}`,
          );
        }
        throw err;
      }
      const missingModelAdvice =
        modelUri === config.model.localUri
          ? 'Train one with `toxicity train` (it writes model.localUri), or pass --model <uri>'
          : 'Write a model.json there, or pass another --model <uri>';
      const waitHint = `, or pass --wait-for-model to start without it and check again every ${config.model.pollIntervalSeconds} s`;
      let server: RunningModelServer;
      try {
        server = await startModelServer(
          serverOptionsFrom({
            config,
            env,
            cwd: ctx.cwd,
            logger,
            host: opts.host,
            modelUri,
            port,
            // With --port 0 (tests, several servers), the admin port is a free one too.
            adminPort: port === 0 ? 0 : config.app.adminPort,
            keys,
            ...(deps.source ? { source: deps.source } : {}),
            missingModelAdvice,
            requireModel: opts.waitForModel !== true,
            ...(deps.signals !== undefined ? { signals: deps.signals } : {}),
          }),
        );
      } catch (err) {
        if (err instanceof ModelUnavailableError) {
          throw new UsageError(
            `cannot serve ${err.uri}: ${err.message}. ${modelFix(err.failure, missingModelAdvice)}${waitHint}`,
            1,
          );
        }
        throw err;
      }
      if (opts.printCurl) {
        await server.firstCheck;
        const token = keys.sign({
          subject: 'local-demo',
          issuer: config.auth.issuer,
          audience: config.auth.audience,
          ttlSeconds: 3600,
          nowMs: Date.now(),
        });
        const state = server.holder.current
          ? `model ${server.holder.current.version} loaded`
          : 'no model loaded yet (the log above says why); this works once one is';
        ctx.stderr.write(
          `\nTry it (${state}; token valid for 1 hour):\n\ncurl -s ${server.url}/v1/predict \\\n` +
            `  -H 'Authorization: Bearer ${token}' \\\n` +
            `  -H 'Content-Type: application/json' \\\n` +
            `  -d '${CURL_EXAMPLE_BODY}'\n\n`,
        );
      }
      deps.onListening?.(server);
      await server.closed;
    });
}
