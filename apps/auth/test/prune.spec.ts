import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './gateway-harness.js';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness('auth-prune', {
    AUTH_LOG_RETENTION_DAYS: '30',
    AUTH_PRUNE_INTERVAL_MS: '500',
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
