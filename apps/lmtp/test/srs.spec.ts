import { createFilter, srsForward } from '@mailstore/delivery';
import { createLogger } from '@mailstore/logger';
import { addForward } from '@mailstore/storage';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startLmtpServer } from '../src/server.js';
import { addUser, sampleMessage, startHarness, type LmtpHarness } from './harness.js';
import { RawLmtpClient } from './lmtp-client.js';
import { TestRelay } from './relay.js';

const SRS = { domain: 'srs.example.com', secret: 'srs-test-secret-0123456789', maxAgeDays: 21 };
const DAY_MS = 86_400_000;
/** An SRS0 address at our SRS domain, as the relay sees it in MAIL FROM. */
const SRS0_OF_SENDER = /^SRS0=[A-Za-z0-9+/]{4}=[A-Z2-7]{2}=example\.org=sender@srs\.example\.com$/;

const relay = new TestRelay();
let h: LmtpHarness;

beforeAll(async () => {
  await relay.start();
  h = await startHarness('lmtp-srs', (config) => ({
    ...config,
    delivery: {
      ...config.delivery,
      relayUrl: `smtp://127.0.0.1:${relay.port}`,
      jobBackoffMs: 100,
      srs: SRS,
    },
  }));
  await addForward(h.store, 'team@example.com', ['one@remote.example']);
  const alice = await addUser(h.store, 'alice', ['alice@example.com']);
  await createFilter(h.store, alice, {
    name: 'copy',
    conditions: [{ field: 'subject', op: 'contains', value: 'copy me' }],
    actions: [{ type: 'forward', to: ['books@remote.example'] }],
  });
});

afterAll(async () => {
  await h?.close();
  await relay.stop();
});

beforeEach(() => {
  relay.received.length = 0;
});

/** One LMTP transaction; the RCPT reply when refused, else the reply after DATA. */
async function deliver(mailFrom: string, rcptTo: string, message: string): Promise<string> {
  const { client } = await RawLmtpClient.connect(h.port);
  await client.command('LHLO mta.example');
  await client.command(`MAIL FROM:<${mailFrom}>`);
  const rcpt = await client.command(`RCPT TO:<${rcptTo}>`);
  if (!rcpt.startsWith('250')) {
    await client.quit();
    return rcpt;
  }
  const [reply] = await client.data(message, 1);
  await client.quit();
  return reply!;
}

/** A delivery status notification as a remote MTA would send it to the reverse path. */
function bounce(id: string): string {
  return sampleMessage(id, ['Content-Type: text/plain'], 'Delivery failed: no such user.\r\n')
    .replace('From: Sender <sender@example.org>', 'From: MAILER-DAEMON@remote.example')
    .replace('Subject: test message', 'Subject: Undelivered Mail');
}

describe('SRS on forwarded mail', () => {
  it('sends a forward from an SRS0 reverse path at the SRS domain', async () => {
    const reply = await deliver('sender@example.org', 'team@example.com', sampleMessage('s-1@x'));
    expect(reply).toMatch(/^250 .* forwarded/);
    const [sent] = await relay.waitFor(1);
    expect(sent!.mailFrom).toMatch(SRS0_OF_SENDER);
    expect(sent!.rcptTo).toEqual(['one@remote.example']);
  });

  it('rewrites the reverse path of a filter forward too', async () => {
    const message = sampleMessage('s-2@x').replace('test message', 'please copy me');
    expect(await deliver('sender@example.org', 'alice@example.com', message)).toMatch(/^250/);
    const [sent] = await relay.waitFor(1);
    expect(sent!.rcptTo).toEqual(['books@remote.example']);
    expect(sent!.mailFrom).toMatch(SRS0_OF_SENDER);
  });

  it('keeps a null reverse path null', async () => {
    expect(await deliver('', 'team@example.com', sampleMessage('s-3@x'))).toMatch(/^250/);
    const [sent] = await relay.waitFor(1);
    expect(sent!.mailFrom).toBe('');
  });

  it('turns another forwarder SRS0 sender into SRS1', async () => {
    const upstream = 'SRS0=abcd=XY=orig.example=bob@first.example';
    expect(await deliver(upstream, 'team@example.com', sampleMessage('s-4@x'))).toMatch(/^250/);
    const [sent] = await relay.waitFor(1);
    expect(sent!.mailFrom).toMatch(
      /^SRS1=[A-Za-z0-9+/]{4}=first\.example==abcd=XY=orig\.example=bob@srs\.example\.com$/,
    );

    const reply = await deliver('', sent!.mailFrom, bounce('b-4@x'));
    expect(reply).toMatch(/^250 .* returned/);
    const [, returned] = await relay.waitFor(2);
    expect(returned!.rcptTo).toEqual([upstream]);
  });
});

describe('bounces to SRS addresses', () => {
  it('returns a bounce to the original sender through the relay from the null sender', async () => {
    expect(await deliver('sender@example.org', 'team@example.com', sampleMessage('s-5@x'))).toMatch(
      /^250/,
    );
    const [forwarded] = await relay.waitFor(1);

    const reply = await deliver('', forwarded!.mailFrom, bounce('b-5@x'));
    expect(reply).toMatch(/^250 2\.0\.0 .* returned/);
    const [, returned] = await relay.waitFor(2);
    expect(returned!.mailFrom).toBe('');
    expect(returned!.rcptTo).toEqual(['sender@example.org']);
    expect(returned!.raw).toContain('Delivery failed: no such user.');
  });

  it('refuses a forged or expired SRS address with 550 5.1.1 at RCPT', async () => {
    const valid = srsForward('sender@example.org', SRS, new Date());
    const forged = valid.replace(/^SRS0=[^=]{4}/, (tag) =>
      tag.slice(5).toUpperCase() === 'AAAA' ? 'SRS0=BBBB' : 'SRS0=AAAA',
    );
    const expired = srsForward('sender@example.org', SRS, new Date(Date.now() - 30 * DAY_MS));
    const otherSecret = srsForward(
      'sender@example.org',
      { ...SRS, secret: 'x'.repeat(20) },
      new Date(),
    );
    for (const address of [forged, expired, otherSecret, 'SRS0=junk@srs.example.com']) {
      expect(await deliver('', address, bounce('b-6@x'))).toMatch(
        /^550 5\.1\.1 .*invalid or expired SRS address/,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(relay.received).toHaveLength(0);
  });
});

describe('start', () => {
  it('logs once whether SRS is on or off, never with the secret', async () => {
    for (const srs of [undefined, SRS]) {
      const lines: string[] = [];
      const destination = { write: (line: string) => void lines.push(line) };
      const logger = createLogger({ service: 'lmtp', level: 'info', destination });
      // No relay: this second instance must not take the first one's jobs.
      const delivery = { ...h.context.config.delivery, relayUrl: undefined, srs: undefined };
      const config = {
        ...h.context.config,
        lmtp: { host: '127.0.0.1', port: 0 },
        delivery: { ...delivery, srs },
      };
      const server = await startLmtpServer({ ...h.context, config, logger });
      await server.close(1_000);
      const srsLines = lines.filter((line) => line.includes('SRS'));
      expect(srsLines).toHaveLength(1);
      expect(srsLines[0]).toContain(srs ? 'SRS on' : 'SRS is off');
      expect(lines.join('')).not.toContain(SRS.secret);
    }
  });
});
