// Two IMAP instances on one store: changes made through one reach sessions on the other through
// the change journal, at the moments RFC 3501 section 7.4.1 allows; \Recent goes to one session.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '@mailstore/service';
import { pruneJournal } from '@mailstore/storage';
import { startImapServer } from '../src/server.js';
import { createUser, startHarness, type Harness } from './harness.js';
import { RawClient } from './raw-client.js';

/** Rounds a test polls for a change to arrive through Redis before it gives up. */
const POLL_ROUNDS = 50;

let harness: Harness;
let second: RunningServer;
let portA: number;
let portB: number;
const clients: RawClient[] = [];

async function loggedIn(port: number): Promise<RawClient> {
  const client = await RawClient.login(port, 'ria', 'secret');
  clients.push(client);
  return client;
}

async function append(client: RawClient, mailbox: string, count: number): Promise<void> {
  for (let n = 1; n <= count; n += 1) {
    const body = `Subject: m${n}\r\n\r\n`;
    const reply = await client.command('a', `APPEND ${mailbox} {${body.length}+}\r\n${body}`);
    expect(reply.at(-1)).toMatch(/^a OK /);
  }
}

function recentOf(lines: readonly string[]): number {
  return Number(/^\* (\d+) RECENT$/m.exec(lines.join('\n'))?.[1]);
}

/** Reads lines until one matches, failing if the connection closes first. */
async function lineMatching(client: RawClient, pattern: RegExp): Promise<string[]> {
  const lines: string[] = [];
  for (;;) {
    const line = await client.line(15_000);
    lines.push(line);
    if (pattern.test(line)) return lines;
  }
}

beforeAll(async () => {
  harness = await startHarness('imap-journal-updates');
  second = await startImapServer(harness.context);
  portA = harness.port;
  portB = second.listeners[0]?.port as number;
  await createUser(harness.store, 'ria', 'secret');
});

afterAll(async () => {
  for (const client of clients) client.end();
  await second?.close(1_000);
  await harness?.stop();
});

