/**
 * Linear SVM training by dual coordinate descent, the algorithm of liblinear's `solve_l2r_l1l2_svc`
 * (C.-J. Hsieh, K.-W. Chang, C.-J. Lin, S. S. Keerthi, S. Sundararajan, "A Dual Coordinate Descent Method
 * for Large-scale Linear SVM", ICML 2008, Algorithm 1 with the shrinking of Section 3.2).
 *
 * Primal, with w including the bias weight (liblinear's `-B`: every x gets an extra feature of value B):
 *   min_w ½‖w‖² + Σ_i C_i ξ(w; x_i, y_i),  ξ = max(0, 1 − y wᵀx) (hinge, L1-loss) or its square (L2-loss)
 * Dual: min_α f(α) = ½ αᵀ(Q + D)α − eᵀα, 0 ≤ α_i ≤ U_i, with Q_ij = y_i y_j x_iᵀx_j and
 *   L1-loss: D = 0, U_i = C_i;  L2-loss: D_ii = 1 / (2 C_i), U_i = ∞.
 * Each step minimizes f over one α_i exactly (α_i ← clip(α_i − G/Q̄_ii)) while keeping w = Σ y_i α_i x_i;
 * coordinates are visited in a fresh random order each pass; a coordinate whose projected gradient says it
 * will stay at a bound is shrunk out of the active set; the solver stops when every projected gradient of
 * a pass lies within [−eps, eps] (and their spread ≤ eps), re-checking every coordinate before it stops.
 * C_i = C · classWeight(y_i) · sampleWeight_i, as scikit-learn passes to its liblinear.
 */
import type { LinearHead, PlattCalibration } from './model-artifact';
import type { CsrMatrix } from './sparse-matrix';
import { SeededRandom } from './seeded-random';
import { createSparseKernels, type KernelChoice, type SparseKernels } from './sparse-kernels';

/** Loss names as scikit-learn's LinearSVC (`hinge` = liblinear -s 3, `squared_hinge` = liblinear -s 1). */
export type SvmLoss = 'hinge' | 'squared_hinge';

/** Weights per class: 'balanced' (n / (2 · count)) or explicit weights for the negative and positive class. */
export type ClassWeight = 'balanced' | { readonly negative: number; readonly positive: number };

/** Options of `trainLinearSvm`; defaults are scikit-learn's `LinearSVC(dual=True)`. */
export interface LinearSvmOptions {
  /**
   * Regularization: larger C fits the training data harder.
   * @default 1
   */
  readonly C?: number;
  /** @default 'squared_hinge' */
  readonly loss?: SvmLoss;
  /**
   * Value of the constant feature appended to every row (liblinear `-B`, scikit-learn
   * `intercept_scaling`); its weight is regularized like the others. null: no intercept.
   * @default 1
   */
  readonly bias?: number | null;
  /** @default null (all 1) */
  readonly classWeight?: ClassWeight | null;
  /** Per-row weights multiplying C. @default all 1 */
  readonly sampleWeight?: ArrayLike<number> | null;
  /**
   * Stopping tolerance on the projected-gradient spread (liblinear `-e`, scikit-learn `tol`).
   * @default 1e-4
   */
  readonly tol?: number;
  /** @default 1000 */
  readonly maxIter?: number;
  /** Shrink coordinates stuck at a bound (Hsieh et al. 2008, §3.2). @default true */
  readonly shrinking?: boolean;
  /** Seed of the coordinate order. @default 0 */
  readonly seed?: number;
  /**
   * Inner-loop implementation (sparse-kernels.ts): WebAssembly when available, or plain JavaScript.
   * Both do the same arithmetic in the same order.
   * @default 'auto'
   */
  readonly kernels?: KernelChoice;
}

/** A trained binary linear SVM. decision(x) = coef · x + intercept; positive class when > 0. */
export interface LinearSvmModel {
  readonly coef: Float64Array;
  /** bias · w_bias (0 without bias). */
  readonly intercept: number;
  /** Outer passes over the (active) coordinates. */
  readonly iterations: number;
  /** False when maxIter was reached before the tolerance. */
  readonly converged: boolean;
  /** Dual objective D(α) = eᵀα − ½αᵀ(Q + D)α (≤ the optimum; liblinear prints −D as "Objective value"). */
  readonly dualObjective: number;
  /** Primal objective P(w) at the returned w (≥ the optimum); P − D is the duality gap. Computed on first read. */
  readonly primalObjective: number;
  /** Rows with α_i > 0. */
  readonly supportVectors: number;
  /** C_i of the positive and negative class (C · class weight). */
  readonly classC: { readonly negative: number; readonly positive: number };
}

