import type { Registry } from 'prom-client';

/**
 * Counters, a gauge and histograms for the metrics recorded on every request, plugged into a prom-client
 * `Registry` as `ScoreHistogram` is (the registry reads a metric through `name`, `help`, `type`,
 * `aggregator`, `get()` and `reset()`, and writes the text format itself). prom-client's own metrics
 * validate and hash the label set at every `inc` and `observe`, even through a child taken with
 * `labels()`: the request path's ten calls cost 4–7 µs per request here, ~5% of a single-comment
 * request's CPU (issue 19, bench/README.md). Here a label set is resolved once, to a child that
 * holds its numbers, and recording is an addition (a bucket search for a histogram). The samples
 * are prom-client's: a labelled series appears when it is first recorded (taking its child is not
 * enough, and `inc(0)` is), an unlabelled one exists from the start at 0, histogram buckets are
 * cumulative with `le` first, then `+Inf`, `_sum` and `_count`.
 */

/** One sample as the registry reads it. */
export interface HotSample {
  readonly metricName?: string;
  readonly labels: Readonly<Record<string, string | number>>;
  readonly value: number;
}

interface HotMetricValue {
  readonly name: string;
  readonly help: string;
  readonly type: 'counter' | 'gauge' | 'histogram';
  readonly aggregator: 'sum';
  readonly values: HotSample[];
}

type Labels = Readonly<Record<string, string>>;

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Base of the three kinds: name checks, the children by label set, registration. */
abstract class HotMetric<Child extends { readonly labels: Labels; recorded: boolean }> {
  readonly aggregator = 'sum' as const;
  abstract readonly type: 'counter' | 'gauge' | 'histogram';
  protected readonly children = new Map<string, Child>();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly labelNames: readonly string[],
  ) {
    if (!NAME.test(name)) throw new Error(`invalid metric name ${JSON.stringify(name)}`);
    for (const l of labelNames) {
      if (!LABEL.test(l) || l.startsWith('__') || l === 'le') {
        throw new Error(`${name}: invalid label name ${JSON.stringify(l)}`);
      }
    }
  }

  protected abstract create(labels: Labels): Child;

  /**
   * The child of one label set, made at its first use: keep it for repeated recording. The labels must
   * be exactly the metric's label names.
   */
  child(labels: Labels = {}): Child {
    const names = Object.keys(labels);
    if (names.length !== this.labelNames.length || !this.labelNames.every((n) => typeof labels[n] === 'string')) {
      throw new Error(
        `${this.name}: labels must be exactly ${JSON.stringify(this.labelNames)}, got ${JSON.stringify(labels)}`,
      );
    }
    const key = this.labelNames.map((n) => labels[n]).join('\u0000');
    let child = this.children.get(key);
    if (child === undefined) {
      // The label names' order, as prom-client writes them.
      const ordered: Record<string, string> = {};
      for (const n of this.labelNames) ordered[n] = labels[n];
      child = this.create(ordered);
      // An unlabelled series is listed from the start; a labelled one once recorded.
      child.recorded = this.labelNames.length === 0;
      this.children.set(key, child);
    }
    return child;
  }

  protected abstract samples(child: Child, out: HotSample[]): void;

  get(): Promise<HotMetricValue> {
    // An unlabelled series exists from the start, at 0.
    if (this.labelNames.length === 0) this.child();
    const values: HotSample[] = [];
    for (const child of this.children.values()) if (child.recorded) this.samples(child, values);
    return Promise.resolve({ name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values });
  }

  /**
   * As prom-client's `reset()`: labelled series are no longer listed until recorded again, an unlabelled
   * one is back at 0; the children stay valid (callers keep them).
   */
  reset(): void {
    for (const child of this.children.values()) {
      this.zero(child);
      child.recorded = this.labelNames.length === 0;
    }
  }

  protected abstract zero(child: Child): void;

  /** Adds this metric to a prom-client registry (which duck-types its metrics). */
  registerIn(registry: Registry): void {
    registry.registerMetric(this as unknown as Parameters<Registry['registerMetric']>[0]);
  }
}

