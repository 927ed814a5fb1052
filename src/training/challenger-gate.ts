/**
 * Champion vs challenger on the same frozen evaluation set: both models score the same rows, their
 * per-label metrics are set side by side, and the gate decides. Pure: the command reads the models
 * and the set, and records the decision in MLflow.
 *
 * The rule: the challenger's primary metric (a label and a metric from the config) must reach the
 * champion's plus `minImprovement`, and no other label the two models share may lose more than
 * `maxLabelRegression`. Without a champion the challenger is promoted.
 */
import type { ChallengerGateConfig } from '../config';
import { type BinaryMetrics, binaryMetrics, type ModelArtifact, ToxicityModel } from '../ml';
import type { LabelledDataset } from './read-dataset';

export type GateMetric = ChallengerGateConfig['metric'];

/** Metrics of one model on the evaluation set, per label it shares with the set. */
export interface EvalSetMetrics {
  readonly model: { readonly name: string; readonly version: string };
  readonly rows: number;
  readonly labels: Readonly<Record<string, BinaryMetrics>>;
}

/** One line of the side-by-side comparison. */
export interface ComparisonRow {
  readonly label: string;
  readonly champion: number | null;
  readonly challenger: number | null;
  /** challenger − champion, or null when either is missing. */
  readonly delta: number | null;
  readonly primary: boolean;
  /** What the gate says of this label. */
  readonly verdict: 'better' | 'within-margin' | 'regressed' | 'below-gate' | 'not-compared';
}

export interface GateDecision {
  readonly promote: boolean;
  /** One sentence: why the challenger is or is not the new champion. */
  readonly reason: string;
  readonly metric: GateMetric;
  readonly primaryLabel: string;
  readonly rows: readonly ComparisonRow[];
}

/** A comparison that cannot be made as configured (the message names the label or metric). */
export class GateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GateError';
  }
}

/**
 * Scores every row of the evaluation set with the model and computes the metrics of each label the
 * model and the set share, at the model's calibrated probability `threshold` (decision > 0 without
 * calibration, as `LinearSVC.predict`).
 */
export function evaluateOnSet(artifact: ModelArtifact, evalSet: LabelledDataset, threshold = 0.5): EvalSetMetrics {
  const model = new ToxicityModel(artifact);
  const shared = artifact.labels.filter((l) => evalSet.labels.includes(l));
  if (shared.length === 0) {
    throw new GateError(
      `model ${artifact.name} ${artifact.version} has no label of the evaluation set (model: ${artifact.labels.join(', ')}; set: ${evalSet.labels.join(', ')})`,
    );
  }
  const scores = model.score(evalSet.texts, { labels: shared });
  const labels: Record<string, BinaryMetrics> = {};
  shared.forEach((label, k) => {
    const y = evalSet.targets[evalSet.labels.indexOf(label)];
    const calibrated = scores.every((s) => s.scores[k].probability !== null);
    const values = Float64Array.from(scores, (s) => (calibrated ? s.scores[k].probability! : s.scores[k].decision));
    labels[label] = binaryMetrics(y, values, calibrated ? threshold : 0);
  });
  return { model: { name: artifact.name, version: artifact.version }, rows: evalSet.texts.length, labels };
}

