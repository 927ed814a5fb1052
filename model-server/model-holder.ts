import { ModelArtifactError, parseModelArtifact, ToxicityModel } from '../src/ml';
import { type IObjectStore, type ModelSource, StorageError } from '../src/storage';
import { type Logger, silentLogger } from './logger';
import type { ModelLoadFailureReason } from '../src/contract';
import type { ServerMetrics } from './server-metrics';

/** Scored once by every model before it is served; it runs each masking path of the cleaning. */
export const WARM_UP_COMMENT =
  'Thanks Marie Dubois, the meeting in Lyon went fine: write to marie.dubois@example.org or call 06 39 98 00 00.';

/** The model being served and where it came from. Immutable: a reload swaps the whole object. */
export interface LoadedModel {
  readonly model: ToxicityModel;
  readonly name: string;
  readonly version: string;
  /** The model's labels; the first is the one the original API's `prediction`/`label` fields report. */
  readonly labels: readonly string[];
  readonly primaryLabel: string;
  /** The configured URI (may be a registry URI). */
  readonly sourceUri: string;
  /** The storage URI it was read from. */
  readonly resolvedUri: string;
  /** Storage generation that was read. */
  readonly generation: string;
  readonly loadedAt: Date;
  readonly trainedAt: string;
}

/** Why the last load attempt was refused. `detail` is safe to show clients; `message` is for the log. */
export interface LoadFailure {
  readonly reason: ModelLoadFailureReason;
  readonly detail: string;
  readonly message: string;
  readonly at: Date;
}

export interface ModelHolderOptions {
  /** Configured model URI. */
  readonly uri: string;
  readonly source: ModelSource;
  /** Time between checks for a new generation. */
  readonly pollIntervalMs: number;
  /** What to tell the operator when there is no model (e.g. "train one with `toxicity train`"). */
  readonly missingModelAdvice?: string;
  readonly logger?: Logger;
  readonly metrics?: ServerMetrics;
  /** @default Date.now */
  readonly now?: () => number;
}

/** No model could be loaded at start-up, where the caller asked for one (`requireModel`). */
export class ModelUnavailableError extends Error {
  constructor(
    readonly uri: string,
    readonly failure: LoadFailure,
  ) {
    super(failure.message);
    this.name = 'ModelUnavailableError';
  }
}

/** What one check did. */
export type CheckOutcome = 'loaded' | 'unchanged' | 'rejected' | 'failed';

/**
 * Holds the served model and keeps it fresh: it loads the model, validates it completely (parse,
 * artifact checks, scorer construction) before swapping it in with one reference assignment, and
 * polls the store for a new generation. A corrupt, partial or incompatible object is rejected, logged
 * and counted once per generation while the previous model keeps serving; a missing model leaves the
 * server up but not ready, and polling continues.
 */
export class ModelHolder {
  private loaded: LoadedModel | undefined;
  private failure: LoadFailure | undefined;
  /** `reason|uri|generation` of the last failure, to log and count each failure once. */
  private failureKey: string | undefined;
  /** `uri|generation` of the last rejected object, so a known-bad object is not downloaded again. */
  private rejectedObject: string | undefined;
  private inProgress: Promise<CheckOutcome> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** Set during `loadOnce`: a failure is kept for the caller, not logged or counted. */
  private quiet = false;
  private attempts = 0;
  private readonly logger: Logger;
  private readonly now: () => number;

  constructor(private readonly options: ModelHolderOptions) {
    this.logger = options.logger ?? silentLogger;
    this.now = options.now ?? Date.now;
  }

  /** The model being served, if any. */
  get current(): LoadedModel | undefined {
    return this.loaded;
  }

  /** The last refused load, cleared by a successful one. */
  get lastFailure(): LoadFailure | undefined {
    return this.failure;
  }

  /** Number of checks finished. */
  get checks(): number {
    return this.attempts;
  }

  get uri(): string {
    return this.options.uri;
  }

  get pollIntervalMs(): number {
    return this.options.pollIntervalMs;
  }

  /** Runs the first check, then polls every `pollIntervalMs` until `stop()`. */
  async start(): Promise<CheckOutcome> {
    const outcome = await this.checkNow();
    this.schedule();
    return outcome;
  }

