/**
 * The model artifact: one versioned JSON document (`model.json`) that holds everything needed to score
 * text — preprocessing, vectorizer, one linear head per label — plus metrics and provenance. The trainer
 * writes it, the model server reads it with `parseModelArtifact` and scores with `ToxicityModel`.
 *
 * It expresses scikit-learn's `TfidfVectorizer(...)` + `LinearSVC` exactly: `vocabulary[j]` is the term of
 * column j (scikit-learn's `get_feature_names_out()`), `idf` is `idf_`, a head's `coef`/`intercept` are
 * `coef_[0]`/`intercept_[0]`, and the decision value is `x · coef + intercept` as `decision_function`.
 * See docs/ml-core.md for the format with an example.
 */
import Ajv, { type ErrorObject } from 'ajv';
import { calibrationProblems, type Calibration } from './calibration';
import { ANALYZER_KINDS, type AnalyzerKind, checkNgramRange } from './text-analyzer';
import { CLEANING_STEPS, type CleaningStep } from './text-cleaning';
import { createTokenizer } from './tokenizer';
import { type ModelCard, modelCardSchema } from './model-card';
import { type ScoreBaseline, scoreBaselineProblems } from './score-distribution';
import { ONE_SHOT_VALIDATOR, describeValue, valueAtPointer } from '../common';

/** The schema version this code reads and writes. Bump on any incompatible change. */
export const MODEL_ARTIFACT_SCHEMA_VERSION = 1;

/** A JSON value (metrics and hyper-parameters are free-form JSON with finite numbers). */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** Text preprocessing, applied in this order: cleaning steps, lowercase, accent stripping, tokens, stop words, n-grams. */
export interface Preprocessing {
  /** Text-cleaning steps (src/ml/text-cleaning.ts), applied first, in order. */
  readonly cleaning: readonly CleaningStep[];
  /** scikit-learn `lowercase`. */
  readonly lowercase: boolean;
  /** scikit-learn `strip_accents`. */
  readonly stripAccents: 'ascii' | 'unicode' | null;
  /** scikit-learn `token_pattern` (Python regex), e.g. `(?u)\b\w\w+\b`. */
  readonly tokenPattern: string;
  /** Stop words removed before n-grams (scikit-learn's English list written out), or null. */
  readonly stopWords: readonly string[] | null;
  /** scikit-learn `ngram_range`, [min, max]. */
  readonly ngramRange: readonly [number, number];
  /**
   * scikit-learn `analyzer`: word n-grams, character n-grams (`char`) or character n-grams inside word
   * boundaries (`char_wb`); the character analyzers ignore `tokenPattern` and `stopWords`.
   * @default 'word'
   */
  readonly analyzer?: AnalyzerKind;
}

/** Row normalization of scikit-learn's vectorizers (`norm`). */
export type Norm = 'l2' | 'l1' | null;

/** A fitted `TfidfVectorizer` (its `CountVectorizer` part is the preprocessing). */
export interface TfidfVectorizerSpec {
  readonly type: 'tfidf';
  /** Terms in column order (column j is `vocabulary[j]`), unique. */
  readonly vocabulary: readonly string[];
  /** `idf_` per column, or null for `use_idf=False`. */
  readonly idf: readonly number[] | null;
  readonly norm: Norm;
  /** `sublinear_tf`: tf replaced by 1 + ln(tf). */
  readonly sublinearTf: boolean;
  /** `binary`: tf replaced by 1 when > 0. */
  readonly binary: boolean;
}

/** A `HashingVectorizer` (stateless). */
export interface HashingVectorizerSpec {
  readonly type: 'hashing';
  /** `n_features`: number of columns. */
  readonly nFeatures: number;
  /** `alternate_sign`: the sign of the hash multiplies the count. */
  readonly alternateSign: boolean;
  readonly norm: Norm;
  /** `binary`: every stored value replaced by 1. */
  readonly binary: boolean;
}

export type VectorizerSpec = TfidfVectorizerSpec | HashingVectorizerSpec;

export type { Calibration, IsotonicCalibration, PlattCalibration } from './calibration';

