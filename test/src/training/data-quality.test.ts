import { parseConfig } from '../../../src/config';
import {
  checkDataQuality,
  dataQualityMetrics,
  type DataQualityInput,
  formatDataQualityReport,
  type LabelledDataset,
  normaliseForDuplicates,
  type ReadReport,
} from '../../../src/training';

const POLICY = parseConfig({}).retraining.dataQuality;

/** `n` distinct comments, every `1/positiveEvery`-th one toxic. */
function dataset(n: number, positiveEvery = 4, labels: string[] = ['toxic']): LabelledDataset {
  const texts = Array.from({ length: n }, (_, i) => `comment number ${i} about topic ${i * 7}`);
  return {
    ids: texts.map((_, i) => String(i)),
    texts,
    labels,
    targets: labels.map(() => Uint8Array.from(texts, (_, i) => (i % positiveEvery === 0 ? 1 : 0))),
  };
}

function readReport(rowsUsed: number, extra: Partial<ReadReport> = {}): ReadReport {
  const skipped = extra.skipped ?? {};
  const rejected = Object.values(skipped).reduce((a, b) => a + (b ?? 0), 0);
  return {
    format: 'jigsaw-csv',
    rowsRead: rowsUsed + rejected,
    rowsUsed,
    skipped,
    problems: [],
    stoppedEarly: null,
    encoding: 'utf-8',
    replacementChars: 0,
    rowsWithReplacementChars: 0,
    ...extra,
  };
}

function input(
  ds: LabelledDataset,
  read: ReadReport = readReport(ds.texts.length),
  more: Partial<DataQualityInput> = {},
) {
  return { uri: 'file://data.csv', hash: 'sha256:abc', bytes: 1000, dataset: ds, read, ...more };
}

function check(report: ReturnType<typeof checkDataQuality>, id: string) {
  const found = report.checks.find((c) => c.id === id);
  if (!found) throw new Error(`no check ${id} in ${report.checks.map((c) => c.id).join(', ')}`);
  return found;
}

