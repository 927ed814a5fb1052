/**
 * Training orchestration: masked and cleaned comments → TF-IDF → one linear SVM per label →
 * Platt calibration → evaluation → model artifact. No I/O: the command module reads the data and
 * writes the results; this module takes the dataset in memory and returns the artifact and a
 * report. Weights are deterministic for a given dataset, options and seed.
 *
 * The defaults reproduce the original system: `TfidfVectorizer(max_features=10000,
 * ngram_range=(1,2), min_df=2, max_df=0.95, strip_accents='ascii', stop_words='english')` +
 * `LinearSVC(class_weight='balanced')`.
 */
import {
  type BinaryMetrics,
  binaryMetrics,
  binScores,
  classDistribution,
  type ClassWeight,
  type CleaningStep,
  createTextCleaner,
  csrDot,
  type CsrMatrix,
  type DfThreshold,
  ENGLISH_STOP_WORDS,
  fitPlattCalibration,
  type JsonValue,
  PII_TYPES,
  MODEL_ARTIFACT_SCHEMA_VERSION,
  type ModelArtifact,
  parseModelArtifact,
  type PiiType,
  plattProbability,
  type PrecisionRecallCurve,
  precisionRecallCurve,
  selectRows,
  SKLEARN_ANALYZER_DEFAULTS,
  type SvmLoss,
  TfidfVectorizer,
  thinPrecisionRecallCurve,
  trainLinearSvm,
} from '../ml';
import { PREDICTION_SCORE_BUCKETS } from '../contract';
import type { LabelledDataset } from './read-dataset';
import { stratifiedKFold, stratifiedTrainTestSplit } from './stratified-split';

/**
 * Cleaning the model applies to every text, at training and at serving time: personal data of every
 * type is masked inside the stored pipeline, so the server masks names exactly as the trainer did.
 */
export const DEFAULT_MODEL_CLEANING: readonly CleaningStep[] = [
  'mask-pii',
  'remove-emojis',
  'strip-punctuation',
  'lowercase',
  'collapse-whitespace',
];

export interface TrainOptions {
  /** Model name in the artifact. @default toxic-detector */
  readonly name?: string;
  /** Labels to train, a subset of the dataset's. @default all the dataset's labels */
  readonly labels?: readonly string[];
  /** @default 0.2 */
  readonly testFraction?: number;
  /** Seed of the split, the folds and the solver. @default 42 */
  readonly seed?: number;
  /** Also report k-fold cross-validation on the training part (k ≥ 2), or null. @default null */
  readonly cvFolds?: number | null;
  /** Folds of the cross-validated decision values Platt scaling is fitted on. @default 3 */
  readonly calibrationFolds?: number;
  /**
   * Mask personal data of every type, names included (GDPR), as the first cleaning step; off keeps
   * 'mask-contacts' (structured types only). Ignored when `cleaning` is given. @default true
   */
  readonly maskPii?: boolean;
  /**
   * Mask with 'mask-pii-tagger' (adds compromise's English tagger; about 5x slower, no better on the
   * evaluation sets) instead of 'mask-pii'. Ignored when `cleaning` is given. @default false
   */
  readonly piiTagger?: boolean;
  /**
   * Cleaning recorded in the artifact and applied to the raw texts before vectorizing, by the same
   * function the server uses. @default DEFAULT_MODEL_CLEANING (its mask step per maskPii / piiTagger)
   */
  readonly cleaning?: readonly CleaningStep[];
  readonly vectorizer?: {
    /** @default [1, 2] */
    readonly ngramRange?: readonly [number, number];
    /** @default { count: 2 } */
    readonly minDf?: DfThreshold;
    /** @default { fraction: 0.95 } */
    readonly maxDf?: DfThreshold;
    /** @default 10000 */
    readonly maxFeatures?: number | null;
    /** @default true (scikit-learn's English list) */
    readonly englishStopWords?: boolean;
    /** @default 'ascii' */
    readonly stripAccents?: 'ascii' | 'unicode' | null;
    /** @default false */
    readonly sublinearTf?: boolean;
  };
  readonly svm?: {
    /** @default 1 */
    readonly C?: number;
    /** @default 'squared_hinge' */
    readonly loss?: SvmLoss;
    /** @default 'balanced' */
    readonly classWeight?: ClassWeight | null;
    /** @default 1e-4 */
    readonly tol?: number;
    /** @default 10000 (the original system's max_iter) */
    readonly maxIter?: number;
  };
  /** Probability above which a comment counts as having the label, for the reported metrics. @default 0.5 */
  readonly threshold?: number;
}

