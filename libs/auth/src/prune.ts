import { redisKey } from '@mailstore/db';
import { Queue, Worker } from 'bullmq';
import { pruneSecurityLog } from './security-log.js';
import { settingsOf, type AuthStore } from './store.js';
import { pruneTokens } from './tokens.js';

/** The BullMQ queue of the auth housekeeping jobs. */
export const AUTH_PRUNE_QUEUE = 'auth-prune';
/** The id of the repeatable job: one schedule however many gateways start it. */
const SCHEDULER_ID = 'auth-prune-every';

/** A running pruner. */
export interface Pruner {
  close(): Promise<void>;
}

/**
 * Schedules, through a BullMQ job scheduler, the deletion of security log entries older than
 * the retention and of expired tokens (FerretDB v1 has no TTL indexes). Every gateway runs a
 * worker; the scheduler makes sure each run happens once.
 */
export async function startPruner(store: AuthStore, everyMs: number): Promise<Pruner> {
  const prefix = redisKey(store.redisPrefix, 'bull');
  // BullMQ needs connections that wait for Redis instead of failing fast.
  const connection = store.redis.duplicate({
    maxRetriesPerRequest: null,
    enableOfflineQueue: true,
  });
  const workerConnection = store.redis.duplicate({
    maxRetriesPerRequest: null,
    enableOfflineQueue: true,
  });
  const queue = new Queue(AUTH_PRUNE_QUEUE, { connection, prefix });
  const worker = new Worker(
    AUTH_PRUNE_QUEUE,
    async () => {
      const entries = await pruneSecurityLog(store, settingsOf(store).logRetentionDays);
      const tokens = await pruneTokens(store);
      store.logger.info({ entries, tokens }, 'auth prune done');
      return { entries, tokens };
    },
    { connection: workerConnection, prefix },
  );
  worker.on('failed', (_job, error) => store.logger.error({ err: error }, 'auth prune failed'));
  await queue.upsertJobScheduler(
    SCHEDULER_ID,
    { every: everyMs },
    { name: 'prune', opts: { removeOnComplete: 10, removeOnFail: 10 } },
  );
  return {
    async close() {
      await worker.close();
      await queue.close();
      connection.disconnect();
      workerConnection.disconnect();
    },
  };
}
