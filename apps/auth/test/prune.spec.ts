import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginToken, startHarness, type Harness } from './gateway-harness.js';

/** API token lifetime configured for this file, in seconds. */
const TOKEN_TTL_SECONDS = 1;

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness('auth-prune', {
    AUTH_LOG_RETENTION_DAYS: '30',
    AUTH_PRUNE_INTERVAL_MS: '500',
    AUTH_TOKEN_TTL_SECONDS: String(TOKEN_TTL_SECONDS),
  });
});

afterAll(() => harness.stop());

describe('security log pruning', () => {
  it('deletes entries older than the retention and expired tokens through the scheduled job', async () => {
    const db = harness.context.mongo.db;
    const userId = await harness.createUser('heidi', 'heidi password 1');
    const day = 86_400_000;
    await db.collection('auth_security_log').insertMany([
      { user: userId, at: new Date(Date.now() - 31 * day), event: 'login', outcome: 'success' },
      { user: userId, at: new Date(Date.now() - 29 * day), event: 'login', outcome: 'success' },
    ]);
    await db.collection('auth_tokens').insertOne({
      hash: 'expired',
      user: userId,
      generation: 0,
      scopes: ['*'],
      createdAt: new Date(Date.now() - 2 * day),
      expiresAt: new Date(Date.now() - day),
    });
    await expect
      .poll(() => db.collection('auth_security_log').countDocuments({ user: userId }), {
        timeout: 15_000,
        interval: 250,
      })
      .toBe(1);
    const left = await db.collection('auth_security_log').findOne({ user: userId });
    expect(Date.now() - (left?.at as Date).getTime()).toBeLessThan(30 * day);
    expect(await db.collection('auth_tokens').countDocuments({ hash: 'expired' })).toBe(0);
  });
});

describe('expiry', () => {
  it('refuses an API token after its lifetime', async () => {
    await harness.createUser('ivy', 'ivy password 1');
    const token = await loginToken(harness, 'ivy', 'ivy password 1');
    expect((await harness.call('GET', '/v1/me', { token })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, TOKEN_TTL_SECONDS * 1000 + 100));
    const expired = await harness.call('GET', '/v1/me', { token });
    expect(expired.status).toBe(401);
    expect((expired.body as { error: { code: string } }).error.code).toBe('AUTH_TOKEN_INVALID');
  });

  it('tells a disabled account so only after the right password', async () => {
    const id = await harness.createUser('jack', 'jack password 1');
    await harness.context.mongo.db
      .collection('users')
      .updateOne({ _id: id }, { $set: { disabled: true } });
    const wrong = await harness.call('POST', '/v1/login', {
      body: { login: 'jack', password: 'x' },
    });
    const right = await harness.call('POST', '/v1/login', {
      body: { login: 'jack', password: 'jack password 1' },
    });
    expect(wrong.status).toBe(401);
    expect(right.status).toBe(403);
    expect((right.body as { error: { code: string } }).error.code).toBe('AUTH_ACCOUNT_DISABLED');
  });
});
