import { CsrBuilder, csrDot, csrFromDense, csrToDense, selectRows } from '../../../src/ml/sparse-matrix';

describe('sparse matrices', () => {
  const dense = [
    [0, 1.5, 0],
    [0, 0, 0],
    [2, 0, -1],
  ];

  it('stores rows in CSR form like scipy', () => {
    const m = csrFromDense(dense);
    expect(Array.from(m.indptr)).toEqual([0, 1, 1, 3]);
    expect(Array.from(m.indices)).toEqual([1, 0, 2]);
    expect(Array.from(m.data)).toEqual([1.5, 2, -1]);
    expect(csrToDense(m)).toEqual(dense);
  });

  it('selects rows in the given order', () => {
    expect(csrToDense(selectRows(csrFromDense(dense), [2, 0]))).toEqual([dense[2], dense[0]]);
  });

  it('computes M·w + b', () => {
    expect(Array.from(csrDot(csrFromDense(dense), [1, 2, 3], 0.5))).toEqual([3.5, 0.5, -0.5]);
  });

  it('grows past its initial capacity', () => {
    const b = new CsrBuilder(3000, 1);
    for (let i = 0; i < 5; i++)
      b.push(
        Array.from({ length: 600 }, (_, k) => k * 5),
        new Array<number>(600).fill(i),
      );
    const m = b.build();
    expect(m.rows).toBe(5);
    expect(m.indptr[5]).toBe(3000);
  });

  it('throws when a column is out of range or a row index is invalid', () => {
    expect(() => new CsrBuilder(2).push([2], [1])).toThrow('column 2 out of range [0, 2)');
    expect(() => selectRows(csrFromDense(dense), [3])).toThrow('row 3 out of range [0, 3)');
    expect(() => csrDot(csrFromDense(dense), [1])).toThrow('weights have 1 entries, the matrix 3 columns');
    expect(() => csrFromDense([[1, 2], [1]])).toThrow('every row must have 2 values, got 1');
  });
});