describe('checkDataQuality', () => {
  it('passes a clean file of enough rows with a balanced label', () => {
    const report = checkDataQuality(input(dataset(1200)), POLICY);
    expect(report.checks.filter((c) => !c.passed)).toEqual([]);
    expect(report.passed).toBe(true);
    expect(report.data).toMatchObject({ rowsUsed: 1200, labels: ['toxic'] });
  });

  it('fails the row floor below 1,000 usable rows by default', () => {
    const report = checkDataQuality(input(dataset(999)), POLICY);
    expect(check(report, 'min-rows')).toMatchObject({ passed: false, observed: 999, limit: 1000 });
    expect(report.passed).toBe(false);
  });

  it('fails a missing required label column, naming it', () => {
    const report = checkDataQuality(input(dataset(1200, 4, ['insult'])), POLICY);
    const c = check(report, 'required-columns');
    expect(c.passed).toBe(false);
    expect(c.message).toContain('toxic');
  });

  it('fails a file that is no dataset at all with the reader’s reason', () => {
    const report = checkDataQuality(
      { uri: 'file://x.csv', hash: null, bytes: 10, dataset: null, read: null, unreadable: 'no text column' },
      POLICY,
    );
    expect(check(report, 'required-columns')).toMatchObject({ passed: false });
    expect(check(report, 'required-columns').message).toContain('no text column');
    expect(report.passed).toBe(false);
  });

  it('fails a one-class file and one with under 5% positives, and passes 5% exactly', () => {
    expect(check(checkDataQuality(input(dataset(1200, 1)), POLICY), 'class-ratio').passed).toBe(false);
    expect(check(checkDataQuality(input(dataset(1200, 25)), POLICY), 'class-ratio').passed).toBe(false);
    expect(check(checkDataQuality(input(dataset(1200, 20)), POLICY), 'class-ratio').passed).toBe(true);
  });

  it('counts missing and empty texts against their share', () => {
    const ds = dataset(1000);
    const bad = checkDataQuality(input(ds, readReport(1000, { skipped: { empty_text: 8, missing_text: 4 } })), POLICY);
    expect(check(bad, 'empty-texts')).toMatchObject({ passed: false, details: { count: 12, total: 1012 } });
    const ok = checkDataQuality(input(ds, readReport(1000, { skipped: { empty_text: 5 } })), POLICY);
    expect(check(ok, 'empty-texts').passed).toBe(true);
  });

  it('rejects any label outside {0, 1} by default, with its line', () => {
    const read = readReport(1200, {
      skipped: { bad_label: 1 },
      problems: [{ line: 17, reason: 'bad_label', detail: 'toxic must be 0 or 1, got "2"' }],
    });
    const c = check(checkDataQuality(input(dataset(1200), read), POLICY), 'label-values');
    expect(c).toMatchObject({ passed: false, details: { firstLines: [17] } });
  });

  it('counts rows damaged by encoding instead of dropping them silently', () => {
    const read = readReport(1200, { rowsWithReplacementChars: 30, replacementChars: 45 });
    const c = check(checkDataQuality(input(dataset(1200), read), POLICY), 'encoding');
    expect(c.passed).toBe(false);
    expect(c.details).toMatchObject({ rowsWithReplacementChars: 30, replacementChars: 45 });
  });

  it('fails a read that stopped early whatever the counts', () => {
    const read = readReport(1200, { stoppedEarly: 'unterminated quote at line 5' });
    const c = check(checkDataQuality(input(dataset(1200), read), POLICY), 'encoding');
    expect(c.passed).toBe(false);
    expect(c.message).toContain('unterminated quote');
  });

  it('tells exact duplicates from near duplicates and counts conflicting labels', () => {
    const ds = dataset(1000);
    const texts = [...ds.texts];
    for (let i = 0; i < 60; i++) texts[500 + i] = texts[i]!; // exact copies
    for (let i = 0; i < 60; i++) texts[701 + i] = `${texts[100 + i].toUpperCase()}!!`; // near copies
    const report = checkDataQuality(input({ ...ds, texts }), POLICY);
    expect(check(report, 'exact-duplicates')).toMatchObject({ passed: false, details: { count: 60 } });
    const near = check(report, 'near-duplicates');
    expect(near.details).toMatchObject({ count: 120 });
    expect(near.passed).toBe(false);
    expect((near.details as { conflictingLabels: number }).conflictingLabels).toBeGreaterThan(0);
  });

  it('fails when evaluation rows leak into the upload, and passes without overlap', () => {
    const ds = dataset(1200);
    const leaked = new Set([normaliseForDuplicates(ds.texts[3]), normaliseForDuplicates(ds.texts[9]), 'other']);
    const evalSet = { uri: 'gs://d/eval.csv', hash: 'sha256:e', normalisedTexts: leaked };
    const report = checkDataQuality(input(ds, undefined, { evalSet }), POLICY);
    expect(check(report, 'eval-overlap')).toMatchObject({ passed: false, observed: 2 });
    expect(report.evalSet).toEqual({ uri: 'gs://d/eval.csv', hash: 'sha256:e', rows: 3 });
    const clean = checkDataQuality(
      input(ds, undefined, { evalSet: { ...evalSet, normalisedTexts: new Set(['x']) } }),
      POLICY,
    );
    expect(check(clean, 'eval-overlap').passed).toBe(true);
  });

  it('fails a file over the size cap', () => {
    const report = checkDataQuality(input(dataset(1200), undefined, { bytes: POLICY.maxBytes + 1 }), POLICY);
    expect(check(report, 'size-cap').passed).toBe(false);
  });

  it('follows the configured bounds', () => {
    const policy = { ...POLICY, minRows: 10, minPositiveShare: 0.3 };
    const report = checkDataQuality(input(dataset(20)), policy);
    expect(check(report, 'min-rows').passed).toBe(true);
    expect(check(report, 'class-ratio').passed).toBe(false);
  });
});

describe('normaliseForDuplicates', () => {
  it('ignores case, punctuation, spacing and compatibility forms, not words', () => {
    expect(normaliseForDuplicates('  You   IDIOT!! ')).toBe(normaliseForDuplicates('you idiot'));
    expect(normaliseForDuplicates('ｙｏｕ idiot')).toBe('you idiot');
    expect(normaliseForDuplicates('you fool')).not.toBe(normaliseForDuplicates('you idiot'));
  });
});

describe('formatDataQualityReport and dataQualityMetrics', () => {
  it('list failures first with the verdict, and give one metric per check', () => {
    const report = checkDataQuality(input(dataset(500)), POLICY);
    const text = formatDataQualityReport(report);
    expect(text.split('\n')[1]).toMatch(/FAIL min-rows/);
    expect(text).toContain('rejected: 1 check(s) failed');
    const metrics = dataQualityMetrics(report);
    expect(metrics['dq.passed']).toBe(0);
    expect(metrics['dq.min-rows']).toBe(500);
    expect(metrics['dq.min-rows.passed']).toBe(0);
    expect(metrics['dq.class-ratio.passed']).toBe(1);
  });
});
