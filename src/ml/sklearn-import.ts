/**
 * Converts the JSON description of a fitted scikit-learn text classifier (what python/sklearn_export.py
 * prints) into a model artifact, and proves the conversion: the artifact scores the description's check
 * texts and every decision value and probability must equal scikit-learn's within a tolerance.
 * Pure: the command runs Python and writes files.
 */
import type { Calibration } from './calibration';
import {
  ModelArtifactError,
  type ImportedFrom,
  type LinearHead,
  type ModelArtifact,
  parseModelArtifact,
} from './model-artifact';
import type { Preprocessing, VectorizerSpec } from './model-artifact';
import { ToxicityModel } from './toxicity-model';

/** One head as the exporter describes it: a linear classifier, or an ensemble of calibrated ones. */
export type DescribedHead =
  | { readonly coef: number[]; readonly intercept: number; readonly calibration: Calibration | null }
  | { readonly members: { coef: number[]; intercept: number; calibration: Calibration }[] };

/** python/sklearn_export.py's output. */
export interface SklearnDescription {
  readonly source: {
    readonly files: { name: string; hash: string; format: string }[];
    readonly sklearnVersion: string;
    readonly estimator: string;
  };
  readonly labels: string[];
  readonly multilabel: boolean;
  readonly preprocessing: Omit<Preprocessing, 'cleaning'>;
  readonly vectorizer: VectorizerSpec;
  readonly heads: DescribedHead[];
  /** scikit-learn's scores of the check texts: decisions[k][i] is head k, text i; null where it has none. */
  readonly check: {
    readonly texts: string[];
    readonly decisions: (number[] | null)[];
    readonly probabilities: (number[] | null)[];
  };
}

/** Options of `artifactFromSklearn`. */
export interface SklearnImportOptions {
  /** Model name. @default 'toxicity' */
  readonly name?: string;
  /** Model version. */
  readonly version: string;
  /** Labels replacing the exporter's, in head order (e.g. names for a multi-output model's outputs). */
  readonly labels?: readonly string[];
  /** When the import ran, ISO 8601 (the artifact's `trainedAt`). */
  readonly importedAt: string;
  /** Largest absolute difference allowed between scikit-learn's scores and the artifact's. @default 1e-6 */
  readonly tolerance?: number;
}

/** The parity found on the check texts. */
export interface ParityReport {
  readonly texts: number;
  /** Largest |decision difference| over heads and texts, null when scikit-learn gave no decision values. */
  readonly maxDecisionDifference: number | null;
  readonly maxProbabilityDifference: number | null;
  /** Where the largest difference (of either kind) is, e.g. `label "toxic", text 3 ("you are…"), probability`. */
  readonly worst: string | null;
}

/** Thrown when the converted model does not score as scikit-learn does; carries the figures. */
export class ParityError extends Error {
  constructor(
    readonly report: ParityReport,
    readonly tolerance: number,
    message: string,
  ) {
    super(message);
    this.name = 'ParityError';
  }
}

/** Thrown when the description itself is unusable (labels, shapes), naming what is wrong. */
export class SklearnImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SklearnImportError';
  }
}

function mean(vectors: readonly number[][]): number[] {
  const out = new Array<number>(vectors[0].length).fill(0);
  for (const v of vectors) for (let j = 0; j < v.length; j++) out[j] += v[j];
  return out.map((s) => s / vectors.length);
}

function headOf(described: DescribedHead, label: string, index: number): LinearHead {
  if ('members' in described) {
    if (!Array.isArray(described.members) || described.members.length === 0) {
      throw new SklearnImportError(`heads[${index}]: an ensemble needs at least one member`);
    }
    const members = described.members.map((m) => ({
      coef: m.coef,
      intercept: m.intercept,
      calibration: m.calibration,
    }));
    return {
      label,
      coef: mean(members.map((m) => m.coef)),
      intercept: members.reduce((s, m) => s + m.intercept, 0) / members.length,
      calibration: null,
      members,
    };
  }
  return { label, coef: described.coef, intercept: described.intercept, calibration: described.calibration };
}

function resolveLabels(described: readonly string[], wanted: readonly string[] | undefined): readonly string[] {
  if (wanted === undefined) return described;
  if (wanted.length !== described.length) {
    throw new SklearnImportError(
      `--labels: the model has ${described.length} label(s) (${described.join(', ')}), got ${wanted.length} (${wanted.join(', ')})`,
    );
  }
  return wanted;
}

