import { performance } from 'node:perf_hooks';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import {
  AUTH_FAILURE_REASONS,
  LOW_CONFIDENCE_BELOW,
  METRICS,
  MODEL_LOAD_FAILURE_REASONS,
  SHED_REASONS,
  type AuthFailureReason,
  type ShedReason,
  type ModelLoadFailureReason,
} from '../src/contract';
import type { ScoreBaseline } from '../src/ml';
import { HotCounter, HotGauge, HotHistogram } from './hot-metrics';
import { ScoreDrift, type ScoreDriftOptions } from './score-drift';
import { ScoreHistogram, type ScoreRecorder } from './score-histogram';

/** Options of `ServerMetrics`. */
export interface ServerMetricsOptions {
  /**
   * Also collect prom-client's default process and Node.js metrics (CPU, memory, event loop lag, GC).
   * @default true
   */
  readonly defaultMetrics?: boolean;
  /** The sliding window of `model_score_psi` (one hour by default). */
  readonly drift?: ScoreDriftOptions;
}

type HttpChild = { observe(value: number): void };
type CountChild = { inc(value?: number): void };
type HttpChildren = { duration: HttpChild; count: CountChild };

/**
 * The server's metrics in their own prom-client `Registry` (one per app instance: the global registry
 * throws when a second app registers the same names, as tests do). Names come from `metric-names.ts`.
 * Hot-path methods cache prom-client's per-label children, so recording a request does no label
 * hashing after the first request of each (method, route, status) triple.
 */
export class ServerMetrics {
  readonly registry = new Registry();
  private readonly httpDuration: HotHistogram;
  private readonly httpRequests: HotCounter;
  private readonly inFlight: ReturnType<HotGauge['child']>;
  private readonly authFailures: Counter<string>;
  private readonly shed: Counter<string>;
  private readonly predictions: HotCounter;
  private readonly predictionDuration: ReturnType<HotHistogram['child']>;
  private readonly predictionScores: ScoreHistogram;
  private readonly drift: ScoreDrift;
  private readonly scorePsi: Gauge<string>;
  private readonly scorePsiWindow: Gauge<string>;
  private readonly modelInfo: Gauge<string>;
  private readonly modelLoadedAt: Gauge<string>;
  private readonly modelLoads: Counter<string>;
  private readonly modelLoadFailures: Counter<string>;
  private readonly ready: Gauge<string>;
  private readonly eventLoopActive: Counter<string>;
  /** Event-loop active time (ms) already added to `eventLoopActive`. */
  private eventLoopActiveMs = 0;
  private readonly httpChildren = new Map<string, HttpChildren>();
  private lastHttp: { method: string; route: string; statusCode: number; child: HttpChildren } | undefined;
  private readinessProbe: () => boolean = () => false;
  private readonly predictionChildren = new Map<string, { positive: CountChild; negative: CountChild }>();

