import { createSparseKernels, sparseKernelModuleBytes, wasmKernelsAvailable } from '../../../src/ml/sparse-kernels';

describe('sparse kernels', () => {
  const indices = Int32Array.from([0, 2, 1, 2]);
  const data = Float64Array.from([1.5, -2, 0.5, 4]);

  it('assembles a valid WebAssembly module', () => {
    const wasm = (globalThis as unknown as { WebAssembly: { validate(b: Uint8Array): boolean } }).WebAssembly;
    expect(wasm.validate(sparseKernelModuleBytes())).toBe(true);
    expect(wasmKernelsAvailable()).toBe(true);
  });

  it.each(['wasm', 'js'] as const)('computes gathered dot products and scattered updates (%s)', (kind) => {
    const k = createSparseKernels(indices, data, 3, kind);
    expect(k.kind).toBe(kind);
    expect(Array.from(k.w)).toEqual([0, 0, 0]);
    k.w.set([1, 10, 100]);
    // Row 0: entries 0..1 → 1·1.5 + 100·(−2); row 1: entries 2..3 → 10·0.5 + 100·4.
    expect(k.dot(0, 2)).toBe(1.5 - 200);
    expect(k.dot(2, 4)).toBe(5 + 400);
    expect(k.dot(1, 1)).toBe(0);
    k.axpy(2, 2, 4); // w[1] += 2·0.5, w[2] += 2·4
    expect(Array.from(k.w)).toEqual([1, 11, 108]);
  });

  it('throws when indices and data differ in length', () => {
    expect(() => createSparseKernels(Int32Array.from([0]), new Float64Array(2), 1)).toThrow(
      'indices and data differ in length: 1 vs 2',
    );
  });
});