  /**
   * One check for a caller that gives up when it fails (`toxicity serve` without `--wait-for-model`):
   * a failure is left in `lastFailure` for the caller to report, not logged as "checking again" nor
   * counted in the metrics. Polling is not started.
   */
  async loadOnce(): Promise<CheckOutcome> {
    this.quiet = true;
    try {
      return await this.checkNow();
    } finally {
      this.quiet = false;
    }
  }

  /** Stops polling (an in-progress check still finishes). */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.checkNow().finally(() => this.schedule());
    }, this.options.pollIntervalMs);
    // Polling never keeps the process alive on its own.
    this.timer.unref();
  }

  /** One check: resolve, stat, and load when the generation is new. Never throws; concurrent calls share one check. */
  checkNow(): Promise<CheckOutcome> {
    this.inProgress ??= this.check().finally(() => {
      this.inProgress = undefined;
      this.attempts++;
    });
    return this.inProgress;
  }

  private async check(): Promise<CheckOutcome> {
    const uri = this.options.uri;
    let resolved: string;
    try {
      resolved = await this.options.source.resolve(uri);
    } catch (err) {
      return this.fail('resolve', uri, undefined, `could not resolve ${uri}: ${messageOf(err)}`);
    }
    let generation: string | undefined;
    try {
      const store = await this.options.source.storeFor(resolved);
      const stat = await store.stat(resolved);
      if (stat === null) {
        return this.fail('not_found', resolved, undefined, `no model at ${resolved}`);
      }
      generation = stat.generation;
      const current = this.loaded;
      if (current && current.resolvedUri === resolved && current.generation === generation) return 'unchanged';
      if (this.rejectedObject === `${resolved}|${generation}`) return 'rejected';
      const started = this.now();
      const box = await readBox(store, resolved);
      generation = box.generation;
      return this.install(box, resolved, generation, started);
    } catch (err) {
      if (err instanceof StorageError && err.code === 'NOT_FOUND') {
        return this.fail('not_found', resolved, generation, `no model at ${resolved}`);
      }
      return this.fail('storage', resolved, generation, `could not read ${resolved}: ${messageOf(err)}`);
    }
  }

  private install(box: ReadBox, resolved: string, generation: string, started: number): CheckOutcome {
    const size = box.size;
    let json: unknown;
    try {
      json = parseAndRelease(box);
    } catch (err) {
      return this.fail(
        'invalid_json',
        resolved,
        generation,
        `the object at ${resolved} (generation ${generation}, ${size} bytes) is not JSON (corrupt or partially written): ${messageOf(err)}`,
      );
    }
    let model: ToxicityModel;
    try {
      model = new ToxicityModel(parseModelArtifact(json));
    } catch (err) {
      const problems = err instanceof ModelArtifactError ? err.problems.join('; ') : messageOf(err);
      return this.fail(
        'invalid_artifact',
        resolved,
        generation,
        `the object at ${resolved} (generation ${generation}) is not a valid model artifact: ${problems}`,
      );
    }
    try {
      // One comment scored before the model is served: what its cleaning builds on first use (the name
      // and place lists of 'mask-pii': ~100 ms and ~12 MiB) is paid here, before /readyz says yes or a
      // reload swaps, not by a client's request; and a model that cannot score is never served.
      model.score([WARM_UP_COMMENT]);
    } catch (err) {
      return this.fail(
        'invalid_artifact',
        resolved,
        generation,
        `the model at ${resolved} (generation ${generation}) failed to score a test comment: ${messageOf(err)}`,
      );
    }
    const previous = this.loaded;
    const artifact = model.artifact;
    if (previous) {
      const missing = previous.labels.filter((l) => !artifact.labels.includes(l));
      if (missing.length > 0) {
        return this.fail(
          'incompatible',
          resolved,
          generation,
          `the model at ${resolved} (generation ${generation}, version ${artifact.version}) lacks label(s) ` +
            `${missing.map((l) => JSON.stringify(l)).join(', ')} that the serving model has; restart the server to change labels`,
        );
      }
    }
    const loadedAt = this.now();
    this.loaded = {
      model,
      name: artifact.name,
      version: artifact.version,
      labels: artifact.labels,
      primaryLabel: artifact.labels[0],
      sourceUri: this.options.uri,
      resolvedUri: resolved,
      generation,
      loadedAt: new Date(loadedAt),
      trainedAt: artifact.provenance.trainedAt,
    };
    this.failure = undefined;
    this.failureKey = undefined;
    this.rejectedObject = undefined;
    this.options.metrics?.modelLoaded(artifact.name, artifact.version, loadedAt, artifact.scoreBaseline);
    this.logger.notice(previous ? 'model reloaded' : 'model loaded', {
      model: artifact.name,
      version: artifact.version,
      previousVersion: previous?.version,
      uri: resolved,
      generation,
      labels: artifact.labels,
      features: model.featureCount,
      loadMs: loadedAt - started,
    });
    return 'loaded';
  }

  private fail(
    reason: ModelLoadFailureReason,
    uri: string,
    generation: string | undefined,
    message: string,
  ): CheckOutcome {
    const at = new Date(this.now());
    const k = `${reason}|${uri}|${generation ?? ''}`;
    const repeated = this.failureKey === k;
    this.failureKey = k;
    const rejected = reason === 'invalid_json' || reason === 'invalid_artifact' || reason === 'incompatible';
    if (rejected) this.rejectedObject = `${uri}|${generation ?? ''}`;
    this.failure = { reason, detail: publicDetail(reason, this.loaded !== undefined), message, at };
    if (this.quiet) {
      this.failureKey = undefined;
      return rejected ? 'rejected' : 'failed';
    }
    const serving = this.loaded;
    const fields = {
      reason,
      uri,
      generation,
      servingVersion: serving?.version ?? null,
      nextCheckSeconds: Math.round(this.options.pollIntervalMs / 1000),
    };
    if (repeated) {
      this.logger.debug(`model check: still ${reason}`, fields);
      return rejected ? 'rejected' : 'failed';
    }
    this.options.metrics?.modelLoadFailed(reason);
    const advice = this.advice(reason);
    if (serving) {
      this.logger.error(`${message}; still serving version ${serving.version}${advice}`, fields);
    } else {
      this.logger.error(`${message}; not ready until a valid model is loaded${advice}`, fields);
    }
    return rejected ? 'rejected' : 'failed';
  }

  private advice(reason: ModelLoadFailureReason): string {
    const every = `checking again every ${Math.round(this.options.pollIntervalMs / 1000)} s`;
    switch (reason) {
      case 'not_found':
        return `. ${this.options.missingModelAdvice ?? 'Publish a model.json at that URI or point MODEL_URI elsewhere'}; ${every}`;
      case 'storage':
        return `. Check the store is reachable and readable by this process; ${every}`;
      case 'resolve':
        return `. Check the model URI; ${every}`;
      default:
        return `. Publish a valid model (a new generation is picked up); ${every}`;
    }
  }
}

