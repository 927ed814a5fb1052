/**
 * Score distributions for drift monitoring: the binned distribution of a label's calibrated scores
 * (the same bins as the server's `model_prediction_score` histogram), the training baseline the
 * trainer stores in the model artifact, and the population stability index (PSI) that compares the
 * scores seen in serving with it. Pure: plain numbers in, plain numbers out.
 */

/** The training baseline of one label: counts per bin of the scores the model gave its held-out comments. */
export interface LabelScoreBaseline {
  /** Non-cumulative counts: `counts[i]` for bin i (`bounds.length + 1` bins, the last one above the last bound). */
  readonly counts: readonly number[];
}

/** The score distribution of each calibrated label when the model was trained, carried in the artifact. */
export interface ScoreBaseline {
  /** Upper bounds of the bins (a score goes in the first bin whose bound is ≥ it), strictly increasing. */
  readonly bounds: readonly number[];
  /** Which comments were scored, e.g. `test-split` (the held-out part of the training data). */
  readonly source: string;
  /** Per label: only labels with a calibrated probability. */
  readonly labels: { readonly [label: string]: LabelScoreBaseline };
}

/** The confidence of a prediction with calibrated probability `p`: max(p, 1 − p), from 0.5 to 1. */
export function predictionConfidence(p: number): number {
  return p >= 0.5 ? p : 1 - p;
}

/** Counts of `scores` per bin of `bounds` (non-cumulative; one more bin than bounds); non-finite scores are skipped. */
export function binScores(scores: ArrayLike<number>, bounds: readonly number[]): number[] {
  const counts = new Array<number>(bounds.length + 1).fill(0);
  for (let k = 0; k < scores.length; k++) {
    const value = scores[k];
    if (!Number.isFinite(value)) continue;
    let i = 0;
    while (i < bounds.length && value > bounds[i]) i++;
    counts[i]++;
  }
  return counts;
}

/**
 * Share floor of an empty bin in the PSI, so that ln(0) never appears: a bin with no comments counts as
 * 0.0001 of them (a small floor instead of dropping the bin, which would hide a bin the serving traffic emptied).
 */
export const PSI_EMPTY_BIN_SHARE = 1e-4;

/**
 * Population stability index of `actual` against `expected` (counts over the same bins):
 * Σ (aᵢ − eᵢ) · ln(aᵢ / eᵢ) over the bins' shares, empty bins counted at `PSI_EMPTY_BIN_SHARE`
 * (Siddiqi, Credit Risk Scorecards, 2006, ch. 8: below 0.1 stable, 0.1–0.25 some shift, above 0.25 a
 * major shift). Null when either side has no observation. Throws when the bin counts differ.
 */
export function populationStabilityIndex(expected: readonly number[], actual: ArrayLike<number>): number | null {
  if (expected.length !== actual.length) {
    throw new Error(`populationStabilityIndex: ${expected.length} expected bins against ${actual.length} actual bins`);
  }
  let expectedTotal = 0;
  let actualTotal = 0;
  for (let i = 0; i < expected.length; i++) {
    expectedTotal += expected[i];
    actualTotal += actual[i];
  }
  if (!(expectedTotal > 0) || !(actualTotal > 0)) return null;
  let psi = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = Math.max(expected[i] / expectedTotal, PSI_EMPTY_BIN_SHARE);
    const a = Math.max(actual[i] / actualTotal, PSI_EMPTY_BIN_SHARE);
    psi += (a - e) * Math.log(a / e);
  }
  return psi;
}

/** Problems of a baseline inside an artifact: bounds increasing, one count per bin, counts whole and ≥ 0, known labels. */
export function scoreBaselineProblems(baseline: ScoreBaseline, labels: readonly string[], path: string): string[] {
  const problems: string[] = [];
  const b = baseline.bounds;
  for (let i = 0; i < b.length; i++) {
    if (!Number.isFinite(b[i]) || (i > 0 && !(b[i] > b[i - 1]))) {
      problems.push(`${path}.bounds: must be finite and strictly increasing, got [${b.join(', ')}]`);
      break;
    }
  }
  for (const [label, entry] of Object.entries(baseline.labels)) {
    const at = `${path}.labels.${label}`;
    if (!labels.includes(label)) problems.push(`${at}: not a label of the model (${labels.join(', ')})`);
    if (entry.counts.length !== b.length + 1) {
      problems.push(`${at}.counts: expected ${b.length + 1} counts (one per bin), got ${entry.counts.length}`);
    }
    const bad = entry.counts.findIndex((c) => !Number.isInteger(c) || c < 0);
    if (bad >= 0) problems.push(`${at}.counts[${bad}]: must be a whole number ≥ 0, got ${entry.counts[bad]}`);
  }
  return problems;
}