/**
 * The scikit-learn minors the converter supports, inclusive: the lowest and the highest tested (1.5.2, 1.7.2 and
 * 1.9.1 by test/integration/sklearn-import.test.ts). Other versions are refused before a model is loaded: the
 * private calibration types the exporter reads have changed between minors before.
 */
export const SUPPORTED_SKLEARN: readonly [string, string] = ['1.5', '1.9'];

function minorOf(version: string): [number, number] | null {
  const m = /^(\d+)\.(\d+)/.exec(version);
  return m ? [Number(m[1]), Number(m[2])] : null;
}

/** Throws `SklearnImportError` unless `version` (`1.7.2`, `1.8.dev0`) lies within `range` (minors, inclusive). */
export function checkSklearnVersion(version: string, range: readonly [string, string] = SUPPORTED_SKLEARN): void {
  const found = minorOf(version);
  const [lo, hi] = range.map((v) => minorOf(v)!);
  const cmp = (a: [number, number], b: [number, number]) => a[0] - b[0] || a[1] - b[1];
  if (found === null || cmp(found, lo) < 0 || cmp(found, hi) > 0) {
    throw new SklearnImportError(
      `scikit-learn ${version} is not supported: the converter supports ${range[0]} to ${range[1]}; ` +
        `fit or load the model with one of those (e.g. \`python -m pip install "scikit-learn>=${range[0]},<${hi[0]}.${hi[1] + 1}"\`)`,
    );
  }
}

/** Builds the artifact (without the parity figures) from a description; throws naming what is invalid. */
export function artifactFromSklearn(d: SklearnDescription, options: SklearnImportOptions): ModelArtifact {
  checkSklearnVersion(d.source.sklearnVersion);
  const labels = resolveLabels(d.labels, options.labels);
  if (d.heads.length !== labels.length) {
    throw new SklearnImportError(`the description has ${d.heads.length} head(s) for ${labels.length} label(s)`);
  }
  const heads = d.heads.map((h, k) => headOf(h, labels[k], k));
  const importedFrom: ImportedFrom = {
    library: 'scikit-learn',
    libraryVersion: d.source.sklearnVersion,
    estimator: d.source.estimator,
    files: d.source.files,
    parity: {
      texts: 0,
      maxDecisionDifference: null,
      maxProbabilityDifference: null,
      tolerance: options.tolerance ?? 1e-6,
    },
  };
  const first = d.source.files[0];
  const candidate = {
    schemaVersion: 1,
    name: options.name ?? 'toxicity',
    version: options.version,
    labels,
    // No project cleaning: an imported model sees text exactly as scikit-learn's vectorizer did.
    preprocessing: { cleaning: [], ...d.preprocessing },
    vectorizer: d.vectorizer,
    heads,
    metrics: {},
    hyperparameters: { multilabel: d.multilabel },
    provenance: {
      dataHash: first.hash,
      dataUri: `file:${first.name}`,
      commit: null,
      trainedAt: options.importedAt,
      importedFrom,
    },
  };
  try {
    return parseModelArtifact(candidate);
  } catch (err) {
    if (err instanceof ModelArtifactError) {
      throw new SklearnImportError(`the converted model is not a valid artifact: ${err.problems.join('; ')}`);
    }
    throw err;
  }
}

