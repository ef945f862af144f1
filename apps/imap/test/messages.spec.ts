import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { ImapFlow } from 'imapflow';
import type { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, startHarness, type Harness } from './harness.js';
import { RawClient } from './raw-client.js';

const CORPUS = new URL('../../../../shared/corpus/', import.meta.url);

let harness: Harness;
const clients: RawClient[] = [];
let message: Buffer;
let kim: ObjectId;

async function loggedIn(username: string): Promise<RawClient> {
  const client = await RawClient.open(harness.port);
  clients.push(client);
  await client.line();
  expect((await client.command('l', `LOGIN ${username} secret`)).at(-1)).toMatch(/^l OK /);
  return client;
}

beforeAll(async () => {
  harness = await startHarness('imap-messages');
  kim = await createUser(harness.store, 'kim', 'secret');
  for (const name of ['lee', 'max']) await createUser(harness.store, name, 'secret');
  message = await readFile(new URL('mailcore2-jwz/jwz_002.eml', CORPUS));
});

afterAll(async () => {
  for (const client of clients) client.end();
  await harness?.stop();
});

describe('APPEND, SELECT, EXAMINE, STATUS', () => {
  it('appends with a synchronizing literal, flags and date, then selects', async () => {
    const client = await loggedIn('kim');
    client.send(`a1 APPEND INBOX (\\Seen) "05-Mar-2021 10:00:00 +0100" {${message.length}}\r\n`);
    expect(await client.line()).toBe('+ Ready for literal data');
    client.send(Buffer.concat([message, Buffer.from('\r\n')]));
    expect(await client.line()).toMatch(/^a1 OK \[APPENDUID \d+ 1\] APPEND completed$/);
    const stored = await harness.store.db.collection('messages').findOne({ user: kim, uid: 1 });
    expect(stored?.sha256).toBe(createHash('sha256').update(message).digest('hex'));
    expect(stored?.size).toBe(message.length);
    expect(stored?.flags).toEqual(['\\Seen']);
    expect((stored?.internalDate as Date).toISOString()).toBe('2021-03-05T09:00:00.000Z');

    client.send('a2 APPEND INBOX {12+}\r\nSubject: x\r\n\r\n');
    expect(await client.line()).toMatch(/^a2 OK \[APPENDUID \d+ 2\] /);

    const reply = await client.command('s', 'SELECT INBOX');
    expect(reply).toContain('* 2 EXISTS');
    expect(reply).toContain('* 0 RECENT');
    expect(reply).toContain('* OK [UNSEEN 2] first unseen');
    expect(reply).toContain('* OK [UIDNEXT 3] predicted next UID');
    expect(reply.at(-1)).toBe('s OK [READ-WRITE] SELECT completed');

    const status = await client.command('t', 'STATUS INBOX (MESSAGES UNSEEN UIDNEXT SIZE)');
    expect(status[0]).toBe(
      `* STATUS "INBOX" (MESSAGES 2 UNSEEN 1 UIDNEXT 3 SIZE ${message.length + 12})`,
    );
    expect(await client.command('u', 'UNSELECT')).toEqual(['u OK UNSELECT completed']);
    expect(await client.command('c', 'CLOSE')).toEqual(['c BAD CLOSE needs a selected mailbox']);
  });

  it('refuses APPEND to a missing mailbox with TRYCREATE before the literal is sent', async () => {
    const client = await loggedIn('lee');
    client.send('a APPEND Nowhere {5}\r\n');
    expect(await client.line()).toBe('a NO [TRYCREATE] mailbox Nowhere does not exist');
    client.send('b APPEND Nowhere {5+}\r\nhello\r\n');
    expect(await client.line()).toBe('b NO [TRYCREATE] mailbox Nowhere does not exist');
    expect(await client.command('n', 'NOOP')).toEqual(['n OK NOOP completed']);
  });

  it('examines read-only and fails SELECT of a missing mailbox back to authenticated', async () => {
    const client = await loggedIn('lee');
    const reply = await client.command('e', 'EXAMINE Sent');
    expect(reply).toContain('* OK [PERMANENTFLAGS ()] flags permitted');
    expect(reply.at(-1)).toBe('e OK [READ-ONLY] EXAMINE completed');
    expect(await client.command('s', 'SELECT Nope')).toEqual([
      's NO [NONEXISTENT] mailbox Nope does not exist',
    ]);
    expect(await client.command('c', 'CHECK')).toEqual(['c BAD CHECK needs a selected mailbox']);
  });

  it('imapflow appends and opens the mailbox', async () => {
    const client = new ImapFlow({
      host: '127.0.0.1',
      port: harness.port,
      secure: false,
      auth: { user: 'max', pass: 'secret' },
      logger: false,
    });
    await client.connect();
    const appended = await client.append('INBOX', message, ['\\Flagged']);
    expect(appended).toMatchObject({ destination: 'INBOX', uid: 1 });
    const mailbox = await client.mailboxOpen('INBOX');
    expect(mailbox.exists).toBe(1);
    const status = await client.status('INBOX', { messages: true, uidNext: true });
    expect(status).toMatchObject({ messages: 1, uidNext: 2 });
    await client.logout();
  });
});
