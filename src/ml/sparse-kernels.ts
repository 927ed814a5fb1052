/**
 * The two inner loops of dual coordinate descent over sparse rows — a gathered dot product
 * Σ w[indices[p]]·data[p] and a scattered update w[indices[p]] += a·data[p] — in two forms with the same
 * arithmetic (one accumulator, in row order):
 *
 * - `wasm`: a tiny WebAssembly module whose bytes are assembled below, in TypeScript, when first needed
 *   (no binary blob, no build step, no native code). Linear-memory loads need no per-element bounds check,
 *   which makes these loops about 3× faster than the same loops on JavaScript typed arrays (measured on
 *   SpamAssassin's TF-IDF matrix: 14 passes of dot+update in 24 ms vs 78 ms; gcc -O2 C: 18–24 ms);
 * - `js`: plain typed-array loops, used when WebAssembly is unavailable or asked for.
 *
 * WebAssembly binary format: https://webassembly.github.io/spec/core/binary/ (sections, LEB128, opcodes).
 */

/** Dot product and update over the rows of one sparse matrix, against one weight vector `w`. */
export interface SparseKernels {
  readonly kind: 'wasm' | 'js';
  /** The weights (length n), zero-initialized. With `wasm` a view on the module's memory. */
  readonly w: Float64Array;
  /** Σ w[indices[p]]·data[p] for p in [start, end). */
  readonly dot: (start: number, end: number) => number;
  /** w[indices[p]] += a·data[p] for p in [start, end). */
  readonly axpy: (a: number, start: number, end: number) => void;
}

/** Which implementation to use: WebAssembly when available (default), or plain JavaScript. */
export type KernelChoice = 'auto' | 'wasm' | 'js';

/** The part of the WebAssembly JS API used here (lib "dom" is not loaded in this project). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number }) => { readonly buffer: ArrayBuffer };
}
const wasmApi = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

// ---- WebAssembly assembly -------------------------------------------------------------------------

const I32 = 0x7f;
const F64 = 0x7c;
const OP = {
  block: 0x02,
  loop: 0x03,
  br: 0x0c,
  brIf: 0x0d,
  end: 0x0b,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Load: 0x28,
  f64Load: 0x2b,
  f64Store: 0x39,
  i32Const: 0x41,
  f64Const: 0x44,
  i32GeU: 0x4f,
  i32Add: 0x6a,
  i32Shl: 0x74,
  f64Add: 0xa0,
  f64Mul: 0xa2,
  void: 0x40,
} as const;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, bytes: number[]): number[] => [id, ...uleb(bytes.length), ...bytes];
const name = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
const get = (i: number) => [OP.localGet, i];
const set = (i: number) => [OP.localSet, i];
/** Memory access immediates: alignment exponent, offset 0. */
const loadI32 = [OP.i32Load, 2, 0];
const loadF64 = [OP.f64Load, 3, 0];
const storeF64 = [OP.f64Store, 3, 0];
/** byteAddress = base + (index << shift). */
const address = (base: number, index: number, shift: number) => [
  ...get(base),
  ...get(index),
  OP.i32Const,
  shift,
  OP.i32Shl,
  OP.i32Add,
];

/**
 * dot(w, ind, dat, start, end) -> f64, with locals pi, pd, pEnd (i32) and acc (f64):
 *   pi = ind + 4·start; pd = dat + 8·start; pEnd = ind + 4·end
 *   while (pi < pEnd) { acc += f64[w + (i32[pi] << 3)] · f64[pd]; pi += 4; pd += 8 }
 */
function dotFunction(): number[] {
  const [w, ind, dat, start, end, pi, pd, pEnd, acc] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const code = [
    ...address(ind, start, 2), ...set(pi),
    ...address(dat, start, 3), ...set(pd),
    ...address(ind, end, 2), ...set(pEnd),
    OP.block, OP.void, OP.loop, OP.void,
    ...get(pi), ...get(pEnd), OP.i32GeU, OP.brIf, 1,
    ...get(acc),
    ...get(w), ...get(pi), ...loadI32, OP.i32Const, 3, OP.i32Shl, OP.i32Add, ...loadF64,
    ...get(pd), ...loadF64,
    OP.f64Mul, OP.f64Add, ...set(acc),
    ...get(pi), OP.i32Const, 4, OP.i32Add, ...set(pi),
    ...get(pd), OP.i32Const, 8, OP.i32Add, ...set(pd),
    OP.br, 0,
    OP.end, OP.end,
    ...get(acc), OP.end,
  ]; // prettier-ignore
  const locals = vec([
    [3, I32],
    [1, F64],
  ]);
  return [...uleb(locals.length + code.length), ...locals, ...code];
}

/**
 * axpy(a, w, ind, dat, start, end), with locals pi, pd, pEnd, at (i32):
 *   while (pi < pEnd) { at = w + (i32[pi] << 3); f64[at] = f64[at] + a · f64[pd]; pi += 4; pd += 8 }
 */
