/**
 * The real model server (`createApp`) for the monitoring tests, with a scorer the test controls: the
 * app gets a `ModelProvider` that serves the real `ModelHolder`'s model wrapped so that comments
 * starting with `slow ` busy-wait before scoring (a slow, CPU-bound model blocks the event loop the
 * same way) and comments starting with `fail ` throw (an unexpected scorer error: 500). Nothing is
 * added to the production routes. The model is the model-server tests' hand-written artifact in a
 * file store, so loads and rejected loads go through the real holder and its metrics.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Express } from 'express';
import { parseConfig } from '../../src/config';
import { PREDICTION_SCORE_BUCKETS } from '../../src/contract/metric-names';
import type { ToxicityModel } from '../../src/ml/toxicity-model';
import { createAdminApp, createApp, type ModelProvider } from '../../model-server/create-app';
import { JwtKeyRing } from '../../model-server/jwt-key-ring';
import { JwtVerifier } from '../../model-server/jwt-verifier';
import { ServerMetrics } from '../../model-server/server-metrics';
import type { LoadedModel } from '../../model-server/model-holder';
import { ModelHolder } from '../../model-server/model-holder';
import { createStandardModelSource } from '../../src/storage/model-source';
import { tempDir, testArtifact, writeModelFile } from './fixtures';

/** How long a `slow ` comment keeps the scorer busy: inside the 0.5–1 s histogram bucket with margin. */
export const SLOW_SCORE_MS = 650;

const SECRET = 'monitoring-test-secret-of-at-least-32-bytes';

export interface MonitoredServer {
  readonly app: Express;
  /** The admin port's app (`/metrics`), over the same metrics. */
  readonly adminApp: Express;
  readonly holder: ModelHolder;
  readonly metrics: ServerMetrics;
  /** Folder of the model file. */
  readonly dir: string;
  /** A valid bearer token. */
  token(): string;
  /** Overwrites the model file with text that is not JSON and lets the holder check it (a rejected load). */
  publishCorruptModel(): Promise<string>;
}

function busyWait(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // Deliberately blocking, like a slow CPU-bound scorer.
  }
}

/** The test's behaviour for a call that scores `first` first. */
function act(first: string): void {
  if (first.startsWith('fail ')) throw new Error('injected scorer failure');
  if (first.startsWith('slow ')) busyWait(SLOW_SCORE_MS);
}

/**
 * The model with `score` and `scoreInto` (the batch path without explanations) wrapped by the test's
 * behaviour; one wrapper per loaded model.
 */
function scripted(model: ToxicityModel): ToxicityModel {
  return new Proxy(model, {
    get(target, key, receiver) {
      if (key === 'score') {
        return (texts: readonly string[], options?: Parameters<ToxicityModel['score']>[1]) => {
          act(texts[0] ?? '');
          return target.score(texts, options);
        };
      }
      if (key === 'scoreInto') {
        return (texts: readonly string[], ...rest: [Parameters<ToxicityModel['scoreInto']>[1], number?, number?]) => {
          act(texts[rest[1] ?? 0] ?? '');
          target.scoreInto(texts, ...rest);
        };
      }
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
}

const BINS = PREDICTION_SCORE_BUCKETS.length + 1;
/**
 * The score baseline of the monitored server's model, for its calibrated label, so the drift gauges have
 * samples as in production: 40 comments at p ≤ 0.05, 40 in (0.95, 1], 2 in every other bin.
 */
export const MONITORED_SCORE_BASELINE = {
  bounds: [...PREDICTION_SCORE_BUCKETS],
  source: 'test-split',
  labels: { toxic: { counts: Array.from({ length: BINS }, (_, i) => (i === 0 || i === BINS - 2 ? 40 : 2)) } },
};

/** A ready server: the model loaded, default process metrics on (the dashboard's CPU panel reads them). */
export async function monitoredServer(): Promise<MonitoredServer> {
  const config = parseConfig({});
  const dir = tempDir('toxicity-monitoring-');
  const uri = writeModelFile(dir, { ...testArtifact(), scoreBaseline: MONITORED_SCORE_BASELINE });
  const metrics = new ServerMetrics();
  const holder = new ModelHolder({
    uri,
    source: createStandardModelSource({ cwd: dir }),
    pollIntervalMs: 3_600_000,
    metrics,
  });
  const outcome = await holder.checkNow();
  if (outcome !== 'loaded') throw new Error(`the test model did not load: ${outcome}`);
  const wrapped = new WeakMap<LoadedModel, LoadedModel>();
  const models: ModelProvider = {
    get current() {
      const loaded = holder.current;
      if (loaded === undefined) return undefined;
      let w = wrapped.get(loaded);
      if (w === undefined) {
        w = { ...loaded, model: scripted(loaded.model) };
        wrapped.set(loaded, w);
      }
      return w;
    },
    get lastFailure() {
      return holder.lastFailure;
    },
    get pollIntervalMs() {
      return holder.pollIntervalMs;
    },
  };
  const keys = JwtKeyRing.fromEnv({ JWT_SECRET: SECRET });
  const verifier = new JwtVerifier(keys, {
    issuer: config.auth.issuer,
    audience: config.auth.audience,
    clockToleranceSeconds: config.auth.clockToleranceSeconds,
    maxTokenAgeSeconds: null,
  });
  const app = createApp({ server: config.server, verifier, models, metrics });
  const adminApp = createAdminApp({ models, metrics });
  let corrupt = 0;
  return {
    app,
    adminApp,
    holder,
    metrics,
    dir,
    token: () =>
      keys.sign({
        subject: 'monitoring-test',
        issuer: config.auth.issuer,
        audience: config.auth.audience,
        ttlSeconds: 3600,
        nowMs: Date.now(),
      }),
    publishCorruptModel: async () => {
      corrupt++;
      writeFileSync(join(dir, 'model.json'), `{"truncated": ${'x'.repeat(corrupt)}`);
      return holder.checkNow();
    },
  };
}
