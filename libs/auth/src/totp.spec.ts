import { createLogger } from '@mailstore/logger';
import { createTestEnv, type TestEnv } from '@mailstore/testing';
import { Redis } from 'ioredis';
import { MongoClient, ObjectId } from 'mongodb';
import { randomBytes } from 'node:crypto';
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthError } from './errors.js';
import { isSealedSecret, secretsKeyId } from './sealed-secret.js';
import { DEFAULT_AUTH_SETTINGS } from './settings.js';
import type { AuthStore } from './store.js';
import { beginTotpEnrolment, confirmTotpEnrolment, verifyUserTotp } from './totp.js';
import { openTotpSecret, resealTotpSecrets } from './totp-secret.js';
import { usersOf } from './users.js';

// TOTP secrets at rest (issue #6): sealed with AUTH_SECRETS_KEY and bound to their user.

let env: TestEnv;
let client: MongoClient;
let bare: AuthStore;
let store: AuthStore;
const key = randomBytes(32);

/** The same handles with another secrets key (or none). */
const withKey = (secretsKey?: Buffer): AuthStore => ({
  ...bare,
  settings: { ...DEFAULT_AUTH_SETTINGS, ...(secretsKey ? { secretsKey } : {}) },
});

/** A code for the time step `steps` after the current one, so each use is a fresh step. */
const codeAt = (secret: string, steps = 0) =>
  generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 * steps });

beforeAll(async () => {
  env = createTestEnv('auth-totp');
  client = await MongoClient.connect(env.config.mongodb.url);
  bare = {
    db: client.db(env.dbName),
    redis: new Redis(env.config.redis.url),
    redisPrefix: env.redisPrefix,
    logger: createLogger({ service: 'auth-totp-test', level: 'silent' }),
  };
  store = withKey(key);
});

afterAll(async () => {
  bare.redis.disconnect();
  await client.close();
  await env.cleanup();
});

async function addUser(username: string) {
  const _id = new ObjectId();
  await usersOf(store).insertOne({ _id, username, disabled: false });
  return _id;
}

/** Enrols and confirms TOTP for a new user; resolves to the user id and the base32 secret. */
async function enrolledUser(username: string) {
  const id = await addUser(username);
  const { secret } = await beginTotpEnrolment(store, id);
  await confirmTotpEnrolment(store, id, await codeAt(secret));
  return { id, secret };
}

