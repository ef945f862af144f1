import type { Logger } from '@mailstore/logger';
import { redactUrl } from '@mailstore/logger';
import { MongoClient, type CreateIndexesOptions, type Db, type IndexSpecification } from 'mongodb';
import { retryUntil } from './backoff.js';
import { watchMonitors } from './monitor-watchdog.js';

/** Longest a single server selection may wait once the app runs. */
export const MONGO_SERVER_SELECTION_TIMEOUT_MS = 5_000;
/** Longest the driver waits for a TCP connection and its handshake (a URL option may differ). */
export const MONGO_CONNECT_TIMEOUT_MS = 10_000;

/**
 * Every write is acknowledged only once a majority of the replica set has it in its journal: a
 * 250 to an MTA or an OK to an IMAP client promises data that survives the loss of the primary.
 * MongoDB 5.0 and later default to it only where no arbiter is configured, so it is set here. A
 * standalone server accepts it as a journaled write; FerretDB v1 accepts it too.
 */
const DURABLE_WRITES = { w: 'majority', journal: true } as const;

/** The MongoDB settings of the config. */
export interface MongoSettings {
  url: string;
  dbName: string;
  connectTimeoutMs: number;
}

/** An open MongoDB client and the app's database. */
export interface MongoConnection {
  client: MongoClient;
  db: Db;
  /** Stops watching the client's monitors and closes it. */
  close(): Promise<void>;
}

/**
 * Connects to MongoDB, retrying with backoff until `connectTimeoutMs` passes. A watchdog then
 * reopens the client if the driver's server monitor hangs (see {@link watchMonitors}).
 */
export async function connectMongo(
  settings: MongoSettings,
  logger: Logger,
): Promise<MongoConnection> {
  const target = redactUrl(settings.url);
  const client = await retryUntil(
    { dependency: 'MongoDB', target, timeoutMs: settings.connectTimeoutMs },
    async (remainingMs) => {
      const candidate = new MongoClient(settings.url, {
        serverSelectionTimeoutMS: Math.min(remainingMs, MONGO_SERVER_SELECTION_TIMEOUT_MS),
        connectTimeoutMS: MONGO_CONNECT_TIMEOUT_MS,
        writeConcern: DURABLE_WRITES,
        appName: 'mailstore',
      });
      try {
        await candidate.connect();
        await candidate.db(settings.dbName).command({ ping: 1 });
        return candidate;
      } catch (error) {
        await candidate.close(true).catch(() => undefined);
        throw error;
      }
    },
    (error, delayMs) =>
      logger.warn({ target, delayMs, err: (error as Error).message }, 'MongoDB not reachable yet'),
  );
  logger.info({ target, dbName: settings.dbName }, 'connected to MongoDB');
  const watchdog = watchMonitors(client, logger, target);
  return {
    client,
    db: client.db(settings.dbName),
    async close() {
      watchdog.stop();
      await client.close();
    },
  };
}

/** An index an app needs: created at start, and a no-op when it already exists. */
export interface IndexDefinition {
  collection: string;
  key: IndexSpecification;
  /** Every index is named so that a changed definition is caught, not duplicated. */
  options: CreateIndexesOptions & { name: string };
}

/**
 * Creates the given indexes. Creating an index that exists with the same definition does
 * nothing, so every instance may run this at every start. TTL, partial and sparse indexes are
 * refused up front: FerretDB v1 does not support them (expire data with scheduled jobs).
 */
export async function ensureIndexes(db: Db, indexes: readonly IndexDefinition[]): Promise<void> {
  for (const index of indexes) {
    const { expireAfterSeconds, partialFilterExpression, sparse } = index.options;
    if (expireAfterSeconds !== undefined || partialFilterExpression || sparse) {
      throw new Error(
        `index ${index.options.name}: TTL, partial and sparse indexes are not allowed`,
      );
    }
    await db.collection(index.collection).createIndex(index.key, index.options);
  }
}

/** Resolves to true when MongoDB answers a ping within `timeoutMs`. */
export async function pingMongo(db: Db, timeoutMs: number): Promise<boolean> {
  return withTimeout(
    db.command({ ping: 1 }).then(() => true),
    timeoutMs,
  ).catch(() => false);
}

/** Rejects when `promise` has not settled within `timeoutMs`. */
export function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
