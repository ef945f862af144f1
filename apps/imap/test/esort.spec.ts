// ESORT (RFC 5267 section 3): SORT and UID SORT RETURN (...) answered with ESEARCH in sort order,
// with CONDSTORE's MODSEQ (RFC 7162) and SEARCHRES's SAVE (RFC 5182), over raw sockets and
// Python imaplib.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { python } from './clients.js';
import { createUser, startHarness, type Harness } from './harness.js';
import { RawClient } from './raw-client.js';

let harness: Harness;
const clients: RawClient[] = [];

/**
 * Sequence number n is MAILBOX[n - 1], UID n + 1 (a first message is expunged), arriving in
 * sequence order. Bodies of `blocks` lines of 100 bytes set SIZE's order: 5 4 1 2 3 7 6 (UIDs
 * 6 5 2 3 4 8 7); REVERSE SIZE is 6 7 3 2 1 4 5. "alpha" are 1, 3, 5 and 7: by SIZE 5 1 3 7.
 */
const MAILBOX: Array<{ subject: string; blocks: number }> = [
  { subject: 'alpha one', blocks: 30 },
  { subject: 'beta two', blocks: 40 },
  { subject: 'alpha three', blocks: 50 },
  { subject: 'gamma four', blocks: 20 },
  { subject: 'alpha five', blocks: 10 },
  { subject: 'beta six', blocks: 70 },
  { subject: 'alpha seven', blocks: 60 },
];

/** MODSEQs once set up: message 5 flagged, then message 3, so 3 holds the highest. */
const modseq = { ofMessage: new Map<number, number>(), highest: 0 };

async function append(client: RawClient, day: number, subject: string, blocks: number) {
  const body = `${'x'.repeat(98)}\r\n`.repeat(blocks);
  const bytes = Buffer.from(`Subject: ${subject}\r\nFrom: sam@example.org\r\n\r\n${body}`);
  const date = `0${day}-Mar-2024 10:00:00 +0000`;
  const head = `a APPEND INBOX "${date}" {${bytes.length}+}\r\n`;
  client.send(Buffer.concat([Buffer.from(head), bytes, Buffer.from('\r\n')]));
  expect((await client.until('a')).at(-1)).toMatch(/^a OK /);
}

async function loggedIn(): Promise<RawClient> {
  const client = await RawClient.login(harness.port, 'sam', 'secret');
  clients.push(client);
  return client;
}

/** A new connection with INBOX examined, after ENABLE CONDSTORE when `condstore`. */
async function inInbox(condstore = false): Promise<RawClient> {
  const client = await loggedIn();
  if (condstore) expect((await client.command('e', 'ENABLE CONDSTORE'))[0]).toMatch(/^\* ENABLED/);
  const reply = await client.command('s', 'EXAMINE INBOX');
  expect(reply.at(-1)).toMatch(/^s OK /);
  return client;
}

/** The untagged lines of the answer to `command`, asserting it ended OK. */
async function untagged(client: RawClient, command: string): Promise<string[]> {
  const lines = await client.command('t', command);
  expect(lines.at(-1)).toMatch(/^t OK /);
  return lines.slice(0, -1);
}

beforeAll(async () => {
  harness = await startHarness('imap-esort');
  await createUser(harness.store, 'sam', 'secret');
  const client = await loggedIn();
  await append(client, 1, 'gone', 1);
  await client.command('s', 'SELECT INBOX');
  await client.command('d', 'STORE 1 +FLAGS.SILENT (\\Deleted)');
  expect((await client.command('e', 'EXPUNGE')).at(-1)).toMatch(/^e OK /);
  for (const [index, { subject, blocks }] of MAILBOX.entries()) {
    await append(client, index + 2, subject, blocks);
  }
  await client.command('f', 'STORE 5 +FLAGS.SILENT (\\Flagged)');
  await client.command('f', 'STORE 3 +FLAGS.SILENT (\\Flagged)');
  for (const line of await client.command('m', 'FETCH 1:* (MODSEQ)')) {
    const match = /^\* (\d+) FETCH \(MODSEQ \((\d+)\)\)$/.exec(line);
    if (match) modseq.ofMessage.set(Number(match[1]), Number(match[2]));
  }
  modseq.highest = Math.max(...modseq.ofMessage.values());
  expect(modseq.ofMessage.size).toBe(7);
  expect(modseq.highest).toBe(modseq.ofMessage.get(3));
  expect(modseq.ofMessage.get(5)).toBeLessThan(modseq.highest);
  expect(modseq.ofMessage.get(5)).toBeGreaterThan(modseq.ofMessage.get(7)!);
});

