import type { TLSSocket } from 'node:tls';
import { createSelfSignedCertificate, type TestCertificate } from '@mailstore/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, startHarness, type Harness } from './harness.js';
import { RawClient } from './raw-client.js';

let harness: Harness;
let certificate: TestCertificate | undefined;
const clients: RawClient[] = [];

async function track(client: RawClient): Promise<RawClient> {
  clients.push(client);
  expect(await client.line()).toMatch(/^\* OK \[CAPABILITY /);
  return client;
}

beforeAll(async () => {
  certificate = await createSelfSignedCertificate('imap');
  const { key, cert } = certificate;
  harness = await startHarness(
    'imap-tls',
    {},
    { TLS_KEY_FILE: key, TLS_CERT_FILE: cert, IMAPS_PORT: '0' },
  );
});

afterAll(async () => {
  for (const client of clients) client.end();
  await harness?.stop();
  await certificate?.remove();
});

describe('TLS', () => {
  it('announces STARTTLS on the plaintext port and upgrades the connection', async () => {
    const client = await track(await RawClient.open(harness.port));
    const before = await client.command('c1', 'CAPABILITY');
    expect(before[0]).toContain(' STARTTLS');
    expect(await client.command('t', 'STARTTLS')).toEqual(['t OK Begin TLS negotiation now']);
    await client.startTls();
    expect((client.socket as TLSSocket).encrypted).toBe(true);
    const after = await client.command('c2', 'CAPABILITY');
    expect(after[0]).not.toContain('STARTTLS');
    expect(after[1]).toBe('c2 OK CAPABILITY completed');
  });

  it('drops commands pipelined behind STARTTLS in plaintext', async () => {
    const client = await track(await RawClient.open(harness.port));
    client.send('t STARTTLS\r\ninjected NOOP\r\n');
    expect(await client.line()).toBe('t OK Begin TLS negotiation now');
    await client.startTls();
    // The injected NOOP must never be answered; the next answer is to our own command.
    expect(await client.command('mine', 'NOOP')).toEqual(['mine OK NOOP completed']);
  });

  it('serves implicit TLS on IMAPS_PORT without offering STARTTLS', async () => {
    expect(harness.tlsPort).toBeGreaterThan(0);
    const client = await track(await RawClient.open(harness.tlsPort as number, true));
    const reply = await client.command('c', 'CAPABILITY');
    expect(reply[0]).not.toContain('STARTTLS');
    expect(await client.command('s', 'STARTTLS')).toEqual(['s BAD TLS is already active']);
  });
});

describe('IMAP_REQUIRE_TLS', () => {
  let strict: Harness;

  beforeAll(async () => {
    const { key, cert } = certificate!;
    strict = await startHarness(
      'imap-require-tls',
      {},
      { TLS_KEY_FILE: key, TLS_CERT_FILE: cert, IMAPS_PORT: '0', IMAP_REQUIRE_TLS: 'true' },
    );
    await createUser(strict.store, 'tess', 'secret');
  });

  afterAll(async () => {
    await strict?.stop();
  });

  it('announces LOGINDISABLED and no mechanism, and refuses credentials before STARTTLS', async () => {
    const client = await track(await RawClient.open(strict.port));
    const capability = (await client.command('c', 'CAPABILITY'))[0]!;
    expect(capability).toContain(' LOGINDISABLED');
    expect(capability).toContain(' STARTTLS');
    expect(capability).not.toContain('AUTH=');
    expect(await client.command('l', 'LOGIN tess secret')).toEqual([
      'l NO [PRIVACYREQUIRED] log in after STARTTLS',
    ]);
    const plain = Buffer.from('\0tess\0secret').toString('base64');
    expect(await client.command('a', `AUTHENTICATE PLAIN ${plain}`)).toEqual([
      'a NO [PRIVACYREQUIRED] log in after STARTTLS',
    ]);
  });

  it('takes the same credentials after STARTTLS and on the implicit-TLS port', async () => {
    const client = await track(await RawClient.open(strict.port));
    await client.command('t', 'STARTTLS');
    await client.startTls();
    const capability = (await client.command('c', 'CAPABILITY'))[0]!;
    expect(capability).not.toContain('LOGINDISABLED');
    expect(capability).toContain(' AUTH=PLAIN');
    expect((await client.command('l', 'LOGIN tess secret')).at(-1)).toMatch(/^l OK /);

    const implicit = await track(await RawClient.open(strict.tlsPort as number, true));
    const plain = Buffer.from('\0tess\0secret').toString('base64');
    expect((await implicit.command('a', `AUTHENTICATE PLAIN ${plain}`)).at(-1)).toMatch(/^a OK /);
  });
});
