/* eslint-disable @typescript-eslint/no-unsafe-member-access --
   reply bodies are untyped JSON that the expectations check */
import { encodePbkdf2, sha512Crypt, subscribeRevocations } from '@mailstore/auth';
import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginToken, securityLog, startHarness, type Harness } from './gateway-harness.js';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness('auth-login', {
    AUTH_LOCKOUT_FAILURES: '100',
    AUTH_ADDRESS_FAILURES: '1000',
  });
  await harness.createUser('alice', 'alice password 1', ['alice@example.com']);
});

afterAll(() => harness.stop());

function store() {
  const { context } = harness;
  return {
    db: context.mongo.db,
    redis: context.redis,
    redisPrefix: harness.env.redisPrefix,
    logger: context.logger,
  };
}

describe('password login', () => {
  it('issues a token for the username and for any of the addresses', async () => {
    const byName = await loginToken(harness, 'Alice', 'alice password 1');
    const byAddress = await loginToken(harness, 'ALICE@example.com', 'alice password 1');
    for (const token of [byName, byAddress]) {
      const me = await harness.call('GET', '/v1/me', { token });
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ username: 'alice', scopes: ['*'] });
    }
    const entries = await securityLog(harness, byName);
    const logins = entries.filter((e) => e.event === 'login' && e.outcome === 'success');
    expect(logins.length).toBeGreaterThanOrEqual(2);
    expect(logins[0]).toMatchObject({
      factor: 'password',
      protocol: 'api',
      remoteAddress: '127.0.0.1',
      client: 'gateway-test',
    });
  });

  it('answers a wrong password and an unknown login alike, in text and in time', async () => {
    const timed = async (login: string) => {
      const started = process.hrtime.bigint();
      const reply = await harness.call('POST', '/v1/login', {
        body: { login, password: 'not the password' },
      });
      return { reply, ms: Number(process.hrtime.bigint() - started) / 1e6 };
    };
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 6; i++) {
      const a = await timed('alice');
      const b = await timed(`nobody${i}`);
      expect(a.reply.status).toBe(401);
      expect(b.reply.status).toBe(401);
      expect(a.reply.body).toEqual(b.reply.body);
      known.push(a.ms);
      unknown.push(b.ms);
    }
    const median = (values: number[]) => values.sort((x, y) => x - y)[values.length >> 1] ?? 0;
    const ratio = median(known) / median(unknown);
    // Both paths run one argon2id verification; without the dummy hash an unknown login would
    // answer in about a millisecond, a ratio far above 3.
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
    const token = await loginToken(harness, 'alice', 'alice password 1');
    const failures = (await securityLog(harness, token)).filter((e) => e.outcome === 'failure');
    expect(failures[0]).toMatchObject({ event: 'login', reason: 'wrong-password' });
  });

  it.each([
    ['SHA-512-crypt', () => sha512Crypt('imported pw', 'Zm9vYmFy')],
    ['bcrypt', () => bcrypt.hashSync('imported pw', 4)],
    ['PBKDF2', () => encodePbkdf2('imported pw', Buffer.from('saltsaltsaltsalt'), 2000)],
  ])('rehashes an imported %s hash with argon2id at the next login', async (_name, make) => {
    const username = `imported${Math.random().toString(36).slice(2, 8)}`;
    const userId = await harness.createUser(username, null);
    const users = harness.context.mongo.db.collection('users');
    await users.updateOne({ _id: userId }, { $set: { password: await make() } });

    expect(
      (await harness.call('POST', '/v1/login', { body: { login: username, password: 'x' } }))
        .status,
    ).toBe(401);
    expect((await users.findOne({ _id: userId }))?.password).not.toMatch(/^\$argon2id/);
    await loginToken(harness, username, 'imported pw');
    const stored = (await users.findOne({ _id: userId }))?.password as string;
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    await loginToken(harness, username, 'imported pw');
  });

  it('refuses requests without a valid bearer token', async () => {
    const none = await harness.call('GET', '/v1/me');
    const bogus = await harness.call('GET', '/v1/me', { token: 'mst_bogus' });
    expect(none.status).toBe(401);
    expect(bogus.body.error.code).toBe('AUTH_TOKEN_INVALID');
  });

  it('rejects malformed bodies with AUTH_BAD_REQUEST', async () => {
    const reply = await harness.call('POST', '/v1/login', { body: { login: 'alice' } });
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('AUTH_BAD_REQUEST');
  });
});

describe('tokens', () => {
  it('revokes one token and leaves the others', async () => {
    const first = await loginToken(harness, 'alice', 'alice password 1');
    const second = await loginToken(harness, 'alice', 'alice password 1');
    expect((await harness.call('DELETE', '/v1/tokens/current', { token: first })).status).toBe(204);
    expect((await harness.call('GET', '/v1/me', { token: first })).status).toBe(401);
    expect((await harness.call('GET', '/v1/me', { token: second })).status).toBe(200);
  });

  it('revoke-all rejects every older token and sends the revocation notice', async () => {
    const notices: string[] = [];
    const unsubscribe = await subscribeRevocations(store(), (userId) => notices.push(userId));
    try {
      const older = await loginToken(harness, 'alice', 'alice password 1');
      const other = await loginToken(harness, 'alice@example.com', 'alice password 1');
      const me = await harness.call('GET', '/v1/me', { token: older });
      const revoked = await harness.call('POST', '/v1/tokens/revoke-all', { token: older });
      expect(revoked.status).toBe(204);
      expect((await harness.call('GET', '/v1/me', { token: older })).status).toBe(401);
      expect((await harness.call('GET', '/v1/me', { token: other })).body.error.code).toBe(
        'AUTH_TOKEN_INVALID',
      );
      const newer = await loginToken(harness, 'alice', 'alice password 1');
      expect((await harness.call('GET', '/v1/me', { token: newer })).status).toBe(200);
      await expect.poll(() => notices).toContain(me.body.userId);
      const entries = await securityLog(harness, newer);
      expect(entries.some((e) => e.event === 'tokens-revoked-all')).toBe(true);
    } finally {
      await unsubscribe();
    }
  });

  it('a password change voids older tokens and needs the current password', async () => {
    const token = await loginToken(harness, 'alice', 'alice password 1');
    const wrong = await harness.call('PUT', '/v1/password', {
      token,
      body: { currentPassword: 'nope', newPassword: 'alice password 2' },
    });
    expect(wrong.body.error.code).toBe('AUTH_INVALID_CREDENTIALS');
    const changed = await harness.call('PUT', '/v1/password', {
      token,
      body: { currentPassword: 'alice password 1', newPassword: 'alice password 2' },
    });
    expect(changed.status).toBe(204);
    expect((await harness.call('GET', '/v1/me', { token })).status).toBe(401);
    const fresh = await loginToken(harness, 'alice', 'alice password 2');
    const entries = await securityLog(harness, fresh);
    expect(entries.some((e) => e.event === 'password-changed')).toBe(true);
  });
});
