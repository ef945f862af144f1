import { normalizeAddress } from '@mailstore/address';
import { createLogger } from '@mailstore/logger';
import { createTestEnv, type TestEnv } from '@mailstore/testing';
import { Redis } from 'ioredis';
import { MongoClient, ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppPassword } from './app-passwords.js';
import { authenticate, type LoginAttempt } from './authenticate.js';
import { hashPassword } from './passwords/argon2.js';
import { setPassword } from './passwords/set-password.js';
import { subscribeRevocations } from './revocation.js';
import type { AuthStore } from './store.js';
import { usersOf } from './users.js';

let env: TestEnv;
let client: MongoClient;
let store: AuthStore;

beforeAll(async () => {
  env = createTestEnv('auth-lib');
  client = await MongoClient.connect(env.config.mongodb.url);
  const redis = new Redis(env.config.redis.url);
  store = {
    db: client.db(env.dbName),
    redis,
    redisPrefix: env.redisPrefix,
    logger: createLogger({ service: 'auth-lib-test', level: 'silent' }),
  };
});

afterAll(async () => {
  store.redis.disconnect();
  await client.close();
  await env.cleanup();
});

async function addUser(username: string, password: string, addresses: string[] = []) {
  const _id = new ObjectId();
  await usersOf(store).insertOne({
    _id,
    username,
    disabled: false,
    password: await hashPassword(password),
  });
  for (const address of addresses) {
    await store.db
      .collection('addresses')
      .insertOne({ lookup: normalizeAddress(address).lookup, user: _id });
  }
  return _id;
}

const attempt = (login: string, password: string, protocol: LoginAttempt['protocol'] = 'imap') => ({
  login,
  password,
  protocol,
  remoteAddress: '192.0.2.10',
  client: 'unit test',
});

describe('authenticate', () => {
  it('accepts the account password for IMAP with every scope', async () => {
    const id = await addUser('ivan', 'ivan password');
    const result = await authenticate(store, attempt('IVAN', 'ivan password'));
    expect(result).toEqual({ ok: true, userId: id, username: 'ivan', scopes: ['*'] });
    expect(await authenticate(store, attempt('ivan', 'other'))).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  it('finds the user by any form of an address that normalizes to the stored lookup', async () => {
    const id = await addUser('judy', 'judy password', ['Judy.Smith@Example.COM']);
    const result = await authenticate(
      store,
      attempt('judysmith+lists@example.com', 'judy password'),
    );
    expect(result).toMatchObject({ ok: true, userId: id });
  });

  it('says "disabled" only to someone who knows the password', async () => {
    const id = await addUser('kim', 'kim password');
    await usersOf(store).updateOne({ _id: id }, { $set: { disabled: true } });
    expect(await authenticate(store, attempt('kim', 'wrong'))).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(await authenticate(store, attempt('kim', 'kim password'))).toEqual({
      ok: false,
      reason: 'disabled',
    });
  });

  it('with a second factor on, accepts only application passwords for IMAP, POP3 and SMTP', async () => {
    const id = await addUser('leo', 'leo password');
    await usersOf(store).updateOne(
      { _id: id },
      { $set: { 'auth.totp': { secret: 'JBSWY3DPEHPK3PXP', enabledAt: new Date() } } },
    );
    for (const protocol of ['imap', 'pop3', 'smtp'] as const) {
      expect((await authenticate(store, attempt('leo', 'leo password', protocol))).ok).toBe(false);
    }
    const app = await createAppPassword(store, id, { name: 'mail', scopes: ['imap', 'pop3'] });
    const result = await authenticate(store, attempt('leo', app.password, 'pop3'));
    expect(result).toMatchObject({ ok: true, scopes: ['imap', 'pop3'], appPasswordId: app._id });
    expect((await authenticate(store, attempt('leo', app.password, 'smtp'))).ok).toBe(false);
  });
});

describe('setPassword', () => {
  it('stores a new argon2id hash, bumps the generation and publishes the revocation notice', async () => {
    const id = await addUser('mia', 'mia password');
    const notices: string[] = [];
    const unsubscribe = await subscribeRevocations(store, (userId) => notices.push(userId));
    try {
      await setPassword(store, id, 'mia new password');
      await expect.poll(() => notices).toEqual([id.toHexString()]);
    } finally {
      await unsubscribe();
    }
    const user = await usersOf(store).findOne({ _id: id });
    expect(user?.auth?.generation).toBe(1);
    expect((await authenticate(store, attempt('mia', 'mia password'))).ok).toBe(false);
    expect((await authenticate(store, attempt('mia', 'mia new password'))).ok).toBe(true);
  });

  it('rejects an empty password and an unknown user', async () => {
    await expect(setPassword(store, new ObjectId(), '')).rejects.toMatchObject({
      code: 'AUTH_PASSWORD_REJECTED',
    });
    await expect(setPassword(store, new ObjectId(), 'x')).rejects.toMatchObject({
      code: 'AUTH_NOT_FOUND',
    });
  });
});