/** A counter's series. */
export class HotCount {
  value = 0;
  recorded = false;
  constructor(readonly labels: Labels) {}
  inc(by = 1): void {
    if (!(by >= 0)) throw new Error(`a counter only increases, got ${by}`);
    this.value += by;
    this.recorded = true;
  }
}

/** A metric whose series each hold one number (counters and gauges): one sample per series. */
abstract class HotValueMetric<
  Child extends { readonly labels: Labels; recorded: boolean; value: number },
> extends HotMetric<Child> {
  protected samples(child: Child, out: HotSample[]): void {
    out.push({ labels: child.labels, value: child.value });
  }
  protected zero(child: Child): void {
    child.value = 0;
  }
}

export class HotCounter extends HotValueMetric<HotCount> {
  readonly type = 'counter' as const;
  protected create(labels: Labels): HotCount {
    return new HotCount(labels);
  }
}

/** A gauge's series. */
export class HotLevel {
  value = 0;
  recorded = false;
  constructor(readonly labels: Labels) {}
  inc(by = 1): void {
    this.value += by;
    this.recorded = true;
  }
  dec(by = 1): void {
    this.value -= by;
    this.recorded = true;
  }
}

export class HotGauge extends HotValueMetric<HotLevel> {
  readonly type = 'gauge' as const;
  protected create(labels: Labels): HotLevel {
    return new HotLevel(labels);
  }
}

/** A histogram's series: non-cumulative counts, one per bound and the `+Inf` bucket. */
export class HotBuckets {
  readonly counts: Float64Array;
  sum = 0;
  recorded = false;
  constructor(
    readonly labels: Labels,
    private readonly bounds: Float64Array,
  ) {
    this.counts = new Float64Array(bounds.length + 1);
  }
  /** Counts `value` in the first bucket whose bound is ≥ it; a non-finite value is ignored. */
  observe(value: number): void {
    if (!Number.isFinite(value)) return;
    const bounds = this.bounds;
    let i = 0;
    while (i < bounds.length && value > bounds[i]) i++;
    this.counts[i]++;
    this.sum += value;
    this.recorded = true;
  }
}

export class HotHistogram extends HotMetric<HotBuckets> {
  readonly type = 'histogram' as const;
  private readonly bounds: Float64Array;

  constructor(name: string, help: string, labelNames: readonly string[], buckets: readonly number[]) {
    super(name, help, labelNames);
    if (buckets.length === 0) throw new Error(`${name}: at least one bucket bound is needed`);
    for (let i = 0; i < buckets.length; i++) {
      if (!Number.isFinite(buckets[i]) || (i > 0 && !(buckets[i] > buckets[i - 1]))) {
        throw new Error(`${name}: bucket bounds must be finite and strictly increasing, got [${buckets.join(', ')}]`);
      }
    }
    this.bounds = Float64Array.from(buckets);
  }

  protected create(labels: Labels): HotBuckets {
    return new HotBuckets(labels, this.bounds);
  }

  protected samples(child: HotBuckets, out: HotSample[]): void {
    const bucket = `${this.name}_bucket`;
    let cumulative = 0;
    for (let i = 0; i < this.bounds.length; i++) {
      cumulative += child.counts[i];
      out.push({ metricName: bucket, labels: { le: this.bounds[i], ...child.labels }, value: cumulative });
    }
    cumulative += child.counts[this.bounds.length];
    out.push({ metricName: bucket, labels: { le: '+Inf', ...child.labels }, value: cumulative });
    out.push({ metricName: `${this.name}_sum`, labels: child.labels, value: child.sum });
    out.push({ metricName: `${this.name}_count`, labels: child.labels, value: cumulative });
  }

  protected zero(child: HotBuckets): void {
    child.counts.fill(0);
    child.sum = 0;
  }
}
