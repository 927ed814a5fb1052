/**
 * The data-quality gate run before any retraining: every check of a new data file, as a
 * machine-readable report (logged to MLflow, printed as JSON) and a short human summary. Pure: the
 * command reads the file (with `readDataset`, which counts what it rejects) and hands over the
 * dataset, the read report, the byte count and the normalised texts of the frozen evaluation set.
 *
 * The checks the original system ran (required columns, row floor, class ratio 5–95 %, nulls and
 * empty texts, labels in {0, 1}) and, beyond them, duplicates (exact and after normalisation),
 * leakage of evaluation rows, encoding damage and a size cap. Nothing is dropped silently: every
 * rejected or damaged row is counted in the report.
 */
import type { DataQualityConfig } from '../config';
import type { LabelledDataset, ReadReport } from './read-dataset';

/** Version of the report document, for the readers of the JSON. */
export const DATA_QUALITY_REPORT_SCHEMA = 'toxicity.data-quality/v1';

export type DataQualityCheckId =
  | 'size-cap'
  | 'required-columns'
  | 'min-rows'
  | 'class-ratio'
  | 'empty-texts'
  | 'label-values'
  | 'encoding'
  | 'exact-duplicates'
  | 'near-duplicates'
  | 'eval-overlap';

export interface DataQualityCheck {
  readonly id: DataQualityCheckId;
  readonly passed: boolean;
  /** What was measured (a count or a share), for the report and the MLflow metrics. */
  readonly observed: number;
  /** The bound it was held to (the config setting). */
  readonly limit: number | readonly [number, number];
  /** One sentence saying what was found, in the words of the check. */
  readonly message: string;
  /** Details: per-label shares, example line numbers, the labels missing. */
  readonly details?: Readonly<Record<string, unknown>>;
}

export interface DataQualityReport {
  readonly schema: typeof DATA_QUALITY_REPORT_SCHEMA;
  readonly passed: boolean;
  readonly data: {
    readonly uri: string;
    readonly hash: string | null;
    readonly bytes: number;
    readonly rowsRead: number;
    readonly rowsUsed: number;
    readonly labels: readonly string[];
  };
  readonly evalSet: { readonly uri: string; readonly hash: string; readonly rows: number } | null;
  readonly checks: readonly DataQualityCheck[];
}

/** What the gate is given besides the policy. */
export interface DataQualityInput {
  readonly uri: string;
  readonly hash: string | null;
  readonly bytes: number;
  /** Null when the file could not be read as a dataset at all (the reason goes in `unreadable`). */
  readonly dataset: LabelledDataset | null;
  readonly read: ReadReport | null;
  /** Why the file is not a dataset (no text or label column, no rows…), when `dataset` is null. */
  readonly unreadable?: string;
  /** The frozen evaluation set (its texts normalised with `normaliseForDuplicates`), or null. */
  readonly evalSet?: {
    readonly uri: string;
    readonly hash: string;
    readonly normalisedTexts: ReadonlySet<string>;
  } | null;
}

/**
 * The key two texts share when they are near-duplicates: Unicode-compatibility folded, lower case,
 * every run of characters other than letters and digits collapsed to one space. "You IDIOT!!" and
 * "you idiot" share it; a changed word does not.
 */
