import { pingMongo, pingRedis } from '@mailstore/db';
import type { ServiceContext } from './context.js';

/** How long a health check waits for each dependency. */
export const HEALTH_CHECK_TIMEOUT_MS = 1_000;

/** The state of an app's dependencies, as `/health` reports it. */
export interface Health {
  status: 'ok' | 'degraded';
  mongodb: 'up' | 'down';
  redis: 'up' | 'down';
}

/** Pings MongoDB and Redis at once; `degraded` when either does not answer in time. */
export async function checkHealth(context: ServiceContext): Promise<Health> {
  const [mongoUp, redisUp] = await Promise.all([
    pingMongo(context.mongo.db, HEALTH_CHECK_TIMEOUT_MS),
    pingRedis(context.redis, HEALTH_CHECK_TIMEOUT_MS),
  ]);
  return {
    status: mongoUp && redisUp ? 'ok' : 'degraded',
    mongodb: mongoUp ? 'up' : 'down',
    redis: redisUp ? 'up' : 'down',
  };
}