  constructor(options: ServerMetricsOptions = {}) {
    const registers = [this.registry];
    const m = METRICS;
    // The metrics recorded on every request are hot-metrics.ts's (no label hashing per call), registered
    // in the same order as the others.
    this.httpDuration = new HotHistogram(
      m.httpRequestDuration.name,
      m.httpRequestDuration.help,
      m.httpRequestDuration.labelNames,
      m.httpRequestDuration.buckets,
    );
    this.httpDuration.registerIn(this.registry);
    this.httpRequests = new HotCounter(m.httpRequests.name, m.httpRequests.help, m.httpRequests.labelNames);
    this.httpRequests.registerIn(this.registry);
    const inFlight = new HotGauge(m.httpRequestsInFlight.name, m.httpRequestsInFlight.help, []);
    inFlight.registerIn(this.registry);
    this.inFlight = inFlight.child();
    this.authFailures = new Counter({
      name: m.authFailures.name,
      help: m.authFailures.help,
      labelNames: [...m.authFailures.labelNames],
      registers,
    });
    this.shed = new Counter({
      name: m.requestsShed.name,
      help: m.requestsShed.help,
      labelNames: [...m.requestsShed.labelNames],
      registers,
    });
    const predictions = new HotCounter(m.predictions.name, m.predictions.help, m.predictions.labelNames);
    predictions.registerIn(this.registry);
    this.predictions = predictions;
    const predictionDuration = new HotHistogram(
      m.predictionDuration.name,
      m.predictionDuration.help,
      [],
      m.predictionDuration.buckets,
    );
    predictionDuration.registerIn(this.registry);
    this.predictionDuration = predictionDuration.child();
    this.predictionScores = new ScoreHistogram({
      name: m.predictionScore.name,
      help: m.predictionScore.help,
      labelName: m.predictionScore.labelNames[0],
      buckets: m.predictionScore.buckets,
      // Confidence max(p, 1 - p) below LOW_CONFIDENCE_BELOW ⇔ 1 - LOW_CONFIDENCE_BELOW < p < LOW_CONFIDENCE_BELOW.
      band: {
        above: 1 - LOW_CONFIDENCE_BELOW,
        below: LOW_CONFIDENCE_BELOW,
        name: m.lowConfidencePredictions.name,
        help: m.lowConfidencePredictions.help,
      },
    });
    this.predictionScores.registerIn(this.registry);
    this.registry.registerMetric(
      this.predictionScores.bandCounter() as unknown as Parameters<Registry['registerMetric']>[0],
    );
    this.drift = new ScoreDrift(this.predictionScores, options.drift);
    this.scorePsi = new Gauge({
      name: m.scorePsi.name,
      help: m.scorePsi.help,
      labelNames: [...m.scorePsi.labelNames],
      registers,
      // Read at scrape time; sets the window gauge too (registered after this one, so read after it).
      collect: () => {
        this.scorePsi.reset();
        this.scorePsiWindow.reset();
        for (const d of this.drift.sample()) {
          this.scorePsiWindow.set({ label: d.label }, d.comments);
          if (d.psi !== null) this.scorePsi.set({ label: d.label }, d.psi);
        }
      },
    });
    this.scorePsiWindow = new Gauge({
      name: m.scorePsiWindow.name,
      help: m.scorePsiWindow.help,
      labelNames: [...m.scorePsiWindow.labelNames],
      registers,
    });
    this.modelInfo = new Gauge({
      name: m.modelInfo.name,
      help: m.modelInfo.help,
      labelNames: [...m.modelInfo.labelNames],
      registers,
    });
    this.modelLoadedAt = new Gauge({ name: m.modelLoadedTimestamp.name, help: m.modelLoadedTimestamp.help, registers });
    this.modelLoads = new Counter({ name: m.modelLoads.name, help: m.modelLoads.help, registers });
    this.modelLoadFailures = new Counter({
      name: m.modelLoadFailures.name,
      help: m.modelLoadFailures.help,
      labelNames: [...m.modelLoadFailures.labelNames],
      registers,
    });
    this.ready = new Gauge({
      name: m.ready.name,
      help: m.ready.help,
      registers,
      // Read at scrape time, so the value is never stale.
      collect: () => {
        this.ready.set(this.readinessProbe() ? 1 : 0);
      },
    });
    this.eventLoopActive = new Counter({
      name: m.eventLoopActive.name,
      help: m.eventLoopActive.help,
      registers,
      // Read at scrape time from the loop's own accounting (no timer, nothing per request).
      collect: () => {
        const active = performance.eventLoopUtilization().active;
        if (active > this.eventLoopActiveMs) this.eventLoopActive.inc((active - this.eventLoopActiveMs) / 1000);
        this.eventLoopActiveMs = active;
      },
    });
    this.modelLoadedAt.set(0);
    // Every reason exists at 0 from the start: a counter series that first appears at 1 is no increase
    // to rate()/increase(), so the first failure of a reason would go unseen by the alert.
    for (const reason of MODEL_LOAD_FAILURE_REASONS) this.modelLoadFailures.inc({ reason }, 0);
    for (const reason of AUTH_FAILURE_REASONS) this.authFailures.inc({ reason }, 0);
    for (const reason of SHED_REASONS) this.shed.inc({ reason }, 0);
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  /** One request more in flight; call `requestEnded` when it ends. */
  requestStarted(): void {
    this.inFlight.inc();
  }

  /** Records a finished request (duration in seconds) and takes it out of the in-flight gauge. */
  requestEnded(method: string, route: string, statusCode: number, seconds: number): void {
    this.inFlight.dec();
    const last = this.lastHttp;
    let child: HttpChildren | undefined;
    // Most requests end as the one before did (same route, method and status): no key to build then.
    if (last !== undefined && last.method === method && last.route === route && last.statusCode === statusCode) {
      child = last.child;
    } else {
      const key = `${method} ${statusCode} ${route}`;
      child = this.httpChildren.get(key);
      if (child === undefined) {
        const labels = { method, route, status_code: String(statusCode) };
        child = { duration: this.httpDuration.child(labels), count: this.httpRequests.child(labels) };
        this.httpChildren.set(key, child);
      }
      this.lastHttp = { method, route, statusCode, child };
    }
    child.duration.observe(seconds);
    child.count.inc();
  }

  authFailed(reason: AuthFailureReason): void {
    this.authFailures.inc({ reason });
  }

  /** One API request refused by load shedding. */
  requestShed(reason: ShedReason): void {
    this.shed.inc({ reason });
  }

  /** Counts one request's predictions: per label, how many texts were positive. */
  predicted(label: string, positives: number, total: number): void {
    let child = this.predictionChildren.get(label);
    if (child === undefined) {
      child = {
        positive: this.predictions.child({ label, outcome: 'positive' }),
        negative: this.predictions.child({ label, outcome: 'negative' }),
      };
      this.predictionChildren.set(label, child);
    }
    if (positives > 0) child.positive.inc(positives);
    if (total - positives > 0) child.negative.inc(total - positives);
  }

  /**
   * Where the calibrated probabilities of one model label go (`model_prediction_score{label}`): call
   * `observe` once per scored comment. Cheap enough for batches (a bucket search and two additions).
   */
  scoreRecorder(label: string): ScoreRecorder {
    return this.predictionScores.recorder(label);
  }

  predictionTook(seconds: number): void {
    this.predictionDuration.observe(seconds);
  }

  /**
   * A new model is being served: `model_info` names only it, the load time is updated, and the drift
   * window restarts against its score baseline (none: no `model_score_psi`).
   */
  modelLoaded(name: string, version: string, loadedAtMs: number, baseline?: ScoreBaseline): void {
    this.drift.modelLoaded(baseline);
    this.modelInfo.reset();
    this.modelInfo.set({ name, version }, 1);
    this.modelLoadedAt.set(loadedAtMs / 1000);
    this.modelLoads.inc();
  }

  modelLoadFailed(reason: ModelLoadFailureReason): void {
    this.modelLoadFailures.inc({ reason });
  }

  /** Where `model_server_ready` reads readiness from at each scrape. */
  watchReadiness(probe: () => boolean): void {
    this.readinessProbe = probe;
  }

  /** The exposition text and its content type, for `GET /metrics`. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
