/* eslint-disable @typescript-eslint/no-unsafe-member-access --
   reply bodies are untyped JSON that the expectations check */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginToken, securityLog, startHarness, type Harness } from './gateway-harness.js';

const SERVICE_TOKEN = 'service-token-for-tests-0123456789abcdef';
/** Lockout length configured for this file, in seconds: short, so the test can outwait it. */
const LOCKOUT_SECONDS = 2;
let harness: Harness;

beforeAll(async () => {
  harness = await startHarness('auth-lockout', {
    AUTH_SERVICE_TOKEN: SERVICE_TOKEN,
    AUTH_LOCKOUT_FAILURES: '3',
    AUTH_ADDRESS_FAILURES: '6',
    AUTH_FAILURE_WINDOW_SECONDS: '60',
    AUTH_LOCKOUT_SECONDS: String(LOCKOUT_SECONDS),
  });
  await harness.createUser('erin', 'erin password 1', ['erin@example.net']);
  await harness.createUser('frank', 'frank password 1');
});

afterAll(() => harness.stop());

function check(login: string, password: string, remoteAddress: string) {
  return harness.call('POST', '/v1/service/check', {
    headers: { 'x-service-token': SERVICE_TOKEN },
    body: { login, password, protocol: 'imap', remoteAddress },
  });
}

describe('rate limits', () => {
  it('locks an account out from one address after repeated failures, sparing other addresses, until the lockout ends by itself', async () => {
    for (let i = 0; i < 3; i++) {
      expect((await check('erin', 'wrong', '192.0.2.1')).status).toBe(401);
    }
    const locked = await check('erin@example.net', 'erin password 1', '192.0.2.1');
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('AUTH_RATE_LIMITED');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(locked.headers.get('retry-after'))).toBeLessThanOrEqual(LOCKOUT_SECONDS);

    expect((await check('erin', 'erin password 1', '192.0.2.2')).status).toBe(200);
    expect((await check('frank', 'frank password 1', '192.0.2.1')).status).toBe(200);

    await new Promise((resolve) => setTimeout(resolve, LOCKOUT_SECONDS * 1000 + 200));
    expect((await check('erin', 'erin password 1', '192.0.2.1')).status).toBe(200);

    const token = await loginToken(harness, 'erin', 'erin password 1');
    const entries = (await securityLog(harness, token)).filter((e) => e.protocol === 'imap');
    expect(entries.map((e) => [e.remoteAddress, e.outcome, e.reason ?? null])).toEqual([
      ['192.0.2.1', 'success', null],
      ['192.0.2.2', 'success', null],
      ['192.0.2.1', 'failure', 'rate-limited'],
      ['192.0.2.1', 'failure', 'wrong-password'],
      ['192.0.2.1', 'failure', 'wrong-password'],
      ['192.0.2.1', 'failure', 'wrong-password'],
    ]);
  });

  it('locks out an address that guesses across many logins, whether or not they exist', async () => {
    for (let i = 0; i < 6; i++) {
      expect((await check(`ghost${i}`, 'guess', '192.0.2.50')).status).toBe(401);
    }
    const locked = await check('frank', 'frank password 1', '192.0.2.50');
    expect(locked.status).toBe(429);
    expect((await check('frank', 'frank password 1', '192.0.2.51')).status).toBe(200);
  });

  it('counts wrong second factors across logins: the right password does not reset them', async () => {
    const id = await harness.createUser('gina', 'gina password 1');
    await harness.context.mongo.db.collection('users').updateOne(
      { _id: id },
      {
        $set: {
          'auth.totp': { secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', enabledAt: new Date() },
        },
      },
    );
    const ticket = async () => {
      const reply = await harness.call('POST', '/v1/login', {
        body: { login: 'gina', password: 'gina password 1' },
      });
      expect(reply.body.status).toBe('second-factor');
      return reply.body.ticket as string;
    };
    const guess = (t: string) =>
      harness.call('POST', '/v1/login/second-factor', {
        body: { ticket: t, method: 'totp', code: '000000' },
      });
    const first = await ticket();
    expect((await guess(first)).status).toBe(401);
    expect((await guess(first)).status).toBe(401);
    const second = await ticket();
    expect((await guess(second)).status).toBe(401);
    const locked = await guess(second);
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('AUTH_RATE_LIMITED');
  });

  it('locks out the gateway login the same way', async () => {
    for (let i = 0; i < 3; i++) {
      const reply = await harness.call('POST', '/v1/login', {
        body: { login: 'frank', password: 'wrong' },
      });
      expect(reply.status).toBe(401);
    }
    const locked = await harness.call('POST', '/v1/login', {
      body: { login: 'frank', password: 'frank password 1' },
    });
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('AUTH_RATE_LIMITED');
  });
});