describe('TOTP secrets at rest', () => {
  it('stores the pending and the confirmed secret sealed, never the base32 text', async () => {
    const id = await addUser('ada');
    const { secret } = await beginTotpEnrolment(store, id);
    const pending = await usersOf(store).findOne({ _id: id });
    expect(isSealedSecret(pending?.auth?.totpPending?.secret)).toBe(true);
    expect(JSON.stringify(pending)).not.toContain(secret);

    await confirmTotpEnrolment(store, id, await codeAt(secret));
    const confirmed = await usersOf(store).findOne({ _id: id });
    expect(confirmed?.auth?.totp?.secret).toMatchObject({ v: 1, kid: secretsKeyId(key) });
    expect(JSON.stringify(confirmed)).not.toContain(secret);
    expect(await verifyUserTotp(store, id, await codeAt(secret, 1))).toBe(true);
  });

  it('refuses a sealed secret copied into another user’s document', async () => {
    const alice = await enrolledUser('alice');
    const mallory = await addUser('mallory');
    const stolen = (await usersOf(store).findOne({ _id: alice.id }))?.auth?.totp;
    await usersOf(store).updateOne({ _id: mallory }, { $set: { 'auth.totp': stolen } });
    expect(await verifyUserTotp(store, mallory, await codeAt(alice.secret, 1))).toBe(false);
    expect(await verifyUserTotp(store, alice.id, await codeAt(alice.secret, 1))).toBe(true);
  });

  it('fails closed under a wrong key or without a key, and leaves the secret as it was', async () => {
    const { id, secret } = await enrolledUser('bea');
    const before = await usersOf(store).findOne({ _id: id });
    expect(await verifyUserTotp(withKey(randomBytes(32)), id, await codeAt(secret, 1))).toBe(false);
    expect(await verifyUserTotp(withKey(), id, await codeAt(secret, 1))).toBe(false);
    expect(await usersOf(store).findOne({ _id: id })).toEqual(before);
    expect(await verifyUserTotp(store, id, await codeAt(secret, 1))).toBe(true);
  });

  it('seals a legacy clear secret at its next successful verification', async () => {
    const id = await addUser('cy');
    const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    const legacy = { secret, enabledAt: new Date() };
    await usersOf(store).updateOne({ _id: id }, { $set: { 'auth.totp': legacy } });

    expect(await verifyUserTotp(store, id, '000000')).toBe(false);
    expect((await usersOf(store).findOne({ _id: id }))?.auth?.totp?.secret).toBe(secret);

    expect(await verifyUserTotp(store, id, await codeAt(secret))).toBe(true);
    const after = await usersOf(store).findOne({ _id: id });
    expect(isSealedSecret(after?.auth?.totp?.secret)).toBe(true);
    expect(JSON.stringify(after)).not.toContain(secret);
    expect(await verifyUserTotp(store, id, await codeAt(secret, 1))).toBe(true);
  });

  it('without a key, refuses enrolment but still verifies a legacy clear secret', async () => {
    const keyless = withKey();
    const id = await addUser('dan');
    const refused = await beginTotpEnrolment(keyless, id).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AuthError);
    expect(refused).toMatchObject({ code: 'AUTH_TOTP_UNAVAILABLE', status: 503 });
    expect((await usersOf(store).findOne({ _id: id }))?.auth).toBeUndefined();

    const secret = 'KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU';
    await usersOf(store).updateOne(
      { _id: id },
      { $set: { 'auth.totp': { secret, enabledAt: new Date() } } },
    );
    expect(await verifyUserTotp(keyless, id, await codeAt(secret))).toBe(true);
    expect((await usersOf(store).findOne({ _id: id }))?.auth?.totp?.secret).toBe(secret);
  });

  it('rotates the key: a retired key still opens, and the secret moves to the new key at use', async () => {
    const { id, secret } = await enrolledUser('eve');
    const next = randomBytes(32);
    const rotated: AuthStore = {
      ...bare,
      settings: { ...DEFAULT_AUTH_SETTINGS, secretsKey: next, previousSecretsKeys: [key] },
    };
    // The new key alone does not open it; with the old key retired beside it, it does.
    expect(await verifyUserTotp(withKey(next), id, await codeAt(secret, 1))).toBe(false);
    expect(await verifyUserTotp(rotated, id, await codeAt(secret, 1))).toBe(true);
    const after = await usersOf(store).findOne({ _id: id });
    expect(after?.auth?.totp?.secret).toMatchObject({ v: 1, kid: secretsKeyId(next) });
    // Sealed with the new key now: the old key may go.
    expect(openTotpSecret(withKey(next), id, after!.auth!.totp!.secret)).toBe(secret);
  });

  it('re-seals every secret of a retired key in one pass, and counts what it cannot open', async () => {
    const { id: confirmed, secret } = await enrolledUser('fay');
    const pendingUser = await addUser('gus');
    await beginTotpEnrolment(store, pendingUser);
    const lost = await addUser('hal');
    const other = randomBytes(32);
    await beginTotpEnrolment(withKey(other), lost);

    const next = randomBytes(32);
    const rotated: AuthStore = {
      ...bare,
      settings: { ...DEFAULT_AUTH_SETTINGS, secretsKey: next, previousSecretsKeys: [key] },
    };
    const result = await resealTotpSecrets(rotated);
    expect(result.resealed).toBeGreaterThanOrEqual(2);
    expect(result.unreadable).toBeGreaterThanOrEqual(1);
    for (const user of [confirmed, pendingUser]) {
      const doc = await usersOf(store).findOne({ _id: user });
      const sealed = doc?.auth?.totp?.secret ?? doc?.auth?.totpPending?.secret;
      expect(sealed).toMatchObject({ kid: secretsKeyId(next) });
    }
    const unreadable = await usersOf(store).findOne({ _id: lost });
    expect(unreadable?.auth?.totpPending?.secret).toMatchObject({ kid: secretsKeyId(other) });
    const resealed = (await usersOf(store).findOne({ _id: confirmed }))!.auth!.totp!.secret;
    expect(openTotpSecret(withKey(next), confirmed, resealed)).toBe(secret);
    // A second pass finds nothing left to do.
    expect((await resealTotpSecrets(rotated)).resealed).toBe(0);
  });
});
