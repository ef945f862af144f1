import type { Logger } from '@mailstore/logger';
import { redactUrl } from '@mailstore/logger';
import { Redis } from 'ioredis';
import { retryUntil } from './backoff.js';
import { withTimeout } from './mongo.js';

/** Longest pause between reconnection attempts once the app runs. */
export const REDIS_RECONNECT_MAX_DELAY_MS = 2_000;

/** The Redis settings of the config. */
export interface RedisSettings {
  url: string;
  prefix: string;
  connectTimeoutMs: number;
}

/**
 * Connects to Redis, retrying with backoff until `connectTimeoutMs` passes. Once connected the
 * client reconnects by itself; commands issued while Redis is away fail fast instead of queueing,
 * so callers can answer with a temporary error.
 */
export async function connectRedis(settings: RedisSettings, logger: Logger): Promise<Redis> {
  const target = redactUrl(settings.url);
  const redis = await retryUntil(
    { dependency: 'Redis', target, timeoutMs: settings.connectTimeoutMs },
    async (remainingMs) => {
      const candidate = createRedisClient(settings.url, remainingMs);
      // The rejected connect() below reports the failure; without a listener ioredis would
      // also print every connection error to standard error.
      candidate.on('error', () => undefined);
      try {
        await candidate.connect();
        return candidate;
      } catch (error) {
        candidate.disconnect();
        throw error;
      }
    },
    (error, delayMs) =>
      logger.warn({ target, delayMs, err: (error as Error).message }, 'Redis not reachable yet'),
  );
  redis.options.retryStrategy = (times) => Math.min(times * 100, REDIS_RECONNECT_MAX_DELAY_MS);
  redis.removeAllListeners('error');
  redis.on('error', (error: Error) => logger.warn({ err: error.message }, 'Redis error'));
  logger.info({ target }, 'connected to Redis');
  return redis;
}

/**
 * Creates a client with the settings every connection of ours uses (also the subscriber
 * connections that pub/sub needs). It does not connect until asked.
 */
export function createRedisClient(url: string, connectTimeoutMs = 10_000): Redis {
  return new Redis(url, {
    lazyConnect: true,
    connectTimeout: connectTimeoutMs,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
}

/** Builds Redis keys and channel names under the deployment's prefix. */
export function redisKey(prefix: string, ...parts: Array<string | number>): string {
  return prefix + parts.join(':');
}

/** Resolves to true when Redis answers PING within `timeoutMs`. */
export async function pingRedis(redis: Redis, timeoutMs: number): Promise<boolean> {
  return withTimeout(redis.ping(), timeoutMs).then(
    (reply) => reply === 'PONG',
    () => false,
  );
}