/** Scores the check texts with the artifact and compares with scikit-learn's figures. */
export function measureParity(artifact: ModelArtifact, check: SklearnDescription['check']): ParityReport {
  const model = new ToxicityModel(artifact);
  const scored = model.score(check.texts);
  let maxDecision: number | null = null;
  let maxProbability: number | null = null;
  let worstValue = -1;
  let worst: string | null = null;
  const note = (diff: number, k: number, i: number, what: string) => {
    if (diff > worstValue || Number.isNaN(diff)) {
      worstValue = Number.isNaN(diff) ? Infinity : diff;
      const text = check.texts[i];
      const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
      worst = `label ${JSON.stringify(artifact.labels[k])}, text ${i} (${JSON.stringify(shown)}), ${what}`;
    }
  };
  artifact.labels.forEach((_, k) => {
    const theirDecisions = check.decisions[k];
    const theirProbabilities = check.probabilities[k];
    const headHasProbability = scored.length === 0 || scored[0].scores[k].probability !== null;
    if ((theirProbabilities !== null) !== headHasProbability && check.texts.length > 0) {
      throw new SklearnImportError(
        `label ${JSON.stringify(artifact.labels[k])}: scikit-learn ${theirProbabilities ? 'gives' : 'gives no'} probabilities but the converted head ${headHasProbability ? 'does' : 'does not'}`,
      );
    }
    check.texts.forEach((_, i) => {
      const ours = scored[i].scores[k];
      if (theirDecisions) {
        const diff = Math.abs(ours.decision - theirDecisions[i]);
        maxDecision = Math.max(maxDecision ?? 0, Number.isNaN(diff) ? Infinity : diff);
        note(diff, k, i, `decision ${ours.decision} vs ${theirDecisions[i]}`);
      }
      if (theirProbabilities) {
        const diff = Math.abs((ours.probability ?? NaN) - theirProbabilities[i]);
        maxProbability = Math.max(maxProbability ?? 0, Number.isNaN(diff) ? Infinity : diff);
        note(diff, k, i, `probability ${ours.probability} vs ${theirProbabilities[i]}`);
      }
    });
  });
  return {
    texts: check.texts.length,
    maxDecisionDifference: maxDecision,
    maxProbabilityDifference: maxProbability,
    worst,
  };
}

/**
 * The whole conversion: builds the artifact, measures parity, and returns the artifact with the figures in
 * its provenance, or throws `ParityError` when a difference exceeds the tolerance.
 */
export function importSklearnModel(
  d: SklearnDescription,
  options: SklearnImportOptions,
): { artifact: ModelArtifact; parity: ParityReport } {
  const tolerance = options.tolerance ?? 1e-6;
  if (!(tolerance >= 0) || !Number.isFinite(tolerance)) {
    throw new SklearnImportError(`tolerance must be a finite number >= 0, got ${tolerance}`);
  }
  const draft = artifactFromSklearn(d, { ...options, tolerance });
  const parity = measureParity(draft, d.check);
  const largest = Math.max(parity.maxDecisionDifference ?? 0, parity.maxProbabilityDifference ?? 0);
  if (!(largest <= tolerance)) {
    throw new ParityError(
      parity,
      tolerance,
      `the converted model does not score as scikit-learn does: largest difference ${largest} > tolerance ${tolerance} at ${parity.worst}`,
    );
  }
  const provenance = draft.provenance;
  const artifact: ModelArtifact = {
    ...draft,
    provenance: {
      ...provenance,
      importedFrom: {
        ...provenance.importedFrom!,
        parity: {
          texts: parity.texts,
          maxDecisionDifference: parity.maxDecisionDifference,
          maxProbabilityDifference: parity.maxProbabilityDifference,
          tolerance,
        },
      },
    },
  };
  return { artifact, parity };
}

/**
 * The built-in check texts, used with the texts made from the model's vocabulary when the user gives no
 * `--check-data`: short and long, upper case, accents, other scripts, emoji, digits, whitespace runs and
 * the empty text, so every preprocessing option is exercised.
 */
export const BUILT_IN_CHECK_TEXTS: readonly string[] = [
  '',
  'Thanks for fixing the references, the article reads much better now.',
  'You are an IDIOT and everyone here knows it!!!',
  'shut up, you stupid troll. Nobody asked you.',
  'I will find you and you will regret this.',
  'The crème brûlée at the café was naïve but délicieux.',
  'Ça suffit, espèce d’imbécile ! Arrête de vandaliser la page.',
  'Das ist völliger Unsinn, du Trottel.',
  'Это просто глупо, перестань.',
  'これはひどいコメントです',
  'lol 😂😂 you suck 👎',
  'Call me at 555-0134 or mail someone@example.com, k?',
  '   leading and trailing spaces   ',
  'tabs\tand\nnew\n\nlines  and   runs\u00a0of\u2003spaces',
  'a b c d e f g h i j',
  'WHY WOULD ANYONE DELETE THIS SECTION WITHOUT DISCUSSION',
  "don't won't can't it's O'Brien's",
  'under_scores and CamelCase and snake_case_words 123 4567 3.14',
  'Hate hate hate hate hate hate hate hate.',
  'This is a long comment. '.repeat(40),
  'ﬁne ligatures, Ǆ titlecase, İstanbul, ß straße, Σίσυφος',
  '\u0000control\u0007chars\u001f here',
];