interface Resolved {
  C: number;
  loss: SvmLoss;
  bias: number;
  tol: number;
  maxIter: number;
  shrinking: boolean;
  seed: number;
}

function positiveNumber(name: string, value: number): number {
  if (!(Number.isFinite(value) && value > 0)) throw new Error(`${name} must be a positive finite number, got ${value}`);
  return value;
}

function resolve(options: LinearSvmOptions): Resolved {
  const loss = options.loss ?? 'squared_hinge';
  if (loss !== 'hinge' && loss !== 'squared_hinge') {
    throw new Error(`loss must be 'hinge' or 'squared_hinge', got ${JSON.stringify(loss)}`);
  }
  const maxIter = options.maxIter ?? 1000;
  if (!Number.isInteger(maxIter) || maxIter < 1) throw new Error(`maxIter must be a positive integer, got ${maxIter}`);
  const bias = options.bias === undefined ? 1 : options.bias;
  if (bias !== null) positiveNumber('bias', bias);
  return {
    C: positiveNumber('C', options.C ?? 1),
    loss,
    bias: bias ?? 0,
    tol: positiveNumber('tol', options.tol ?? 1e-4),
    maxIter,
    shrinking: options.shrinking ?? true,
    seed: options.seed ?? 0,
  };
}

/** Signs (+1 / −1) of labels given as booleans, 0/1 or −1/+1: positive when > 0. */
function signs(y: ArrayLike<number | boolean>, rows: number): Float64Array {
  if (y.length !== rows) throw new Error(`labels have ${y.length} entries, the matrix ${rows} rows`);
  const out = new Float64Array(rows);
  let positives = 0;
  for (let i = 0; i < rows; i++) {
    const v = Number(y[i]);
    if (Number.isNaN(v)) throw new Error(`labels[${i}] is not a number: ${String(y[i])}`);
    out[i] = v > 0 ? 1 : -1;
    if (v > 0) positives++;
  }
  if (positives === 0 || positives === rows) {
    throw new Error(
      `labels must contain both classes to train a classifier, got only ${positives === 0 ? 'negative' : 'positive'} (${rows} rows)`,
    );
  }
  return out;
}

/** Per-class C for the given weights; 'balanced' = n / (2 · count), as scikit-learn's compute_class_weight. */
export function classCosts(
  C: number,
  ySigns: Float64Array,
  classWeight: ClassWeight | null | undefined,
): { negative: number; positive: number } {
  if (!classWeight) return { negative: C, positive: C };
  if (classWeight === 'balanced') {
    let pos = 0;
    for (const s of ySigns) if (s > 0) pos++;
    const n = ySigns.length;
    return { negative: (C * n) / (2 * (n - pos)), positive: (C * n) / (2 * pos) };
  }
  return {
    negative: C * positiveNumber('classWeight.negative', classWeight.negative),
    positive: C * positiveNumber('classWeight.positive', classWeight.positive),
  };
}

/**
 * A training matrix made ready for the solver once: its rows copied next to the weight vector (into
 * WebAssembly memory when the kernels run there), like liblinear reading a problem into its own row
 * format. Train several labels or settings on one `SvmProblem` to pay this once (`trainOneVsRest` does).
 * The matrix must not change afterwards.
 */
export class SvmProblem {
  readonly X: CsrMatrix;
  /** The inner loops and the weight vector they work on (reset by each training). */
  readonly kernels: SparseKernels;

  constructor(X: CsrMatrix, kernels: KernelChoice = 'auto') {
    if (X.indptr.length !== X.rows + 1 || X.indices.length !== X.indptr[X.rows]) {
      throw new Error(
        `malformed CSR matrix: ${X.rows} rows, indptr of ${X.indptr.length}, ${X.indices.length} entries`,
      );
    }
    this.X = X;
    this.kernels = createSparseKernels(X.indices, X.data, X.cols, kernels);
  }
}