/** What the caller knows about the run that the trainer cannot (it reads no clock, file or env). */
export interface TrainContext {
  readonly dataUri: string;
  /** e.g. `sha256:<hex>` of the data file. */
  readonly dataHash: string;
  readonly commit: string | null;
  /** When training runs (for the version and provenance). */
  readonly now: Date;
  /** Milliseconds since some origin, for phase timings. @default () => 0 */
  readonly clock?: () => number;
  /** Called as work advances: phase name, units done, units in the phase. */
  readonly onProgress?: (phase: TrainPhase, done: number, total: number) => void;
}

export type TrainPhase = 'mask' | 'clean' | 'vectorize' | 'train' | 'calibrate' | 'evaluate' | 'cross-validate';

export interface LabelReport {
  readonly label: string;
  /** False when the label could not be trained (one class only in the training part). */
  readonly trained: boolean;
  readonly reason?: string;
  readonly train: { readonly positive: number; readonly negative: number };
  readonly test: { readonly positive: number; readonly negative: number };
  /** Metrics on the test part with the calibrated probability at `threshold`. */
  readonly metrics?: BinaryMetrics;
  /** Precision-recall curve of the same scores on the test part, thinned to at most PR_CURVE_MAX_POINTS points. */
  readonly prCurve?: PrecisionRecallCurve;
  /** `LinearSVC.predict` accuracy (decision > 0) on the test part. */
  readonly svmAccuracy?: number;
  readonly solver?: { readonly iterations: number; readonly converged: boolean; readonly supportVectors: number };
  readonly cv?: {
    readonly folds: number;
    readonly rocAuc: { mean: number; std: number } | null;
    readonly f1: { mean: number; std: number };
  };
}

export interface TrainReport {
  readonly rows: number;
  readonly trainRows: number;
  readonly testRows: number;
  readonly seed: number;
  readonly threshold: number;
  readonly features: number;
  readonly termsBeforePruning: number;
  readonly pii: { readonly masked: boolean; readonly counts: Readonly<Partial<Record<PiiType, number>>> };
  readonly labels: readonly LabelReport[];
  /** Labels that could not be trained, with why. */
  readonly skippedLabels: readonly { label: string; reason: string }[];
  /** Milliseconds per phase. */
  readonly timingsMs: Readonly<Partial<Record<TrainPhase, number>>>;
}

/** Most points of a label's precision-recall curve kept in the report (enough for a chart, small in metrics.json). */
export const PR_CURVE_MAX_POINTS = 200;

/** Raised when the data cannot give a model; the message says what to fix. */
export class TrainingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrainingError';
  }
}

type Timed = <T>(phase: TrainPhase, work: () => T) => T;
type Progress = NonNullable<TrainContext['onProgress']>;
type SvmOptions = Parameters<typeof trainLinearSvm>[2];
type Split = ReturnType<typeof stratifiedTrainTestSplit>;
type Head = ModelArtifact['heads'][number];

