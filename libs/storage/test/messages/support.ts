// Shared set-up of the message-store tests: a private database and Redis prefix, plus users and
// mailboxes inserted as the accounts module's contract describes them.
import { connectMongo, connectRedis, ensureIndexes } from '@mailstore/db';
import { createTestEnv, type TestEnv } from '@mailstore/testing';
import { ObjectId, type MongoClient } from 'mongodb';
import { MESSAGE_INDEXES, type Store } from '../../src/index.js';

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
  await ensureIndexes(db, MESSAGE_INDEXES);
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

/** Inserts a user document as the accounts module's contract describes it. */
export async function insertUser(store: Store, quotaLimit = 0): Promise<ObjectId> {
  const _id = new ObjectId();
  await store.db.collection('users').insertOne({
    _id,
    username: `user-${_id.toHexString()}`,
    disabled: false,
    quota: { limit: quotaLimit, used: 0 },
  });
  return _id;
}

/** Inserts a mailbox document as the mailboxes module's contract describes it. */
export async function insertMailbox(
  store: Store,
  user: ObjectId,
  path = 'INBOX',
): Promise<ObjectId> {
  const _id = new ObjectId();
  await store.db.collection('mailboxes').insertOne({
    _id,
    user,
    path,
    specialUse: null,
    uidValidity: Math.floor(Date.now() / 1000),
    uidNext: 1,
    highestModseq: 1,
    subscribed: true,
    createdAt: new Date(),
  });
  return _id;
}
