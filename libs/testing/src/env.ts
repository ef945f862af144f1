import { randomBytes } from 'node:crypto';
import { loadConfig, type Config } from '@mailstore/config';
import { createLogger, type Logger } from '@mailstore/logger';
import { Redis } from 'ioredis';
import { MongoClient } from 'mongodb';

/** One test file's private slice of the shared services. */
export interface TestEnv {
  /** Unique database name for this file. */
  dbName: string;
  /** Unique Redis key prefix for this file, ending in `:`. */
  redisPrefix: string;
  /** Variables that point an app at this file's slice, with every port at 0. */
  variables: Record<string, string>;
  /** The same, as a typed config. */
  config: Config;
  /** A logger that writes nothing unless TEST_LOG_LEVEL is set. */
  logger: Logger;
  /** Drops the database and deletes every Redis key under the prefix. */
  cleanup(): Promise<void>;
}

/**
 * Creates a fresh database name and Redis prefix for one test file. MONGODB_URL and REDIS_URL
 * come from `npm test` or from the Vitest global setup, which start the services when needed.
 */
export function createTestEnv(name: string): TestEnv {
  const mongodbUrl = requireVariable('MONGODB_URL');
  const redisUrl = requireVariable('REDIS_URL');
  const slug = name.replace(/[^A-Za-z0-9]/g, '').slice(0, 30);
  const id = `${slug}_${randomBytes(4).toString('hex')}`;
  const dbName = `t_${id}`;
  const redisPrefix = `test:${id}:`;
  const variables: Record<string, string> = {
    MONGODB_URL: mongodbUrl,
    MONGODB_DB: dbName,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: redisPrefix,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    SHUTDOWN_TIMEOUT_MS: '2000',
    MONGODB_CONNECT_TIMEOUT_MS: '10000',
    REDIS_CONNECT_TIMEOUT_MS: '10000',
    IMAP_PORT: '0',
    LMTP_PORT: '0',
    API_PORT: '0',
    AUTH_PORT: '0',
  };
  const config = loadConfig({ env: variables });
  const logger = createLogger({ service: `test-${slug}`, level: config.logLevel });
  return {
    dbName,
    redisPrefix,
    variables,
    config,
    logger,
    cleanup: () => cleanup(mongodbUrl, dbName, redisUrl, redisPrefix),
  };
}

function requireVariable(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests with npm test`);
  return value;
}

async function cleanup(mongodbUrl: string, dbName: string, redisUrl: string, prefix: string) {
  const client = await MongoClient.connect(mongodbUrl);
  try {
    await client.db(dbName).dropDatabase();
  } finally {
    await client.close();
  }
  const redis = new Redis(redisUrl);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
