import type { TLSSocket } from 'node:tls';
import { createSelfSignedCertificate, type TestCertificate } from '@mailstore/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.js';
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
