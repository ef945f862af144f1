import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginToken, startHarness, type Harness } from './gateway-harness.js';

// A gateway without AUTH_SECRETS_KEY keeps working, but stores no TOTP secret (issue #6).
let harness: Harness;

beforeAll(async () => {
  harness = await startHarness('auth-nokey', { AUTH_SECRETS_KEY: '' });
  await harness.createUser('erin', 'erin password 1');
});

afterAll(() => harness.stop());

describe('gateway without AUTH_SECRETS_KEY', () => {
  it('refuses TOTP enrolment with 503 AUTH_TOTP_UNAVAILABLE and stores nothing', async () => {
    const token = await loginToken(harness, 'erin', 'erin password 1');
    const reply = await harness.call('POST', '/v1/totp/enrolment', { token });
    expect(reply.status).toBe(503);
    expect(reply.body).toEqual({
      error: {
        code: 'AUTH_TOTP_UNAVAILABLE',
        message: 'TOTP is not available: the server has no AUTH_SECRETS_KEY',
      },
    });
    const user = await harness.context.mongo.db.collection('users').findOne({ username: 'erin' });
    expect(user).not.toHaveProperty('auth.totpPending');
    const factors = await harness.call('GET', '/v1/second-factors', { token });
    expect(factors.body).toMatchObject({ totp: false });
  });
});
