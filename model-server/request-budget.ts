import type { ServerConfig } from '../src/config';

/**
 * What one replica may hold in memory at worst, from the server settings, so a configuration that
 * would let concurrent maximal requests exceed the container's memory limit is refused at start-up
 * instead of being found by the OOM killer.
 *
 * The estimate, per the way the server works: bodies are received concurrently (at most
 * `maxLargeInFlight` of them up to the body limit, the others up to `largeBodyKiB`) and responses wait in
 * socket buffers concurrently (each at most the largest response), for at most `maxInFlight` requests; parsing, scoring and serializing run one request at a time (they are
 * synchronous), so their working set is counted once. A parsed JSON body can take about 16 times its
 * text (an array of empty objects); building an explained response several times its text.
 */
export interface MemoryBudget {
  /** Largest response body, in bytes. */
  readonly maxResponseBytes: number;
  /** Held per large request in flight: its body and its response (string and socket copy). */
  readonly perRequestBytes: number;
  /** Held per other request in flight (a body of at most `largeBodyKiB`). */
  readonly perSmallRequestBytes: number;
  /** Held once, for the request being computed. */
  readonly workingSetBytes: number;
  /** The process without requests: Node, the model and the libraries. */
  readonly baselineBytes: number;
  readonly totalBytes: number;
}

/** Model labels assumed for response sizes (a model of the original system has 6). */
export const ASSUMED_LABELS = 8;
/** Memory of the idle process with a 6-label, 100k-feature model, rounded up (the cold-start benchmark measures ~150 MiB RSS). */
export const BASELINE_MIB = 160;
/** The share of the container limit the budget may use (the rest is the garbage collector's slack). */
export const LIMIT_SHARE = 0.9;

const MiB = 1024 * 1024;

type BudgetSettings = Pick<
  ServerConfig,
  | 'maxInFlight'
  | 'maxLargeInFlight'
  | 'largeBodyKiB'
  | 'bodyLimitKiB'
  | 'maxBatchSize'
  | 'explainMaxBatchSize'
  | 'explainTopK'
  | 'explainMaxSpans'
  | 'maxReportedErrors'
>;

export function memoryBudget(s: BudgetSettings, labels = ASSUMED_LABELS): MemoryBudget {
  const body = s.bodyLimitKiB * 1024;
  // Per comment: the original API's fields (~160 bytes) plus ~90 bytes per label score.
  const plain = s.maxBatchSize * (160 + labels * 90);
  // Per contribution: the feature text, four numbers and the spans (~16 bytes each).
  const explained = s.explainMaxBatchSize * (160 + labels * (120 + s.explainTopK * (200 + s.explainMaxSpans * 16)));
  const problems = 1024 + s.maxReportedErrors * 256;
  const maxResponseBytes = Math.max(plain, explained, problems);
  const perRequestBytes = body + 2 * maxResponseBytes;
  // A small body can still ask for a full batch of short comments: its response is bounded the same way.
  const perSmallRequestBytes = Math.min(body, s.largeBodyKiB * 1024) + 2 * maxResponseBytes;
  const large = Math.min(s.maxLargeInFlight, s.maxInFlight);
  const workingSetBytes = 16 * body + 4 * maxResponseBytes;
  const baselineBytes = BASELINE_MIB * MiB;
  return {
    maxResponseBytes,
    perRequestBytes,
    perSmallRequestBytes,
    workingSetBytes,
    baselineBytes,
    totalBytes:
      baselineBytes + large * perRequestBytes + (s.maxInFlight - large) * perSmallRequestBytes + workingSetBytes,
  };
}

/** Throws a clear error naming the settings when the budget does not fit in the memory limit. */
export function checkMemoryBudget(s: BudgetSettings, memoryLimitMiB: number): MemoryBudget {
  const budget = memoryBudget(s);
  const allowed = memoryLimitMiB * MiB * LIMIT_SHARE;
  if (budget.totalBytes > allowed) {
    const mib = (b: number) => (b / MiB).toFixed(1);
    throw new Error(
      `server.maxInFlight (${s.maxInFlight}) requests, of which server.maxLargeInFlight (${s.maxLargeInFlight}) ` +
        `of up to ${mib(budget.perRequestBytes)} MiB each and the others up to ${mib(budget.perSmallRequestBytes)} MiB ` +
        `(server.bodyLimitKiB, largeBodyKiB, maxBatchSize, explainMaxBatchSize, explainTopK, explainMaxSpans), plus ` +
        `${mib(budget.workingSetBytes)} MiB for the request being computed and ${mib(budget.baselineBytes)} MiB ` +
        `for the process, need ${mib(budget.totalBytes)} MiB: more than ${LIMIT_SHARE * 100}% of ` +
        `resources.memoryLimitMiB (${memoryLimitMiB}); lower those limits or raise the memory limit`,
    );
  }
  return budget;
}
