import { Duration } from 'cdk8s';

/**
 * Small, pure helpers that build PromQL text. Alert rules and dashboard panels are assembled from these
 * and from the metric-name constants, so no metric or label name is typed twice. Syntax follows
 * https://prometheus.io/docs/prometheus/latest/querying/basics/.
 */

/** One label matcher: a plain string means equality. */
export type LabelMatcher = string | { readonly op: '=' | '!=' | '=~' | '!~'; readonly value: string };

/** Matchers by label name, rendered in insertion order. */
export type LabelMatchers = Readonly<Record<string, LabelMatcher>>;

/** A PromQL string literal (double quotes; JSON escapes are valid Go/PromQL escapes). */
export function quote(value: string): string {
  return JSON.stringify(value);
}

/** `metric{a="b",c=~"x|y"}`; `{}` is left out when there are no matchers. */
export function selector(metric: string, matchers: LabelMatchers = {}): string {
  const parts = Object.entries(matchers).map(([name, m]) => {
    const { op, value } = typeof m === 'string' ? { op: '=', value: m } : m;
    return `${name}${op}${quote(value)}`;
  });
  return parts.length === 0 ? metric : `${metric}{${parts.join(',')}}`;
}

/** A regular expression (RE2) matching exactly one of `values`, with metacharacters escaped. */
export function anyOf(values: readonly string[]): string {
  if (values.length === 0) throw new Error('anyOf: at least one value is needed');
  return values.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
}

/** A Prometheus duration (`30s`, `5m`, `2h`) from a whole number of seconds. */
export function promDuration(d: Duration): string {
  const ms = d.toMilliseconds();
  if (ms <= 0 || ms % 1000 !== 0) {
    throw new Error(`promDuration: expected a positive whole number of seconds, got ${ms / 1000}s`);
  }
  const s = ms / 1000;
  if (s % 3600 === 0) return `${s / 3600}h`;
  if (s % 60 === 0) return `${s / 60}m`;
  return `${s}s`;
}

/** A PromQL number literal: shortest round-tripping decimal. */
export function num(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`num: expected a finite number, got ${value}`);
  return String(value);
}

const KEYWORDS = new Set(['and', 'or', 'unless', 'bool', 'offset', 'by', 'without', 'on', 'ignoring', 'inf', 'nan']);

/**
 * The metric names an expression selects, sorted and without duplicates. Strings, label matchers,
 * range and subquery brackets and grouping clauses are removed first; what remains and is not a
 * function call, keyword or number is a metric name. Enough for the expressions this project writes
 * (checked against the server's real exposition in tests); not a full PromQL parser.
 */
export function metricNamesIn(expr: string): string[] {
  let s = expr.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, ' ');
  s = s.replace(/\{[^}]*\}/g, ' ');
  s = s.replace(/\[[^\]]*\]/g, ' ');
  s = s.replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  s = s.replace(/\b(?:group_left|group_right)\b/g, ' ');
  const names = new Set<string>();
  const token = /(?<![\w.$])[a-zA-Z_:][a-zA-Z0-9_:]*(?![\w(])(?!\s*\()/g;
  for (const match of s.matchAll(token)) {
    const name = match[0];
    if (!KEYWORDS.has(name.toLowerCase())) names.add(name);
  }
  return [...names].sort();
}
