import { flattenMetrics } from '../../../src/training/run-record';
import type { ReadReport } from '../../../src/training/read-dataset';
import type { TrainReport } from '../../../src/training/train-model';

const report: TrainReport = {
  rows: 10,
  trainRows: 8,
  testRows: 2,
  seed: 42,
  threshold: 0.5,
  features: 5,
  termsBeforePruning: 7,
  pii: { masked: true, counts: { PERSON: 3 } },
  labels: [],
  skippedLabels: [],
  timingsMs: {},
};

describe('flattenMetrics', () => {
  it('records rows read, used and rejected by reason, and the replacement characters kept', () => {
    const read: ReadReport = {
      format: 'jigsaw-csv',
      rowsRead: 12,
      rowsUsed: 10,
      skipped: { bad_label: 1, empty_text: 1 },
      problems: [],
      stoppedEarly: null,
      encoding: 'utf-8',
      replacementChars: 4,
      rowsWithReplacementChars: 3,
    };
    const flat = flattenMetrics(report, { trainingSeconds: 1, modelSizeBytes: 100, read });
    expect(flat).toMatchObject({
      'data.rows_read': 12,
      'data.rows_used': 10,
      'data.rows_rejected': 2,
      'data.rejected.bad_label': 1,
      'data.rejected.empty_text': 1,
      'data.replacement_chars': 4,
      'data.rows_with_replacement_chars': 3,
      'pii.person': 3,
    });
  });

  it('leaves the data keys out when no read report is given', () => {
    const flat = flattenMetrics(report, { trainingSeconds: 1, modelSizeBytes: 100 });
    expect(Object.keys(flat).some((k) => k.startsWith('data.'))).toBe(false);
  });
});