afterAll(async () => {
  for (const client of clients) client.end();
  await harness?.stop();
});

describe('ESORT (RFC 5267 section 3)', () => {
  it('is announced beside SORT', async () => {
    const client = await loggedIn();
    expect((await client.command('c', 'CAPABILITY'))[0]).toMatch(/ SORT ESORT( |$)/);
  });

  it.each([
    ['MIN', 'MIN 5'],
    ['MAX', 'MAX 6'],
    ['COUNT', 'COUNT 7'],
    // Ranges only where the sort order ascends one by one (section 3.2): never 5:4.
    ['ALL', 'ALL 5,4,1:3,7,6'],
    ['MIN MAX', 'MIN 5 MAX 6'],
    ['COUNT ALL MIN', 'MIN 5 COUNT 7 ALL 5,4,1:3,7,6'],
    ['MIN MAX COUNT ALL', 'MIN 5 MAX 6 COUNT 7 ALL 5,4,1:3,7,6'],
    ['', 'ALL 5,4,1:3,7,6'],
    ['all min ALL', 'MIN 5 ALL 5,4,1:3,7,6'],
  ])('answers RETURN (%s) in SIZE order', async (options, data) => {
    const client = await inInbox();
    expect(await untagged(client, `SORT RETURN (${options}) (SIZE) UTF-8 ALL`)).toEqual([
      `* ESEARCH (TAG "t") ${data}`,
    ]);
  });

  it('takes MIN and MAX as the first and last sorted, which REVERSE turns around', async () => {
    const client = await inInbox();
    expect(await untagged(client, 'SORT RETURN (MIN MAX ALL) (REVERSE SIZE) UTF-8 ALL')).toEqual([
      '* ESEARCH (TAG "t") MIN 6 MAX 5 ALL 6:7,3,2,1,4:5',
    ]);
    expect(
      await untagged(client, 'SORT RETURN (MIN MAX ALL) (REVERSE SIZE) UTF-8 SUBJECT alpha'),
    ).toEqual(['* ESEARCH (TAG "t") MIN 7 MAX 5 ALL 7,3,1,5']);
    // An order that ascends throughout is one range.
    expect(await untagged(client, 'SORT RETURN (ALL) (ARRIVAL) UTF-8 ALL')).toEqual([
      '* ESEARCH (TAG "t") ALL 1:7',
    ]);
    expect(await untagged(client, 'SORT RETURN (ALL) (REVERSE ARRIVAL) UTF-8 ALL')).toEqual([
      '* ESEARCH (TAG "t") ALL 7,6,5,4,3,2,1',
    ]);
  });

  it('answers UID SORT with UIDs in sort order and the UID marker', async () => {
    const client = await inInbox();
    expect(await untagged(client, 'UID SORT RETURN (MIN MAX COUNT ALL) (SIZE) UTF-8 ALL')).toEqual([
      '* ESEARCH (TAG "t") UID MIN 6 MAX 7 COUNT 7 ALL 6,5,2:4,8,7',
    ]);
    expect(await untagged(client, 'UID SORT RETURN () (REVERSE SIZE) UTF-8 SUBJECT alpha')).toEqual(
      ['* ESEARCH (TAG "t") UID ALL 8,4,2,6'],
    );
    expect(await untagged(client, 'UID SORT RETURN (COUNT) (SIZE) UTF-8 UID 3:5')).toEqual([
      '* ESEARCH (TAG "t") UID COUNT 3',
    ]);
  });

  it('leaves MIN, MAX and ALL out when nothing matches, and gives COUNT 0', async () => {
    const client = await inInbox();
    expect(
      await untagged(client, 'SORT RETURN (MIN MAX COUNT ALL) (SIZE) UTF-8 SUBJECT nowhere'),
    ).toEqual(['* ESEARCH (TAG "t") COUNT 0']);
    expect(
      await untagged(client, 'SORT RETURN (MIN MAX ALL) (DATE) UTF-8 SUBJECT nowhere'),
    ).toEqual(['* ESEARCH (TAG "t")']);
    expect(await untagged(client, 'UID SORT RETURN () (SIZE) UTF-8 SUBJECT nowhere')).toEqual([
      '* ESEARCH (TAG "t") UID',
    ]);
  });

  it('answers in the tag of the command, quoted', async () => {
    const client = await inInbox();
    expect(await client.command('A282', 'SORT RETURN (COUNT) (SIZE) UTF-8 ALL')).toEqual([
      '* ESEARCH (TAG "A282") COUNT 7',
      'A282 OK SORT completed',
    ]);
  });

  it('refuses return options it does not know with BAD, SORT still working after', async () => {
    const client = await inInbox();
    expect(await client.command('b', 'SORT RETURN (FROB) (SIZE) UTF-8 ALL')).toEqual([
      'b BAD SORT RETURN FROB is not supported',
    ]);
    for (const options of ['PARTIAL 1:10', 'CONTEXT', 'UPDATE COUNT', 'MIN FROB']) {
      const reply = await client.command('b', `SORT RETURN (${options}) (SIZE) UTF-8 ALL`);
      expect(reply).toHaveLength(1);
      expect(reply[0]).toMatch(/^b BAD /);
    }
    for (const broken of ['SORT RETURN (ALL) UTF-8 ALL', 'SORT RETURN ALL (SIZE) UTF-8 ALL']) {
      expect(await client.command('b', broken)).toEqual([expect.stringMatching(/^b BAD /)]);
    }
    expect(await client.command('a', 'SORT RETURN (ALL) (SIZE) KOI8-R ALL')).toEqual([
      'a NO [BADCHARSET (UTF-8 US-ASCII)] charset KOI8-R is not supported',
    ]);
    expect(await untagged(client, 'SORT RETURN (MAX) (SIZE) UTF-8 ALL')).toEqual([
      '* ESEARCH (TAG "t") MAX 6',
    ]);
  });

  it('is BAD without a selected mailbox', async () => {
    const client = await loggedIn();
    expect((await client.command('n', 'SORT RETURN (ALL) (SIZE) UTF-8 ALL'))[0]).toMatch(/^n BAD /);
  });
});