/** One calibrated linear classifier of an ensemble (a fold of scikit-learn's `CalibratedClassifierCV`). */
export interface CalibratedMember {
  /** One weight per vectorizer column. */
  readonly coef: readonly number[];
  readonly intercept: number;
  readonly calibration: Calibration;
}

/** One binary linear classifier (one-vs-rest) for one label. */
export interface LinearHead {
  readonly label: string;
  /** One weight per vectorizer column. */
  readonly coef: readonly number[];
  readonly intercept: number;
  /**
   * Calibration of the decision value (Platt, or isotonic for imported models), or null when the head is not
   * calibrated. Null when `members` is set.
   */
  readonly calibration: Calibration | null;
  /**
   * An ensemble of calibrated classifiers (scikit-learn's `CalibratedClassifierCV` with k folds): the
   * probability is the mean of the members' calibrated probabilities; `coef`/`intercept` then hold the
   * members' mean, so the decision value (and its explanation) is the mean of theirs.
   */
  readonly members?: readonly CalibratedMember[];
}

/** Where an imported model came from (`toxicity import sklearn`), and the parity proven at import. */
export interface ImportedFrom {
  /** The library the model was fitted with, e.g. `scikit-learn`. */
  readonly library: string;
  /** Its version, as the importing Python reported it. */
  readonly libraryVersion: string;
  /** The estimator chain, e.g. `TfidfVectorizer + LinearSVC`. */
  readonly estimator: string;
  /** The source files: name, `sha256:<hex>` and format (`skops` or `pickle`). */
  readonly files: readonly { readonly name: string; readonly hash: string; readonly format: string }[];
  /** Largest absolute differences between the library's scores and this artifact's on `texts` texts. */
  readonly parity: {
    readonly texts: number;
    readonly maxDecisionDifference: number | null;
    readonly maxProbabilityDifference: number | null;
    readonly tolerance: number;
  };
}

/** Where the model came from. */
export interface Provenance {
  /** Hash of the training data, e.g. `sha256:<hex>`. */
  readonly dataHash: string;
  /** Where the training data was read, e.g. `gs://bucket/train.csv` or `file:///…`. */
  readonly dataUri: string;
  /** Source commit of the trainer, or null when unknown. */
  readonly commit: string | null;
  /** When training finished, RFC 3339 / ISO 8601 UTC, e.g. `2025-01-31T12:00:00Z` (for an import: when imported). */
  readonly trainedAt: string;
  /** Set on models converted from another library rather than trained here. */
  readonly importedFrom?: ImportedFrom;
}

/** The artifact (schema version 1). */
export interface ModelArtifact {
  readonly schemaVersion: typeof MODEL_ARTIFACT_SCHEMA_VERSION;
  /** Model name, e.g. `toxicity`. */
  readonly name: string;
  /** Model version, e.g. `2025.01.31-1` or a semver. */
  readonly version: string;
  /** Labels in head order, unique, e.g. `['toxic', 'severe_toxic', …]`. */
  readonly labels: readonly string[];
  readonly preprocessing: Preprocessing;
  readonly vectorizer: VectorizerSpec;
  /** `heads[i]` is the classifier of `labels[i]`. */
  readonly heads: readonly LinearHead[];
  /** Training/evaluation metrics (free-form JSON; the trainer documents its keys). */
  readonly metrics: { readonly [key: string]: JsonValue };
  /** Training settings (C, loss, class weights, min_df …), free-form JSON; optional. */
  readonly hyperparameters?: { readonly [key: string]: JsonValue };
  readonly provenance: Provenance;
  /**
   * Distribution of each calibrated label's scores on the held-out comments at training time, binned as
   * the server's score histogram; the server compares serving scores with it (PSI). Absent in models
   * trained before it existed and in imported models.
   */
  readonly scoreBaseline?: ScoreBaseline;
  /** The model card (src/ml/model-card.ts); absent in models trained before cards and in imported models. */
  readonly card?: ModelCard;
}

