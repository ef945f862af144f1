// Connects the benchmark to MongoDB and Redis: the ones named by MONGODB_URL and REDIS_URL, or a
// FerretDB and a Redis started for the run, as the tests do.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { connectMongo, connectRedis, ensureIndexes } from '@mailstore/db';
import { createLogger } from '@mailstore/logger';
import { ACCOUNT_INDEXES, MAILBOX_INDEXES, MESSAGE_INDEXES, type Store } from '@mailstore/storage';
import type { MongoClient } from 'mongodb';
import { startFerretDb } from '../../tools/stack/ferretdb.mjs';
import { ensureRedis } from '../../tools/stack/redis.mjs';

/** Running services and a way to open a fresh, empty store on them. */
export interface Services {
  open(name: string): Promise<{ store: Store; client: MongoClient; drop(): Promise<void> }>;
  stop(): Promise<void>;
}

/** Starts (or finds) the services. */
export async function startServices(): Promise<Services> {
  const stops: Array<() => Promise<void>> = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'mailstore-bench-'));
  let mongoUrl = process.env.MONGODB_URL;
  let redisUrl = process.env.REDIS_URL;
  if (!mongoUrl) {
    const ferret = await startFerretDb({ dataDir: join(dataDir, 'ferretdb') });
    mongoUrl = ferret.url;
    stops.push(() => ferret.stop());
  }
  if (!redisUrl) {
    const redis = await ensureRedis({ dataDir: join(dataDir, 'redis') });
    redisUrl = redis.url;
    stops.push(() => redis.stop());
  }
  const logger = createLogger({ service: 'bench-store', level: 'warn' });
  return {
    open: async (name) => {
      const dbName = `bench_${name}_${randomBytes(3).toString('hex')}`;
      const redisPrefix = `bench:${dbName}:`;
      const { client, db } = await connectMongo(
        { url: mongoUrl, dbName, connectTimeoutMs: 10_000 },
        logger,
      );
      const redis = await connectRedis(
        { url: redisUrl, prefix: redisPrefix, connectTimeoutMs: 10_000 },
        logger,
      );
      await ensureIndexes(db, [...ACCOUNT_INDEXES, ...MAILBOX_INDEXES, ...MESSAGE_INDEXES]);
      const store: Store = { db, redis, redisPrefix, logger };
      return {
        store,
        client,
        drop: async () => {
          await db.dropDatabase();
          redis.disconnect();
          await client.close();
        },
      };
    },
    stop: async () => {
      for (const stop of stops) await stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
