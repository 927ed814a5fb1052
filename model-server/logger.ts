/**
 * JSON-lines logger for Cloud Logging: one JSON object per line on stdout, with the special fields
 * the logging agent understands (`severity`, `message`, `time`, `httpRequest`; see
 * cloud.google.com/logging/docs/structured-logging). Comment text must never reach the logs:
 * fields that could carry it (`text`, `texts`, `body`) and credentials (`authorization`, `token`)
 * are replaced by `[redacted]` wherever they appear, and callers log lengths and counts instead.
 */

/** Cloud Logging severities used here, lowest first. */
export const SEVERITIES = ['DEBUG', 'INFO', 'NOTICE', 'WARNING', 'ERROR', 'CRITICAL'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Structured fields of a log entry. */
export type LogFields = Readonly<Record<string, unknown>>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  notice(message: string, fields?: LogFields): void;
  warning(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** Whether entries of this severity are written (to skip building costly fields). */
  enabled(severity: Severity): boolean;
}

export interface JsonLoggerOptions {
  /** Receives each line, newline included (`process.stdout.write` in entry points). */
  readonly write: (line: string) => void;
  /**
   * Lowest severity written.
   * @default INFO
   */
  readonly level?: Severity;
  /** Clock, for the `time` field. @default Date.now */
  readonly now?: () => number;
  /** Fields added to every entry (e.g. `logging.googleapis.com/labels`). */
  readonly base?: LogFields;
}

/** Keys whose values are never written: comment text and credentials. */
export const REDACTED_KEYS: ReadonlySet<string> = new Set(['text', 'texts', 'body', 'authorization', 'token']);

/** Parses a `LOG_LEVEL` value (case-insensitive; `warn` is accepted for WARNING). */
export function parseSeverity(value: string): Severity {
  const upper = value.trim().toUpperCase();
  const normalized = upper === 'WARN' ? 'WARNING' : upper;
  if ((SEVERITIES as readonly string[]).includes(normalized)) return normalized as Severity;
  throw new Error(`LOG_LEVEL must be one of ${SEVERITIES.join(', ')} (case-insensitive), got ${JSON.stringify(value)}`);
}

function sanitize(value: unknown, depth: number): unknown {
  if (value instanceof Error) {
    return { name: value.name, message: value.message, ...(value.stack ? { stack: value.stack } : {}) };
  }
  if (value === null || typeof value !== 'object') {
    return typeof value === 'bigint' ? value.toString() : value;
  }
  if (depth > 6) return '[depth limit]';
  if (Array.isArray(value)) return value.map((v) => sanitize(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = REDACTED_KEYS.has(k.toLowerCase()) ? '[redacted]' : sanitize(v, depth + 1);
  }
  return out;
}

/** A logger writing one JSON object per line. */
export function createJsonLogger(options: JsonLoggerOptions): Logger {
  const threshold = SEVERITIES.indexOf(options.level ?? 'INFO');
  const now = options.now ?? Date.now;
  const base = options.base ? (sanitize(options.base, 0) as Record<string, unknown>) : {};
  const enabled = (severity: Severity) => SEVERITIES.indexOf(severity) >= threshold;
  const log = (severity: Severity, message: string, fields?: LogFields) => {
    if (!enabled(severity)) return;
    const extra = fields ? (sanitize(fields, 0) as Record<string, unknown>) : {};
    // The special fields first (easier to read in a terminal), and fields can never overwrite them.
    const time = new Date(now()).toISOString();
    const entry: Record<string, unknown> = { severity, message, time, ...base, ...extra };
    entry.severity = severity;
    entry.message = message;
    entry.time = time;
    let line: string;
    try {
      line = JSON.stringify(entry);
    } catch {
      line = JSON.stringify({ severity, message, time, logError: 'fields could not be serialized' });
    }
    options.write(`${line}\n`);
  };
  return {
    debug: (m, f) => log('DEBUG', m, f),
    info: (m, f) => log('INFO', m, f),
    notice: (m, f) => log('NOTICE', m, f),
    warning: (m, f) => log('WARNING', m, f),
    error: (m, f) => log('ERROR', m, f),
    enabled,
  };
}

/** A logger that writes nothing (library default). */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  notice: () => undefined,
  warning: () => undefined,
  error: () => undefined,
  enabled: () => false,
};