/**
 * Trains a binary linear SVM on the rows of `X` (a matrix, or an `SvmProblem` prepared from one) with labels
 * `y` (positive when > 0). Throws when the labels hold a single class or the options are invalid.
 */
export function trainLinearSvm(
  X: CsrMatrix | SvmProblem,
  y: ArrayLike<number | boolean>,
  options: LinearSvmOptions = {},
): LinearSvmModel {
  const o = resolve(options);
  const problem = X instanceof SvmProblem ? X : new SvmProblem(X, options.kernels ?? 'auto');
  const matrix = problem.X;
  const l = matrix.rows;
  const n = matrix.cols;
  const ys = signs(y, l);
  const classC = classCosts(o.C, ys, options.classWeight);
  const sw = options.sampleWeight ?? null;
  if (sw && sw.length !== l) throw new Error(`sampleWeight has ${sw.length} entries, the matrix ${l} rows`);

  const l2 = o.loss === 'squared_hinge';
  const diag = new Float64Array(l);
  const upper = new Float64Array(l);
  const QD = new Float64Array(l);
  const { indptr, data } = matrix;
  const B = o.bias;
  const B2 = B * B;
  for (let i = 0; i < l; i++) {
    let Ci = ys[i] > 0 ? classC.positive : classC.negative;
    if (sw) Ci *= positiveNumber(`sampleWeight[${i}]`, sw[i]);
    diag[i] = l2 ? 0.5 / Ci : 0;
    upper[i] = l2 ? Infinity : Ci;
    let sq = B2;
    for (let p = indptr[i]; p < indptr[i + 1]; p++) sq += data[p] * data[p];
    QD[i] = sq + diag[i];
  }

  const { dot, axpy, w } = problem.kernels;
  w.fill(0);
  let wb = 0;
  const alpha = new Float64Array(l);
  const index = new Int32Array(l);
  for (let i = 0; i < l; i++) index[i] = i;
  const rng = new SeededRandom(o.seed);
  let active = l;
  let PGmaxOld = Infinity;
  let PGminOld = -Infinity;
  let iter = 0;
  const eps = o.tol;
  const shrinking = o.shrinking;

  while (iter < o.maxIter) {
    let PGmaxNew = -Infinity;
    let PGminNew = Infinity;
    for (let s = 0; s < active; s++) {
      const j = s + rng.nextInt(active - s);
      const t = index[s];
      index[s] = index[j]!;
      index[j] = t;
    }
    for (let s = 0; s < active; s++) {
      const i = index[s];
      const yi = ys[i];
      const start = indptr[i];
      const end = indptr[i + 1];
      const xw = wb * B + dot(start, end);
      const ai = alpha[i];
      const G = yi * xw - 1 + ai * diag[i];
      const Ui = upper[i];
      let PG = 0;
      if (ai === 0) {
        if (G > PGmaxOld && shrinking) {
          active--;
          index[s] = index[active]!;
          index[active] = i;
          s--;
          continue;
        } else if (G < 0) PG = G;
      } else if (ai === Ui) {
        if (G < PGminOld && shrinking) {
          active--;
          index[s] = index[active]!;
          index[active] = i;
          s--;
          continue;
        } else if (G > 0) PG = G;
      } else PG = G;
      if (PG > PGmaxNew) PGmaxNew = PG;
      if (PG < PGminNew) PGminNew = PG;
      if (PG > 1e-12 || PG < -1e-12) {
        let next = ai - G / QD[i];
        if (next < 0) next = 0;
        else if (next > Ui) next = Ui;
        alpha[i] = next;
        const d = (next - ai) * yi;
        axpy(d, start, end);
        wb += d * B;
      }
    }
    iter++;
    // liblinear ≥ 2.40 also requires |PGmax|, |PGmin| ≤ eps: with every PG equal and non-zero (tiny
    // problems) the spread alone would stop far from the optimum.
    if (PGmaxNew - PGminNew <= eps && Math.abs(PGmaxNew) <= eps && Math.abs(PGminNew) <= eps) {
      if (active === l) break;
      // Converged on the active set: un-shrink and check every coordinate once more.
      active = l;
      PGmaxOld = Infinity;
      PGminOld = -Infinity;
      continue;
    }
    PGmaxOld = PGmaxNew <= 0 ? Infinity : PGmaxNew;
    PGminOld = PGminNew >= 0 ? -Infinity : PGminNew;
  }
  const converged = iter < o.maxIter;

  // Objectives. Dual in maximization form: D = Σα − ½(‖w‖² + Σ α_i² D_ii).
  let ww = wb * wb;
  for (let j = 0; j < n; j++) ww += w[j] * w[j];
  let sumAlpha = 0;
  let alphaDiag = 0;
  let sv = 0;
  for (let i = 0; i < l; i++) {
    sumAlpha += alpha[i];
    alphaDiag += alpha[i] * alpha[i] * diag[i];
    if (alpha[i] > 0) sv++;
  }
  const dualObjective = sumAlpha - 0.5 * (ww + alphaDiag);
  const coef = w.slice();
  const intercept = B === 0 ? 0 : wb * B;
  const costOf = (i: number) => (ys[i] > 0 ? classC.positive : classC.negative) * (sw ? sw[i] : 1);
  let primal: number | undefined;
  return {
    coef,
    intercept,
    iterations: iter,
    converged,
    dualObjective,
    // Computed on first read: it costs a pass over X, which training itself does not need.
    get primalObjective(): number {
      primal ??= primalObjectiveOf(matrix, ys, coef, wb, B, o.loss, costOf);
      return primal;
    },
    supportVectors: sv,
    classC,
  };
}

