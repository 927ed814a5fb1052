import { describeValue as describeJson } from '../../src/common';

/** Problems found in a build config, and how they are printed: `steps[3].waitFor[0]: unknown step id "tets"`. */

export type Severity = 'error' | 'warning';

/** One problem, e.g. `steps[3].waitFor[0]: unknown step id "tets"`. */
export interface BuildProblem {
  /** Printable path: `steps[3].waitFor[0]`, `substitutions._REGION`, `(root)`. */
  readonly path: string;
  /** The same path as keys and indexes. */
  readonly segments: readonly (string | number)[];
  readonly message: string;
  /** Errors make the file unusable (or break manual runs); warnings are accepted by Cloud Build. */
  readonly severity: Severity;
  /** 1-based line in the YAML text, when validated from text. */
  readonly line?: number;
}

export type Segments = readonly (string | number)[];
export type Obj = Record<string, unknown>;

export const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
export const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

/** `steps[3].waitFor[0]` from `['steps', 3, 'waitFor', 0]`. */
export function formatPath(segments: Segments): string {
  if (segments.length === 0) return '(root)';
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(s)) out += out === '' ? s : `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

/** `path: message` (warnings are marked), as the CLI prints it. */
export function formatProblem(p: BuildProblem): string {
  const where = p.line === undefined ? '' : `line ${p.line}: `;
  return `${where}${p.path}: ${p.severity === 'warning' ? 'warning: ' : ''}${p.message}`;
}

export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null (an empty value)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return describeJson(value, { maxLength: 60 });
}

/** Edit distance, for "did you mean" hints. */
export function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}

export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    const a = word.toLowerCase().replace(/-/g, '_');
    const b = c.toLowerCase();
    const contains = Math.min(a.length, b.length) >= 4 && (a.includes(b) || b.includes(a));
    const score = a === b ? 0 : contains ? 1 : distance(a, b);
    if (score < bestScore) {
      best = c;
      bestScore = score;
    }
  }
  return best !== undefined && bestScore <= Math.max(2, Math.floor(word.length / 4)) ? best : undefined;
}

export const hint = (suggestion: string | undefined) =>
  suggestion === undefined ? '' : `; did you mean "${suggestion}"?`;

export class Problems {
  readonly list: BuildProblem[] = [];
  add(segments: Segments, message: string, severity: Severity = 'error'): void {
    this.list.push({ path: formatPath(segments), segments: [...segments], message, severity });
  }
  warn(segments: Segments, message: string): void {
    this.add(segments, message, 'warning');
  }
  get errorCount(): number {
    return this.list.filter((p) => p.severity === 'error').length;
  }
}