function metricOf(m: EvalSetMetrics | null, label: string, metric: GateMetric): number | null {
  const value = m?.labels[label]?.[metric];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Applies the gate to the two models' metrics on the same set. */
export function decideChallenger(
  champion: EvalSetMetrics | null,
  challenger: EvalSetMetrics,
  gate: ChallengerGateConfig,
): GateDecision {
  const { metric, primaryLabel } = gate;
  const challengerPrimary = metricOf(challenger, primaryLabel, metric);
  if (challengerPrimary === null) {
    throw new GateError(
      `the challenger has no ${metric} for the primary label "${primaryLabel}" on the evaluation set (labels: ${Object.keys(challenger.labels).join(', ')}; a label with one class in the set has no ROC AUC)`,
    );
  }
  const labels = [...new Set([...Object.keys(challenger.labels), ...Object.keys(champion?.labels ?? {})])].sort(
    (a, b) => Number(b === primaryLabel) - Number(a === primaryLabel) || a.localeCompare(b),
  );
  const rows: ComparisonRow[] = labels.map((label) => {
    const before = metricOf(champion, label, metric);
    const after = metricOf(challenger, label, metric);
    const delta = before === null || after === null ? null : after - before;
    const primary = label === primaryLabel;
    let verdict: ComparisonRow['verdict'] = 'not-compared';
    if (delta !== null) {
      if (primary) verdict = delta >= gate.minImprovement ? 'better' : 'below-gate';
      else if (delta >= 0) verdict = 'better';
      else verdict = -delta <= gate.maxLabelRegression ? 'within-margin' : 'regressed';
    }
    return { label, champion: before, challenger: after, delta, primary, verdict };
  });
  const base = { metric, primaryLabel, rows };
  const championPrimary = metricOf(champion, primaryLabel, metric);
  if (champion === null) {
    return { ...base, promote: true, reason: `no champion yet: ${primaryLabel}.${metric} ${fmt(challengerPrimary)}` };
  }
  const against = `${champion.model.version}`;
  if (championPrimary === null) {
    return {
      ...base,
      promote: true,
      reason: `the champion ${against} has no ${primaryLabel}.${metric} on the evaluation set; the challenger has ${fmt(challengerPrimary)}`,
    };
  }
  const needed = championPrimary + gate.minImprovement;
  const primaryText = `${primaryLabel}.${metric} ${fmt(challengerPrimary)} vs champion ${against} ${fmt(championPrimary)}`;
  if (challengerPrimary < needed) {
    return { ...base, promote: false, reason: `not promoted: ${primaryText} (needs ≥ ${fmt(needed)})` };
  }
  const regressed = rows.filter((r) => r.verdict === 'regressed');
  if (regressed.length > 0) {
    const which = regressed.map((r) => `${r.label} ${fmt(r.champion!)} → ${fmt(r.challenger!)}`).join(', ');
    return {
      ...base,
      promote: false,
      reason: `not promoted: ${primaryText} passes, but ${which} regress(es) by more than ${gate.maxLabelRegression}`,
    };
  }
  return {
    ...base,
    promote: true,
    reason: `promoted: ${primaryText}${gate.minImprovement ? ` + ${gate.minImprovement}` : ''}`,
  };
}

/** Both models' metrics on one labelled set and the gate's decision. */
export interface Challenge {
  /** The champion's metrics, named by its registry version (`v3`), or null without a champion. */
  readonly champion: EvalSetMetrics | null;
  readonly challenger: EvalSetMetrics;
  /** The registry version the challenger was compared with (`3`), or null. */
  readonly championVersion: string | null;
  readonly decision: GateDecision;
}

/**
 * Scores the candidate and the registered champion on the same labelled set and applies the gate: what
 * `retrain challenge` and `import sklearn --register` decide a promotion with. The candidate is scored
 * first, so a candidate the set cannot judge fails before the champion is looked at.
 */
export function challengeOnSet(
  candidate: ModelArtifact,
  champion: { readonly version: string; readonly artifact: ModelArtifact } | null,
  set: LabelledDataset,
  gate: ChallengerGateConfig,
  threshold = 0.5,
): Challenge {
  const challenger = evaluateOnSet(candidate, set, threshold);
  const championMetrics = champion
    ? {
        ...evaluateOnSet(champion.artifact, set, threshold),
        model: { name: champion.artifact.name, version: `v${champion.version}` },
      }
    : null;
  return {
    champion: championMetrics,
    challenger,
    championVersion: champion?.version ?? null,
    decision: decideChallenger(championMetrics, challenger, gate),
  };
}

/** The side-by-side table of the build log; `set` names the rows both models were scored on. */
export function formatComparison(
  decision: GateDecision,
  champion: EvalSetMetrics | null,
  challenger: EvalSetMetrics,
  set = 'the frozen evaluation set',
): string {
  const head = [
    'label',
    `champion ${champion?.model.version ?? '(none)'}`,
    `challenger ${challenger.model.version}`,
    'delta',
    'gate',
  ];
  const body = decision.rows.map((r) => [
    `${r.label}${r.primary ? ' *' : ''}`,
    r.champion === null ? '-' : fmt(r.champion),
    r.challenger === null ? '-' : fmt(r.challenger),
    r.delta === null ? '-' : `${r.delta >= 0 ? '+' : ''}${fmt(r.delta)}`,
    r.verdict,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const lines = [
    `${decision.metric} on ${set} (${challenger.rows} rows; * primary label)`,
    ...[head, ...body].map((row) =>
      row
        .map((c, i) => c.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    ),
    decision.reason,
  ];
  return `${lines.join('\n')}\n`;
}

/** Flat metrics of both models for MLflow: `champion.<label>.<metric>` and `challenger.<label>.<metric>`. */
export function comparisonMetrics(champion: EvalSetMetrics | null, challenger: EvalSetMetrics): Record<string, number> {
  const out: Record<string, number> = {};
  const put = (prefix: string, m: EvalSetMetrics | null) => {
    for (const [label, metrics] of Object.entries(m?.labels ?? {})) {
      for (const key of ['rocAuc', 'prAuc', 'f1', 'accuracy', 'precision', 'recall'] as const) {
        const v = metrics[key];
        if (typeof v === 'number' && Number.isFinite(v)) out[`${prefix}.${label}.${key}`] = v;
      }
    }
  };
  put('champion', champion);
  put('challenger', challenger);
  return out;
}

function fmt(v: number): string {
  return Number(v.toFixed(4)).toString();
}
