import { createHash } from 'node:crypto';
import { Queue, type JobsOptions } from 'bullmq';
import { Redis } from 'ioredis';
import {
  AUTOREPLY_QUEUE,
  FORWARD_QUEUE,
  type AutoreplyJob,
  type ForwardJob,
  type JobRetryOptions,
} from './types.js';

/** Seconds a finished job's id is remembered, so a retried delivery does not send twice. */
const COMPLETED_JOB_KEEP_SECONDS = 24 * 60 * 60;

/** The BullMQ key prefix of a deployment: under REDIS_PREFIX like every other key. */
export function bullPrefix(redisPrefix: string): string {
  return `${redisPrefix}bull`;
}

/** Producer side of the forward and autoreply queues. */
export class OutboundQueues {
  private readonly connection: Redis;
  private readonly forward: Queue<ForwardJob>;
  private readonly autoreply: Queue<AutoreplyJob>;
  private readonly jobOptions: JobsOptions;

  constructor(redisUrl: string, redisPrefix: string, retry: JobRetryOptions) {
    // Fail fast while Redis is away, so the LMTP reply is a 451 instead of a hang.
    this.connection = new Redis(redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
    this.connection.on('error', () => undefined);
    const prefix = bullPrefix(redisPrefix);
    this.forward = new Queue(FORWARD_QUEUE, { connection: this.connection, prefix });
    this.autoreply = new Queue(AUTOREPLY_QUEUE, { connection: this.connection, prefix });
    this.jobOptions = {
      attempts: retry.attempts,
      backoff: { type: 'capped-exponential', delay: retry.backoffMs },
      removeOnComplete: { age: COMPLETED_JOB_KEEP_SECONDS },
      // A job that used up its attempts stays in the failed set for an operator: none is lost.
      removeOnFail: false,
    };
  }

  /**
   * Queues a forwarded copy. The job id derives from the message and the targets, so the same
   * delivery retried by the MTA after a 451 does not forward twice.
   */
  async enqueueForward(job: ForwardJob, dedupKey: string): Promise<void> {
    await this.forward.add('forward', job, { ...this.jobOptions, jobId: jobId('f', dedupKey) });
  }

  /** Queues an autoreply (the per-sender claim already keeps it to one per period). */
  async enqueueAutoreply(job: AutoreplyJob, dedupKey: string): Promise<void> {
    await this.autoreply.add('autoreply', job, { ...this.jobOptions, jobId: jobId('a', dedupKey) });
  }

  /** Closes both queues and their connection. */
  async close(): Promise<void> {
    await Promise.allSettled([this.forward.close(), this.autoreply.close()]);
    this.connection.disconnect();
  }
}

// BullMQ job ids must not contain ':'; a hash keeps them short and safe.
function jobId(kind: string, key: string): string {
  return `${kind}${createHash('sha256').update(key).digest('hex').slice(0, 40)}`;
}