/** Trains the model and returns the validated artifact with its report. */
export function trainToxicityModel(
  dataset: LabelledDataset,
  options: TrainOptions,
  context: TrainContext,
): { artifact: ModelArtifact; report: TrainReport } {
  const clock = context.clock ?? (() => 0);
  const progress = context.onProgress ?? (() => undefined);
  const timings: Partial<Record<TrainPhase, number>> = {};
  const timed: Timed = (phase, work) => {
    const start = clock();
    const result = work();
    timings[phase] = (timings[phase] ?? 0) + clock() - start;
    return result;
  };

  const seed = options.seed ?? 42;
  const threshold = options.threshold ?? 0.5;
  const n = dataset.texts.length;
  if (n === 0) throw new TrainingError('the dataset has no usable rows');
  const wanted = options.labels ?? dataset.labels;
  const columns = labelColumns(dataset, wanted);

  // 1-2. Personal data never reaches the features (GDPR): the cleaning stored in the model masks it,
  // and the training texts go through that same cleaner, so training and serving see the same text.
  const cleaning = options.cleaning ?? defaultCleaning(options);
  const { cleaned, piiCounts } = cleanTexts(dataset.texts, cleaning, timed, progress);

  // 3. Split, then fit the vectorizer on the training part only.
  const testFraction = options.testFraction ?? 0.2;
  const split = stratifiedTrainTestSplit(columns, testFraction, seed);
  if (split.train.length < 2 || split.test.length < 1) {
    throw new TrainingError(`too few rows to split (${n}); at least a few dozen labelled comments are needed`);
  }
  const features = featurize(cleaned, split, options.vectorizer ?? {}, timed);
  progress('vectorize', 1, 1);

  // 4-5. One calibrated linear SVM per label, evaluated on the test part.
  const s = options.svm ?? {};
  const svmOptions: SvmOptions = {
    C: s.C ?? 1,
    loss: s.loss ?? 'squared_hinge',
    classWeight: s.classWeight === undefined ? ('balanced' as const) : s.classWeight,
    tol: s.tol ?? 1e-4,
    maxIter: s.maxIter ?? 10000,
    seed,
  };
  const calibrationFolds = options.calibrationFolds ?? 3;
  const heads: Head[] = [];
  const labelReports: LabelReport[] = [];
  const skipped: { label: string; reason: string }[] = [];
  const baselines: Record<string, { counts: number[] }> = {};
  wanted.forEach((label, k) => {
    const trained = trainLabel(label, columns[k], split, features, {
      svmOptions,
      calibrationFolds,
      cvFolds: options.cvFolds ?? null,
      threshold,
      seed,
      timed,
      onStart: () => progress('train', k, wanted.length),
    });
    labelReports.push(trained.report);
    if (trained.baseline) baselines[label] = { counts: trained.baseline };
    if (trained.head) heads.push(trained.head);
    else skipped.push({ label, reason: trained.report.reason! });
  });
  progress('train', wanted.length, wanted.length);

  if (heads.length === 0) {
    throw new TrainingError(
      `no label has both classes in the training data (${skipped.map((x) => `${x.label}: ${x.reason}`).join('; ')})`,
    );
  }

  const piiMasked = cleaning.includes('mask-pii') || cleaning.includes('mask-pii-tagger');
  const v = options.vectorizer ?? {};
  const artifact = parseModelArtifact({
    schemaVersion: MODEL_ARTIFACT_SCHEMA_VERSION,
    name: options.name ?? 'toxic-detector',
    version: modelVersion(context),
    labels: heads.map((h) => h.label),
    preprocessing: { cleaning, ...features.fitted.analyzer },
    vectorizer: features.fitted.spec,
    heads,
    metrics: artifactMetrics(labelReports),
    hyperparameters: {
      testFraction,
      seed,
      ngramRange: [...(v.ngramRange ?? [1, 2])],
      minDf: { ...(v.minDf ?? { count: 2 }) },
      maxDf: { ...(v.maxDf ?? { fraction: 0.95 }) },
      maxFeatures: v.maxFeatures === undefined ? 10000 : v.maxFeatures,
      C: svmOptions.C,
      loss: svmOptions.loss,
      classWeight: svmOptions.classWeight === null ? null : (svmOptions.classWeight as JsonValue),
      tol: svmOptions.tol,
      maxIter: svmOptions.maxIter,
      calibrationFolds,
      piiMasked,
      piiTagger: cleaning.includes('mask-pii-tagger'),
    },
    provenance: {
      dataHash: context.dataHash,
      dataUri: context.dataUri,
      commit: context.commit,
      trainedAt: trainedAtOf(context),
    },
    // The drift baseline: calibrated scores of the held-out part, in the server histogram's bins.
    ...(Object.keys(baselines).length
      ? { scoreBaseline: { bounds: [...PREDICTION_SCORE_BUCKETS], source: 'test-split', labels: baselines } }
      : {}),
  });
  return {
    artifact,
    report: {
      rows: n,
      trainRows: split.train.length,
      testRows: split.test.length,
      seed,
      threshold,
      features: features.fitted.spec.vocabulary.length,
      termsBeforePruning: features.fitted.termsBeforePruning,
      pii: { masked: piiMasked, counts: piiCounts },
      labels: labelReports,
      skippedLabels: skipped,
      timingsMs: timings,
    },
  };
}

/** The target column of each wanted label; a label the data lacks is a TrainingError naming the ones it has. */
function labelColumns(dataset: LabelledDataset, wanted: readonly string[]) {
  for (const label of wanted) {
    if (!dataset.labels.includes(label)) {
      throw new TrainingError(`label "${label}" is not in the data (it has ${dataset.labels.join(', ')})`);
    }
  }
  return wanted.map((label) => dataset.targets[dataset.labels.indexOf(label)]);
}

