/** Options of `describeValue`. */
export interface DescribeValueOptions {
  /** Longest text returned; longer JSON is cut with `...`. @default 80 */
  readonly maxLength?: number;
  /** Describe arrays by their length (`an array of 3`) instead of their JSON. @default false */
  readonly arraysAsLength?: boolean;
}

/**
 * A value as an error message shows it after "got": its JSON, cut to a readable length, `nothing`
 * for undefined, and `NaN`/`Infinity` spelled out (JSON would print `null`).
 */
export function describeValue(value: unknown, options: DescribeValueOptions = {}): string {
  const maxLength = options.maxLength ?? 80;
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (options.arraysAsLength && Array.isArray(value)) return `an array of ${value.length}`;
  const text = JSON.stringify(value);
  return text.length > maxLength ? `${text.slice(0, maxLength - 3)}...` : text;
}
