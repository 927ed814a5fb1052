import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import type { AuthConfig, ServerConfig } from '../src/config';
import { createApp } from './create-app';
import type { JwtKeyRing } from './jwt-key-ring';
import { JwtVerifier } from './jwt-verifier';
import type { Logger } from './logger';
import { ServerMetrics } from './server-metrics';
import { ModelHolder } from './model-holder';
import type { ModelSource } from '../src/storage';

/** Everything needed to run the model server; entry points build it from the config and env. */
export interface ModelServerOptions {
  readonly server: ServerConfig;
  readonly auth: AuthConfig;
  /** The model URI to serve (`file://`, `gs://`, or a registry URI the source resolves). */
  readonly modelUri: string;
  readonly pollIntervalSeconds: number;
  readonly keys: JwtKeyRing;
  readonly source: ModelSource;
  /** Interface to listen on: `0.0.0.0` in a container, `127.0.0.1` locally. */
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly logger: Logger;
  /** What the log tells the operator when the model is missing. */
  readonly missingModelAdvice?: string;
  /**
   * Process signals to handle (SIGTERM: drain then close; SIGINT: close without the drain period).
   * Null handles none (tests call `shutdown`).
   * @default process
   */
  readonly signals?: NodeJS.EventEmitter | null;
  /** @default Date.now */
  readonly now?: () => number;
}

/** A listening model server. */
export interface RunningModelServer {
  readonly url: string;
  readonly port: number;
  readonly app: Express;
  readonly http: Server;
  readonly holder: ModelHolder;
  readonly metrics: ServerMetrics;
  /** Resolves after the first model check (loaded or not). */
  readonly firstCheck: Promise<unknown>;
  /**
   * Graceful stop: readiness turns 503 while requests are still served for `drainSeconds`, then the
   * listener closes, in-flight requests finish (at most `requestTimeoutMs` more) and it resolves.
   */
  shutdown(reason: string, options?: { drainSeconds?: number }): Promise<void>;
  /** Resolves once the server has closed after a shutdown. */
  readonly closed: Promise<void>;
}

/** Keep-alive idle timeout, explicit rather than Node's default (a GKE LoadBalancer Service is a pass-through L4 balancer: no proxy to outlast). */
export const KEEP_ALIVE_TIMEOUT_MS = 5000;

/**
 * Builds the app and its dependencies, listens, starts the model polling and wires SIGTERM. The
 * server listens before a model is loaded, so liveness answers at once and `/readyz` explains what
 * is missing until a valid model is there.
 */
export async function startModelServer(options: ModelServerOptions): Promise<RunningModelServer> {
  const { logger } = options;
  const metrics = new ServerMetrics();
  const holder = new ModelHolder({
    uri: options.modelUri,
    source: options.source,
    pollIntervalMs: options.pollIntervalSeconds * 1000,
    logger,
    metrics,
    ...(options.missingModelAdvice ? { missingModelAdvice: options.missingModelAdvice } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  const verifier = new JwtVerifier(options.keys, {
    issuer: options.auth.issuer,
    audience: options.auth.audience,
    clockToleranceSeconds: options.auth.clockToleranceSeconds,
    maxTokenAgeSeconds: options.auth.maxTokenAgeSeconds,
    ...(options.now ? { now: options.now } : {}),
  });
  const drain = { draining: false };
  const app = createApp({
    server: options.server,
    verifier,
    models: holder,
    drain,
    metrics,
    logger,
    ...(options.now ? { now: options.now } : {}),
  });

  const http = createServer(app);
  // Explicit timeouts: a whole request (headers and body) must arrive within requestTimeoutMs.
  http.requestTimeout = options.server.requestTimeoutMs;
  http.headersTimeout = Math.min(options.server.requestTimeoutMs, 10_000);
  http.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  http.timeout = options.server.requestTimeoutMs;

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, options.host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const port = (http.address() as AddressInfo).port;
  const url = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;
  logger.notice('listening', {
    url,
    modelUri: options.modelUri,
    pollIntervalSeconds: options.pollIntervalSeconds,
    jwtKeyIds: options.keys.kids,
    issuer: options.auth.issuer,
    audience: options.auth.audience,
    drainSeconds: options.server.drainSeconds,
  });

  const firstCheck = holder.start();

  let resolveClosed!: () => void;
  const closed = new Promise<void>((r) => (resolveClosed = r));
  let stopping: Promise<void> | undefined;
  const signals = options.signals === undefined ? process : options.signals;
  const onSigterm = () => void running.shutdown('SIGTERM');
  const onSigint = () => void running.shutdown('SIGINT', { drainSeconds: 0 });

  const running: RunningModelServer = {
    url,
    port,
    app,
    http,
    holder,
    metrics,
    firstCheck,
    closed,
    shutdown(reason, shutdownOptions = {}) {
      stopping ??= (async () => {
        const drainSeconds = shutdownOptions.drainSeconds ?? options.server.drainSeconds;
        drain.draining = true;
        logger.notice('shutting down: readiness now fails; still serving during the drain period', {
          reason,
          drainSeconds,
        });
        if (drainSeconds > 0) await new Promise((r) => setTimeout(r, drainSeconds * 1000));
        holder.stop();
        const force = setTimeout(() => http.closeAllConnections(), options.server.requestTimeoutMs);
        force.unref();
        await new Promise<void>((r) => {
          http.close(() => r());
          http.closeIdleConnections();
        });
        clearTimeout(force);
        signals?.off('SIGTERM', onSigterm);
        signals?.off('SIGINT', onSigint);
        logger.notice('stopped', { reason });
        resolveClosed();
      })();
      return stopping;
    },
  };
  signals?.on('SIGTERM', onSigterm);
  signals?.on('SIGINT', onSigint);
  return running;
}
