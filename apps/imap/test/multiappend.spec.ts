// MULTIAPPEND (RFC 3502): several messages in one APPEND, all stored or none.
import { readFile } from 'node:fs/promises';
import { setQuota } from '@mailstore/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imapflow } from './clients.js';
import { createUser, startHarness, type Harness } from './harness.js';
import { RawClient } from './raw-client.js';

const CORPUS = new URL('../../../../shared/corpus/mailcore2-jwz/', import.meta.url);
const QUOTA_BYTES = 10_000;

let harness: Harness;
const clients: RawClient[] = [];

async function loggedIn(username: string): Promise<RawClient> {
  const client = await RawClient.login(harness.port, username, 'secret');
  clients.push(client);
  return client;
}

/** A message of exactly `size` bytes. */
function messageOf(size: number, subject: string): string {
  const head = `Subject: ${subject}\r\n\r\n`;
  return head + 'x'.repeat(size - head.length - 2) + '\r\n';
}

async function usedBytes(username: string): Promise<number> {
  const user = await harness.store.db.collection('users').findOne({ username });
  return (user?.quota as { used: number }).used;
}

/** What a fresh connection sees of INBOX: `[EXISTS, UIDNEXT]`. */
async function inboxSeenAfresh(username: string): Promise<[number, number]> {
  const client = await loggedIn(username);
  const reply = await client.command('s', 'SELECT INBOX');
  client.end();
  const exists = reply.map((line) => /^\* (\d+) EXISTS$/.exec(line)?.[1]).find(Boolean);
  const uidNext = reply.map((line) => /\[UIDNEXT (\d+)\]/.exec(line)?.[1]).find(Boolean);
  return [Number(exists), Number(uidNext)];
}

/** Polls until `check` holds: the server withdraws after a dropped connection on its own time. */
async function eventually(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  harness = await startHarness('imap-multiappend');
  for (const name of ['ada', 'bea', 'cai', 'dov', 'eli', 'fay']) {
    const user = await createUser(harness.store, name, 'secret');
    await setQuota(harness.store, user, QUOTA_BYTES * 100);
  }
  const quota = await createUser(harness.store, 'gus', 'secret');
  await setQuota(harness.store, quota, QUOTA_BYTES);
});

afterAll(async () => {
  for (const client of clients) client.end();
  await harness?.stop();
});

