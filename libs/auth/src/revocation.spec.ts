import { createLogger } from '@mailstore/logger';
import { createTestEnv, type TestEnv } from '@mailstore/testing';
import { Redis } from 'ioredis';
import { MongoClient, ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppPassword, revokeAppPassword } from './app-passwords.js';
import { hashPassword } from './passwords/argon2.js';
import { revokeAllSessions, subscribeRevocations } from './revocation.js';
import type { AuthStore } from './store.js';
import { usersOf } from './users.js';

let env: TestEnv;
let client: MongoClient;
let store: AuthStore;

beforeAll(async () => {
  env = createTestEnv('auth-revocation');
  client = await MongoClient.connect(env.config.mongodb.url);
  store = {
    db: client.db(env.dbName),
    redis: new Redis(env.config.redis.url),
    redisPrefix: env.redisPrefix,
    logger: createLogger({ service: 'auth-revocation-test', level: 'silent' }),
  };
});

afterAll(async () => {
  store.redis.disconnect();
  await client.close();
  await env.cleanup();
});

async function addUser(username: string): Promise<ObjectId> {
  const _id = new ObjectId();
  await usersOf(store).insertOne({
    _id,
    username,
    disabled: false,
    password: await hashPassword(`${username} password`),
  });
  return _id;
}

/** Collects the notices published while `act` runs, as `user` or `user app-password`. */
async function noticesDuring(act: () => Promise<void>, expected: number): Promise<string[]> {
  const notices: string[] = [];
  const unsubscribe = await subscribeRevocations(store, (userId, appPasswordId) =>
    notices.push(appPasswordId ? `${userId} ${appPasswordId}` : userId),
  );
  try {
    await act();
    await expect.poll(() => notices.length).toBe(expected);
  } finally {
    await unsubscribe();
  }
  return notices;
}

describe('revocation notices', () => {
  it('name the application password when one is revoked', async () => {
    const id = await addUser('nora');
    const app = await createAppPassword(store, id, { name: 'phone', scopes: ['imap'] });
    const notices = await noticesDuring(() => revokeAppPassword(store, id, app._id), 1);
    expect(notices).toEqual([`${id.toHexString()} ${app._id.toHexString()}`]);
  });

  it('name only the user on revoke-all', async () => {
    const id = await addUser('omar');
    const notices = await noticesDuring(() => revokeAllSessions(store, id), 1);
    expect(notices).toEqual([id.toHexString()]);
  });
});
