// Shared set-up of the message-store tests: a private database and Redis prefix, plus users and
// mailboxes made by the accounts and mailboxes modules.
import { connectMongo, connectRedis, ensureIndexes } from '@mailstore/db';
import { createTestEnv, type TestEnv } from '@mailstore/testing';
import { randomBytes } from 'node:crypto';
import type { MongoClient, ObjectId } from 'mongodb';
import {
  ACCOUNT_INDEXES,
  createMailbox,
  createUser,
  getMailboxByPath,
  MAILBOX_INDEXES,
  MESSAGE_INDEXES,
  type Store,
} from '../../src/index.js';

/** A store on a fresh database, and how to tear it down. */
export interface TestStore {
  env: TestEnv;
  store: Store;
  client: MongoClient;
  close(): Promise<void>;
}

/** Opens a store on a private database with the message indexes created. */
export async function openTestStore(name: string): Promise<TestStore> {
  const env = createTestEnv(name);
  const { client, db } = await connectMongo(
    { url: env.variables.MONGODB_URL!, dbName: env.dbName, connectTimeoutMs: 10_000 },
    env.logger,
  );
  const redis = await connectRedis(
    { url: env.variables.REDIS_URL!, prefix: env.redisPrefix, connectTimeoutMs: 10_000 },
    env.logger,
  );
  await ensureIndexes(db, [...ACCOUNT_INDEXES, ...MAILBOX_INDEXES, ...MESSAGE_INDEXES]);
  const store: Store = { db, redis, redisPrefix: env.redisPrefix, logger: env.logger };
  return {
    env,
    store,
    client,
    close: async () => {
      redis.disconnect();
      await client.close();
      await env.cleanup();
    },
  };
}

/** Creates a user (with its default mailboxes) through the accounts module. */
export async function insertUser(store: Store, quotaLimit = 0): Promise<ObjectId> {
  const username = `user${randomBytes(6).toString('hex')}`;
  const { userId } = await createUser(store, { username, quotaBytes: quotaLimit });
  return userId;
}

/** Returns the user's mailbox at `path`, creating it through the mailboxes module if needed. */
export async function insertMailbox(
  store: Store,
  user: ObjectId,
  path = 'INBOX',
): Promise<ObjectId> {
  const existing = await getMailboxByPath(store, user, path);
  if (existing) return existing._id;
  return (await createMailbox(store, user, path))._id;
}