describe('expunges made on another instance', () => {
  it('reach an IDLE session at once and a polling session at its next NOOP', async () => {
    const writer = await loggedIn(portB);
    await writer.command('c', 'CREATE Idle');
    await append(writer, 'Idle', 3);
    const idler = await loggedIn(portA);
    const poller = await loggedIn(portA);
    await idler.command('s', 'SELECT Idle');
    await poller.command('s', 'EXAMINE Idle');
    idler.send('i IDLE\r\n');
    expect(await idler.line()).toBe('+ idling');

    await writer.command('s', 'SELECT Idle');
    await writer.command('d', 'STORE 2 +FLAGS.SILENT (\\Deleted)');
    expect(await writer.command('e', 'EXPUNGE')).toEqual(['* 2 EXPUNGE', 'e OK EXPUNGE completed']);
    // The \Deleted flag change may come first, when its notice was handled on its own.
    const seen = await lineMatching(idler, /EXPUNGE$/);
    expect(seen.at(-1)).toBe('* 2 EXPUNGE');
    for (const line of seen.slice(0, -1))
      expect(line).toBe('* 2 FETCH (FLAGS (\\Deleted \\Recent))');
    idler.send('DONE\r\n');
    expect(await idler.line()).toBe('i OK IDLE terminated');

    // NOOP polls the journal itself (RFC 3501 section 6.1.2), notice or not; the flag change of
    // a message expunged since is not reported.
    expect(await poller.command('n', 'NOOP')).toEqual(['* 2 EXPUNGE', 'n OK NOOP completed']);
    expect(await poller.command('f', 'FETCH 1:* (UID)')).toEqual([
      '* 1 FETCH (UID 1)',
      '* 2 FETCH (UID 3)',
      'f OK FETCH completed',
    ]);
  });

  it('are held back during FETCH, STORE and SEARCH, with sequence numbers unchanged', async () => {
    const writer = await loggedIn(portB);
    await writer.command('c', 'CREATE Held');
    await append(writer, 'Held', 5);
    const reader = await loggedIn(portA);
    await reader.command('s', 'SELECT Held');
    await writer.command('s', 'SELECT Held');
    await writer.command('d', 'UID STORE 3 +FLAGS.SILENT (\\Deleted)');
    expect((await writer.command('x', 'UID EXPUNGE 3')).at(-1)).toBe('x OK UID EXPUNGE completed');
    await writer.command('f', 'STORE 1 +FLAGS.SILENT (\\Flagged)');

    // Until the flag change on message 1 shows up, the session may not have heard of the
    // expunge (it came before it); FETCH must never carry the EXPUNGE.
    let reply: string[] = [];
    for (let round = 0; round < POLL_ROUNDS; round += 1) {
      reply = await reader.command('f', 'FETCH 4 (UID)');
      expect(reply.filter((line) => line.endsWith('EXPUNGE'))).toEqual([]);
      if (reply.includes('* 1 FETCH (FLAGS (\\Flagged \\Recent))')) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(reply).toContain('* 1 FETCH (FLAGS (\\Flagged \\Recent))');
    expect(reply).toContain('* 4 FETCH (UID 4)');

    // Message 3 (UID 3) is gone but keeps its number: nothing is answered for it.
    expect(await reader.command('f', 'FETCH 3:4 (UID)')).toEqual([
      '* 4 FETCH (UID 4)',
      'f OK FETCH completed',
    ]);
    expect(await reader.command('t', 'STORE 3:5 +FLAGS (\\Seen)')).toEqual([
      '* 4 FETCH (FLAGS (\\Seen \\Recent))',
      '* 5 FETCH (FLAGS (\\Seen \\Recent))',
      't OK STORE completed',
    ]);
    expect(await reader.command('r', 'SEARCH ALL')).toEqual([
      '* SEARCH 1 2 4 5',
      'r OK SEARCH completed',
    ]);

    expect(await reader.command('n', 'NOOP')).toEqual(['* 3 EXPUNGE', 'n OK NOOP completed']);
    expect(await reader.command('f', 'FETCH 3:4 (UID)')).toEqual([
      '* 3 FETCH (UID 4)',
      '* 4 FETCH (UID 5)',
      'f OK FETCH completed',
    ]);
  });

  it('may go out with UID FETCH, and with the right numbers', async () => {
    const writer = await loggedIn(portB);
    await writer.command('c', 'CREATE Uid');
    await append(writer, 'Uid', 4);
    const reader = await loggedIn(portA);
    await reader.command('s', 'SELECT Uid');
    await writer.command('s', 'SELECT Uid');
    await writer.command('d', 'UID STORE 3 +FLAGS.SILENT (\\Deleted)');
    await writer.command('x', 'UID EXPUNGE 3');

    let reply: string[] = [];
    for (let round = 0; round < POLL_ROUNDS && !reply.includes('* 3 EXPUNGE'); round += 1) {
      reply = await reader.command('u', 'UID FETCH 1:* (UID)');
      if (!reply.includes('* 3 EXPUNGE')) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(reply).toEqual([
      '* 1 FETCH (UID 1)',
      '* 2 FETCH (UID 2)',
      '* 4 FETCH (UID 4)',
      '* 3 EXPUNGE',
      'u OK UID FETCH completed',
    ]);
  });

  it('include messages moved away by another session (MOVE)', async () => {
    const writer = await loggedIn(portB);
    await writer.command('c', 'CREATE Moving');
    await append(writer, 'Moving', 2);
    const reader = await loggedIn(portA);
    const target = await loggedIn(portA);
    await reader.command('s', 'SELECT Moving');
    await target.command('s', 'SELECT Archive');
    await writer.command('s', 'SELECT Moving');
    expect((await writer.command('m', 'MOVE 1 Archive')).at(-1)).toBe('m OK MOVE completed');

    expect(await reader.command('n', 'NOOP')).toEqual(['* 1 EXPUNGE', 'n OK NOOP completed']);
    const arrived = await target.command('n', 'NOOP');
    expect(arrived[0]).toMatch(/^\* \d+ EXISTS$/);
    expect(arrived.at(-1)).toBe('n OK NOOP completed');
  });
  it('are found from the message list when the journal was pruned past the session', async () => {
    const writer = await loggedIn(portB);
    await writer.command('c', 'CREATE Pruned');
    await append(writer, 'Pruned', 3);
    const reader = await loggedIn(portA);
    await reader.command('s', 'EXAMINE Pruned');
    // While the reader waits for an APPEND literal a command is in progress: notices only mark
    // the session for a refresh before that command's tagged response.
    const body = 'Subject: elsewhere\r\n\r\n';
    reader.send(`a APPEND INBOX {${body.length}}\r\n`);
    expect(await reader.line()).toBe('+ Ready for literal data');
    await writer.command('s', 'SELECT Pruned');
    await writer.command('d', 'UID STORE 2 +FLAGS.SILENT (\\Deleted)');
    await writer.command('x', 'UID EXPUNGE 2');
    await writer.command('f', 'UID STORE 3 +FLAGS.SILENT (\\Flagged)');
    await writer.command('u', 'UNSELECT');
    await append(writer, 'Pruned', 1);
    // Every entry goes: the reader's MODSEQ is now older than anything the journal holds.
    await pruneJournal(harness.store, { retentionMs: 0, now: new Date(Date.now() + 60_000) });

    reader.send(`${body}\r\n`);
    const reply = await reader.until('a');
    expect(reply.slice(0, -1)).toEqual([
      '* 2 EXPUNGE',
      '* 2 FETCH (FLAGS (\\Flagged \\Recent))',
      '* 3 EXISTS',
      // Nobody has SELECTed Pruned: EXAMINE claims nothing and sees every message \Recent.
      '* 3 RECENT',
    ]);
    expect(reply.at(-1)).toMatch(/^a OK /);
    expect(await reader.command('f', 'FETCH 1:* (UID FLAGS)')).toEqual([
      '* 1 FETCH (UID 1 FLAGS (\\Recent))',
      '* 2 FETCH (UID 3 FLAGS (\\Flagged \\Recent))',
      '* 3 FETCH (UID 4 FLAGS (\\Recent))',
      'f OK FETCH completed',
    ]);
  });
});

describe('the selected mailbox changed on another instance', () => {
  it('keeps working after a rename (the mailbox id is stable)', async () => {
    const writer = await loggedIn(portB);
    await writer.command('c', 'CREATE Work');
    await append(writer, 'Work', 1);
    const reader = await loggedIn(portA);
    await reader.command('s', 'SELECT Work');
    expect((await writer.command('r', 'RENAME Work Play')).at(-1)).toBe('r OK RENAME completed');
    await append(writer, 'Play', 1);

    expect(await reader.command('n', 'NOOP')).toEqual([
      '* 2 EXISTS',
      '* 2 RECENT',
      'n OK NOOP completed',
    ]);
    expect(await reader.command('f', 'FETCH 2 (UID)')).toEqual([
      '* 2 FETCH (UID 2)',
      'f OK FETCH completed',
    ]);
  });

  it('ends an IDLE session and a polling one with BYE when it is deleted', async () => {
    const writer = await loggedIn(portB);
    await writer.command('c', 'CREATE Gone');
    await append(writer, 'Gone', 1);
    const idler = await loggedIn(portA);
    const poller = await loggedIn(portA);
    await idler.command('s', 'SELECT Gone');
    await poller.command('s', 'SELECT Gone');
    idler.send('i IDLE\r\n');
    expect(await idler.line()).toBe('+ idling');

    expect((await writer.command('d', 'DELETE Gone')).at(-1)).toBe('d OK DELETE completed');
    expect(await idler.line(15_000)).toBe('* BYE mailbox Gone was deleted by another session');
    await idler.waitClosed(15_000);

    // The notice may come before the NOOP (BYE at once) or while it runs (BYE after its OK).
    poller.send('n NOOP\r\n');
    const lines = await lineMatching(poller, /^\* BYE /);
    expect(lines.at(-1)).toBe('* BYE mailbox Gone was deleted by another session');
    await poller.waitClosed(15_000);
  });
});

describe('\\Recent', () => {
  it('goes to exactly one of two sessions on two instances that SELECT at once', async () => {
    const writer = await loggedIn(portB);
    await writer.command('c', 'CREATE Fresh');
    await append(writer, 'Fresh', 1);
    expect(await writer.command('s', 'STATUS Fresh (RECENT)')).toEqual([
      '* STATUS "Fresh" (RECENT 1)',
      's OK STATUS completed',
    ]);
    const examiner = await loggedIn(portA);
    expect(recentOf(await examiner.command('e', 'EXAMINE Fresh'))).toBe(1);

    const first = await loggedIn(portA);
    const other = await loggedIn(portB);
    const replies = await Promise.all([
      first.command('s', 'SELECT Fresh'),
      other.command('s', 'SELECT Fresh'),
    ]);
    expect(replies.map(recentOf).sort()).toEqual([0, 1]);
    expect(await writer.command('s', 'STATUS Fresh (RECENT MESSAGES)')).toEqual([
      '* STATUS "Fresh" (RECENT 0 MESSAGES 1)',
      's OK STATUS completed',
    ]);
  });

  it('marks a new message in the session that has the mailbox selected, not in a later one', async () => {
    const writer = await loggedIn(portB);
    await writer.command('c', 'CREATE Inbound');
    await append(writer, 'Inbound', 2);
    const watcher = await loggedIn(portA);
    expect(recentOf(await watcher.command('s', 'SELECT Inbound'))).toBe(2);
    watcher.send('i IDLE\r\n');
    expect(await watcher.line()).toBe('+ idling');
    await append(writer, 'Inbound', 1);
    expect(await watcher.line(15_000)).toBe('* 3 EXISTS');
    expect(await watcher.line()).toBe('* 3 RECENT');
    watcher.send('DONE\r\n');
    expect(await watcher.line()).toBe('i OK IDLE terminated');

    const later = await loggedIn(portB);
    expect(recentOf(await later.command('s', 'SELECT Inbound'))).toBe(0);
    expect(await watcher.command('f', 'FETCH 3 (FLAGS)')).toEqual([
      '* 3 FETCH (FLAGS (\\Recent))',
      'f OK FETCH completed',
    ]);
    expect(await later.command('f', 'FETCH 3 (FLAGS)')).toEqual([
      '* 3 FETCH (FLAGS ())',
      'f OK FETCH completed',
    ]);
    expect(await later.command('r', 'SEARCH RECENT')).toEqual([
      '* SEARCH',
      'r OK SEARCH completed',
    ]);
    expect(await later.command('r', 'SEARCH OLD')).toEqual([
      '* SEARCH 1 2 3',
      'r OK SEARCH completed',
    ]);
    await watcher.command('t', 'STORE 1 +FLAGS.SILENT (\\Seen)');
    expect(await watcher.command('r', 'SEARCH RECENT')).toEqual([
      '* SEARCH 1 2 3',
      'r OK SEARCH completed',
    ]);
    expect(await watcher.command('r', 'SEARCH NEW')).toEqual([
      '* SEARCH 2 3',
      'r OK SEARCH completed',
    ]);
  });
});
