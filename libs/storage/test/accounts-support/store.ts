// Set-up shared by the accounts and mailboxes tests: a private database and Redis prefix with
// the accounts, mailboxes and messages indexes created.
import { connectMongo, connectRedis, ensureIndexes } from '@mailstore/db';
import { createTestEnv, type TestEnv } from '@mailstore/testing';
import type { MongoClient, ObjectId } from 'mongodb';
import {
  ensureAccountIndexes,
  ingestMessage,
  MESSAGE_INDEXES,
  type Store,
} from '../../src/index.js';

/** A store on a fresh database, and how to tear it down. */
export interface AccountsTestStore {
  env: TestEnv;
  store: Store;
  client: MongoClient;
  close(): Promise<void>;
}

/** Opens a store on a private database with every index the accounts tests rely on. */
export async function openAccountsStore(name: string): Promise<AccountsTestStore> {
  const env = createTestEnv(name);
  const { client, db } = await connectMongo(env.config.mongodb, env.logger);
  const redis = await connectRedis(env.config.redis, env.logger);
  const store: Store = { db, redis, redisPrefix: env.redisPrefix, logger: env.logger };
  await ensureAccountIndexes(store);
  await ensureIndexes(db, MESSAGE_INDEXES);
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

/** Runs `action` and returns what it threw (failing the test when it threw nothing). */
export async function caught(action: () => Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await action();
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected a refusal, but the call succeeded');
}

/** Delivers `count` small real messages into a mailbox through the messages module's ingest. */
export async function deliver(
  store: Store,
  user: ObjectId,
  mailbox: ObjectId,
  count: number,
): Promise<void> {
  for (let i = 1; i <= count; i++) {
    const message = Buffer.from(
      `From: a@example.com\r\nTo: b@example.com\r\nSubject: test ${i}\r\n` +
        `Message-ID: <${user.toHexString()}.${mailbox.toHexString()}.${i}@example.com>\r\n\r\n` +
        `Body ${i}\r\n`,
    );
    await ingestMessage(store, { user, mailbox, message });
  }
}
