// QRESYNC (RFC 7162 section 3.2) over raw sockets, on two instances of one store: VANISHED in
// place of EXPUNGE, SELECT (QRESYNC ...) after changes made while the client was away, and
// UID FETCH ... (CHANGEDSINCE n VANISHED).
import type { RunningServer } from '@mailstore/service';
import { pruneJournal } from '@mailstore/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startImapServer } from '../src/server.js';
import { createUser, startHarness, type Harness } from './harness.js';
import { RawClient } from './raw-client.js';

/** Rounds a test polls for a change to arrive through Redis before it gives up. */
const POLL_ROUNDS = 100;

let harness: Harness;
let second: RunningServer;
let portA: number;
let portB: number;
const clients: RawClient[] = [];

async function loggedIn(port: number, username: string, qresync = true): Promise<RawClient> {
  const client = await RawClient.login(port, username, 'secret');
  clients.push(client);
  if (qresync) {
    expect(await client.command('e', 'ENABLE QRESYNC')).toEqual([
      '* ENABLED QRESYNC',
      'e OK ENABLE completed',
    ]);
  }
  return client;
}

async function append(client: RawClient, mailbox: string, count: number): Promise<void> {
  for (let n = 1; n <= count; n += 1) {
    const body = `Subject: m${n}\r\n\r\nbody ${n}\r\n`;
    const reply = await client.command('a', `APPEND ${mailbox} {${body.length}+}\r\n${body}`);
    expect(reply.at(-1)).toMatch(/^a OK /);
  }
}

/** The number in the `[name n]` response code among the lines. */
function codeValue(lines: readonly string[], name: string): number {
  const line = lines.find((text) => text.startsWith(`* OK [${name} `));
  if (!line) throw new Error(`no ${name} in ${JSON.stringify(lines)}`);
  return Number(new RegExp(`${name} (\\d+)`).exec(line)![1]);
}

