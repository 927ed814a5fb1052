/**
 * Compressed sparse row (CSR) matrices in typed arrays, the layout of scipy's `csr_matrix`: row i's
 * entries are `indices[indptr[i]] … indices[indptr[i+1]-1]` (columns, increasing) with values in `data`.
 */
import type { SparseRow } from './feature-extractor';

/** A CSR matrix. `indptr.length === rows + 1`; `indices.length === data.length === indptr[rows]`. */
export interface CsrMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly data: Float64Array;
}

/** Builds a CSR matrix row by row, growing its arrays geometrically. */
export class CsrBuilder {
  private indptr: Int32Array;
  private indices = new Int32Array(1024);
  private data = new Float64Array(1024);
  private rows = 0;
  private nnz = 0;

  constructor(
    private readonly cols: number,
    expectedRows = 16,
  ) {
    this.indptr = new Int32Array(Math.max(expectedRows, 1) + 1);
  }

  private grow(extra: number): void {
    if (this.nnz + extra > this.indices.length) {
      const size = Math.max(this.nnz + extra, this.indices.length * 2);
      const indices = new Int32Array(size);
      indices.set(this.indices.subarray(0, this.nnz));
      const data = new Float64Array(size);
      data.set(this.data.subarray(0, this.nnz));
      this.indices = indices;
      this.data = data;
    }
    if (this.rows + 2 > this.indptr.length) {
      const indptr = new Int32Array(this.indptr.length * 2);
      indptr.set(this.indptr);
      this.indptr = indptr;
    }
  }

  /** Appends a row given as parallel column/value arrays (columns increasing). */
  push(columns: ArrayLike<number>, values: ArrayLike<number>, length = columns.length): void {
    this.grow(length);
    for (let k = 0; k < length; k++) {
      const c = columns[k];
      if (c < 0 || c >= this.cols) throw new RangeError(`column ${c} out of range [0, ${this.cols})`);
      this.indices[this.nnz] = c;
      this.data[this.nnz] = values[k]!;
      this.nnz++;
    }
    this.rows++;
    this.indptr[this.rows] = this.nnz;
  }

  /** Appends a `SparseRow` from a feature extractor. */
  pushRow(row: SparseRow): void {
    this.push(row.columns, row.values, row.length);
  }

  build(): CsrMatrix {
    return {
      rows: this.rows,
      cols: this.cols,
      indptr: this.indptr.slice(0, this.rows + 1),
      indices: this.indices.slice(0, this.nnz),
      data: this.data.slice(0, this.nnz),
    };
  }
}

/** A CSR matrix from dense rows (tests, small data); zeros are not stored. */
export function csrFromDense(rows: readonly (readonly number[])[], cols = rows[0]?.length ?? 0): CsrMatrix {
  const b = new CsrBuilder(cols, rows.length);
  for (const row of rows) {
    if (row.length !== cols) throw new RangeError(`every row must have ${cols} values, got ${row.length}`);
    const columns: number[] = [];
    const values: number[] = [];
    row.forEach((v, j) => {
      if (v !== 0) {
        columns.push(j);
        values.push(v);
      }
    });
    b.push(columns, values);
  }
  return b.build();
}

/** Dense copy (tests and small matrices only). */
export function csrToDense(m: CsrMatrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < m.rows; i++) {
    const row = new Array<number>(m.cols).fill(0);
    for (let p = m.indptr[i]; p < m.indptr[i + 1]; p++) row[m.indices[p]] = m.data[p]!;
    out.push(row);
  }
  return out;
}

/** The rows `rowIndices` of `m`, in that order (train/test splits, folds). */
export function selectRows(m: CsrMatrix, rowIndices: ArrayLike<number>): CsrMatrix {
  let nnz = 0;
  for (let r = 0; r < rowIndices.length; r++) {
    const i = rowIndices[r];
    if (!Number.isInteger(i) || i < 0 || i >= m.rows) throw new RangeError(`row ${i} out of range [0, ${m.rows})`);
    nnz += m.indptr[i + 1] - m.indptr[i];
  }
  const indptr = new Int32Array(rowIndices.length + 1);
  const indices = new Int32Array(nnz);
  const data = new Float64Array(nnz);
  let p = 0;
  for (let r = 0; r < rowIndices.length; r++) {
    const i = rowIndices[r];
    const from = m.indptr[i];
    const to = m.indptr[i + 1];
    indices.set(m.indices.subarray(from, to), p);
    data.set(m.data.subarray(from, to), p);
    p += to - from;
    indptr[r + 1] = p;
  }
  return { rows: rowIndices.length, cols: m.cols, indptr, indices, data };
}

/** y = M · w + b (one value per row). `w.length` must equal `m.cols`. */
export function csrDot(m: CsrMatrix, w: ArrayLike<number>, b = 0): Float64Array {
  if (w.length !== m.cols) throw new RangeError(`weights have ${w.length} entries, the matrix ${m.cols} columns`);
  const out = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) {
    let s = b;
    for (let p = m.indptr[i]; p < m.indptr[i + 1]; p++) s += m.data[p] * w[m.indices[p]];
    out[i] = s;
  }
  return out;
}
