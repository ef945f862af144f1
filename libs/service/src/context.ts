import type { Config } from '@mailstore/config';
import {
  connectMongo,
  connectRedis,
  ensureIndexes,
  type IndexDefinition,
  type MongoConnection,
} from '@mailstore/db';
import type { Logger } from '@mailstore/logger';
import type { Redis } from 'ioredis';

/** What every app gets once its dependencies are up: config, logger, MongoDB and Redis. */
export interface ServiceContext {
  config: Config;
  logger: Logger;
  mongo: MongoConnection;
  redis: Redis;
}

/** Connects MongoDB and Redis (in parallel, each with its own retry) and creates indexes. */
export async function openContext(
  config: Config,
  logger: Logger,
  indexes: readonly IndexDefinition[] = [],
): Promise<ServiceContext> {
  const [mongo, redis] = await Promise.allSettled([
    connectMongo(config.mongodb, logger),
    connectRedis(config.redis, logger),
  ]);
  if (mongo.status === 'rejected' || redis.status === 'rejected') {
    if (mongo.status === 'fulfilled') await mongo.value.close();
    if (redis.status === 'fulfilled') redis.value.disconnect();
    throw mongo.status === 'rejected' ? mongo.reason : (redis as PromiseRejectedResult).reason;
  }
  await ensureIndexes(mongo.value.db, indexes);
  return { config, logger, mongo: mongo.value, redis: redis.value };
}

/** The handles the store and auth libs work with ({ db, redis, redisPrefix, logger }). */
export interface StoreHandles {
  db: ServiceContext['mongo']['db'];
  redis: Redis;
  redisPrefix: string;
  logger: Logger;
}

/** The storage handles of a context, in the shape `@mailstore/storage` and `@mailstore/auth` take. */
export function storeOf(context: ServiceContext): StoreHandles {
  return {
    db: context.mongo.db,
    redis: context.redis,
    redisPrefix: context.config.redis.prefix,
    logger: context.logger,
  };
}

/** Closes the connections {@link openContext} opened. */
export async function closeContext(context: ServiceContext): Promise<void> {
  await context.mongo.close();
  context.redis.disconnect();
}
