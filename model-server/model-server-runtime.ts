import { type Server, createServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import type { AuthConfig, ServerConfig } from '../src/config';
import { createAdminApp, createApp } from './create-app';
import type { JwtKeyRing } from './jwt-key-ring';
import { JwtVerifier } from './jwt-verifier';
import type { Logger } from './logger';
import { ServerMetrics } from './server-metrics';
import { ModelHolder, ModelUnavailableError } from './model-holder';
import type { ModelSource } from '../src/storage';
import { type MemoryBudget, checkMemoryBudget } from './request-budget';
import { TlsReloader, type TlsSource, describeCertificate } from './tls-reloader';

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
  /** Port of the admin listener (`/metrics`, `/healthz`, `/readyz`), on the same host; 0 picks a free port. */
  readonly adminPort: number;
  /** Serve the public port over HTTPS with this certificate, reloaded without restart; absent: plain HTTP. */
  readonly tls?: TlsSource;
  /**
   * The container's memory limit: start-up fails when `server` lets concurrent maximal requests need
   * more (see request-budget.ts). Null skips the check (a local `serve`).
   */
  readonly memoryLimitMiB: number | null;
  readonly logger: Logger;
  /**
   * Load the model before listening and throw `ModelUnavailableError` when it cannot be loaded,
   * instead of listening unready and checking again every `pollIntervalSeconds`. False (the default)
   * suits an orchestrator, whose readiness probe and restarts handle a model that is not there yet;
   * `toxicity serve` sets it unless `--wait-for-model`.
   * @default false
   */
  readonly requireModel?: boolean;
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
  /** `http://…` or `https://…` of the public port. */
  readonly url: string;
  readonly port: number;
  readonly app: Express;
  readonly http: Server;
  /** `http://…` of the admin port. */
  readonly adminUrl: string;
  readonly adminPort: number;
  readonly adminApp: Express;
  readonly adminHttp: Server;
  /** The memory bound checked at start-up (null when not checked). */
  readonly memoryBudget: MemoryBudget | null;
  /** Looks for a new TLS certificate now (no-op without TLS). */
  reloadTls(): Promise<void>;
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

/**
 * Builds the app and its dependencies, listens, starts the model polling and wires SIGTERM. The
 * server listens before a model is loaded, so liveness answers at once and `/readyz` explains what
 * is missing until a valid model is there.
 */
export async function startModelServer(options: ModelServerOptions): Promise<RunningModelServer> {
  const { logger } = options;
  const memoryBudget =
    options.memoryLimitMiB === null ? null : checkMemoryBudget(options.server, options.memoryLimitMiB);
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
  if (options.requireModel === true) {
    await holder.loadOnce();
    const failure = holder.lastFailure;
    if (!holder.current && failure) throw new ModelUnavailableError(options.modelUri, failure);
  }
  const verifier = new JwtVerifier(options.keys, {
    issuer: options.auth.issuer,
    audience: options.auth.audience,
    clockToleranceSeconds: options.auth.clockToleranceSeconds,
    maxTokenAgeSeconds: options.auth.maxTokenAgeSeconds,
    maxTokenLifetimeSeconds: options.auth.maxTokenLifetimeSeconds,
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
  const adminApp = createAdminApp({ models: holder, drain, metrics, logger });

  let reloader: TlsReloader | undefined;
  let http: Server;
  if (options.tls) {
    const material = await options.tls.load();
    // TLS 1.2 at least (RFC 9325 §3.1.1); Node's default cipher list is kept.
    const https = createHttpsServer({ cert: material.cert, key: material.key, minVersion: 'TLSv1.2' }, app);
    reloader = new TlsReloader(options.tls, material, https, logger);
    http = https;
  } else {
    http = createServer(app);
  }
  const adminHttp = createServer(adminApp);
  for (const server of [http, adminHttp]) {
    // Explicit timeouts: a whole request (headers and body) must arrive within requestTimeoutMs.
    server.requestTimeout = options.server.requestTimeoutMs;
    server.headersTimeout = Math.min(options.server.requestTimeoutMs, 10_000);
    server.keepAliveTimeout = options.server.keepAliveTimeoutSeconds * 1000;
    server.timeout = options.server.requestTimeoutMs;
  }

  const port = await listen(http, options.port, options.host);
  let adminPort: number;
  try {
    adminPort = await listen(adminHttp, options.adminPort, options.host, 'set ADMIN_PORT or app.adminPort');
  } catch (err) {
    http.close();
    throw err;
  }
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `${options.tls ? 'https' : 'http'}://${host}:${port}`;
  const adminUrl = `http://${host}:${adminPort}`;
  reloader?.start();
  logger.notice('listening', {
    url,
    adminUrl,
    modelUri: options.modelUri,
    pollIntervalSeconds: options.pollIntervalSeconds,
    jwtKeyIds: options.keys.kids,
    issuer: options.auth.issuer,
    audience: options.auth.audience,
    drainSeconds: options.server.drainSeconds,
    maxInFlight: options.server.maxInFlight,
    rateLimitPerSecond: options.server.rateLimitPerSecond,
    ...(memoryBudget ? { memoryBoundMiB: Math.ceil(memoryBudget.totalBytes / 2 ** 20) } : {}),
    ...(options.tls ? { tls: describeCertificate((await options.tls.load()).cert) } : {}),
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
    adminUrl,
    adminPort,
    adminApp,
    adminHttp,
    memoryBudget,
    reloadTls: () => reloader?.check() ?? Promise.resolve(),
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
        reloader?.stop();
        const force = setTimeout(() => {
          http.closeAllConnections();
          adminHttp.closeAllConnections();
        }, options.server.requestTimeoutMs);
        force.unref();
        await Promise.all(
          [http, adminHttp].map(
            (server) =>
              new Promise<void>((r) => {
                server.close(() => r());
                server.closeIdleConnections();
              }),
          ),
        );
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

function listen(server: Server, port: number, host: string, hint = 'pass --port or PORT'): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const fail = (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(`port ${port} is in use on ${host}; ${hint}`)
          : err.code === 'EACCES'
            ? new Error(`no permission to listen on port ${port} of ${host}; ${hint} (1024 or above)`)
            : err,
      );
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
