/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment --
   reply bodies are untyped JSON that the expectations check */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginToken, securityLog, startHarness, type Harness } from './gateway-harness.js';

const SERVICE_TOKEN = 'service-token-for-tests-0123456789abcdef';
let harness: Harness;
let token = '';

beforeAll(async () => {
  harness = await startHarness('auth-apppw', {
    AUTH_SERVICE_TOKEN: SERVICE_TOKEN,
    AUTH_LOCKOUT_FAILURES: '100',
    AUTH_ADDRESS_FAILURES: '1000',
  });
  await harness.createUser('dave', 'dave password 1', ['dave@example.org']);
  token = await loginToken(harness, 'dave', 'dave password 1');
});

afterAll(() => harness.stop());

function check(login: string, password: string, protocol: string, remoteAddress = '203.0.113.9') {
  return harness.call('POST', '/v1/service/check', {
    headers: { 'x-service-token': SERVICE_TOKEN },
    body: { login, password, protocol, remoteAddress, client: 'Thunderbird' },
  });
}

async function create(body: Record<string, unknown>) {
  const reply = await harness.call('POST', '/v1/app-passwords', { token, body });
  expect(reply.status).toBe(201);
  return reply.body as { _id: string; password: string; scopes: string[] };
}

describe('application passwords', () => {
  it('an imap-only app password works for IMAP and is refused for the API', async () => {
    const imapOnly = await create({ name: 'phone', scopes: ['imap'] });
    expect(imapOnly.password).toMatch(/^([a-z2-9]{4}-){4}[a-z2-9]{4}$/);

    const imap = await check('dave@example.org', imapOnly.password, 'imap');
    expect(imap.status).toBe(200);
    expect(imap.body).toMatchObject({
      username: 'dave',
      scopes: ['imap'],
      appPasswordId: imapOnly._id,
    });

    const api = await harness.call('POST', '/v1/login', {
      body: { login: 'dave', password: imapOnly.password },
    });
    expect(api.status).toBe(401);
    expect(api.body.error.code).toBe('AUTH_INVALID_CREDENTIALS');
    expect((await check('dave', imapOnly.password, 'api')).status).toBe(401);
    expect((await check('dave', imapOnly.password, 'smtp')).status).toBe(401);

    const entries = await securityLog(harness, token);
    const uses = entries.filter((e) => e.appPasswordId === imapOnly._id && e.event === 'login');
    expect(uses.map((e) => [e.protocol, e.outcome, e.reason ?? null])).toEqual([
      ['smtp', 'failure', 'scope'],
      ['api', 'failure', 'scope'],
      ['api', 'failure', 'scope'],
      ['imap', 'success', null],
    ]);
    expect(uses.at(-1)).toMatchObject({ factor: 'app-password', client: 'Thunderbird' });
  });

  it('an api-scoped app password gets a token that cannot manage the account', async () => {
    const apiPassword = await create({ name: 'script', scopes: ['api'] });
    const login = await harness.call('POST', '/v1/login', {
      body: { login: 'dave', password: apiPassword.password.toUpperCase() },
    });
    expect(login.status).toBe(200);
    expect(login.body.scopes).toEqual(['api']);
    const me = await harness.call('GET', '/v1/me', { token: login.body.token });
    expect(me.body.appPasswordId).toBe(apiPassword._id);
    const manage = await harness.call('GET', '/v1/app-passwords', { token: login.body.token });
    expect(manage.status).toBe(403);
    expect(manage.body.error.code).toBe('AUTH_FULL_LOGIN_REQUIRED');
  });

  it('honours allowed networks and expiry', async () => {
    const office = await create({ name: 'office', scopes: ['*'], networks: ['203.0.113.0/24'] });
    expect((await check('dave', office.password, 'smtp', '203.0.113.77')).status).toBe(200);
    expect((await check('dave', office.password, 'smtp', '198.51.100.1')).status).toBe(401);
    const bad = await harness.call('POST', '/v1/app-passwords', {
      token,
      body: { name: 'x', scopes: ['imap'], networks: ['10.0.0.0/33'] },
    });
    expect(bad.body.error.code).toBe('AUTH_BAD_NETWORK');
    const soon = await create({
      name: 'soon',
      scopes: ['imap'],
      expiresAt: new Date(Date.now() + 1500).toISOString(),
    });
    expect((await check('dave', soon.password, 'imap')).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1600));
    expect((await check('dave', soon.password, 'imap')).status).toBe(401);
  });

  it('lists without secrets and revokes one by one', async () => {
    const temp = await create({ name: 'temporary', scopes: ['pop3'] });
    const list = await harness.call('GET', '/v1/app-passwords', { token });
    const names = (list.body as { appPasswords: Array<{ name: string }> }).appPasswords.map(
      (p) => p.name,
    );
    expect(names).toContain('temporary');
    expect(JSON.stringify(list.body)).not.toContain(temp.password);
    expect(JSON.stringify(list.body)).not.toContain('hash');
    expect((await check('dave', temp.password, 'pop3')).status).toBe(200);
    const revoked = await harness.call('DELETE', `/v1/app-passwords/${temp._id}`, { token });
    expect(revoked.status).toBe(204);
    expect((await check('dave', temp.password, 'pop3')).status).toBe(401);
    const again = await harness.call('DELETE', `/v1/app-passwords/${temp._id}`, { token });
    expect(again.body.error.code).toBe('AUTH_NOT_FOUND');
  });

  it('refuses the service endpoint without the shared secret', async () => {
    const reply = await harness.call('POST', '/v1/service/check', {
      headers: { 'x-service-token': 'wrong' },
      body: { login: 'dave', password: 'dave password 1', protocol: 'imap', remoteAddress: '::1' },
    });
    expect(reply.status).toBe(401);
    expect(reply.body.error.code).toBe('AUTH_SERVICE_TOKEN_INVALID');
  });
});