/** Sends NOOP until a line matches (the change travels through Redis), returning that reply. */
async function noopUntil(client: RawClient, pattern: RegExp): Promise<string[]> {
  for (let round = 0; round < POLL_ROUNDS; round += 1) {
    const reply = await client.command('n', 'NOOP');
    if (reply.some((line) => pattern.test(line))) return reply;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no line matched ${String(pattern)}`);
}

beforeAll(async () => {
  harness = await startHarness('imap-qresync');
  second = await startImapServer(harness.context);
  portA = harness.port;
  portB = second.listeners[0]?.port as number;
  for (const name of ['quin', 'rosa', 'saul', 'tova']) {
    await createUser(harness.store, name, 'secret');
  }
});

afterAll(async () => {
  for (const client of clients) client.end();
  await second?.close(1_000);
  await harness?.stop();
});

describe('ENABLE QRESYNC', () => {
  it('is announced, enabled with CONDSTORE implied, and required by its parameters', async () => {
    const plain = await loggedIn(portA, 'quin', false);
    const capability = await plain.command('c', 'CAPABILITY');
    expect(capability[0]).toMatch(/ CONDSTORE QRESYNC( |$)/);
    await append(plain, 'INBOX', 1);
    expect((await plain.command('s', 'SELECT INBOX (QRESYNC (1 1))')).at(-1)).toMatch(
      /^s BAD .*ENABLE QRESYNC/,
    );
    await plain.command('s', 'SELECT INBOX');
    expect(
      (await plain.command('f', 'UID FETCH 1:* FLAGS (CHANGEDSINCE 1 VANISHED)')).at(-1),
    ).toMatch(/^f BAD .*ENABLE QRESYNC/);

    const enabled = await loggedIn(portA, 'quin');
    await enabled.command('s', 'SELECT INBOX');
    // CONDSTORE came with it: STORE reports UID and MODSEQ.
    expect((await enabled.command('f', 'STORE 1 +FLAGS (\\Seen)'))[0]).toMatch(
      /^\* 1 FETCH \(UID 1 MODSEQ \(\d+\) FLAGS \(\\Seen.*\)\)$/,
    );
    // A SELECT that leaves a selected mailbox says so first (RFC 7162 section 3.2.11).
    const again = await enabled.command('x', 'EXAMINE INBOX');
    expect(again[0]).toMatch(/^\* OK \[CLOSED\]/);
  });
});

describe('VANISHED in place of EXPUNGE', () => {
  it('reaches the session that expunges and a session on another instance', async () => {
    const writer = await loggedIn(portA, 'rosa');
    await writer.command('c', 'CREATE Box');
    await append(writer, 'Box', 5);
    const other = await loggedIn(portB, 'rosa');
    const legacy = await loggedIn(portB, 'rosa', false);
    await other.command('s', 'SELECT Box');
    await legacy.command('s', 'EXAMINE Box');
    const before = codeValue(await writer.command('s', 'SELECT Box'), 'HIGHESTMODSEQ');

    await writer.command('d', 'STORE 2,4 +FLAGS.SILENT (\\Deleted)');
    const expunged = await writer.command('x', 'EXPUNGE');
    expect(expunged[0]).toBe('* VANISHED 2,4');
    // The tagged OK names the MODSEQ reached: past the STORE and both expunges.
    const after = /^x OK \[HIGHESTMODSEQ (\d+)\] EXPUNGE completed$/.exec(expunged[1]!);
    expect(Number(after?.[1])).toBeGreaterThanOrEqual(before + 3);
    expect(expunged).toHaveLength(2);
    const seen = await noopUntil(other, /VANISHED/);
    expect(seen.filter((line) => /EXPUNGE|VANISHED/.test(line))).toEqual(['* VANISHED 2,4']);
    const old = await noopUntil(legacy, /EXPUNGE/);
    expect(old.filter((line) => /EXPUNGE|VANISHED/.test(line))).toEqual([
      '* 4 EXPUNGE',
      '* 2 EXPUNGE',
    ]);

    // UID EXPUNGE and MOVE (RFC 6851 section 4.3) take the same form.
    await writer.command('d', 'UID STORE 5 +FLAGS.SILENT (\\Deleted)');
    expect(await writer.command('u', 'UID EXPUNGE 5')).toEqual([
      '* VANISHED 5',
      expect.stringMatching(/^u OK \[HIGHESTMODSEQ \d+\] UID EXPUNGE completed$/),
    ]);
    const moved = await writer.command('m', 'MOVE 1 INBOX');
    expect(moved.filter((line) => /EXPUNGE|VANISHED/.test(line))).toEqual(['* VANISHED 1']);
    // The two notices may come to the other session together or apart.
    const told: string[] = [];
    for (let round = 0; round < POLL_ROUNDS && !['1,5', '5,1'].includes(told.join()); round += 1) {
      const reply = await other.command('n', 'NOOP');
      expect(reply.filter((line) => line.endsWith('EXPUNGE'))).toEqual([]);
      for (const line of reply) if (line.startsWith('* VANISHED ')) told.push(line.slice(11));
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect([['1,5'], ['1', '5'], ['5', '1']]).toContainEqual(told);
    expect(await other.command('f', 'FETCH 1:* (UID)')).toEqual([
      '* 1 FETCH (UID 3)',
      'f OK FETCH completed',
    ]);
  });
});

describe('VANISHED held back during FETCH, STORE and SEARCH', () => {
  it('comes with a HIGHESTMODSEQ below the expunge, and goes out at the next NOOP', async () => {
    const writer = await loggedIn(portB, 'rosa');
    await writer.command('c', 'CREATE Held');
    await append(writer, 'Held', 4);
    const reader = await loggedIn(portA, 'rosa');
    await reader.command('s', 'SELECT Held');
    await writer.command('s', 'SELECT Held');
    await writer.command('d', 'UID STORE 3 +FLAGS.SILENT (\\Deleted)');
    const expunged = await writer.command('x', 'UID EXPUNGE 3');
    const expungeModseq = Number(/HIGHESTMODSEQ (\d+)/.exec(expunged.at(-1)!)?.[1]);
    await writer.command('f', 'STORE 1 +FLAGS.SILENT (\\Flagged)');

    // The flag change comes after the expunge in the journal: once it shows, the expunge is
    // known and held back, and the MODSEQ the client may resume from stays below it.
    let reply: string[] = [];
    for (let round = 0; round < POLL_ROUNDS; round += 1) {
      reply = await reader.command('f', 'FETCH 4 (UID)');
      expect(reply.filter((line) => /VANISHED|EXPUNGE/.test(line))).toEqual([]);
      if (reply.some((line) => line.startsWith('* 1 FETCH'))) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(reply[0]).toBe('* 4 FETCH (UID 4)');
    expect(reply[1]).toMatch(/^\* 1 FETCH \(UID 1 MODSEQ \(\d+\) FLAGS \(.*\\Flagged.*\)\)$/);
    const floor = /^\* OK \[HIGHESTMODSEQ (\d+)\]/.exec(reply[2]!);
    expect(Number(floor?.[1])).toBeLessThan(expungeModseq);
    expect(reply.slice(3)).toEqual(['f OK FETCH completed']);

    expect(await reader.command('n', 'NOOP')).toEqual(['* VANISHED 3', 'n OK NOOP completed']);
    expect(await reader.command('g', 'FETCH 3 (UID)')).toEqual([
      '* 3 FETCH (UID 4)',
      'g OK FETCH completed',
    ]);
  });
});

describe('SELECT (QRESYNC ...)', () => {
  it('tells what vanished and what changed while the client was away', async () => {
    const away = await loggedIn(portA, 'saul');
    await away.command('c', 'CREATE Trip');
    await append(away, 'Trip', 6);
    const selected = await away.command('s', 'SELECT Trip');
    const uidValidity = codeValue(selected, 'UIDVALIDITY');
    const modseq = codeValue(selected, 'HIGHESTMODSEQ');
    await away.command('o', 'LOGOUT');

    const writer = await loggedIn(portB, 'saul', false);
    await writer.command('s', 'SELECT Trip');
    await writer.command('d', 'UID STORE 3,5 +FLAGS.SILENT (\\Deleted)');
    await writer.command('x', 'EXPUNGE');
    await writer.command('f', 'UID STORE 2 +FLAGS.SILENT (\\Flagged)');
    await append(writer, 'Trip', 1);

    const back = await loggedIn(portA, 'saul');
    const reply = await back.command('s', `SELECT Trip (QRESYNC (${uidValidity} ${modseq} 1:6))`);
    const vanishedAt = reply.indexOf('* VANISHED (EARLIER) 3,5');
    expect(vanishedAt).toBeGreaterThan(reply.findIndex((line) => line.includes('HIGHESTMODSEQ')));
    const fetches = reply.filter((line) => line.includes(' FETCH '));
    // Message 2 changed; UID 7 is new, not among the known UIDs (the client fetches it anyway).
    expect(fetches).toHaveLength(1);
    expect(fetches[0]).toMatch(/^\* 2 FETCH \(UID 2 FLAGS \(\\Flagged\) MODSEQ \(\d+\)\)$/);
    expect(reply.indexOf(fetches[0]!)).toBeGreaterThan(vanishedAt);
    expect(reply).toContain('* 5 EXISTS');
    expect(reply.at(-1)).toBe('s OK [READ-WRITE] SELECT completed');

    // UID FETCH ... (CHANGEDSINCE n VANISHED): the vanished UIDs of the set come first.
    const fetched = await back.command(
      'f',
      `UID FETCH 1:4 (FLAGS) (CHANGEDSINCE ${modseq} VANISHED)`,
    );
    expect(fetched[0]).toBe('* VANISHED (EARLIER) 3');
    expect(fetched.slice(1)).toEqual([
      expect.stringMatching(/^\* 2 FETCH \(UID 2 FLAGS \(\\Flagged\) MODSEQ \(\d+\)\)$/),
      'f OK UID FETCH completed',
    ]);
    const none = await back.command(
      'g',
      `UID FETCH 1:* (FLAGS) (CHANGEDSINCE ${modseq + 100} VANISHED)`,
    );
    expect(none).toEqual(['g OK UID FETCH completed']);

    // Another UIDVALIDITY: a plain SELECT, nothing about earlier changes.
    const stale = await back.command('t', `EXAMINE Trip (QRESYNC (${uidValidity + 1} ${modseq}))`);
    expect(stale[0]).toMatch(/^\* OK \[CLOSED\]/);
    expect(stale.filter((line) => /VANISHED| FETCH /.test(line))).toEqual([]);
    expect(stale.at(-1)).toBe('t OK [READ-ONLY] EXAMINE completed');
  });

  it('names every missing UID once the journal no longer covers the MODSEQ', async () => {
    const client = await loggedIn(portA, 'tova');
    await client.command('c', 'CREATE Old');
    await append(client, 'Old', 4);
    await client.command('s', 'SELECT Old');
    await client.command('d', 'UID STORE 1 +FLAGS.SILENT (\\Deleted)');
    await client.command('x', 'EXPUNGE');
    const selected = await client.command('s', 'SELECT Old');
    const uidValidity = codeValue(selected, 'UIDVALIDITY');
    const modseq = codeValue(selected, 'HIGHESTMODSEQ');
    await client.command('d', 'UID STORE 2 +FLAGS.SILENT (\\Deleted)');
    await client.command('x', 'EXPUNGE');
    await client.command('u', 'UNSELECT');
    const resync = `(QRESYNC (${uidValidity} ${modseq} 1:3))`;
    // The journal knows UID 1 went before the client's MODSEQ: only UID 2 is named.
    expect(await client.command('s', `SELECT Old ${resync}`)).toContain('* VANISHED (EARLIER) 2');
    await pruneJournal(harness.store, { retentionMs: 0, now: new Date(Date.now() + 60_000) });

    // Pruned: every known UID that is not there, UID 1 included (a superset, RFC 7162 3.2.5.1).
    const known = await client.command('s', `SELECT Old ${resync}`);
    expect(known).toContain('* VANISHED (EARLIER) 1:2');
    const all = await client.command('s', `SELECT Old (QRESYNC (${uidValidity} ${modseq}))`);
    expect(all).toContain('* VANISHED (EARLIER) 1:2');
    expect(all.filter((line) => line.includes(' FETCH '))).toEqual([]);
  });
});
