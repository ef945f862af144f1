import { MESSAGES, openMessage, setDisabled, setQuota, type MessageDoc } from '@mailstore/storage';
import type { ObjectId } from 'mongodb';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, sampleMessage, startHarness, type LmtpHarness } from './harness.js';
import { RawLmtpClient } from './lmtp-client.js';

let h: LmtpHarness;
let alice: ObjectId;
let bob: ObjectId;
let carol: ObjectId;
let dave: ObjectId;

beforeAll(async () => {
  h = await startHarness('lmtp-delivery', (config) => ({
    ...config,
    delivery: { ...config.delivery, overQuota: 'temporary' },
  }));
  alice = await addUser(h.store, 'alice', ['alice@example.com']);
  bob = await addUser(h.store, 'bob', ['bob@example.com']);
  // carol's quota is already used up: over quota at RCPT.
  carol = await addUser(h.store, 'carol', ['carol@example.com']);
  await setQuota(h.store, carol, 1_000);
  await h.store.db.collection('users').updateOne({ _id: carol }, { $set: { 'quota.used': 1_000 } });
  dave = await addUser(h.store, 'dave', ['dave@example.com']);
  await setDisabled(h.store, dave, true);
  await addUser(h.store, 'jörg', ['jörg@bücher.example']);
});

afterAll(async () => {
  await h?.close();
});

async function messagesOf(user: ObjectId, messageId?: string): Promise<MessageDoc[]> {
  const filter = messageId ? { user, messageId: `<${messageId}>` } : { user };
  return h.store.db.collection<MessageDoc>(MESSAGES).find(filter).toArray();
}