/** The bytes of one read; `data` is dropped as soon as it is parsed. */
interface ReadBox {
  readonly generation: string;
  readonly size: number;
  data: Buffer | undefined;
}

/**
 * Reads into a box that is the only holder of the bytes, so that once they are parsed nothing keeps
 * them (or the decoded text) alive while the scorer is built: a 100k-feature model is ~15 MB of JSON,
 * and the garbage collector can take both back during the allocations that follow.
 */
async function readBox(store: IObjectStore, uri: string): Promise<ReadBox> {
  const { generation, data } = await store.read(uri);
  return { generation, size: data.length, data };
}

function parseAndRelease(box: ReadBox): unknown {
  const data = box.data!;
  box.data = undefined;
  return JSON.parse(data.toString('utf8'));
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** What /readyz may say: the kind of problem, never URIs or error text. */
function publicDetail(reason: ModelLoadFailureReason, serving: boolean): string {
  const base: Record<ModelLoadFailureReason, string> = {
    resolve: 'the configured model URI could not be resolved',
    not_found: 'there is no model at the configured model URI yet',
    storage: 'the model store could not be read',
    invalid_json: 'the stored model is not valid JSON (corrupt or partially written)',
    invalid_artifact: 'the stored model is not a valid model artifact',
    incompatible: 'the stored model lacks labels of the serving model',
  };
  return serving ? `a newer model was rejected: ${base[reason]}` : base[reason];
}
