// The services the benchmark runs against: MONGODB_URL and REDIS_URL when set, otherwise a
// FerretDB started for the run (as tools/stack/test.mjs does) and the local Redis.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { AuthStore } from '@mailstore/auth';
import { createLogger } from '@mailstore/logger';
import { REPO_ROOT, spawnApp, type SpawnedApp } from '@mailstore/testing';
import { Redis } from 'ioredis';
import { MongoClient } from 'mongodb';
import { startFerretDb } from '../../tools/stack/ferretdb.mjs';
import { ensureRedis } from '../../tools/stack/redis.mjs';

/** How long an app may take to start listening (it creates indexes first). */
const APP_START_TIMEOUT_MS = 60_000;

/** One database and Redis prefix of the run, with a store handle on them. */
export interface Run {
  store: AuthStore;
  /**
   * Starts the IMAP app as its own process on this database; resolves once it listens.
   * `extra` adds environment variables (the memory probe of idle-memory.ts).
   */
  startImap(
    extra?: Record<string, string>,
  ): Promise<{ app: SpawnedApp; port: number; stop(): Promise<void> }>;
  /** Drops the database and the Redis keys. */
  drop(): Promise<void>;
}

/** Running services on which runs open fresh databases. */
export interface Services {
  open(label: string): Promise<Run>;
  stop(): Promise<void>;
}

/** Starts (or finds) MongoDB and Redis. */
export async function startServices(): Promise<Services> {
  const dataDir = join(REPO_ROOT, '.data', 'bench-imap');
  const ferret = process.env.MONGODB_URL
    ? undefined
    : await startFerretDb({ dataDir: join(dataDir, 'ferretdb') });
  const redisService = process.env.REDIS_URL
    ? undefined
    : await ensureRedis({ dataDir: join(dataDir, 'redis') });
  const mongodbUrl = process.env.MONGODB_URL ?? ferret!.url;
  const redisUrl = process.env.REDIS_URL ?? redisService!.url;
  return {
    open: (label) => openRun(mongodbUrl, redisUrl, label),
    stop: async () => {
      await redisService?.stop();
      await ferret?.stop();
    },
  };
}

async function openRun(mongodbUrl: string, redisUrl: string, label: string): Promise<Run> {
  const id = `${label}_${randomBytes(4).toString('hex')}`;
  const dbName = `bench_imap_${id}`;
  const redisPrefix = `bench:imap:${id}:`;
  const mongo = await MongoClient.connect(mongodbUrl);
  const redis = new Redis(redisUrl);
  const logger = createLogger({ service: 'bench-imap', level: 'warn' });
  const store: AuthStore = { db: mongo.db(dbName), redis, redisPrefix, logger };
  const variables = {
    MONGODB_URL: mongodbUrl,
    MONGODB_DB: dbName,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: redisPrefix,
    IMAP_PORT: '0',
    LOG_LEVEL: 'info',
  };
  return {
    store,
    startImap: async (extra = {}) => {
      const app = spawnApp('imap', { ...variables, ...extra });
      const stop = async () => {
        app.child.kill('SIGTERM');
        await app.exited;
      };
      try {
        const listening = await app.waitForLog('listening', APP_START_TIMEOUT_MS);
        const port = (listening.listeners as Array<{ port: number }>)[0]!.port;
        return { app, port, stop };
      } catch (error) {
        await stop();
        throw error;
      }
    },
    drop: async () => {
      await store.db.dropDatabase();
      await mongo.close();
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${redisPrefix}*`, 'COUNT', 500);
        if (keys.length > 0) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
      redis.disconnect();
    },
  };
}
