import { createFilter } from '@mailstore/delivery';
import { getMailboxByPath, MESSAGES, type MessageDoc } from '@mailstore/storage';
import type { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, sampleMessage, startHarness, type LmtpHarness } from './harness.js';
import { RawLmtpClient } from './lmtp-client.js';

let h: LmtpHarness;
let alice: ObjectId;
let bob: ObjectId;

beforeAll(async () => {
  h = await startHarness('lmtp-filters', (config) => ({
    ...config,
    delivery: {
      ...config.delivery,
      spam: { ...config.delivery.spam, scoreHeader: 'X-Spam-Score', scoreThreshold: 5 },
    },
  }));
  alice = await addUser(h.store, 'alice', ['alice@example.com']);
  bob = await addUser(h.store, 'bob', ['bob@example.com']);
  await createFilter(h.store, bob, {
    name: 'trusted sender beats the spam verdict',
    order: 1,
    conditions: [{ field: 'from', op: 'contains', value: 'boss@example.org' }],
    actions: [{ type: 'move', mailbox: 'INBOX' }, { type: 'stop' }],
  });
  await createFilter(h.store, bob, {
    name: 'lists read and tagged',
    order: 2,
    conditions: [{ field: 'list-id', op: 'contains', value: 'dev.example.org' }],
    actions: [{ type: 'seen' }, { type: 'flag', flags: ['$List'] }],
  });
  await createFilter(h.store, bob, {
    name: 'drop newsletters',
    order: 3,
    conditions: [{ field: 'header', name: 'X-Newsletter', op: 'exists' }],
    actions: [{ type: 'discard' }],
  });
  await createFilter(h.store, bob, {
    name: 'big attachments archived',
    order: 4,
    match: 'all',
    conditions: [{ field: 'has-attachment' }, { field: 'size', op: 'over', bytes: 500 }],
    actions: [{ type: 'move', mailbox: 'Archive' }, { type: 'stop' }],
  });
  await createFilter(h.store, bob, {
    name: 'never reached after stop',
    order: 5,
    conditions: [{ field: 'has-attachment' }],
    actions: [{ type: 'flag', flags: ['$Late'] }],
  });
});

afterAll(async () => {
  await h?.close();
});

async function deliver(rcptTo: string, message: string): Promise<string> {
  const { client } = await RawLmtpClient.connect(h.port);
  await client.command('LHLO mta.example');
  await client.command('MAIL FROM:<sender@example.org>');
  await client.command(`RCPT TO:<${rcptTo}>`);
  const [reply] = await client.data(message, 1);
  await client.quit();
  return reply!;
}

async function placed(user: ObjectId, messageId: string) {
  const doc = await h.store.db
    .collection<MessageDoc>(MESSAGES)
    .findOne({ user, messageId: `<${messageId}>` });
  if (!doc) return null;
  const boxes = await Promise.all(
    ['INBOX', 'Junk', 'Archive'].map(async (path) => ({
      path,
      box: await getMailboxByPath(h.store, user, path),
    })),
  );
  const box = boxes.find((entry) => entry.box?._id.equals(doc.mailbox));
  return { mailbox: box?.path, flags: doc.flags };
}

const attachment = ['MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="b1"'];

function withAttachment(messageId: string): string {
  return [
    'From: sender@example.org',
    'To: bob@example.com',
    'Subject: report',
    `Message-ID: <${messageId}>`,
    ...attachment,
    '',
    '--b1',
    'Content-Type: text/plain',
    '',
    'See attached.',
    '--b1',
    'Content-Type: application/pdf; name="r.pdf"',
    'Content-Disposition: attachment; filename="r.pdf"',
    'Content-Transfer-Encoding: base64',
    '',
    'QUJD'.repeat(200),
    '--b1--',
    '',
  ].join('\r\n');
}

describe('spam routing and filters at delivery', () => {
  it('files a message with the spam verdict header in Junk with $Junk', async () => {
    const message = sampleMessage('spam-1@x', ['X-Spam-Status: Yes, score=9.1']);
    expect(await deliver('alice@example.com', message)).toMatch(/^250 /);
    expect(await placed(alice, 'spam-1@x')).toEqual({ mailbox: 'Junk', flags: ['$Junk'] });
  });

  it('uses the score header against the threshold', async () => {
    await deliver('alice@example.com', sampleMessage('score-hi@x', ['X-Spam-Score: 7.5']));
    await deliver('alice@example.com', sampleMessage('score-lo@x', ['X-Spam-Score: 2.0']));
    expect((await placed(alice, 'score-hi@x'))?.mailbox).toBe('Junk');
    expect((await placed(alice, 'score-lo@x'))?.mailbox).toBe('INBOX');
  });

  it('lets a filter keep spam out of Junk', async () => {
    const message = sampleMessage('boss-1@x', ['X-Spam-Status: Yes']).replace(
      'From: Sender <sender@example.org>',
      'From: Boss <boss@example.org>',
    );
    await deliver('bob@example.com', message);
    expect(await placed(bob, 'boss-1@x')).toEqual({ mailbox: 'INBOX', flags: [] });
  });

  it('marks list mail seen and adds a keyword', async () => {
    await deliver('bob@example.com', sampleMessage('list-1@x', ['List-Id: Dev <dev.example.org>']));
    expect(await placed(bob, 'list-1@x')).toEqual({ mailbox: 'INBOX', flags: ['\\Seen', '$List'] });
  });

  it('discards what a filter discards, still answering 250', async () => {
    const reply = await deliver('bob@example.com', sampleMessage('nl-1@x', ['X-Newsletter: 1']));
    expect(reply).toMatch(/^250 .* discarded/);
    expect(await placed(bob, 'nl-1@x')).toBeNull();
  });

  it('matches attachment and size together and stops at stop', async () => {
    await deliver('bob@example.com', withAttachment('att-1@x'));
    expect(await placed(bob, 'att-1@x')).toEqual({ mailbox: 'Archive', flags: [] });
  });
});
