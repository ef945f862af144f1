import type { Logger } from '@mailstore/logger';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import { bullPrefix } from './queues.js';
import {
  AUTOREPLY_QUEUE,
  FORWARD_QUEUE,
  retryDelayMs,
  type AutoreplyJob,
  type ForwardJob,
} from './types.js';

/** How long the relay may take to answer the connection or a command. */
const RELAY_TIMEOUT_MS = 30_000;
/** Jobs one worker sends at once per queue. */
const WORKER_CONCURRENCY = 4;

/** Where the workers find their jobs and where they send them. */
export interface OutboundWorkerOptions {
  redisUrl: string;
  redisPrefix: string;
  relayUrl: string;
  logger: Logger;
  /** The first retry delay (DELIVERY_JOB_BACKOFF_MS). */
  backoffMs: number;
}

/** Running forward and autoreply workers. */
export interface OutboundWorkers {
  close(): Promise<void>;
}

/**
 * Starts the workers that send queued forwards and autoreplies through the relay. A temporary
 * refusal or an unreachable relay fails the attempt and BullMQ retries it later; a permanent
 * (5xx) refusal ends the job, which stays in the failed set.
 */
export function startOutboundWorkers(options: OutboundWorkerOptions): OutboundWorkers {
  const transport = nodemailer.createTransport({
    url: options.relayUrl,
    connectionTimeout: RELAY_TIMEOUT_MS,
    greetingTimeout: RELAY_TIMEOUT_MS,
    socketTimeout: RELAY_TIMEOUT_MS,
  });
  // BullMQ workers block on Redis: their connection must retry forever (maxRetriesPerRequest null).
  const connection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  connection.on('error', (error: Error) =>
    options.logger.warn({ err: error.message }, 'outbound worker Redis error'),
  );
  const settings = {
    backoffStrategy: (attemptsMade: number) => retryDelayMs(attemptsMade, options.backoffMs),
  };
  const common = {
    connection,
    prefix: bullPrefix(options.redisPrefix),
    concurrency: WORKER_CONCURRENCY,
    settings,
  };
  const send = async (kind: string, job: Job, mail: SendMailOptions) => {
    try {
      const info = await transport.sendMail(mail);
      options.logger.info({ kind, job: job.id, response: info.response }, 'relayed');
    } catch (error) {
      const code = (error as { responseCode?: number }).responseCode;
      options.logger.warn(
        { kind, job: job.id, attempt: job.attemptsMade + 1, code, err: (error as Error).message },
        'relay refused or unreachable',
      );
      if (code !== undefined && code >= 500) throw new UnrecoverableError((error as Error).message);
      throw error;
    }
  };
  const forward = new Worker<ForwardJob>(
    FORWARD_QUEUE,
    (job) => send('forward', job, forwardMail(job.data)),
    common,
  );
  const autoreply = new Worker<AutoreplyJob>(
    AUTOREPLY_QUEUE,
    (job) => send('autoreply', job, autoreplyMail(job.data)),
    common,
  );
  for (const worker of [forward, autoreply]) {
    worker.on('error', (error) => options.logger.warn({ err: error.message }, 'worker error'));
  }
  return {
    async close() {
      await Promise.allSettled([forward.close(), autoreply.close()]);
      transport.close();
      connection.disconnect();
    },
  };
}

function forwardMail(job: ForwardJob): SendMailOptions {
  return {
    envelope: { from: job.mailFrom, to: job.rcptTo },
    raw: Buffer.from(job.raw, 'base64'),
  };
}

/** RFC 3834 section 3: null reverse path, Auto-Submitted: auto-replied, threading fields. */
function autoreplyMail(job: AutoreplyJob): SendMailOptions {
  return {
    envelope: { from: '', to: [job.to] },
    from: job.from,
    to: job.to,
    subject: job.subject,
    text: job.text,
    ...(job.inReplyTo ? { inReplyTo: job.inReplyTo } : {}),
    ...(job.references ? { references: job.references } : {}),
    headers: { 'Auto-Submitted': 'auto-replied' },
  };
}
