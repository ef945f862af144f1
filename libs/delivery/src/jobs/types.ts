/** Name of the BullMQ queue of forwarded copies. */
export const FORWARD_QUEUE = 'forward';
/** Name of the BullMQ queue of vacation autoreplies. */
export const AUTOREPLY_QUEUE = 'autoreply';

/** A copy of a delivered message sent on to other addresses. */
export interface ForwardJob {
  /** Reverse path of the copy (the original sender; empty for a null sender). */
  mailFrom: string;
  rcptTo: string[];
  /** The message bytes, base64 (job data is JSON). */
  raw: string;
}

/** An RFC 3834 automatic reply to the sender of a delivered message. */
export interface AutoreplyJob {
  /** The address the message was delivered to: the From of the reply. */
  from: string;
  /** The reverse path of the message: the only recipient of the reply (RFC 3834 section 4). */
  to: string;
  subject: string;
  text: string;
  inReplyTo?: string;
  references?: string;
}

/** How delivery jobs are retried (the DELIVERY_JOB_* variables). */
export interface JobRetryOptions {
  attempts: number;
  /** First retry delay; each next one doubles, up to {@link MAX_JOB_BACKOFF_MS}. */
  backoffMs: number;
}

/** Longest pause between two attempts of a job: a relay back up is used within the hour. */
export const MAX_JOB_BACKOFF_MS = 60 * 60 * 1000;

/** Delay before attempt `attemptsMade + 1`: exponential from `backoffMs`, capped. */
export function retryDelayMs(attemptsMade: number, backoffMs: number): number {
  return Math.min(backoffMs * 2 ** Math.max(0, attemptsMade - 1), MAX_JOB_BACKOFF_MS);
}