async function readStored(doc: MessageDoc): Promise<Buffer> {
  const open = await openMessage(h.store, doc.user, doc.mailbox, doc.uid);
  const chunks: Buffer[] = [];
  for await (const chunk of open!.stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('LMTP with a raw client reading one reply per recipient', () => {
  it('announces the RFC 2033 extensions in LHLO', async () => {
    const { client, banner } = await RawLmtpClient.connect(h.port);
    expect(banner).toMatch(/^220 /);
    const lhlo = await client.command('LHLO mta.example');
    for (const extension of ['PIPELINING', '8BITMIME', 'SMTPUTF8', 'ENHANCEDSTATUSCODES', 'SIZE']) {
      expect(lhlo).toContain(extension);
    }
    expect(lhlo).not.toContain('STARTTLS');
    await client.quit();
  });

  it('answers RCPT by recipient and gives one DATA reply per accepted recipient in order', async () => {
    const { client } = await RawLmtpClient.connect(h.port);
    await client.command('LHLO mta.example');
    expect(await client.command('MAIL FROM:<sender@example.org>')).toMatch(/^250 /);
    expect(await client.command('RCPT TO:<alice@example.com>')).toMatch(/^250 /);
    expect(await client.command('RCPT TO:<nobody@example.com>')).toMatch(/^550 5\.1\.1 /);
    expect(await client.command('RCPT TO:<carol@example.com>')).toMatch(/^452 4\.2\.2 /);
    expect(await client.command('RCPT TO:<dave@example.com>')).toMatch(/^550 5\.2\.1 /);
    expect(await client.command('RCPT TO:<Bob+news@Example.com>')).toMatch(/^250 /);
    const replies = await client.data(sampleMessage('raw-1@example.org'), 2);
    expect(replies).toHaveLength(2);
    expect(replies[0]).toMatch(/^250 2\.0\.0 <alice@example\.com> stored/);
    expect(replies[1]).toMatch(/^250 2\.0\.0 <Bob\+news@Example\.com> stored/);
    await client.quit();

    expect(await messagesOf(alice, 'raw-1@example.org')).toHaveLength(1);
    expect(await messagesOf(bob, 'raw-1@example.org')).toHaveLength(1);
    expect(await messagesOf(carol)).toHaveLength(0);
  });

  it('prepends Return-Path and Delivered-To, keeps every other byte, stores thread links', async () => {
    const body = 'Line one\r\n.leading dot\r\n8bit: caf\u00e9\r\n';
    const extra = ['X-Odd:   spacing  ', 'References: <root-1@example.org>'];
    const original = sampleMessage('exact-1@example.org', extra, body);
    const { client } = await RawLmtpClient.connect(h.port);
    await client.command('LHLO mta.example');
    await client.command('MAIL FROM:<sender@example.org> BODY=8BITMIME');
    await client.command('RCPT TO:<alice@example.com>');
    const replies = await client.data(Buffer.from(original, 'utf8'), 1);
    expect(replies[0]).toMatch(/^250 /);
    await client.quit();

    const [doc] = await messagesOf(alice, 'exact-1@example.org');
    const stored = await readStored(doc!);
    const trace = 'Return-Path: <sender@example.org>\r\nDelivered-To: alice@example.com\r\n';
    expect(stored.equals(Buffer.concat([Buffer.from(trace), Buffer.from(original, 'utf8')]))).toBe(
      true,
    );
    // What THREAD reads instead of the header (RFC 5256 section 3, step 1).
    expect(doc!.threadLinks).toEqual({
      messageId: '<exact-1@example.org>',
      references: ['<root-1@example.org>'],
    });
  });

  it('gives a 452 at DATA to a recipient the message would take over quota', async () => {
    const erin = await addUser(h.store, 'erin', ['erin@example.com'], 2_000);
    const { client } = await RawLmtpClient.connect(h.port);
    await client.command('LHLO mta.example');
    await client.command('MAIL FROM:<sender@example.org>');
    await client.command('RCPT TO:<erin@example.com>');
    await client.command('RCPT TO:<alice@example.com>');
    const big = sampleMessage('big-1@example.org', [], `${'x'.repeat(70)}\r\n`.repeat(60));
    const replies = await client.data(big, 2);
    expect(replies[0]).toMatch(/^452 4\.2\.2 <erin@example\.com>/);
    expect(replies[1]).toMatch(/^250 /);
    await client.quit();
    expect(await messagesOf(erin)).toHaveLength(0);
    expect(await messagesOf(alice, 'big-1@example.org')).toHaveLength(1);
  });

  it('stores a repeated Message-ID once per mailbox within the window', async () => {
    const message = sampleMessage('dup-1@example.org');
    for (let i = 0; i < 2; i++) {
      const { client } = await RawLmtpClient.connect(h.port);
      await client.command('LHLO mta.example');
      await client.command('MAIL FROM:<sender@example.org>');
      await client.command('RCPT TO:<alice@example.com>');
      const [reply] = await client.data(message, 1);
      expect(reply).toMatch(i === 0 ? /^250 .* stored/ : /^250 .* duplicate/);
      await client.quit();
    }
    expect(await messagesOf(alice, 'dup-1@example.org')).toHaveLength(1);
  });

  it('stores a Message-ID once when several MTAs hand it over at the same moment', async () => {
    const message = sampleMessage('dup-race-1@example.org');
    const clients = await Promise.all(
      Array.from({ length: 4 }, async () => {
        const { client } = await RawLmtpClient.connect(h.port);
        await client.command('LHLO mta.example');
        await client.command('MAIL FROM:<sender@example.org>');
        await client.command('RCPT TO:<alice@example.com>');
        return client;
      }),
    );
    // Every DATA is sent before any reply is read: the four deliveries overlap.
    const replies = await Promise.all(clients.map((client) => client.data(message, 1)));
    await Promise.all(clients.map((client) => client.quit()));
    const statuses = replies.map(([reply]) => reply!.match(/^250 .* (stored|duplicate)$/)?.[1]);
    expect(statuses.sort()).toEqual(['duplicate', 'duplicate', 'duplicate', 'stored']);
    expect(await messagesOf(alice, 'dup-race-1@example.org')).toHaveLength(1);
  });

  it('stores one copy when two addresses of one user are in the same transaction', async () => {
    const { client } = await RawLmtpClient.connect(h.port);
    await client.command('LHLO mta.example');
    await client.command('MAIL FROM:<sender@example.org>');
    await client.command('RCPT TO:<alice@example.com>');
    await client.command('RCPT TO:<alice+tag@example.com>');
    const replies = await client.data(sampleMessage('same-user-1@example.org'), 2);
    expect(replies[0]).toMatch(/^250 .* stored/);
    expect(replies[1]).toMatch(/^250 .* duplicate/);
    await client.quit();
    expect(await messagesOf(alice, 'same-user-1@example.org')).toHaveLength(1);
  });

  it('delivers to and from internationalized addresses with SMTPUTF8', async () => {
    const { client } = await RawLmtpClient.connect(h.port);
    await client.command('LHLO mta.example');
    expect(await client.command('MAIL FROM:<δοκιμή@παράδειγμα.example> SMTPUTF8')).toMatch(/^250/);
    expect(await client.command('RCPT TO:<jörg@bücher.example>')).toMatch(/^250 /);
    const [reply] = await client.data(sampleMessage('utf8-1@example.org'), 1);
    expect(reply).toMatch(/^250 /);
    await client.quit();
    const user = (await h.store.db.collection('users').findOne({ username: 'jörg' }))!;
    const [doc] = await messagesOf(user._id, 'utf8-1@example.org');
    const stored = (await readStored(doc!)).toString('utf8');
    expect(stored.startsWith('Return-Path: <δοκιμή@παράδειγμα.example>\r\n')).toBe(true);
    expect(stored).toContain('Delivered-To: jörg@bücher.example\r\n');
  });
});

describe('LMTP with nodemailer in LMTP mode', () => {
  it('reports accepted and rejected recipients of a mixed message', async () => {
    const transport = nodemailer.createTransport({ lmtp: true, host: '127.0.0.1', port: h.port });
    const info = await transport.sendMail({
      envelope: {
        from: 'sender@example.org',
        to: ['alice@example.com', 'ghost@example.com', 'carol@example.com', 'bob@example.com'],
      },
      raw: sampleMessage('nm-1@example.org'),
    });
    transport.close();
    expect(info.accepted).toEqual(['alice@example.com', 'bob@example.com']);
    expect(info.rejected).toEqual(['ghost@example.com', 'carol@example.com']);
    expect(await messagesOf(alice, 'nm-1@example.org')).toHaveLength(1);
    expect(await messagesOf(bob, 'nm-1@example.org')).toHaveLength(1);
    expect(await messagesOf(carol)).toHaveLength(0);
  });
});
