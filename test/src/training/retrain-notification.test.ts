import {
  readUploadNotification,
  type RetrainClaim,
  retrainRunResult,
  type RetrainRunTrace,
} from '../../../src/training';

const FILTER = { bucket: 'acme-data', prefix: 'uploads/' };
// The attributes Cloud Storage sets on a notification (cloud.google.com/storage/docs/pubsub-notifications#attributes).
const FINALIZE = {
  notificationConfig: 'projects/_/buckets/acme-data/notificationConfigs/1',
  eventType: 'OBJECT_FINALIZE',
  payloadFormat: 'JSON_API_V1',
  bucketId: 'acme-data',
  objectId: 'uploads/batch 3.csv',
  objectGeneration: '1712345678901234',
  eventTime: '2026-12-05T07:19:16Z',
};

describe('readUploadNotification', () => {
  it('runs an upload finalized under the data prefix of the data bucket', () => {
    expect(readUploadNotification(FINALIZE, FILTER)).toEqual({
      run: true,
      event: { bucket: 'acme-data', object: 'uploads/batch 3.csv', generation: '1712345678901234' },
    });
  });

  it.each([
    [{ eventType: 'OBJECT_DELETE' }, 'OBJECT_DELETE, not OBJECT_FINALIZE'],
    [{ bucketId: 'other' }, 'not in the data bucket acme-data'],
    [{ objectId: 'eval/frozen-v1.csv' }, 'not under the data prefix uploads/'],
    [{ objectGeneration: '0' }, 'the generation is not a positive integer'],
    [{ objectId: '' }, 'not a Cloud Storage notification'],
  ])('ignores %j with the reason', (change, reason) => {
    const verdict = readUploadNotification({ ...FINALIZE, ...change }, FILTER);
    expect(verdict).toEqual({ run: false, reason: expect.stringContaining(reason) });
  });
});

const NOW = new Date(Date.UTC(2026, 11, 5, 8));
const claim = (status: RetrainClaim['status'], extra: Partial<RetrainClaim> = {}): RetrainClaim => ({
  schema: 'toxicity.retrain-claim/v1',
  object: 'uploads/a.csv',
  generation: '5',
  claimedAt: NOW.toISOString(),
  claimedBy: 'local-1',
  status,
  attempt: 1,
  ...extra,
});
const trace = (t: Partial<RetrainRunTrace>): RetrainRunTrace => ({
  failedStep: null,
  skipped: false,
  claim: null,
  now: NOW,
  maxAttempts: 3,
  ...t,
});

describe('retrainRunResult', () => {
  it('acknowledges a promotion, a kept champion and rejected data, with the recorded reason', () => {
    expect(retrainRunResult(trace({ claim: claim('promoted', { detail: 'toxic.rocAuc 0.9 >= 0.8' }) }))).toEqual({
      outcome: 'promoted',
      ack: true,
      detail: 'toxic.rocAuc 0.9 >= 0.8',
    });
    expect(retrainRunResult(trace({ claim: claim('not-promoted', { detail: 'worse' }) }))).toMatchObject({
      outcome: 'not-promoted',
      ack: true,
    });
    const rejected = trace({
      claim: claim('rejected', { detail: 'rejected by the data-quality gate: gs://m/r.json' }),
      failedStep: { id: 'validate-data', exitCode: 1 },
    });
    expect(retrainRunResult(rejected)).toMatchObject({
      outcome: 'rejected',
      ack: true,
      detail: expect.stringContaining('gs://m/r.json'),
    });
  });

  it('acknowledges a duplicate delivery and names the run that handled it', () => {
    expect(retrainRunResult(trace({ skipped: true, claim: claim('promoted', { claimedBy: 'b7' }) }))).toEqual({
      outcome: 'duplicate',
      ack: true,
      detail: 'already handled by b7: promoted',
    });
  });

  it('hands a retriable failure back for a redelivery, and acknowledges one out of attempts', () => {
    const retriable = retrainRunResult(trace({ claim: claim('failed', { detail: 'training failed' }) }));
    expect(retriable).toEqual({
      outcome: 'failed',
      ack: false,
      detail: 'training failed (attempt 1 of 3; retried on redelivery)',
    });
    const last = retrainRunResult(trace({ claim: claim('failed', { detail: 'training failed', attempt: 3 }) }));
    expect(last).toEqual({
      outcome: 'failed-final',
      ack: true,
      detail: 'training failed (attempt 3 of 3; not retried)',
    });
  });

  it('hands back a run that failed before claiming anything', () => {
    expect(retrainRunResult(trace({ failedStep: { id: 'claim', exitCode: 1 } }))).toEqual({
      outcome: 'failed',
      ack: false,
      detail: 'step claim exited with 1 before the generation was claimed',
    });
  });
});