export function normaliseForDuplicates(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Runs every check; a check that cannot be measured (no dataset) fails with the reason. */
export function checkDataQuality(input: DataQualityInput, policy: DataQualityConfig): DataQualityReport {
  const checks: DataQualityCheck[] = [];
  checks.push(sizeCap(input.bytes, policy.maxBytes));
  const { dataset, read } = input;
  if (dataset === null || read === null) {
    checks.push({
      id: 'required-columns',
      passed: false,
      observed: 0,
      limit: policy.requiredLabels.length,
      message: `the file is not a usable dataset: ${input.unreadable ?? 'it could not be read'}`,
      details: { required: ['text', ...policy.requiredLabels] },
    });
  } else {
    checks.push(requiredColumns(dataset, policy));
    checks.push(minRows(read.rowsUsed, policy.minRows));
    checks.push(classRatio(dataset, policy));
    checks.push(emptyTexts(read, policy.maxEmptyTextShare));
    checks.push(labelValues(read, policy.maxBadLabelShare));
    checks.push(encoding(read, policy.maxEncodingProblemShare));
    checks.push(...duplicates(dataset, policy));
    if (input.evalSet) checks.push(evalOverlap(dataset, input.evalSet.normalisedTexts, policy.maxEvalOverlapRows));
  }
  return {
    schema: DATA_QUALITY_REPORT_SCHEMA,
    passed: checks.every((c) => c.passed),
    data: {
      uri: input.uri,
      hash: input.hash,
      bytes: input.bytes,
      rowsRead: read?.rowsRead ?? 0,
      rowsUsed: read?.rowsUsed ?? 0,
      labels: dataset?.labels ?? [],
    },
    evalSet: input.evalSet
      ? { uri: input.evalSet.uri, hash: input.evalSet.hash, rows: input.evalSet.normalisedTexts.size }
      : null,
    checks,
  };
}

function sizeCap(bytes: number, max: number): DataQualityCheck {
  const passed = bytes <= max;
  return {
    id: 'size-cap',
    passed,
    observed: bytes,
    limit: max,
    message: passed
      ? `${bytes} bytes, within the cap of ${max}`
      : `${bytes} bytes is over the cap of ${max} (run the training as a Vertex AI job, or raise retraining.dataQuality.maxBytes)`,
  };
}

function requiredColumns(dataset: LabelledDataset, policy: DataQualityConfig): DataQualityCheck {
  const missing = policy.requiredLabels.filter((l) => !dataset.labels.includes(l));
  return {
    id: 'required-columns',
    passed: missing.length === 0,
    observed: policy.requiredLabels.length - missing.length,
    limit: policy.requiredLabels.length,
    message:
      missing.length === 0
        ? `the text and every required label column are present (${policy.requiredLabels.join(', ')})`
        : `missing label column(s) ${missing.join(', ')} (the file has ${dataset.labels.join(', ') || 'none'})`,
    ...(missing.length ? { details: { missing } } : {}),
  };
}

function minRows(rows: number, min: number): DataQualityCheck {
  const passed = rows >= min;
  return {
    id: 'min-rows',
    passed,
    observed: rows,
    limit: min,
    message: passed ? `${rows} usable rows (at least ${min})` : `only ${rows} usable rows; at least ${min} are needed`,
  };
}

function classRatio(dataset: LabelledDataset, policy: DataQualityConfig): DataQualityCheck {
  const shares: Record<string, number> = {};
  const outside: string[] = [];
  const n = dataset.texts.length;
  for (const label of policy.requiredLabels) {
    const k = dataset.labels.indexOf(label);
    if (k < 0) continue;
    let positives = 0;
    for (const y of dataset.targets[k]) positives += y;
    const share = n === 0 ? 0 : positives / n;
    shares[label] = share;
    if (n === 0 || share < policy.minPositiveShare || share > policy.maxPositiveShare) outside.push(label);
  }
  const worst = Object.values(shares).reduce(
    (w, s) => (Math.abs(s - 0.5) > Math.abs(w - 0.5) ? s : w),
    shares[policy.requiredLabels[0]] ?? 0,
  );
  const bounds = `${pct(policy.minPositiveShare)}–${pct(policy.maxPositiveShare)}`;
  return {
    id: 'class-ratio',
    passed: outside.length === 0,
    observed: worst,
    limit: [policy.minPositiveShare, policy.maxPositiveShare],
    message:
      outside.length === 0
        ? `positive share of every required label within ${bounds}`
        : `positive share outside ${bounds}: ${outside.map((l) => `${l} ${pct(shares[l] ?? 0)}`).join(', ')}`,
    details: { positiveShare: shares },
  };
}

function emptyTexts(read: ReadReport, maxShare: number): DataQualityCheck {
  const count = (read.skipped.missing_text ?? 0) + (read.skipped.empty_text ?? 0);
  return shareCheck('empty-texts', count, read.rowsRead, maxShare, 'rows with a missing or empty text');
}

function labelValues(read: ReadReport, maxShare: number): DataQualityCheck {
  const count = (read.skipped.bad_label ?? 0) + (read.skipped.unlabelled ?? 0);
  const check = shareCheck('label-values', count, read.rowsRead, maxShare, 'rows with a label outside {0, 1}');
  const lines = read.problems.filter((p) => p.reason === 'bad_label' || p.reason === 'unlabelled').map((p) => p.line);
  return lines.length ? { ...check, details: { firstLines: lines.slice(0, 10) } } : check;
}

function encoding(read: ReadReport, maxShare: number): DataQualityCheck {
  const malformed = (read.skipped.malformed_csv ?? 0) + (read.skipped.malformed_json ?? 0);
  const count = read.rowsWithReplacementChars + malformed;
  const check = shareCheck(
    'encoding',
    count,
    read.rowsRead,
    maxShare,
    'rows damaged (U+FFFD replacement characters kept, or malformed records rejected)',
  );
  return {
    ...check,
    details: {
      encoding: read.encoding,
      rowsWithReplacementChars: read.rowsWithReplacementChars,
      replacementChars: read.replacementChars,
      malformedRows: malformed,
      ...(read.stoppedEarly ? { stoppedEarly: read.stoppedEarly } : {}),
    },
    ...(read.stoppedEarly ? { passed: false, message: `reading stopped early: ${read.stoppedEarly}` } : {}),
  };
}

function duplicates(dataset: LabelledDataset, policy: DataQualityConfig): DataQualityCheck[] {
  const exact = new Set<string>();
  const near = new Map<string, number>();
  let exactRepeats = 0;
  let nearRepeats = 0;
  let conflicting = 0;
  const n = dataset.texts.length;
  const labelsOf = (i: number) => dataset.targets.map((t) => t[i]).join('');
  dataset.texts.forEach((text, i) => {
    if (exact.has(text)) exactRepeats++;
    else exact.add(text);
    const key = normaliseForDuplicates(text);
    const first = near.get(key);
    if (first === undefined) near.set(key, i);
    else {
      nearRepeats++;
      if (labelsOf(first) !== labelsOf(i)) conflicting++;
    }
  });
  const nearCheck = shareCheck(
    'near-duplicates',
    nearRepeats,
    n,
    policy.maxNearDuplicateShare,
    'rows repeating an earlier text up to case, punctuation and spacing',
  );
  return [
    shareCheck(
      'exact-duplicates',
      exactRepeats,
      n,
      policy.maxExactDuplicateShare,
      'rows repeating an earlier text exactly',
    ),
    { ...nearCheck, details: { ...nearCheck.details, conflictingLabels: conflicting } },
  ];
}

function evalOverlap(dataset: LabelledDataset, evalTexts: ReadonlySet<string>, maxRows: number): DataQualityCheck {
  let leaked = 0;
  for (const text of dataset.texts) if (evalTexts.has(normaliseForDuplicates(text))) leaked++;
  const passed = leaked <= maxRows;
  return {
    id: 'eval-overlap',
    passed,
    observed: leaked,
    limit: maxRows,
    message: passed
      ? `${leaked} rows found in the frozen evaluation set (at most ${maxRows})`
      : `${leaked} rows are in the frozen evaluation set (leakage; at most ${maxRows} allowed): remove them from the upload`,
  };
}

function shareCheck(
  id: DataQualityCheckId,
  count: number,
  total: number,
  maxShare: number,
  what: string,
): DataQualityCheck {
  const share = total === 0 ? 0 : count / total;
  const passed = share <= maxShare;
  return {
    id,
    passed,
    observed: share,
    limit: maxShare,
    message: `${count} ${what} (${pct(share)}; at most ${pct(maxShare)})`,
    details: { count, total },
  };
}

function pct(share: number): string {
  return `${Number((share * 100).toFixed(2))}%`;
}

/** The human summary: one line per check, failures first, then the verdict. */
export function formatDataQualityReport(report: DataQualityReport): string {
  const lines = [
    `data-quality gate on ${report.data.uri} (${report.data.rowsUsed} of ${report.data.rowsRead} rows used)`,
  ];
  const ordered = [...report.checks].sort((a, b) => Number(a.passed) - Number(b.passed));
  for (const c of ordered) lines.push(`  ${c.passed ? 'ok  ' : 'FAIL'} ${c.id.padEnd(16)} ${c.message}`);
  const failed = report.checks.filter((c) => !c.passed).length;
  lines.push(
    failed === 0
      ? 'passed: the data may be trained on'
      : `rejected: ${failed} check(s) failed; nothing was trained and the champion is unchanged`,
  );
  return `${lines.join('\n')}\n`;
}

/** Flat metrics of the report for MLflow (`dq.<check>` = observed, `dq.<check>.passed` = 0/1). */
export function dataQualityMetrics(report: DataQualityReport): Record<string, number> {
  const out: Record<string, number> = { 'dq.passed': report.passed ? 1 : 0 };
  for (const c of report.checks) {
    out[`dq.${c.id}`] = c.observed;
    out[`dq.${c.id}.passed`] = c.passed ? 1 : 0;
  }
  return out;
}