function axpyFunction(): number[] {
  const [a, w, ind, dat, start, end, pi, pd, pEnd, at] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const code = [
    ...address(ind, start, 2), ...set(pi),
    ...address(dat, start, 3), ...set(pd),
    ...address(ind, end, 2), ...set(pEnd),
    OP.block, OP.void, OP.loop, OP.void,
    ...get(pi), ...get(pEnd), OP.i32GeU, OP.brIf, 1,
    ...get(w), ...get(pi), ...loadI32, OP.i32Const, 3, OP.i32Shl, OP.i32Add, OP.localTee, at,
    ...get(at), ...loadF64,
    ...get(a), ...get(pd), ...loadF64, OP.f64Mul, OP.f64Add,
    ...storeF64,
    ...get(pi), OP.i32Const, 4, OP.i32Add, ...set(pi),
    ...get(pd), OP.i32Const, 8, OP.i32Add, ...set(pd),
    OP.br, 0,
    OP.end, OP.end, OP.end,
  ]; // prettier-ignore
  const locals = vec([[4, I32]]);
  return [...uleb(locals.length + code.length), ...locals, ...code];
}

/** The module: imports env.memory, exports dot (type 0) and axpy (type 1). */
export function sparseKernelModuleBytes(): Uint8Array {
  const dotType = [0x60, ...vec([[I32], [I32], [I32], [I32], [I32]]), ...vec([[F64]])];
  const axpyType = [0x60, ...vec([[F64], [I32], [I32], [I32], [I32], [I32]]), ...vec([])];
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([dotType, axpyType])),
    ...section(2, vec([[...name('env'), ...name('memory'), 0x02, 0x00, ...uleb(1)]])),
    ...section(3, vec([[0], [1]])),
    ...section(7, vec([[...name('dot'), 0x00, 0], [...name('axpy'), 0x00, 1]])),
    ...section(10, vec([dotFunction(), axpyFunction()])),
  ]; // prettier-ignore
  return Uint8Array.from(bytes);
}

let compiled: object | null | undefined;

function wasmModule(): object | null {
  if (compiled === undefined) {
    try {
      compiled = wasmApi ? new wasmApi.Module(sparseKernelModuleBytes()) : null;
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/** Whether the WebAssembly kernels can run here. */
export function wasmKernelsAvailable(): boolean {
  return wasmModule() !== null;
}

const PAGE = 65536;
/** Linear memory is addressed with i32: keep well under 2 GiB. */
const MAX_WASM_BYTES = 2 ** 31 - PAGE;

function wasmKernels(indices: Int32Array, data: Float64Array, n: number): SparseKernels | null {
  const module = wasmModule();
  if (!module || !wasmApi) return null;
  const nnz = indices.length;
  const wBytes = n * 8;
  const indOffset = wBytes;
  const datOffset = indOffset + nnz * 4 + ((8 - ((nnz * 4) % 8)) % 8);
  const total = datOffset + nnz * 8;
  if (total > MAX_WASM_BYTES) return null;
  const memory = new wasmApi.Memory({ initial: Math.max(1, Math.ceil(total / PAGE)) });
  const instance = new wasmApi.Instance(module, { env: { memory } });
  const exports = instance.exports as unknown as {
    dot: (w: number, ind: number, dat: number, start: number, end: number) => number;
    axpy: (a: number, w: number, ind: number, dat: number, start: number, end: number) => void;
  };
  new Int32Array(memory.buffer, indOffset, nnz).set(indices);
  new Float64Array(memory.buffer, datOffset, nnz).set(data);
  const { dot, axpy } = exports;
  return {
    kind: 'wasm',
    w: new Float64Array(memory.buffer, 0, n),
    dot: (start, end) => dot(0, indOffset, datOffset, start, end),
    axpy: (a, start, end) => axpy(a, 0, indOffset, datOffset, start, end),
  };
}

function jsKernels(indices: Int32Array, data: Float64Array, n: number): SparseKernels {
  const w = new Float64Array(n);
  return {
    kind: 'js',
    w,
    dot(start, end) {
      let s = 0;
      for (let p = start; p < end; p++) s += w[indices[p]] * data[p];
      return s;
    },
    axpy(a, start, end) {
      for (let p = start; p < end; p++) w[indices[p]] += a * data[p];
    },
  };
}

/**
 * Kernels over a matrix's `indices`/`data` (copied when WebAssembly is used) and a zeroed weight vector
 * of length `n`. 'auto' uses WebAssembly when available and the data fits its 32-bit memory.
 */
export function createSparseKernels(
  indices: Int32Array,
  data: Float64Array,
  n: number,
  choice: KernelChoice = 'auto',
): SparseKernels {
  if (indices.length !== data.length) {
    throw new Error(`indices and data differ in length: ${indices.length} vs ${data.length}`);
  }
  if (choice !== 'js') {
    const k = wasmKernels(indices, data, n);
    if (k) return k;
    if (choice === 'wasm') throw new Error('WebAssembly kernels are not available here (or the matrix is too large)');
  }
  return jsKernels(indices, data, n);
}
