// CONDSTORE (RFC 7162 section 3.1) over raw sockets, where the wire format matters, and imapflow,
// which enables CONDSTORE whenever the server offers it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, startHarness, type Harness } from './harness.js';
import { imapflow } from './clients.js';
import { RawClient } from './raw-client.js';

/** Drops the FLAGS and PERMANENTFLAGS lines a new keyword brings (see keywords.spec.ts). */
function withoutFlagList(lines: string[]): string[] {
  return lines.filter((line) => !/^\* (FLAGS |OK \[PERMANENTFLAGS )/.test(line));
}

let harness: Harness;
const clients: RawClient[] = [];

async function loggedIn(username: string): Promise<RawClient> {
  const client = await RawClient.login(harness.port, username, 'secret');
  clients.push(client);
  return client;
}

async function append(client: RawClient, subject: string, mailbox = 'INBOX'): Promise<void> {
  const message = `Subject: ${subject}\r\n\r\nbody of ${subject}\r\n`;
  client.send(`a APPEND ${mailbox} {${Buffer.byteLength(message)}+}\r\n${message}\r\n`);
  expect((await client.until('a')).at(-1)).toMatch(/^a OK /);
}

/** The number in `[HIGHESTMODSEQ n]` among the lines. */
function highestModseq(lines: readonly string[]): number {
  const line = lines.find((text) => text.startsWith('* OK [HIGHESTMODSEQ '));
  if (!line) throw new Error(`no HIGHESTMODSEQ in ${JSON.stringify(lines)}`);
  return Number(/HIGHESTMODSEQ (\d+)/.exec(line)![1]);
}

/** UID -> MODSEQ from `* n FETCH (UID u MODSEQ (m) ...)` lines. */
function modseqs(lines: readonly string[]): Map<number, number> {
  const found = new Map<number, number>();
  for (const line of lines) {
    const match = /^\* \d+ FETCH \(.*UID (\d+).*MODSEQ \((\d+)\)/.exec(line);
    if (match) found.set(Number(match[1]), Number(match[2]));
  }
  return found;
}

beforeAll(async () => {
  harness = await startHarness('imap-condstore');
  for (const name of ['cara', 'dino', 'ezra', 'fay', 'gus']) {
    await createUser(harness.store, name, 'secret');
  }
});

afterAll(async () => {
  for (const client of clients) client.end();
  await harness?.stop();
});

describe('CONDSTORE over raw sockets', () => {
  it('announces CONDSTORE, enables it, and raises HIGHESTMODSEQ on SELECT after a STORE', async () => {
    const client = await loggedIn('cara');
    const capability = await client.command('c', 'CAPABILITY');
    expect(capability[0]).toMatch(/^\* CAPABILITY .* CONDSTORE( |$)/);
    expect(await client.command('e', 'ENABLE CONDSTORE X-UNKNOWN')).toEqual([
      '* ENABLED CONDSTORE',
      'e OK ENABLE completed',
    ]);
    await append(client, 'one');
    await append(client, 'two');

    const first = await client.command('s', 'SELECT INBOX');
    const before = highestModseq(first);
    const status = await client.command('t', 'STATUS INBOX (HIGHESTMODSEQ UIDNEXT)');
    expect(status[0]).toBe(`* STATUS "INBOX" (HIGHESTMODSEQ ${before} UIDNEXT 3)`);

    // Enabled: the STORE response carries UID and MODSEQ (RFC 7162 section 3.1).
    const stored = await client.command('f', 'STORE 2 +FLAGS (\\Flagged)');
    expect(stored[0]).toMatch(/^\* 2 FETCH \(UID 2 MODSEQ \((\d+)\) FLAGS \(.*\\Flagged.*\)\)$/);
    const modseq = modseqs(stored).get(2)!;
    expect(modseq).toBeGreaterThan(before);

    const again = await client.command('x', 'EXAMINE INBOX');
    expect(highestModseq(again)).toBe(modseq);
    expect(again.at(-1)).toBe('x OK [READ-ONLY] EXAMINE completed');
  });

  it('LIST RETURN (STATUS (HIGHESTMODSEQ)) reports HIGHESTMODSEQ before its first LIST', async () => {
    const client = await loggedIn('gus');
    await append(client, 'g1');
    expect((await client.command('c', 'CREATE Later')).at(-1)).toMatch(/^c OK /);
    const selected = await client.command('s', 'SELECT INBOX');
    const since = highestModseq(selected);

    // The first enabling command in the selected state (RFC 7162 section 3.1): the OK comes
    // first, and each STATUS stays right after its LIST (RFC 5819 section 2).
    const listed = await client.command(
      'l',
      'LIST "" (INBOX Later) RETURN (STATUS (HIGHESTMODSEQ))',
    );
    expect(listed.map((line) => line.replace(/\d+\)$/, 'n)'))).toEqual([
      `* OK [HIGHESTMODSEQ ${since}] highest mod-sequence`,
      '* LIST (\\HasNoChildren) "/" "INBOX"',
      '* STATUS "INBOX" (HIGHESTMODSEQ n)',
      '* LIST (\\HasNoChildren) "/" "Later"',
      '* STATUS "Later" (HIGHESTMODSEQ n)',
      'l OK LIST completed',
    ]);
    expect(listed[2]).toBe(`* STATUS "INBOX" (HIGHESTMODSEQ ${since})`);
    // Enabled once: neither a second LIST nor a STORE repeats the OK; STORE now sends MODSEQ.
    const again = await client.command('m', 'LIST "" INBOX RETURN (STATUS (HIGHESTMODSEQ))');
    expect(again[0]).toBe('* LIST (\\HasNoChildren) "/" "INBOX"');
    const stored = await client.command('f', 'STORE 1 +FLAGS (\\Flagged)');
    expect(stored[0]).toMatch(/^\* 1 FETCH \(UID 1 MODSEQ \(\d+\) FLAGS /);
  });

  it('FETCH CHANGEDSINCE returns only messages changed since, with MODSEQ', async () => {
    const client = await loggedIn('dino');
    for (const subject of ['a', 'b', 'c', 'd']) await append(client, subject);
    // SELECT without CONDSTORE still reports HIGHESTMODSEQ; the session is not enabled yet.
    const selected = await client.command('s', 'SELECT INBOX');
    const since = highestModseq(selected);
    const plain = withoutFlagList(await client.command('p', 'STORE 3 +FLAGS ($Work)'));
    expect(plain[0]).toBe('* 3 FETCH (FLAGS ($Work \\Recent))');

    const changed = await client.command('f', 'FETCH 1:* (FLAGS) (CHANGEDSINCE ' + since + ')');
    // The first enabling command in the selected state reports HIGHESTMODSEQ (section 3.1).
    expect(changed).toHaveLength(3);
    const reported = highestModseq([changed.shift()!]);
    expect(changed[0]).toMatch(/^\* 3 FETCH \(FLAGS \(\$Work \\Recent\) MODSEQ \((\d+)\)\)$/);
    // What the session has seen: at least the SELECT's, at most the STORE's (its notice is async).
    expect(reported).toBeGreaterThanOrEqual(since);
    expect(reported).toBeLessThanOrEqual(Number(/MODSEQ \((\d+)\)/.exec(changed[0]!)![1]));
    expect(changed.at(-1)).toBe('f OK FETCH completed');

    const byUid = await client.command('u', 'UID FETCH 1:* (MODSEQ) (CHANGEDSINCE 1)');
    expect(byUid.filter((line) => line.startsWith('* '))).toHaveLength(4);
    const all = modseqs(byUid);
    expect(all.get(3)).toBeGreaterThan(Math.max(all.get(1)!, all.get(2)!, all.get(4)!));
    const none = await client.command('n', `UID FETCH 1:* (FLAGS) (CHANGEDSINCE ${all.get(3)})`);
    expect(none).toEqual(['n OK UID FETCH completed']);

    // The FETCH MODSEQ enabled CONDSTORE: STORE now reports UID and MODSEQ.
    const later = await client.command('q', 'STORE 1 +FLAGS.SILENT (\\Seen)');
    expect(later[0]).toMatch(/^\* 1 FETCH \(UID 1 MODSEQ \(\d+\)\)$/);
    expect(later[1]).toBe('q OK STORE completed');
  });

  it('STORE UNCHANGEDSINCE fails with [MODIFIED] where another session changed the message', async () => {
    const mine = await loggedIn('ezra');
    for (const subject of ['m1', 'm2', 'm3']) await append(mine, subject);
    const theirs = await loggedIn('ezra');
    await mine.command('s', 'SELECT INBOX (CONDSTORE)');
    await theirs.command('s', 'SELECT INBOX');
    const known = modseqs(await mine.command('f', 'FETCH 1:3 (UID MODSEQ)'));
    const unchangedSince = Math.max(...known.values());

    expect((await theirs.command('t', 'STORE 2 +FLAGS ($Theirs)')).at(-1)).toMatch(/^t OK /);
    // The other session's change reaches this one with UID and MODSEQ.
    const noop = withoutFlagList(await mine.command('n', 'NOOP'));
    expect(noop[0]).toMatch(/^\* 2 FETCH \(UID 2 MODSEQ \((\d+)\) FLAGS \(.*\$Theirs.*\)\)$/);
    expect(modseqs(noop).get(2)).toBeGreaterThan(unchangedSince);

    const store = `STORE 1:3 (UNCHANGEDSINCE ${unchangedSince}) +FLAGS ($Mine)`;
    const reply = withoutFlagList(await mine.command('c', store));
    expect(reply.at(-1)).toBe('c OK [MODIFIED 2] conditional STORE failed for some messages');
    expect(reply.filter((line) => line.startsWith('* '))).toEqual([
      expect.stringMatching(/^\* 1 FETCH \(UID 1 MODSEQ \(\d+\) FLAGS \(.*\$Mine.*\)\)$/),
      expect.stringMatching(/^\* 3 FETCH \(UID 3 MODSEQ \(\d+\) FLAGS \(.*\$Mine.*\)\)$/),
    ]);
    const flags = await mine.command('g', 'FETCH 2 (FLAGS)');
    expect(flags[0]).not.toContain('$Mine');

    // UID STORE names UIDs; UNCHANGEDSINCE 0 fails every message (RFC 7162 section 3.1.3).
    const zero = await mine.command('z', 'UID STORE 1:3 (UNCHANGEDSINCE 0) -FLAGS.SILENT ($Mine)');
    expect(zero).toEqual(['z OK [MODIFIED 1:3] conditional UID STORE failed for some messages']);
  });

  it('lets one of two concurrent conditional STOREs on one message win', async () => {
    const first = await loggedIn('fay');
    await append(first, 'contested');
    const second = await loggedIn('fay');
    await first.command('s', 'SELECT INBOX');
    await second.command('s', 'SELECT INBOX');
    const modseq = modseqs(await first.command('f', 'FETCH 1 (UID MODSEQ)')).get(1)!;
    first.send(`c STORE 1 (UNCHANGEDSINCE ${modseq}) +FLAGS.SILENT ($First)\r\n`);
    second.send(`c STORE 1 (UNCHANGEDSINCE ${modseq}) +FLAGS.SILENT ($Second)\r\n`);
    const replies = [(await first.until('c')).at(-1), (await second.until('c')).at(-1)];
    expect(replies.filter((line) => line === 'c OK STORE completed')).toHaveLength(1);
    expect(replies.filter((line) => line?.startsWith('c OK [MODIFIED 1] '))).toHaveLength(1);
  });

  it('SEARCH MODSEQ ends the response with the highest MODSEQ found', async () => {
    const client = await loggedIn('cara');
    await client.command('s', 'SELECT INBOX');
    const all = modseqs(await client.command('f', 'FETCH 1:* (UID MODSEQ)'));
    const flagged = all.get(2)!;
    expect(await client.command('a', `SEARCH MODSEQ ${flagged}`)).toEqual([
      `* SEARCH 2 (MODSEQ ${flagged})`,
      'a OK SEARCH completed',
    ]);
    expect(await client.command('b', 'UID SEARCH MODSEQ "/flags/\\\\flagged" all 1')).toEqual([
      `* SEARCH 1 2 (MODSEQ ${flagged})`,
      'b OK UID SEARCH completed',
    ]);
    expect(await client.command('c', `SEARCH MODSEQ ${flagged + 1}`)).toEqual([
      '* SEARCH',
      'c OK SEARCH completed',
    ]);
    expect(await client.command('d', 'SEARCH RETURN (MIN COUNT) MODSEQ 1')).toEqual([
      `* ESEARCH (TAG "d") MIN 1 COUNT 2 MODSEQ ${flagged}`,
      'd OK SEARCH completed',
    ]);
    expect(await client.command('e', 'SEARCH RETURN (MIN) MODSEQ 1')).toEqual([
      `* ESEARCH (TAG "e") MIN 1 MODSEQ ${all.get(1)}`,
      'e OK SEARCH completed',
    ]);
    expect(await client.command('g', 'SEARCH UNSEEN')).toEqual([
      '* SEARCH 1 2',
      'g OK SEARCH completed',
    ]);
  });

  it('refuses SELECT parameters other than CONDSTORE; EXAMINE and STATUS enable it', async () => {
    const client = await loggedIn('dino');
    expect(await client.command('s', 'SELECT INBOX (X-FOO)')).toEqual([
      's BAD SELECT parameter X-FOO is not supported',
    ]);
    const examined = await client.command('x', 'EXAMINE INBOX (CONDSTORE)');
    expect(examined.at(-1)).toBe('x OK [READ-ONLY] EXAMINE completed');
    // Enabled by EXAMINE (CONDSTORE): no second HIGHESTMODSEQ on the first FETCH MODSEQ.
    const fetched = await client.command('f', 'FETCH 1 (MODSEQ)');
    expect(fetched).toEqual([
      expect.stringMatching(/^\* 1 FETCH \(MODSEQ \(\d+\)\)$/),
      'f OK FETCH completed',
    ]);

    const other = await loggedIn('dino');
    const selected = await other.command('s', 'SELECT INBOX');
    const highest = highestModseq(selected);
    expect(await other.command('t', 'STATUS INBOX (HIGHESTMODSEQ)')).toEqual([
      `* OK [HIGHESTMODSEQ ${highest}] highest mod-sequence`,
      `* STATUS "INBOX" (HIGHESTMODSEQ ${highest})`,
      't OK STATUS completed',
    ]);
    const stored = await other.command('p', 'STORE 2 -FLAGS ($None)');
    expect(stored[0]).toMatch(/^\* 2 FETCH \(UID 2 MODSEQ \(\d+\) FLAGS \(.*\)\)$/);
  });
});

describe('CONDSTORE with imapflow', () => {
  it('reads HIGHESTMODSEQ, fetches changes since it and stores conditionally', async () => {
    const client = imapflow(harness.port, 'dino', 'secret');
    await client.connect();
    try {
      expect(client.enabled.has('CONDSTORE')).toBe(true);
      const mailbox = await client.mailboxOpen('INBOX');
      const since = mailbox.highestModseq!;
      expect(typeof since).toBe('bigint');
      await client.messageFlagsAdd('4', ['$Later']);

      const changed = [];
      for await (const message of client.fetch('1:*', { flags: true }, { changedSince: since })) {
        changed.push(message);
      }
      expect(changed.map((message) => message.seq)).toEqual([4]);
      expect(changed[0]!.flags!.has('$Later')).toBe(true);
      expect(changed[0]!.modseq!).toBeGreaterThan(since);

      const current = changed[0]!.modseq!;
      const stored = await client.messageFlagsAdd('4', ['$Again'], { unchangedSince: current });
      expect(stored).toBe(true);
      const after = await client.fetchOne('4', { flags: true });
      if (!after) throw new Error('message 4 not fetched');
      expect(after.flags!.has('$Again')).toBe(true);
      expect(after.modseq!).toBeGreaterThan(current);
      const status = await client.status('INBOX', { highestModseq: true });
      expect(status && status.highestModseq).toBe(after.modseq);
    } finally {
      await client.logout();
    }
  });
});
