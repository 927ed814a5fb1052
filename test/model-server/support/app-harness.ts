import type { Express } from 'express';
import { parseConfig } from '../../../src/config';
import type { ModelArtifact } from '../../../src/ml/model-artifact';
import { createAdminApp, createApp } from '../../../model-server/create-app';
import { JwtKeyRing } from '../../../model-server/jwt-key-ring';
import { JwtVerifier } from '../../../model-server/jwt-verifier';
import { createJsonLogger } from '../../../model-server/logger';
import { ServerMetrics } from '../../../model-server/server-metrics';
import { ModelHolder } from '../../../model-server/model-holder';
import { createStandardModelSource } from '../../../src/storage/model-source';
import { modelFileUri, tempDir, testArtifact, writeModelFile } from '../../support/fixtures';

/** Two keys: `k1` signs, `k2` is still accepted (rotation). */
export const SECRET_1 = 'first-secret-of-at-least-32-bytes-0123456789';
export const SECRET_2 = 'second-secret-of-at-least-32-bytes-abcdefgh';
export const TEST_KEYS_ENV = { JWT_SECRETS: `k1:${SECRET_1},k2:${SECRET_2}`, JWT_SIGNING_KID: 'k1' } as const;
export const ISSUER = 'toxicity-api';
export const AUDIENCE = 'toxicity-clients';
/** Fixed clock of the harness: 2025-01-31T12:00:00Z. */
export const NOW_MS = Date.UTC(2025, 0, 31, 12, 0, 0);

export interface HarnessOptions {
  /** The model to write, a raw string (corrupt model), or null for none. @default testArtifact() */
  readonly model?: ModelArtifact | string | null;
  /** Overrides of `config.server` / `config.auth` (the per-client rate limit is off unless given: the clock is fixed). */
  readonly server?: Record<string, unknown>;
  readonly auth?: Record<string, unknown>;
  readonly draining?: { draining: boolean };
  readonly logLevel?: 'DEBUG' | 'INFO';
}

export interface Harness {
  readonly app: Express;
  /** The admin port's app (`/metrics`, probes) over the same dependencies. */
  readonly adminApp: Express;
  readonly holder: ModelHolder;
  readonly metrics: ServerMetrics;
  readonly keys: JwtKeyRing;
  readonly dir: string;
  readonly uri: string;
  /** Every log line written, parsed. */
  readonly logs: Record<string, unknown>[];
  /** The raw log output. */
  readonly logText: () => string;
  /** A valid bearer token (signed with k1) for `sub`. */
  token(sub?: string): string;
  /** Moves the clock. */
  setNow(ms: number): void;
}

/**
 * `createApp` with real dependencies: a file store in a temporary folder, the real `ModelHolder`
 * (first check done), a real key ring and verifier, its own metrics registry and a logger captured
 * in memory. Time is fixed at `NOW_MS` unless moved.
 */
export async function harness(options: HarnessOptions = {}): Promise<Harness> {
  const config = parseConfig({ server: { rateLimitPerSecond: 0, ...options.server }, auth: options.auth ?? {} });
  const dir = tempDir();
  const uri = options.model === null ? modelFileUri(dir) : writeModelFile(dir, options.model ?? testArtifact());
  let now = NOW_MS;
  const clock = () => now;
  const lines: string[] = [];
  const logger = createJsonLogger({ write: (l) => lines.push(l), level: options.logLevel ?? 'DEBUG', now: clock });
  const metrics = new ServerMetrics({ defaultMetrics: false });
  const holder = new ModelHolder({
    uri,
    source: createStandardModelSource({ cwd: dir }),
    pollIntervalMs: 60_000,
    logger,
    metrics,
    now: clock,
  });
  await holder.checkNow();
  const keys = JwtKeyRing.fromEnv(TEST_KEYS_ENV);
  const verifier = new JwtVerifier(keys, {
    issuer: config.auth.issuer,
    audience: config.auth.audience,
    clockToleranceSeconds: config.auth.clockToleranceSeconds,
    maxTokenAgeSeconds: config.auth.maxTokenAgeSeconds,
    maxTokenLifetimeSeconds: config.auth.maxTokenLifetimeSeconds,
    now: clock,
  });
  const app = createApp({
    server: config.server,
    verifier,
    models: holder,
    metrics,
    logger,
    now: clock,
    ...(options.draining ? { drain: options.draining } : {}),
  });
  const adminApp = createAdminApp({
    models: holder,
    metrics,
    logger,
    ...(options.draining ? { drain: options.draining } : {}),
  });
  return {
    app,
    adminApp,
    holder,
    metrics,
    keys,
    dir,
    uri,
    get logs() {
      return lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    },
    logText: () => lines.join(''),
    token: (sub = 'client-a') =>
      keys.sign({ subject: sub, issuer: ISSUER, audience: AUDIENCE, ttlSeconds: 3600, nowMs: now }),
    setNow: (ms: number) => {
      now = ms;
    },
  };
}
