import { createFilter, setVacation } from '@mailstore/delivery';
import { addForward, getMailboxByPath, MESSAGES } from '@mailstore/storage';
import type { ObjectId } from 'mongodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addUser, sampleMessage, startHarness, type LmtpHarness } from './harness.js';
import { RawLmtpClient } from './lmtp-client.js';
import { TestRelay } from './relay.js';

/** Long enough for several retry rounds at the test backoff, short enough for the suite. */
const QUIET_PERIOD_MS = 1_500;

const relay = new TestRelay();
let h: LmtpHarness;
let alice: ObjectId;
let bob: ObjectId;

beforeAll(async () => {
  await relay.start();
  h = await startHarness('lmtp-relay', (config) => ({
    ...config,
    delivery: {
      ...config.delivery,
      relayUrl: `smtp://127.0.0.1:${relay.port}`,
      jobBackoffMs: 100,
      jobAttempts: 30,
    },
  }));
  alice = await addUser(h.store, 'alice', ['alice@example.com']);
  bob = await addUser(h.store, 'bob', ['bob@example.com']);
  await addForward(h.store, 'team@example.com', ['one@remote.example', 'two@remote.example']);
});

afterAll(async () => {
  await h?.close();
  await relay.stop();
});

beforeEach(() => {
  relay.received.length = 0;
  relay.refuseNext = 0;
  relay.refused = 0;
});

async function deliver(mailFrom: string, rcptTo: string, message: string): Promise<string> {
  const { client } = await RawLmtpClient.connect(h.port);
  await client.command('LHLO mta.example');
  await client.command(`MAIL FROM:<${mailFrom}>`);
  const rcpt = await client.command(`RCPT TO:<${rcptTo}>`);
  if (!rcpt.startsWith('250')) return rcpt;
  const [reply] = await client.data(message, 1);
  await client.quit();
  return reply!;
}

describe('forwarding through the relay', () => {
  it('forwards mail for a forward-only address with Delivered-To added', async () => {
    const reply = await deliver('sender@example.org', 'team@example.com', sampleMessage('f-1@x'));
    expect(reply).toMatch(/^250 .* forwarded/);
    const [sent] = await relay.waitFor(1);
    expect(sent!.mailFrom).toBe('sender@example.org');
    expect(sent!.rcptTo).toEqual(['one@remote.example', 'two@remote.example']);
    expect(sent!.raw.startsWith('Delivered-To: team@example.com\r\nFrom: Sender')).toBe(true);
  });

  it('refuses a message that already went through the forward address', async () => {
    const looped = sampleMessage('loop-1@x', ['Delivered-To: team@example.com']);
    const reply = await deliver('sender@example.org', 'team@example.com', looped);
    expect(reply).toMatch(/^554 5\.4\.6 /);
  });

  it('stores and forwards when a filter says so', async () => {
    await createFilter(h.store, alice, {
      name: 'invoices',
      conditions: [{ field: 'subject', op: 'contains', value: 'INVOICE' }],
      actions: [
        { type: 'move', mailbox: 'Archive' },
        { type: 'forward', to: ['books@remote.example'] },
      ],
    });
    const message = sampleMessage('inv-1@x').replace('Subject: test message', 'Subject: Invoice 7');
    expect(await deliver('sender@example.org', 'alice@example.com', message)).toMatch(/^250/);
    const [sent] = await relay.waitFor(1);
    expect(sent!.rcptTo).toEqual(['books@remote.example']);
    const archive = await getMailboxByPath(h.store, alice, 'Archive');
    const stored = await h.store.db
      .collection(MESSAGES)
      .countDocuments({ user: alice, mailbox: archive!._id, messageId: '<inv-1@x>' });
    expect(stored).toBe(1);
  });

  it('retries a relay that refuses at first and delivers exactly once', async () => {
    relay.refuseNext = 3;
    expect(await deliver('sender@example.org', 'team@example.com', sampleMessage('r-1@x'))).toMatch(
      /^250/,
    );
    await relay.waitFor(1);
    expect(relay.refused).toBe(3);
    await new Promise((resolve) => setTimeout(resolve, QUIET_PERIOD_MS));
    expect(relay.received).toHaveLength(1);
  });

  it('keeps forwards while the relay is down and sends them once it is back', async () => {
    await relay.stop();
    for (let i = 0; i < 3; i++) {
      const reply = await deliver('s@example.org', 'team@example.com', sampleMessage(`d-${i}@x`));
      expect(reply).toMatch(/^250/);
    }
    await new Promise((resolve) => setTimeout(resolve, QUIET_PERIOD_MS));
    expect(relay.received).toHaveLength(0);
    await relay.start();
    const sent = await relay.waitFor(3, 30_000);
    expect(sent.map((m) => /Message-ID: <(d-\d)@x>/.exec(m.raw)?.[1]).sort()).toEqual([
      'd-0',
      'd-1',
      'd-2',
    ]);
  });
});

describe('vacation autoreply (RFC 3834)', () => {
  beforeAll(async () => {
    await setVacation(h.store, bob, { subject: 'Away', text: 'Back on Monday.', intervalDays: 3 });
  });

  it('replies once per sender from a null reverse path with Auto-Submitted', async () => {
    const first = sampleMessage('v-1@x');
    expect(await deliver('friend@example.org', 'bob@example.com', first)).toMatch(/^250/);
    const [reply] = await relay.waitFor(1);
    expect(reply!.mailFrom).toBe('');
    expect(reply!.rcptTo).toEqual(['friend@example.org']);
    expect(reply!.raw).toMatch(/^Auto-Submitted: auto-replied\r$/m);
    expect(reply!.raw).toMatch(/^In-Reply-To: <v-1@x>\r$/m);
    expect(reply!.raw).toMatch(/^Subject: Away\r$/m);
    expect(reply!.raw).toContain('Back on Monday.');

    expect(await deliver('friend@example.org', 'bob@example.com', sampleMessage('v-2@x'))).toMatch(
      /^250/,
    );
    await new Promise((resolve) => setTimeout(resolve, QUIET_PERIOD_MS));
    expect(relay.received).toHaveLength(1);
  });

  it('never replies to null senders, lists, bulk or auto-submitted mail', async () => {
    const cases: Array<[string, string[]]> = [
      ['', []],
      ['list@example.org', ['List-Id: <news.example.org>']],
      ['bulk@example.org', ['Precedence: bulk']],
      ['robot@example.org', ['Auto-Submitted: auto-generated']],
      ['MAILER-DAEMON@example.org', []],
    ];
    for (const [i, [mailFrom, extra]] of cases.entries()) {
      const reply = await deliver(mailFrom, 'bob@example.com', sampleMessage(`nr-${i}@x`, extra));
      expect(reply).toMatch(/^250/);
    }
    await new Promise((resolve) => setTimeout(resolve, QUIET_PERIOD_MS));
    expect(relay.received).toHaveLength(0);
  });

  it('does not reply outside the vacation date range', async () => {
    const carol = await addUser(h.store, 'carol', ['carol@example.com']);
    const start = new Date(Date.now() + 86_400_000);
    await setVacation(h.store, carol, { text: 'Away later.', start });
    expect(await deliver('x@example.org', 'carol@example.com', sampleMessage('dr-1@x'))).toMatch(
      /^250/,
    );
    await new Promise((resolve) => setTimeout(resolve, QUIET_PERIOD_MS));
    expect(relay.received).toHaveLength(0);
  });
});
