/* eslint-disable @typescript-eslint/no-unsafe-member-access --
   reply bodies are untyped JSON that the expectations check */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'plist';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginToken, securityLog, startHarness, type Harness } from './gateway-harness.js';

const SERVICE_TOKEN = 'service-token-for-tests-0123456789abcdef';
const PASSWORD = 'grace password 1';
const dir = mkdtempSync(join(tmpdir(), 'auth-profile-'));
const certFile = join(dir, 'cert.pem');
const keyFile = join(dir, 'key.pem');
let plain: Harness;
let signing: Harness;

beforeAll(async () => {
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      '1',
      '-subj',
      '/CN=profile signer',
    ],
    { stdio: 'ignore' },
  );
  const common = { AUTH_SERVICE_TOKEN: SERVICE_TOKEN, SERVER_NAME: 'mail.example.com' };
  plain = await startHarness('auth-profile', common);
  signing = await startHarness('auth-profile-signed', {
    ...common,
    PROFILE_SIGNING_CERT: certFile,
    PROFILE_SIGNING_KEY: keyFile,
  });
  for (const harness of [plain, signing]) {
    await harness.createUser('grace', PASSWORD, ['grace@example.com']);
  }
});

afterAll(async () => {
  await plain.stop();
  await signing.stop();
});

type Dict = Record<string, unknown>;

describe('Apple configuration profiles', () => {
  it('is a property list with IMAP and SMTP settings and an app password, never the account password', async () => {
    const token = await loginToken(plain, 'grace', PASSWORD);
    const reply = await plain.call('POST', '/v1/profile', { token });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe('application/x-apple-aspen-config');
    const text = reply.raw.toString('utf8');
    expect(text).not.toContain(PASSWORD);

    const profile = parse(text) as Dict;
    expect(profile).toMatchObject({ PayloadType: 'Configuration', PayloadVersion: 1 });
    const mail = (profile.PayloadContent as Dict[])[0] as Dict;
    expect(mail).toMatchObject({
      PayloadType: 'com.apple.mail.managed',
      EmailAccountType: 'EmailTypeIMAP',
      EmailAddress: 'grace@example.com',
      IncomingMailServerHostName: 'mail.example.com',
      IncomingMailServerPortNumber: 993,
      IncomingMailServerUseSSL: true,
      IncomingMailServerUsername: 'grace',
      OutgoingMailServerHostName: 'mail.example.com',
      OutgoingMailServerPortNumber: 465,
      OutgoingPasswordSameAsIncomingPassword: true,
    });
    const appPassword = mail.IncomingPassword as string;
    expect(appPassword).not.toBe(PASSWORD);

    const check = (protocol: string) =>
      plain.call('POST', '/v1/service/check', {
        headers: { 'x-service-token': SERVICE_TOKEN },
        body: { login: 'grace', password: appPassword, protocol, remoteAddress: '192.0.2.8' },
      });
    expect((await check('imap')).body.scopes).toEqual(['imap', 'smtp']);
    expect((await check('smtp')).status).toBe(200);
    expect((await check('api')).status).toBe(401);

    const entries = await securityLog(plain, token);
    expect(entries.some((e) => e.event === 'profile-created' && e.appPasswordId)).toBe(true);
  });

  it('is signed as CMS when a certificate is configured', async () => {
    const token = await loginToken(signing, 'grace', PASSWORD);
    const reply = await signing.call('POST', '/v1/profile', { token });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('x-profile-signed')).toBe('true');
    expect(reply.raw[0]).toBe(0x30); // a DER SEQUENCE: ContentInfo (RFC 5652 section 3)
    const signedFile = join(dir, 'signed.mobileconfig');
    writeFileSync(signedFile, reply.raw);
    const content = execFileSync(
      'openssl',
      ['smime', '-verify', '-inform', 'der', '-in', signedFile, '-CAfile', certFile],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    ).toString('utf8');
    const profile = parse(content) as Dict;
    expect(profile.PayloadType).toBe('Configuration');
    expect(content).not.toContain(PASSWORD);
  });
});