/** Every text through the model's own cleaner, counting the personal data it masks. */
function cleanTexts(texts: readonly string[], cleaning: readonly CleaningStep[], timed: Timed, progress: Progress) {
  const n = texts.length;
  const piiCounts: Partial<Record<PiiType, number>> = {};
  const cleaner = createTextCleaner(cleaning, {
    onPii: (counts) => {
      for (const type of PII_TYPES) if (counts[type] > 0) piiCounts[type] = (piiCounts[type] ?? 0) + counts[type];
    },
  });
  const cleaned = timed('clean', () =>
    texts.map((text, i) => {
      if (i % 500 === 0) progress('clean', i, n);
      return cleaner.clean(text);
    }),
  );
  progress('clean', n, n);
  return { cleaned, piiCounts };
}

type Features = ReturnType<typeof featurize>;

/** TF-IDF fitted on the training part only, then both parts transformed. */
function featurize(cleaned: readonly string[], split: Split, v: NonNullable<TrainOptions['vectorizer']>, timed: Timed) {
  const vectorizer = new TfidfVectorizer({
    lowercase: true,
    stripAccents: v.stripAccents === undefined ? 'ascii' : v.stripAccents,
    tokenPattern: SKLEARN_ANALYZER_DEFAULTS.tokenPattern,
    stopWords: v.englishStopWords === false ? null : ENGLISH_STOP_WORDS,
    ngramRange: v.ngramRange ?? [1, 2],
    minDf: v.minDf ?? { count: 2 },
    maxDf: v.maxDf ?? { fraction: 0.95 },
    maxFeatures: v.maxFeatures === undefined ? 10000 : v.maxFeatures,
    sublinearTf: v.sublinearTf ?? false,
  });
  const trainTexts = Array.from(split.train, (i) => cleaned[i]);
  const testTexts = Array.from(split.test, (i) => cleaned[i]);
  try {
    return timed('vectorize', () => {
      const fitted = vectorizer.fit(trainTexts);
      return { fitted, Xtrain: vectorizer.transform(trainTexts), Xtest: vectorizer.transform(testTexts) };
    });
  } catch (err) {
    throw new TrainingError(`cannot build features: ${(err as Error).message}`);
  }
}

interface LabelTraining {
  readonly svmOptions: SvmOptions;
  readonly calibrationFolds: number;
  readonly cvFolds: number | null;
  readonly threshold: number;
  readonly seed: number;
  readonly timed: Timed;
  /** Called once the label is known to be trainable. */
  readonly onStart: () => void;
}

/** One label's head (null when its training part has one class only) and its report. */
function trainLabel(
  label: string,
  column: ArrayLike<number>,
  split: Split,
  features: Features,
  how: LabelTraining,
): { head: Head | null; report: LabelReport; baseline?: number[] } {
  const { Xtrain, Xtest } = features;
  const { svmOptions, threshold, seed, timed } = how;
  const yTrain = Uint8Array.from(split.train, (i) => column[i]);
  const yTest = Uint8Array.from(split.test, (i) => column[i]);
  const trainDist = classDistribution(yTrain);
  const testDist = classDistribution(yTest);
  const counts = {
    train: { positive: trainDist.positive, negative: trainDist.negative },
    test: { positive: testDist.positive, negative: testDist.negative },
  };
  if (trainDist.positive === 0 || trainDist.negative === 0) {
    const reason = `only ${trainDist.positive === 0 ? 'negative' : 'positive'} examples in the training part`;
    return { head: null, report: { label, trained: false, reason, ...counts } };
  }
  how.onStart();
  const model = timed('train', () => trainLinearSvm(Xtrain, yTrain, svmOptions));
  const calibration = timed('calibrate', () => {
    const folds = Math.min(how.calibrationFolds, trainDist.positive, trainDist.negative);
    return folds < 2 ? null : plattOnHeldOutFolds(Xtrain, yTrain, folds, svmOptions, seed);
  });

  const evaluation = timed('evaluate', () => {
    const decisions = csrDot(Xtest, model.coef, model.intercept);
    const scores = calibration ? decisions.map((d) => plattProbability(d, calibration)) : decisions;
    const metrics = binaryMetrics(yTest, scores, calibration ? threshold : 0);
    let correct = 0;
    decisions.forEach((d, i) => (correct += (d > 0 ? 1 : 0) === yTest[i] ? 1 : 0));
    const prCurve = thinPrecisionRecallCurve(precisionRecallCurve(yTest, scores), PR_CURVE_MAX_POINTS);
    const baseline = calibration ? binScores(scores, PREDICTION_SCORE_BUCKETS) : undefined;
    return { metrics, prCurve, svmAccuracy: correct / yTest.length, baseline };
  });

  const cvFolds = how.cvFolds;
  const cv = cvFolds ? timed('cross-validate', () => crossValidate(Xtrain, yTrain, cvFolds, svmOptions, seed)) : null;
  return {
    ...(evaluation.baseline ? { baseline: evaluation.baseline } : {}),
    head: { label, coef: Array.from(model.coef), intercept: model.intercept, calibration },
    report: {
      label,
      trained: true,
      ...counts,
      metrics: evaluation.metrics,
      prCurve: evaluation.prCurve,
      svmAccuracy: evaluation.svmAccuracy,
      solver: { iterations: model.iterations, converged: model.converged, supportVectors: model.supportVectors },
      ...(cv ? { cv } : {}),
    },
  };
}

