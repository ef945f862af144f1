import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import type { Store } from '../store.js';
import { BLOB_GRACE_MS, collectGarbage } from './blobs/gc.js';
import { JOURNAL_RETENTION_MS, pruneJournal } from './journal/prune.js';

/** Name of the BullMQ queue of the store's scheduled maintenance. */
export const MAINTENANCE_QUEUE = 'storage-maintenance';
/** How often each maintenance job runs by default. */
export const MAINTENANCE_EVERY_MS = 15 * 60 * 1000;

/** Options of {@link startMaintenance}. */
export interface MaintenanceOptions {
  everyMs?: number;
  journalRetentionMs?: number;
  blobGraceMs?: number;
}

/** The running maintenance: its queue, and how to stop it. */
export interface Maintenance {
  queue: Queue;
  close(): Promise<void>;
}

/**
 * Schedules the repeatable jobs (journal pruning and blob collection) and starts a worker for
 * them. Every instance may call it: BullMQ keeps one schedule per job name and hands each run to
 * one worker. Both jobs are idempotent, so a run repeated after a crash does no harm.
 */
export async function startMaintenance(
  store: Store,
  options: MaintenanceOptions = {},
): Promise<Maintenance> {
  const connection = connectionOf(store);
  const prefix = `${store.redisPrefix}bull`;
  const queue = new Queue(MAINTENANCE_QUEUE, { connection, prefix });
  const every = options.everyMs ?? MAINTENANCE_EVERY_MS;
  await queue.upsertJobScheduler('journal-prune', { every }, { name: 'journal-prune' });
  await queue.upsertJobScheduler('blob-gc', { every }, { name: 'blob-gc' });
  const worker = new Worker(
    MAINTENANCE_QUEUE,
    async (job) => {
      if (job.name === 'journal-prune') {
        const deleted = await pruneJournal(store, {
          retentionMs: options.journalRetentionMs ?? JOURNAL_RETENTION_MS,
        });
        store.logger.info({ deleted }, 'journal pruned');
        return { deleted };
      }
      const result = await collectGarbage(store, { graceMs: options.blobGraceMs ?? BLOB_GRACE_MS });
      store.logger.info(result, 'blobs collected');
      return result;
    },
    { connection, prefix, concurrency: 1 },
  );
  worker.on('failed', (job, error) =>
    store.logger.error({ job: job?.name, err: error.message }, 'maintenance job failed'),
  );
  return {
    queue,
    close: async () => {
      await worker.close();
      await queue.close();
    },
  };
}

/** BullMQ opens its own connections (blocking reads need them): it gets the store's address. */
function connectionOf(store: Store): ConnectionOptions {
  const { host, port, username, password, db, tls } = store.redis.options;
  return { host, port, username, password, db, tls, maxRetriesPerRequest: null };
}
