import { type ScoreBaseline, populationStabilityIndex } from '../src/ml';

/** Options of `ScoreDrift`. */
export interface ScoreDriftOptions {
  /**
   * How far back the scores compared with the baseline go (at most; since the model was loaded when that
   * is more recent).
   * @default 3600 (one hour)
   */
  readonly windowSeconds?: number;
  /**
   * How often a snapshot of the histogram's counts is kept (at scrape time): the window is between
   * `windowSeconds` and `windowSeconds + stepSeconds` long once the model has served that long.
   * @default 60
   */
  readonly stepSeconds?: number;
  /** Milliseconds clock. @default Date.now */
  readonly now?: () => number;
}

/** One label's drift at a scrape. */
export interface LabelDrift {
  readonly label: string;
  /** PSI of the window against the baseline, or null when the window has no comment. */
  readonly psi: number | null;
  /** Comments of the label in the window. */
  readonly comments: number;
}

interface Snapshot {
  readonly at: number;
  readonly counts: Map<string, Float64Array>;
}

/**
 * The population stability index of each label's serving scores over a sliding window against the
 * training baseline of the model being served. It reads the score histogram's own counts (no work on the
 * prediction path): a snapshot of them is kept at most every `stepSeconds`, at scrape time, and the window
 * is the current counts minus the newest snapshot at least `windowSeconds` old (or the one taken when
 * the model was loaded). A new model starts a new window, so scores of the previous model never count
 * against the new one's baseline. Computed in the server rather than in PromQL because of that reset,
 * and because the bins must be subtracted bucket by bucket (see docs/monitoring.md#drift-signals).
 */
export class ScoreDrift {
  private readonly windowMs: number;
  private readonly stepMs: number;
  private readonly now: () => number;
  private baseline: ScoreBaseline | undefined;
  private snapshots: Snapshot[] = [];

  constructor(
    private readonly counts: { snapshot(): Map<string, Float64Array>; readonly bucketBounds: readonly number[] },
    options: ScoreDriftOptions = {},
  ) {
    const windowSeconds = options.windowSeconds ?? 3600;
    const stepSeconds = options.stepSeconds ?? 60;
    if (!(windowSeconds > 0) || !(stepSeconds > 0) || stepSeconds > windowSeconds) {
      throw new Error(
        `ScoreDrift: windowSeconds and stepSeconds must be positive, step ≤ window, got ${windowSeconds} and ${stepSeconds}`,
      );
    }
    this.windowMs = windowSeconds * 1000;
    this.stepMs = stepSeconds * 1000;
    this.now = options.now ?? Date.now;
  }

  /**
   * A new model is served: its baseline (or none) replaces the previous one and the window starts now.
   * A baseline over other bins than the histogram's is ignored (no PSI rather than a wrong one).
   */
  modelLoaded(baseline: ScoreBaseline | undefined): void {
    const bounds = this.counts.bucketBounds;
    const same =
      baseline !== undefined &&
      baseline.bounds.length === bounds.length &&
      baseline.bounds.every((b, i) => b === bounds[i]);
    this.baseline = same ? baseline : undefined;
    this.snapshots = [{ at: this.now(), counts: this.counts.snapshot() }];
  }

  /** Each baseline label's drift now; call at scrape time. Empty when the model has no baseline. */
  sample(): LabelDrift[] {
    const baseline = this.baseline;
    if (baseline === undefined) return [];
    const now = this.now();
    const current = this.counts.snapshot();
    const last = this.snapshots[this.snapshots.length - 1];
    if (last === undefined || now - last.at >= this.stepMs) this.snapshots.push({ at: now, counts: current });
    // Keep the newest snapshot at least a window old as the base, and nothing older.
    while (this.snapshots.length > 1 && this.snapshots[1].at <= now - this.windowMs) this.snapshots.shift();
    const base = this.snapshots[0].counts;
    const out: LabelDrift[] = [];
    for (const [label, expected] of Object.entries(baseline.labels)) {
      const now = current.get(label);
      const before = base.get(label);
      const window = new Float64Array(expected.counts.length);
      let comments = 0;
      if (now !== undefined) {
        // Counts below the base mean the histogram was reset: the window is then everything since.
        const reset = before !== undefined && before.some((c, i) => c > now[i]);
        for (let i = 0; i < window.length; i++) {
          window[i] = now[i] - (before === undefined || reset ? 0 : before[i]);
          comments += window[i];
        }
      }
      out.push({ label, psi: populationStabilityIndex(expected.counts, window), comments });
    }
    return out;
  }
}
