import type { Logger } from '@mailstore/logger';
import type { Redis } from 'ioredis';
import type { Db } from 'mongodb';

/** The handles every storage function works with: the database, Redis and a logger. */
export interface Store {
  db: Db;
  redis: Redis;
  /** Prefix of every Redis key and channel (the REDIS_PREFIX setting). */
  redisPrefix: string;
  logger: Logger;
}