/**
 * Platt scaling on cross-validated decision values of the training part (as LIBSVM does), so the
 * sigmoid is fitted on scores of comments the model did not see; null when a fold has one class.
 */
function plattOnHeldOutFolds(
  X: CsrMatrix,
  y: Uint8Array,
  folds: number,
  svmOptions: SvmOptions,
  seed: number,
): { a: number; b: number } | null {
  const decisions = new Float64Array(y.length);
  for (const fold of stratifiedKFold([y], folds, seed)) {
    const Xa = selectRows(X, fold.train);
    const ya = Uint8Array.from(fold.train, (i) => y[i]);
    if (classDistribution(ya).positive === 0 || classDistribution(ya).negative === 0) return null;
    const m = trainLinearSvm(Xa, ya, svmOptions);
    const d = csrDot(selectRows(X, fold.test), m.coef, m.intercept);
    fold.test.forEach((row, j) => (decisions[row] = d[j]!));
  }
  const fit = fitPlattCalibration(decisions, y);
  return { a: fit.a, b: fit.b };
}

function trainedAtOf(context: TrainContext): string {
  return context.now.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `<yyyymmdd.hhmmss>-<first 8 hex digits of the data hash>`. */
function modelVersion(context: TrainContext): string {
  const trainedAt = trainedAtOf(context);
  return `${trainedAt.slice(0, 19).replace(/[-:]/g, '').replace('T', '.')}-${context.dataHash.replace(/^sha256:/, '').slice(0, 8)}`;
}

/** The headline metrics of each trained label, as the artifact records them. */
function artifactMetrics(reports: readonly LabelReport[]): Record<string, JsonValue> {
  const metrics: Record<string, JsonValue> = {};
  for (const r of reports) {
    if (!r.metrics) continue;
    metrics[r.label] = {
      accuracy: r.metrics.accuracy,
      precision: r.metrics.precision,
      recall: r.metrics.recall,
      f1: r.metrics.f1,
      rocAuc: r.metrics.rocAuc,
      prAuc: r.metrics.prAuc,
      threshold: r.metrics.threshold,
      support: r.metrics.support,
    };
  }
  return metrics;
}

/** DEFAULT_MODEL_CLEANING with its mask step chosen by `maskPii` and `piiTagger`. */
export function defaultCleaning(options: Pick<TrainOptions, 'maskPii' | 'piiTagger'>): CleaningStep[] {
  const mask: CleaningStep =
    options.maskPii === false ? 'mask-contacts' : options.piiTagger === true ? 'mask-pii-tagger' : 'mask-pii';
  return DEFAULT_MODEL_CLEANING.map((step) => (step === 'mask-pii' ? mask : step));
}

function crossValidate(
  X: CsrMatrix,
  y: Uint8Array,
  k: number,
  svmOptions: Parameters<typeof trainLinearSvm>[2],
  seed: number,
): NonNullable<LabelReport['cv']> {
  const aucs: number[] = [];
  const f1s: number[] = [];
  for (const fold of stratifiedKFold([y], k, seed)) {
    const ya = Uint8Array.from(fold.train, (i) => y[i]);
    const yb = Uint8Array.from(fold.test, (i) => y[i]);
    const da = classDistribution(ya);
    if (da.positive === 0 || da.negative === 0) continue;
    const m = trainLinearSvm(selectRows(X, fold.train), ya, svmOptions);
    const d = csrDot(selectRows(X, fold.test), m.coef, m.intercept);
    const metrics = binaryMetrics(yb, d, 0);
    if (metrics.rocAuc !== null) aucs.push(metrics.rocAuc);
    f1s.push(metrics.f1);
  }
  return { folds: k, rocAuc: aucs.length ? meanStd(aucs) : null, f1: meanStd(f1s) };
}

function meanStd(values: readonly number[]): { mean: number; std: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
  return { mean, std: Math.sqrt(variance) };
}