function primalObjectiveOf(
  X: CsrMatrix,
  ys: Float64Array,
  coef: Float64Array,
  wb: number,
  B: number,
  loss: SvmLoss,
  costOf: (i: number) => number,
): number {
  let ww = wb * wb;
  for (let j = 0; j < coef.length; j++) ww += coef[j] * coef[j];
  let sum = 0;
  for (let i = 0; i < X.rows; i++) {
    let dot = wb * B;
    for (let p = X.indptr[i]; p < X.indptr[i + 1]; p++) dot += coef[X.indices[p]] * X.data[p];
    const slack = Math.max(0, 1 - ys[i] * dot);
    sum += costOf(i) * (loss === 'hinge' ? slack : slack * slack);
  }
  return 0.5 * ww + sum;
}

/**
 * The primal objective ½(‖coef‖² + (intercept/bias)²) + Σ C_i loss_i of any linear model on (X, y), with
 * the same C_i as training (for comparing solvers, e.g. with scikit-learn's coef_/intercept_).
 */
export function linearSvmPrimalObjective(
  X: CsrMatrix,
  y: ArrayLike<number | boolean>,
  coef: ArrayLike<number>,
  intercept: number,
  options: LinearSvmOptions = {},
): number {
  const o = resolve(options);
  const ys = signs(y, X.rows);
  if (coef.length !== X.cols) throw new Error(`coef has ${coef.length} entries, the matrix ${X.cols} columns`);
  const classC = classCosts(o.C, ys, options.classWeight);
  const sw = options.sampleWeight ?? null;
  const wb = o.bias === 0 ? 0 : intercept / o.bias;
  return primalObjectiveOf(
    X,
    ys,
    Float64Array.from(coef),
    wb,
    o.bias,
    o.loss,
    (i) => (ys[i] > 0 ? classC.positive : classC.negative) * (sw ? sw[i] : 1),
  );
}

/**
 * One-vs-rest: one binary SVM per label column (`labels[k][i]` > 0 when row i has label k), each trained
 * independently with the same options (and seed).
 */
export function trainOneVsRest(
  X: CsrMatrix | SvmProblem,
  labels: readonly ArrayLike<number | boolean>[],
  options: LinearSvmOptions = {},
): LinearSvmModel[] {
  const problem = X instanceof SvmProblem ? X : new SvmProblem(X, options.kernels ?? 'auto');
  return labels.map((y, k) => {
    try {
      return trainLinearSvm(problem, y, options);
    } catch (err) {
      throw new Error(`label ${k}: ${(err as Error).message}`);
    }
  });
}

/**
 * The artifact head of a trained model: plain number arrays (a Float64Array would serialize to JSON as an
 * object), with an optional Platt calibration.
 */
export function toLinearHead(
  label: string,
  model: LinearSvmModel,
  calibration: PlattCalibration | null = null,
): LinearHead {
  return {
    label,
    coef: Array.from(model.coef),
    intercept: model.intercept,
    calibration: calibration ? { a: calibration.a, b: calibration.b } : null,
  };
}