describe('MULTIAPPEND', () => {
  it('announces MULTIAPPEND', async () => {
    const client = await loggedIn('ada');
    const [capability] = await client.command('c', 'CAPABILITY');
    expect(capability).toMatch(/ MULTIAPPEND( |$)/);
  });

  it('stores three messages with consecutive UIDs, their flags and dates, byte for byte', async () => {
    const originals = await Promise.all(
      ['jwz_001.eml', 'jwz_002.eml', 'jwz_003.eml'].map((name) => readFile(new URL(name, CORPUS))),
    );
    const [one, two, three] = originals as [Buffer, Buffer, Buffer];
    const client = await loggedIn('ada');
    client.send(`a APPEND INBOX (\\Seen) {${one.length}}\r\n`);
    expect(await client.line()).toMatch(/^\+ /);
    client.send(one);
    client.send(` (\\Flagged $Work) "05-Mar-2021 10:00:00 +0100" {${two.length}}\r\n`);
    expect(await client.line()).toMatch(/^\+ /);
    client.send(two);
    client.send(` "06-Mar-2021 23:30:00 -0200" {${three.length}}\r\n`);
    expect(await client.line()).toMatch(/^\+ /);
    client.send(Buffer.concat([three, Buffer.from('\r\n')]));
    const [done] = await client.until('a');
    const uidValidity = /^a OK \[APPENDUID (\d+) 1:3\] APPEND completed$/.exec(done ?? '')?.[1];
    expect(uidValidity, done).toBeDefined();

    const flow = imapflow(harness.port, 'ada', 'secret');
    await flow.connect();
    const mailbox = await flow.mailboxOpen('INBOX', { readOnly: true });
    expect(String(mailbox.uidValidity)).toBe(uidValidity);
    const fetched = [];
    for await (const item of flow.fetch('1:*', {
      uid: true,
      source: true,
      flags: true,
      internalDate: true,
    })) {
      fetched.push(item);
    }
    await flow.logout();
    expect(fetched.map((item) => item.uid)).toEqual([1, 2, 3]);
    fetched.forEach((item, index) => {
      expect(item.source?.equals(originals[index] as Buffer), `message ${index + 1}`).toBe(true);
    });
    const flags = fetched.map((item) =>
      [...(item.flags ?? [])].filter((flag) => flag !== '\\Recent'),
    );
    expect(flags.map((list) => list.sort())).toEqual([['\\Seen'], ['$Work', '\\Flagged'], []]);
    const dates = fetched.map((item) => new Date(item.internalDate as Date).toISOString());
    expect(dates[1]).toBe('2021-03-05T09:00:00.000Z');
    expect(dates[2]).toBe('2021-03-07T01:30:00.000Z');
  });

  it('takes LITERAL+ messages sent in one go, literal8 among them', async () => {
    const client = await loggedIn('bea');
    const first = messageOf(300, 'first');
    const second = 'Subject: second\r\n\r\nnul \0 inside\r\n';
    client.send(
      `a APPEND Drafts {${first.length}+}\r\n${first} (\\Draft) ~{${second.length}+}\r\n` +
        `${second}\r\nb NOOP\r\n`,
    );
    expect(await client.line()).toMatch(/^a OK \[APPENDUID \d+ 1:2\] APPEND completed$/);
    expect(await client.line()).toBe('b OK NOOP completed');
    await client.command('s', 'SELECT Drafts');
    expect(await client.command('f', 'FETCH 1:2 (UID RFC822.SIZE FLAGS)')).toEqual([
      `* 1 FETCH (UID 1 RFC822.SIZE ${first.length} FLAGS (\\Recent))`,
      `* 2 FETCH (UID 2 RFC822.SIZE ${second.length} FLAGS (\\Draft \\Recent))`,
      'f OK FETCH completed',
    ]);
  });

  it('stores none when the second message is over quota, as another session sees', async () => {
    const observer = await loggedIn('gus');
    await observer.command('s', 'SELECT INBOX');
    const client = await loggedIn('gus');
    const first = messageOf(4_000, 'fits');
    const second = messageOf(QUOTA_BYTES - first.length + 1, 'does not fit');
    client.send(`a APPEND INBOX {${first.length}}\r\n`);
    expect(await client.line()).toMatch(/^\+ /);
    client.send(`${first} {${second.length}}\r\n`);
    // No `+` for the refused message (RFC 3502 section 6.3.11: none of them is appended).
    expect(await client.line()).toBe('a NO [OVERQUOTA] mailbox quota exceeded');
    expect(await client.command('n', 'NOOP')).toEqual(['n OK NOOP completed']);
    expect(await usedBytes('gus')).toBe(0);

    // The withdrawn UID stays used: UIDNEXT moved on, and nothing exists.
    expect(await inboxSeenAfresh('gus')).toEqual([0, 2]);
    await observer.command('n', 'NOOP');
    expect(await observer.command('x', 'UID SEARCH ALL')).toEqual([
      '* SEARCH',
      'x OK UID SEARCH completed',
    ]);

    client.send(`b APPEND INBOX {${first.length}+}\r\n${first}\r\n`);
    expect(await client.line()).toMatch(/^b OK \[APPENDUID \d+ 2\] /);
    const seen = await observer.command('n', 'NOOP');
    expect(seen.filter((line) => / EXISTS$/.test(line)).at(-1)).toBe('* 1 EXISTS');
  });

  it('withdraws the first message when a LITERAL+ second is over quota, and skips its data', async () => {
    const client = await loggedIn('gus');
    const before = await usedBytes('gus');
    const first = messageOf(1_000, 'fits');
    const second = messageOf(QUOTA_BYTES, 'too much');
    client.send(
      `a APPEND Archive {${first.length}+}\r\n${first} {${second.length}+}\r\n${second}\r\n`,
    );
    expect(await client.line()).toBe('a NO [OVERQUOTA] mailbox quota exceeded');
    expect(await client.command('n', 'NOOP')).toEqual(['n OK NOOP completed']);
    expect(await usedBytes('gus')).toBe(before);
    const status = await client.command('t', 'STATUS Archive (MESSAGES UIDNEXT)');
    expect(status[0]).toBe('* STATUS "Archive" (MESSAGES 0 UIDNEXT 2)');
  });

  it('stores nothing when the second message is over the size limit, sending no +', async () => {
    const client = await loggedIn('cai');
    const first = messageOf(500, 'small');
    client.send(`a APPEND INBOX {${first.length}+}\r\n${first} {${2 ** 40}}\r\n`);
    expect(await client.line()).toMatch(/^a NO \[TOOBIG\] /);
    expect(await client.command('n', 'NOOP')).toEqual(['n OK NOOP completed']);
    // The parser refuses the announcement while the first message is still open, so the first
    // is dropped unstored: no UID was taken.
    expect(await inboxSeenAfresh('cai')).toEqual([0, 1]);
  });

  it('answers BAD to a syntax error after the first message and stores nothing', async () => {
    const client = await loggedIn('dov');
    const first = messageOf(200, 'one');
    const second = messageOf(200, 'two');
    client.send(
      `a APPEND INBOX {${first.length}+}\r\n${first} (\\Seen {${second.length}+}\r\n` +
        `${second}\r\n`,
    );
    expect(await client.line()).toMatch(/^a BAD /);
    expect(await client.command('n', 'NOOP')).toEqual(['n OK NOOP completed']);
    expect(await inboxSeenAfresh('dov')).toEqual([0, 1]);
    expect(await usedBytes('dov')).toBe(0);
  });

  it('answers BAD to an invalid date on the third message and withdraws the first two', async () => {
    const client = await loggedIn('eli');
    const text = messageOf(200, 'm');
    client.send(
      `a APPEND INBOX {${text.length}+}\r\n${text} {${text.length}+}\r\n${text}` +
        ` "31-Feb-2021 10:00:00 +0000" {${text.length}+}\r\n${text}\r\n`,
    );
    expect(await client.line()).toMatch(/^a BAD /);
    expect(await client.command('n', 'NOOP')).toEqual(['n OK NOOP completed']);
    // The first was stored (UID 1) and withdrawn; the second was open when the line broke.
    expect(await inboxSeenAfresh('eli')).toEqual([0, 2]);
  });

  it('withdraws what was stored when the client drops the connection mid-message', async () => {
    const client = await loggedIn('fay');
    const first = messageOf(300, 'kept until the drop');
    client.send(`a APPEND INBOX {${first.length}+}\r\n${first} {1000+}\r\npartial`);
    // The first message is stored once the second is announced; then the client goes away.
    await eventually(async () => (await inboxSeenAfresh('fay'))[1] === 2);
    client.end();
    await eventually(async () => (await inboxSeenAfresh('fay'))[0] === 0);
    await eventually(async () => (await usedBytes('fay')) === 0);
  });
});
