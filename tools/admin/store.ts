import type { Config } from '@mailstore/config';
import { connectMongo, connectRedis, ensureIndexes } from '@mailstore/db';
import type { Logger } from '@mailstore/logger';
import { ACCOUNT_INDEXES, MAILBOX_INDEXES, type Store } from '@mailstore/storage';

/** An open store and how to close it. */
export interface OpenStore {
  store: Store;
  close(): Promise<void>;
}

/**
 * Connects to MongoDB and Redis as the apps do, and creates the accounts indexes (a no-op when
 * they exist) so that the uniqueness of usernames and addresses holds on a fresh database too.
 */
export async function openStore(config: Config, logger: Logger): Promise<OpenStore> {
  const mongo = await connectMongo(config.mongodb, logger);
  const { db } = mongo;
  try {
    const redis = await connectRedis(config.redis, logger);
    await ensureIndexes(db, [...ACCOUNT_INDEXES, ...MAILBOX_INDEXES]);
    const store: Store = { db, redis, redisPrefix: config.redis.prefix, logger };
    return {
      store,
      close: async () => {
        redis.disconnect();
        await mongo.close();
      },
    };
  } catch (error) {
    await mongo.close();
    throw error;
  }
}