/** Thrown by `parseModelArtifact`; `problems` lists every problem found, each naming its path. */
export class ModelArtifactError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid model artifact: ${problems.join('; ')}`);
    this.name = 'ModelArtifactError';
  }
}

const NORM = { enum: ['l2', 'l1', null] } as const;
const NUMBER_ARRAY = { type: 'array', items: { type: 'number' } } as const;
const PLATT = {
  type: 'object',
  additionalProperties: false,
  required: ['a', 'b'],
  properties: { a: { type: 'number' }, b: { type: 'number' } },
} as const;
const ISOTONIC = {
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'x', 'y'],
  properties: { kind: { const: 'isotonic' }, x: { ...NUMBER_ARRAY, minItems: 1 }, y: { ...NUMBER_ARRAY, minItems: 1 } },
} as const;
const CALIBRATION = { anyOf: [PLATT, ISOTONIC] } as const;
const NULLABLE_NUMBER = { type: ['number', 'null'] } as const;

/** JSON schema (draft-07) of the artifact: the structure; `parseModelArtifact` adds the cross-field checks. */
export const modelArtifactSchema = {
  $id: 'https://toxicity.local/model-artifact.schema.json',
  type: 'object',
  additionalProperties: false,
  required: [
    'schemaVersion',
    'name',
    'version',
    'labels',
    'preprocessing',
    'vectorizer',
    'heads',
    'metrics',
    'provenance',
  ],
  properties: {
    schemaVersion: { type: 'integer' },
    name: { type: 'string', minLength: 1 },
    version: { type: 'string', minLength: 1 },
    labels: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
    preprocessing: {
      type: 'object',
      additionalProperties: false,
      required: ['cleaning', 'lowercase', 'stripAccents', 'tokenPattern', 'stopWords', 'ngramRange'],
      properties: {
        cleaning: { type: 'array', items: { type: 'string' } },
        lowercase: { type: 'boolean' },
        stripAccents: { enum: ['ascii', 'unicode', null] },
        tokenPattern: { type: 'string', minLength: 1 },
        stopWords: { anyOf: [{ type: 'null' }, { type: 'array', items: { type: 'string' } }] },
        ngramRange: { type: 'array', minItems: 2, maxItems: 2, items: { type: 'integer', minimum: 1 } },
        analyzer: { enum: ANALYZER_KINDS },
      },
    },
    vectorizer: {
      type: 'object',
      required: ['type'],
      properties: { type: { enum: ['tfidf', 'hashing'] } },
      if: { properties: { type: { const: 'tfidf' } } },
      then: {
        additionalProperties: false,
        required: ['type', 'vocabulary', 'idf', 'norm', 'sublinearTf', 'binary'],
        properties: {
          type: { const: 'tfidf' },
          vocabulary: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
          idf: { anyOf: [{ type: 'null' }, NUMBER_ARRAY] },
          norm: NORM,
          sublinearTf: { type: 'boolean' },
          binary: { type: 'boolean' },
        },
      },
      else: {
        additionalProperties: false,
        required: ['type', 'nFeatures', 'alternateSign', 'norm', 'binary'],
        properties: {
          type: { const: 'hashing' },
          nFeatures: { type: 'integer', minimum: 1, maximum: 2147483647 },
          alternateSign: { type: 'boolean' },
          norm: NORM,
          binary: { type: 'boolean' },
        },
      },
    },
    heads: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['label', 'coef', 'intercept', 'calibration'],
        properties: {
          label: { type: 'string' },
          coef: NUMBER_ARRAY,
          intercept: { type: 'number' },
          calibration: { anyOf: [{ type: 'null' }, PLATT, ISOTONIC] },
          members: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['coef', 'intercept', 'calibration'],
              properties: { coef: NUMBER_ARRAY, intercept: { type: 'number' }, calibration: CALIBRATION },
            },
          },
        },
      },
    },
    metrics: { type: 'object' },
    hyperparameters: { type: 'object' },
    scoreBaseline: {
      type: 'object',
      additionalProperties: false,
      required: ['bounds', 'source', 'labels'],
      properties: {
        bounds: { ...NUMBER_ARRAY, minItems: 1 },
        source: { type: 'string', minLength: 1 },
        labels: {
          type: 'object',
          additionalProperties: {
            type: 'object',
            additionalProperties: false,
            required: ['counts'],
            properties: { counts: NUMBER_ARRAY },
          },
        },
      },
    },
    card: modelCardSchema,
    provenance: {
      type: 'object',
      additionalProperties: false,
      required: ['dataHash', 'dataUri', 'commit', 'trainedAt'],
      properties: {
        dataHash: { type: 'string', minLength: 1 },
        dataUri: { type: 'string', minLength: 1 },
        commit: { type: ['string', 'null'] },
        trainedAt: {
          type: 'string',
          pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$',
        },
        importedFrom: {
          type: 'object',
          additionalProperties: false,
          required: ['library', 'libraryVersion', 'estimator', 'files', 'parity'],
          properties: {
            library: { type: 'string', minLength: 1 },
            libraryVersion: { type: 'string', minLength: 1 },
            estimator: { type: 'string', minLength: 1 },
            files: {
              type: 'array',
              items: {
                type: 'object',
                additionalProperties: false,
                required: ['name', 'hash', 'format'],
                properties: { name: { type: 'string' }, hash: { type: 'string' }, format: { type: 'string' } },
              },
            },
            parity: {
              type: 'object',
              additionalProperties: false,
              required: ['texts', 'maxDecisionDifference', 'maxProbabilityDifference', 'tolerance'],
              properties: {
                texts: { type: 'integer', minimum: 0 },
                maxDecisionDifference: NULLABLE_NUMBER,
                maxProbabilityDifference: NULLABLE_NUMBER,
                tolerance: { type: 'number', minimum: 0 },
              },
            },
          },
        },
      },
    },
  },
} as const;

let validator: ReturnType<Ajv['compile']> | undefined;

function validate(json: unknown): readonly ErrorObject[] {
  validator ??= new Ajv({ ...ONE_SHOT_VALIDATOR, allErrors: true, strict: true, allowUnionTypes: true }).compile(
    modelArtifactSchema,
  );
  return validator(json) ? [] : (validator.errors ?? []);
}

/** `/heads/2/coef` → `heads[2].coef`. */
function pathOf(pointer: string): string {
  if (pointer === '') return '(root)';
  let out = '';
  for (const raw of pointer.split('/').slice(1)) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^\d+$/.test(part) ? `[${part}]` : out === '' ? part : `.${part}`;
  }
  return out;
}

/** How this module's messages show a value: 60 characters at most, arrays by their length. */
const show = (value: unknown): string => describeValue(value, { maxLength: 60, arraysAsLength: true });

function formatAjvError(e: ErrorObject, root: unknown): string | null {
  const path = pathOf(e.instancePath);
  switch (e.keyword) {
    case 'additionalProperties':
      return `${path === '(root)' ? '' : `${path}.`}${(e.params as { additionalProperty: string }).additionalProperty}: unknown property`;
    case 'required':
      return `${path === '(root)' ? '' : `${path}.`}${(e.params as { missingProperty: string }).missingProperty}: is required`;
    case 'if':
    case 'anyOf':
      return null; // the branch errors say more
    case 'type':
      if (typeof valueAtPointer(root, e.instancePath) === 'number') {
        return `${path}: must be a finite number, got ${show(valueAtPointer(root, e.instancePath))}`;
      }
      return `${path}: ${e.message ?? 'is invalid'}, got ${show(valueAtPointer(root, e.instancePath))}`;
    case 'enum':
      if (e.instancePath === '/vectorizer/type') {
        return `vectorizer.type: unknown vectorizer type ${show(valueAtPointer(root, e.instancePath))} (expected "tfidf" or "hashing")`;
      }
      return `${path}: must be one of ${JSON.stringify((e.params as { allowedValues: unknown[] }).allowedValues)}, got ${show(valueAtPointer(root, e.instancePath))}`;
    default:
      return `${path}: ${e.message ?? 'is invalid'}, got ${show(valueAtPointer(root, e.instancePath))}`;
  }
}

/** First non-finite entry of an array (ajv's `number` lets NaN/Infinity through when built in memory). */
function firstNonFinite(values: readonly number[]): number {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return i;
  return -1;
}

function semanticProblems(a: ModelArtifact): string[] {
  const problems: string[] = [];
  const known = new Set<string>(CLEANING_STEPS);
  a.preprocessing.cleaning.forEach((step, i) => {
    if (!known.has(step)) {
      problems.push(
        `preprocessing.cleaning[${i}]: unknown cleaning step ${JSON.stringify(step)} (known: ${CLEANING_STEPS.join(', ')})`,
      );
    }
  });
  try {
    checkNgramRange(a.preprocessing.ngramRange, 'preprocessing.ngramRange');
  } catch (err) {
    problems.push((err as Error).message);
  }
  try {
    createTokenizer(a.preprocessing.tokenPattern);
  } catch (err) {
    problems.push(`preprocessing.tokenPattern: ${(err as Error).message}`);
  }

  const seenLabels = new Map<string, number>();
  a.labels.forEach((label, i) => {
    const before = seenLabels.get(label);
    if (before !== undefined)
      problems.push(`labels[${i}]: duplicate label ${JSON.stringify(label)} (also labels[${before}])`);
    else seenLabels.set(label, i);
  });

  let width: number;
  let widthName: string;
  const v = a.vectorizer;
  if (v.type === 'tfidf') {
    width = v.vocabulary.length;
    widthName = 'vocabulary size';
    const seenTerms = new Map<string, number>();
    for (let j = 0; j < v.vocabulary.length; j++) {
      const term = v.vocabulary[j];
      const before = seenTerms.get(term);
      if (before !== undefined) {
        problems.push(
          `vectorizer.vocabulary[${j}]: duplicate term ${JSON.stringify(term)} (also vocabulary[${before}])`,
        );
        break;
      }
      seenTerms.set(term, j);
    }
    if (v.idf !== null) {
      if (v.idf.length !== width) {
        problems.push(`vectorizer.idf: expected ${width} numbers (vocabulary size), got ${v.idf.length}`);
      }
      const bad = firstNonFinite(v.idf);
      if (bad >= 0) problems.push(`vectorizer.idf[${bad}]: must be a finite number, got ${show(v.idf[bad])}`);
    }
  } else {
    width = v.nFeatures;
    widthName = 'vectorizer.nFeatures';
  }

  a.heads.forEach((head, i) => {
    const where = `heads[${i}]`;
    if (i < a.labels.length && head.label !== a.labels[i]) {
      problems.push(
        `${where}.label: expected ${JSON.stringify(a.labels[i])} (labels[${i}]), got ${JSON.stringify(head.label)}`,
      );
    }
    if (head.coef.length !== width) {
      problems.push(`${where}.coef: expected ${width} numbers (${widthName}), got ${head.coef.length}`);
    }
    const bad = firstNonFinite(head.coef);
    if (bad >= 0) problems.push(`${where}.coef[${bad}]: must be a finite number, got ${show(head.coef[bad])}`);
    if (!Number.isFinite(head.intercept)) {
      problems.push(`${where}.intercept: must be a finite number, got ${show(head.intercept)}`);
    }
    if (head.calibration) problems.push(...calibrationProblems(head.calibration, `${where}.calibration`));
    if (head.members) {
      if (head.calibration) problems.push(`${where}.calibration: must be null when members is set`);
      head.members.forEach((m, i) => {
        const at = `${where}.members[${i}]`;
        if (m.coef.length !== width)
          problems.push(`${at}.coef: expected ${width} numbers (${widthName}), got ${m.coef.length}`);
        const badMember = firstNonFinite(m.coef);
        if (badMember >= 0)
          problems.push(`${at}.coef[${badMember}]: must be a finite number, got ${show(m.coef[badMember])}`);
        if (!Number.isFinite(m.intercept))
          problems.push(`${at}.intercept: must be a finite number, got ${show(m.intercept)}`);
        problems.push(...calibrationProblems(m.calibration, `${at}.calibration`));
      });
    }
  });
  if (a.heads.length < a.labels.length) {
    const missing = a.labels.slice(a.heads.length).filter((l) => !a.heads.some((h) => h.label === l));
    problems.push(
      `heads: expected one head per label (${a.labels.length}), got ${a.heads.length}` +
        (missing.length ? `; no head for label ${missing.map((l) => JSON.stringify(l)).join(', ')}` : ''),
    );
  } else if (a.heads.length > a.labels.length) {
    problems.push(`heads: expected one head per label (${a.labels.length}), got ${a.heads.length}`);
  }
  if (Number.isNaN(Date.parse(a.provenance.trainedAt))) {
    problems.push(`provenance.trainedAt: not a valid date-time, got ${JSON.stringify(a.provenance.trainedAt)}`);
  }
  const badJson =
    nonFiniteInJson(a.metrics, 'metrics') ??
    (a.hyperparameters && nonFiniteInJson(a.hyperparameters, 'hyperparameters'));
  if (badJson) problems.push(badJson);
  if (a.scoreBaseline) problems.push(...scoreBaselineProblems(a.scoreBaseline, a.labels, 'scoreBaseline'));
  if (a.card) {
    const badCard = nonFiniteInJson(a.card, 'card');
    if (badCard) problems.push(badCard);
  }
  return problems;
}

function nonFiniteInJson(value: unknown, path: string): string | undefined {
  if (typeof value === 'number')
    return Number.isFinite(value) ? undefined : `${path}: must be a finite number, got ${value}`;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = nonFiniteInJson(value[i], `${path}[${i}]`);
      if (p) return p;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const p = nonFiniteInJson(v, `${path}.${k}`);
      if (p) return p;
    }
  } else if (value !== null && typeof value !== 'string' && typeof value !== 'boolean') {
    return `${path}: must be JSON, got ${typeof value}`;
  }
  return undefined;
}

/**
 * Validates a parsed JSON document as a model artifact and returns it typed. Throws `ModelArtifactError`
 * listing every problem, each with its path and the offending value, e.g.
 * `heads[2].coef: expected 1000 numbers (vocabulary size), got 999`. Refuses other schema versions,
 * NaN/Infinity (possible when the object was built in memory), unknown cleaning steps, duplicate terms
 * or labels, and heads that do not match the labels one to one.
 */
export function parseModelArtifact(json: unknown): ModelArtifact {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new ModelArtifactError([`(root): expected a JSON object, got ${show(json)}`]);
  }
  const version = (json as { schemaVersion?: unknown }).schemaVersion;
  if (version !== MODEL_ARTIFACT_SCHEMA_VERSION) {
    throw new ModelArtifactError([
      version === undefined
        ? 'schemaVersion: is required'
        : `schemaVersion: this code reads version ${MODEL_ARTIFACT_SCHEMA_VERSION}, got ${show(version)}` +
          (typeof version === 'number' && version > MODEL_ARTIFACT_SCHEMA_VERSION
            ? ' (artifact written by a newer trainer)'
            : ''),
    ]);
  }
  const errors = validate(json);
  if (errors.length > 0) {
    // In `null or object` unions, the "must be null" branch error is noise when the object branch says more.
    const relevant = errors.filter(
      (e) =>
        !(
          e.keyword === 'type' &&
          (e.params as { type?: string }).type === 'null' &&
          errors.some(
            (o) =>
              o !== e && o.instancePath.startsWith(e.instancePath) && o.keyword !== 'anyOf' && o.keyword !== 'type',
          )
        ),
    );
    const problems = [...new Set(relevant.map((e) => formatAjvError(e, json)).filter((p): p is string => p !== null))];
    if (problems.length > 20) problems.splice(20, problems.length - 20, `… and ${problems.length - 20} more problems`);
    throw new ModelArtifactError(problems.length ? problems : ['(root): does not match the model artifact schema']);
  }
  const artifact = json as ModelArtifact;
  const problems = semanticProblems(artifact);
  if (problems.length > 0) throw new ModelArtifactError(problems);
  return artifact;
}
