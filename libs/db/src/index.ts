export {
  RETRY_FIRST_DELAY_MS,
  RETRY_MAX_DELAY_MS,
  retryUntil,
  UnreachableError,
} from './backoff.js';
export {
  connectMongo,
  ensureIndexes,
  MONGO_CONNECT_TIMEOUT_MS,
  MONGO_SERVER_SELECTION_TIMEOUT_MS,
  pingMongo,
  withTimeout,
  type IndexDefinition,
  type MongoConnection,
  type MongoSettings,
} from './mongo.js';
export {
  connectRedis,
  createRedisClient,
  pingRedis,
  REDIS_RECONNECT_MAX_DELAY_MS,
  redisKey,
  type RedisSettings,
} from './redis.js';
export { MONITOR_CHECK_GRACE_MS, watchMonitors, type MonitorWatchdog } from './monitor-watchdog.js';
