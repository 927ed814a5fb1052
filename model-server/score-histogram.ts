import type { Registry } from 'prom-client';
import { HotBuckets } from './hot-metrics';

/** Records the observations of one label value. */
export interface ScoreRecorder {
  /** Counts `value` in the first bucket whose upper bound is ≥ it; non-finite values are ignored. */
  observe(value: number): void;
}

/** What `ScoreHistogram` needs to know: a histogram descriptor with exactly one label. */
export interface ScoreHistogramOptions {
  readonly name: string;
  readonly help: string;
  readonly labelName: string;
  /** Bucket upper bounds, finite and strictly increasing (`+Inf` is added). */
  readonly buckets: readonly number[];
  /**
   * Also count the values strictly inside (above, below), exported as a counter by `bandCounter()`
   * (the low-confidence predictions: 0.4 < p < 0.6).
   */
  readonly band?: { readonly above: number; readonly below: number; readonly name: string; readonly help: string };
}

/** One sample as prom-client's `Registry` reads it from a metric's `get()`. */
export interface ScoreHistogramSample {
  readonly metricName: string;
  readonly labels: Readonly<Record<string, string | number>>;
  readonly value: number;
}

/** A label value's buckets (hot-metrics.ts), plus the count of values strictly inside the band. */
class LabelCounts extends HotBuckets implements ScoreRecorder {
  /** Values strictly inside the band. */
  inBand = 0;

  constructor(
    bounds: Float64Array,
    private readonly bandAbove: number,
    private readonly bandBelow: number,
  ) {
    super({}, bounds);
  }

  override observe(value: number): void {
    // A non-finite value is ignored: the buckets skip it, and it is never strictly inside the band.
    super.observe(value);
    if (value > this.bandAbove && value < this.bandBelow) this.inBand++;
  }
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * A Prometheus histogram with one label, for values observed once per comment and model label on the
 * prediction path. Each label value keeps its bucket counts in a `Float64Array`, turned into the
 * `_bucket`/`_sum`/`_count` samples of the text format
 * (https://prometheus.io/docs/instrumenting/exposition_formats/#histograms-and-summaries) only at
 * scrape time. prom-client's own `Histogram` validates and hashes the labels on every `observe`
 * (about 350 ns each on this machine against about 10 ns here, `bench/score-histogram.ts`), which
 * would add ~2 ms to a batch of 1000 comments scored for 6 labels. It plugs into a prom-client
 * `Registry`, which reads a metric through `name`, `get()` (text and JSON output), `aggregator`
 * (cluster mode) and `reset()`.
 */
export class ScoreHistogram {
  readonly name: string;
  readonly help: string;
  readonly type = 'histogram' as const;
  /** How prom-client's cluster registry merges workers: histogram samples add up. */
  readonly aggregator = 'sum' as const;
  private readonly labelName: string;
  private readonly bounds: Float64Array;
  private readonly children = new Map<string, LabelCounts>();
  private readonly band: ScoreHistogramOptions['band'];

  constructor(options: ScoreHistogramOptions) {
    if (!NAME.test(options.name))
      throw new Error(`ScoreHistogram: invalid metric name ${JSON.stringify(options.name)}`);
    if (!LABEL.test(options.labelName) || options.labelName.startsWith('__') || options.labelName === 'le') {
      throw new Error(`ScoreHistogram: invalid label name ${JSON.stringify(options.labelName)}`);
    }
    const b = options.buckets;
    if (b.length === 0) throw new Error('ScoreHistogram: at least one bucket bound is needed');
    for (let i = 0; i < b.length; i++) {
      if (!Number.isFinite(b[i]) || (i > 0 && !(b[i] > b[i - 1]))) {
        throw new Error(`ScoreHistogram: bucket bounds must be finite and strictly increasing, got [${b.join(', ')}]`);
      }
    }
    this.name = options.name;
    this.help = options.help;
    this.labelName = options.labelName;
    this.bounds = Float64Array.from(b);
    if (options.band !== undefined) {
      if (!NAME.test(options.band.name) || !(options.band.above < options.band.below)) {
        throw new Error(`ScoreHistogram: invalid band ${JSON.stringify(options.band)}`);
      }
      this.band = options.band;
    }
  }

  /** The bucket upper bounds (without `+Inf`). */
  get bucketBounds(): readonly number[] {
    return Array.from(this.bounds);
  }

  /** A copy of each label value's non-cumulative bucket counts (the last one is the `+Inf` bucket). */
  snapshot(): Map<string, Float64Array> {
    const out = new Map<string, Float64Array>();
    for (const [labelValue, child] of this.children) out.set(labelValue, Float64Array.from(child.counts));
    return out;
  }

  /**
   * The counter of values inside the band, per label value, as a prom-client metric object (register it
   * with `registry.registerMetric`); throws when the histogram has no band.
   */
  bandCounter(): {
    name: string;
    help: string;
    type: 'counter';
    aggregator: 'sum';
    get(): Promise<{ name: string; help: string; type: 'counter'; aggregator: 'sum'; values: ScoreHistogramSample[] }>;
    reset(): void;
  } {
    const band = this.band;
    if (band === undefined) throw new Error(`ScoreHistogram ${this.name}: no band configured`);
    const children = this.children;
    const labelName = this.labelName;
    return {
      name: band.name,
      help: band.help,
      type: 'counter',
      aggregator: 'sum',
      get: () =>
        Promise.resolve({
          name: band.name,
          help: band.help,
          type: 'counter' as const,
          aggregator: 'sum' as const,
          values: [...children].map(([labelValue, child]) => ({
            metricName: band.name,
            labels: { [labelName]: labelValue },
            value: child.inBand,
          })),
        }),
      // The histogram's reset clears the shared children.
      reset: () => undefined,
    };
  }

  /** Adds this histogram to a prom-client registry (which duck-types its metrics; see the class comment). */
  registerIn(registry: Registry): void {
    registry.registerMetric(this as unknown as Parameters<Registry['registerMetric']>[0]);
  }

  /** The recorder of one label value, created at its first use; keep it for repeated observations. */
  recorder(labelValue: string): ScoreRecorder {
    let child = this.children.get(labelValue);
    if (child === undefined) {
      child = new LabelCounts(this.bounds, this.band?.above ?? Infinity, this.band?.below ?? -Infinity);
      this.children.set(labelValue, child);
    }
    return child;
  }

  /** The samples in prom-client's metric object shape: per label value, cumulative buckets, `+Inf`, sum, count. */
  get(): Promise<{
    name: string;
    help: string;
    type: 'histogram';
    aggregator: 'sum';
    values: ScoreHistogramSample[];
  }> {
    const values: ScoreHistogramSample[] = [];
    const bucket = `${this.name}_bucket`;
    for (const [labelValue, child] of this.children) {
      let cumulative = 0;
      for (let i = 0; i < this.bounds.length; i++) {
        cumulative += child.counts[i];
        values.push({
          metricName: bucket,
          labels: { le: this.bounds[i], [this.labelName]: labelValue },
          value: cumulative,
        });
      }
      cumulative += child.counts[this.bounds.length];
      values.push({ metricName: bucket, labels: { le: '+Inf', [this.labelName]: labelValue }, value: cumulative });
      values.push({ metricName: `${this.name}_sum`, labels: { [this.labelName]: labelValue }, value: child.sum });
      values.push({ metricName: `${this.name}_count`, labels: { [this.labelName]: labelValue }, value: cumulative });
    }
    return Promise.resolve({ name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values });
  }

  /** Forgets every label value, as prom-client's `reset()` does (recorders taken before no longer count). */
  reset(): void {
    this.children.clear();
  }
}