describe('ESORT with CONDSTORE (RFC 7162 section 3.1)', () => {
  it('enables CONDSTORE on a MODSEQ key and ends the ESEARCH with MODSEQ', async () => {
    const client = await inInbox();
    expect(await untagged(client, 'SORT RETURN (COUNT) (SIZE) UTF-8 MODSEQ 1')).toEqual([
      expect.stringMatching(/^\* OK \[HIGHESTMODSEQ \d+\] /),
      `* ESEARCH (TAG "t") COUNT 7 MODSEQ ${modseq.highest}`,
    ]);
    expect(await untagged(client, 'SORT RETURN (MIN MAX COUNT ALL) (SIZE) UTF-8 MODSEQ 1')).toEqual(
      [`* ESEARCH (TAG "t") MIN 5 MAX 6 COUNT 7 ALL 5,4,1:3,7,6 MODSEQ ${modseq.highest}`],
    );
  });

  it('gives with MIN or MAX alone the MODSEQ of the first or last sorted message', async () => {
    const client = await inInbox();
    const { ofMessage } = modseq;
    expect(await untagged(client, 'SORT RETURN (MIN) (SIZE) UTF-8 MODSEQ 1')).toEqual([
      expect.stringMatching(/^\* OK \[HIGHESTMODSEQ /),
      `* ESEARCH (TAG "t") MIN 5 MODSEQ ${ofMessage.get(5)}`,
    ]);
    expect(await untagged(client, 'SORT RETURN (MAX) (SIZE) UTF-8 MODSEQ 1')).toEqual([
      `* ESEARCH (TAG "t") MAX 6 MODSEQ ${ofMessage.get(6)}`,
    ]);
    expect(await untagged(client, 'UID SORT RETURN (MAX) (REVERSE SIZE) UTF-8 MODSEQ 1')).toEqual([
      `* ESEARCH (TAG "t") UID MAX 6 MODSEQ ${ofMessage.get(5)}`,
    ]);
    const since = ofMessage.get(5)!;
    expect(
      await untagged(client, `SORT RETURN (ALL) (REVERSE SIZE) UTF-8 MODSEQ ${since}`),
    ).toEqual([`* ESEARCH (TAG "t") ALL 3,5 MODSEQ ${modseq.highest}`]);
  });

  it('leaves MODSEQ out when nothing matches', async () => {
    const client = await inInbox(true);
    const above = modseq.highest + 1;
    expect(await untagged(client, `SORT RETURN (MIN COUNT) (SIZE) UTF-8 MODSEQ ${above}`)).toEqual([
      '* ESEARCH (TAG "t") COUNT 0',
    ]);
    expect(await untagged(client, `SORT (SIZE) UTF-8 MODSEQ ${above}`)).toEqual(['* SORT']);
  });

  it('ends a plain SORT with (MODSEQ n) too (RFC 7162 sort-data)', async () => {
    const client = await inInbox(true);
    expect(await untagged(client, 'SORT (SIZE) UTF-8 MODSEQ 1')).toEqual([
      `* SORT 5 4 1 2 3 7 6 (MODSEQ ${modseq.highest})`,
    ]);
    expect(await untagged(client, 'SORT (SIZE) UTF-8 ALL')).toEqual(['* SORT 5 4 1 2 3 7 6']);
  });
});

describe('SORT RETURN (SAVE) (RFC 5182)', () => {
  /** The sequence numbers `SEARCH $` gives. */
  async function saved(client: RawClient): Promise<string> {
    return (await untagged(client, 'SEARCH $'))[0]!;
  }

  it('saves the matches as a set; SAVE alone answers only OK', async () => {
    const client = await inInbox();
    expect(
      await client.command('t', 'SORT RETURN (SAVE) (REVERSE SIZE) UTF-8 SUBJECT alpha'),
    ).toEqual(['t OK SORT completed']);
    expect(await saved(client)).toBe('* SEARCH 1 3 5 7');
    expect(
      await untagged(client, 'UID SORT RETURN (SAVE ALL) (SIZE) UTF-8 NOT SUBJECT alpha'),
    ).toEqual(['* ESEARCH (TAG "t") UID ALL 5,3,7']);
    expect(await saved(client)).toBe('* SEARCH 2 4 6');
    // `$` as the search program of a SORT.
    expect(await untagged(client, 'SORT RETURN (ALL) (REVERSE SIZE) UTF-8 $')).toEqual([
      '* ESEARCH (TAG "t") ALL 6,2,4',
    ]);
  });

  it('with MIN and/or MAX alone keeps the first and/or last sorted', async () => {
    const client = await inInbox();
    expect(await untagged(client, 'SORT RETURN (SAVE MIN) (SIZE) UTF-8 SUBJECT alpha')).toEqual([
      '* ESEARCH (TAG "t") MIN 5',
    ]);
    expect(await saved(client)).toBe('* SEARCH 5');
    expect(await untagged(client, 'UID SORT RETURN (MAX SAVE) (SIZE) UTF-8 ALL')).toEqual([
      '* ESEARCH (TAG "t") UID MAX 7',
    ]);
    expect(await saved(client)).toBe('* SEARCH 6');
    expect(
      await untagged(client, 'SORT RETURN (SAVE MIN MAX) (REVERSE SIZE) UTF-8 SUBJECT alpha'),
    ).toEqual(['* ESEARCH (TAG "t") MIN 7 MAX 5']);
    expect(await saved(client)).toBe('* SEARCH 5 7');
    expect(
      await untagged(client, 'SORT RETURN (SAVE MIN COUNT) (SIZE) UTF-8 SUBJECT alpha'),
    ).toEqual(['* ESEARCH (TAG "t") MIN 5 COUNT 4']);
    expect(await saved(client)).toBe('* SEARCH 1 3 5 7');
  });

  it('keeps the saved result after BAD and empties it after NO', async () => {
    const client = await inInbox();
    await client.command('t', 'SORT RETURN (SAVE) (SIZE) UTF-8 SUBJECT beta');
    expect(await saved(client)).toBe('* SEARCH 2 6');
    expect((await client.command('b', 'SORT RETURN (SAVE FROB) (SIZE) UTF-8 ALL'))[0]).toMatch(
      /^b BAD /,
    );
    expect((await client.command('b', 'SORT RETURN (SAVE) (SIZE) UTF-8 NOKEY'))[0]).toMatch(
      /^b BAD /,
    );
    expect(await saved(client)).toBe('* SEARCH 2 6');
    expect(await client.command('n', 'SORT RETURN (SAVE) (SIZE) KOI8-R ALL')).toEqual([
      'n NO [BADCHARSET (UTF-8 US-ASCII)] charset KOI8-R is not supported',
    ]);
    expect(await saved(client)).toBe('* SEARCH');
  });
});

describe('real clients', () => {
  it('Python imaplib sends SORT RETURN and reads the ESEARCH response', async () => {
    const stdout = await python(
      harness.port,
      `
import imaplib, sys
m = imaplib.IMAP4('127.0.0.1', int(sys.argv[1]))
m.login('sam', 'secret')
m.select('INBOX', readonly=True)
print(m.sort('(SIZE)', 'UTF-8', 'ALL'))
print(m.uid('SORT', 'RETURN', '(MIN MAX COUNT ALL)', '(REVERSE SIZE)', 'UTF-8', 'ALL')[0])
print(m.response('ESEARCH'))
m.logout()
`,
    );
    const lines = stdout.split('\n');
    expect(lines.slice(0, 2)).toEqual(["('OK', [b'5 4 1 2 3 7 6'])", 'OK']);
    expect(lines[2]).toMatch(
      /^\('ESEARCH', \[b'\(TAG "\w+"\) UID MIN 7 MAX 6 COUNT 7 ALL 7:8,4,3,2,5:6'\]\)$/,
    );
  });
});
