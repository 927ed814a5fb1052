/**
 * The retraining loop's event and its outcome, as plain data:
 * - which Cloud Storage notifications start a retraining (the attributes of a notification message:
 *   cloud.google.com/storage/docs/pubsub-notifications#attributes — `eventType`, `bucketId`,
 *   `objectId`, `objectGeneration`), the same filter the Cloud Build trigger applies;
 * - what a local run of the pipeline's steps ended in, and whether its message is acknowledged
 *   (done, or never to be retried) or handed back for a redelivery (a retry).
 */
import { isRetriable, type RetrainClaim } from './retrain-claims';

/** An uploaded object generation that starts a retraining. */
export interface UploadEvent {
  readonly bucket: string;
  readonly object: string;
  readonly generation: string;
}

/** Which uploads start a retraining: the data bucket and the prefix its notification names. */
export interface UploadFilter {
  readonly bucket: string;
  readonly prefix: string;
}

/** What to do with one notification. */
export type UploadVerdict =
  { readonly run: true; readonly event: UploadEvent } | { readonly run: false; readonly reason: string };

/** The event type of a new object or a new generation of one. */
export const OBJECT_FINALIZE = 'OBJECT_FINALIZE';

/** Reads a notification's attributes: an upload under the prefix of the data bucket runs, anything else is ignored with a reason. */
export function readUploadNotification(
  attributes: Readonly<Record<string, string>>,
  filter: UploadFilter,
): UploadVerdict {
  const { eventType, bucketId, objectId, objectGeneration } = attributes;
  if (!eventType || !bucketId || !objectId || !objectGeneration) {
    return {
      run: false,
      reason: 'not a Cloud Storage notification (it lacks eventType, bucketId, objectId or objectGeneration)',
    };
  }
  const what = `gs://${bucketId}/${objectId}#${objectGeneration}`;
  if (eventType !== OBJECT_FINALIZE) return { run: false, reason: `${what}: ${eventType}, not ${OBJECT_FINALIZE}` };
  if (bucketId !== filter.bucket) return { run: false, reason: `${what}: not in the data bucket ${filter.bucket}` };
  if (!objectId.startsWith(filter.prefix)) {
    return { run: false, reason: `${what}: not under the data prefix ${filter.prefix}` };
  }
  if (!/^[1-9]\d*$/.test(objectGeneration)) {
    return { run: false, reason: `${what}: the generation is not a positive integer` };
  }
  return { run: true, event: { bucket: bucketId, object: objectId, generation: objectGeneration } };
}

/** How a local run of the retraining steps ended. */
export type RetrainOutcome =
  | 'promoted'
  | 'not-promoted'
  | 'rejected'
  /** A delivery of a generation another run already handled (or is handling). */
  | 'duplicate'
  /** Failed; the generation stays retriable. */
  | 'failed'
  /** Failed and out of attempts: it stays failed. */
  | 'failed-final';

/** An outcome, and whether the message is acknowledged (false: handed back for a redelivery, a retry). */
export interface RetrainRunResult {
  readonly outcome: RetrainOutcome;
  readonly ack: boolean;
  readonly detail: string;
}

/** What the run left behind, read after its last step. */
export interface RetrainRunTrace {
  /** The step that exited non-zero (the later steps did not run), or null. */
  readonly failedStep: { readonly id: string; readonly exitCode: number } | null;
  /** The claim step found the generation handled by an earlier delivery (it wrote the skip file). */
  readonly skipped: boolean;
  /** The generation's claim after the run, or null when none was made. */
  readonly claim: RetrainClaim | null;
  readonly now: Date;
  readonly maxAttempts: number;
}

/**
 * Decides a run's outcome and whether to acknowledge its message. Final outcomes (promoted, not
 * promoted, rejected, a duplicate, out of attempts) are acknowledged; a failure that leaves the
 * generation retriable is not, so Pub/Sub delivers it again and the next run takes the claim over.
 */
export function retrainRunResult(trace: RetrainRunTrace): RetrainRunResult {
  const { claim, failedStep } = trace;
  if (trace.skipped) {
    const by = claim ? `${claim.claimedBy}: ${claim.status}${claim.detail ? `, ${claim.detail}` : ''}` : 'another run';
    return { outcome: 'duplicate', ack: true, detail: `already handled by ${by}` };
  }
  const failure = failedStep ? `step ${failedStep.id} exited with ${failedStep.exitCode}` : null;
  if (claim === null) {
    return { outcome: 'failed', ack: false, detail: `${failure ?? 'the run ended'} before the generation was claimed` };
  }
  switch (claim.status) {
    case 'promoted':
    case 'not-promoted':
    case 'rejected':
      return { outcome: claim.status, ack: true, detail: claim.detail ?? '' };
    case 'running':
      // The run ended without recording how: the caller marks it failed first.
      return { outcome: 'failed', ack: false, detail: failure ?? 'the run ended without recording an outcome' };
    case 'failed': {
      const retriable = isRetriable(claim, trace.now, trace.maxAttempts);
      const attempts = `attempt ${claim.attempt ?? 1} of ${trace.maxAttempts}`;
      return retriable
        ? {
            outcome: 'failed',
            ack: false,
            detail: `${claim.detail ?? failure ?? ''} (${attempts}; retried on redelivery)`,
          }
        : { outcome: 'failed-final', ack: true, detail: `${claim.detail ?? failure ?? ''} (${attempts}; not retried)` };
    }
  }
}
