// THREAD and UID THREAD (RFC 5256 sections 3 and 4) over a mailbox of crafted messages; the
// expected answers are worked by hand from the RFC's rules (see the comments on MAILBOX).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { python } from './clients.js';
import { createUser, startHarness, type Harness } from './harness.js';
import { RawClient } from './raw-client.js';

let harness: Harness;
const clients: RawClient[] = [];

/** A message from its header fields; `day` and `time` give its Date (January 2024, UTC). */
function message(fields: string[], day?: number, time = '10:00'): string {
  const date = day === undefined ? [] : [`Date: ${day} Jan 2024 ${time}:00 +0000`];
  return [...date, 'From: sam@example.org', ...fields, '', 'body', ''].join('\r\n');
}

/**
 * Sequence number n is MAILBOX[n - 1], UID n + 1 (a first message is expunged).
 *
 * REFERENCES, step by step: 1 <a> has 2 <b> as child (References), 2 has 3 (In-Reply-To only)
 * and 4 (References <a> <b> win over its In-Reply-To <c>), 4 first by date. 5 and 6 refer to
 * <lost>, which no message has: a dummy at the top with two children, kept; equal dates go by
 * sequence number. 7 refers to <gone1> <gone2>: two dummies of one child each, pruned, so 7
 * stands alone. 8, 9 and 10 have no references and the base subject BUDGET: 8 is no reply or
 * forward, so it takes 9 ("Re:") and 10 ("[Fwd: ...]") as children (step 5). 11 and 12 share
 * LUNCH and neither is a reply: a new dummy holds both. 13 <l1> refers to <l2> and 14 <l2> to
 * <l1>: 14 would make a loop under 13, so it stays on top with 13 below it. 15 refers to
 * itself (no link), 16 has no Message-ID and no Date (its internal date, 8 Jan, counts), 17
 * repeats 1's Message-ID (it gets one of its own).
 */
const MAILBOX: Array<{ internalDate?: string; text: string }> = [
  { text: message(['Message-ID: <a@x>', 'Subject: Plans'], 1, '10:00') },
  {
    text: message(
      ['Message-ID: <b@x>', 'In-Reply-To: <a@x>', 'References: <a@x>', 'Subject: Re: Plans'],
      1,
      '11:00',
    ),
  },
  {
    text: message(
      ['Message-ID: <c@x>', "In-Reply-To: <b@x> (Bob's message)", 'Subject: Re: Plans'],
      1,
      '12:00',
    ),
  },
  {
    text: message(
      [
        'Message-ID: <d@x>',
        'In-Reply-To: <c@x>',
        'References: <a@x>',
        ' <b@x>',
        'Subject: RE: Re: plans',
      ],
      1,
      '11:30',
    ),
  },
  { text: message(['Message-ID: <f@x>', 'References: <lost@x>', 'Subject: Re: Lost'], 2) },
  { text: message(['Message-ID: <g@x>', 'References: <lost@x>', 'Subject: Re: Lost'], 2) },
  { text: message(['Message-ID: <h@x>', 'References: <gone1@x> <gone2@x>', 'Subject: Orphan'], 3) },
  { text: message(['Message-ID: <s1@x>', 'Subject: Budget'], 4, '09:00') },
  { text: message(['Message-ID: <s2@x>', 'Subject: Re: Budget'], 4, '10:00') },
  { text: message(['Message-ID: <s3@x>', 'Subject: [Fwd: budget]'], 4, '08:00') },
  { text: message(['Message-ID: <n1@x>', 'Subject: Lunch'], 5, '12:00') },
  { text: message(['Message-ID: <n2@x>', 'Subject: lunch'], 5, '11:00') },
  { text: message(['Message-ID: <l1@x>', 'References: <l2@x>', 'Subject: Loop one'], 6, '10:00') },
  { text: message(['Message-ID: <l2@x>', 'References: <l1@x>', 'Subject: Loop two'], 6, '11:00') },
  { text: message(['Message-ID: <self@x>', 'References: <self@x>', 'Subject: Me'], 7) },
  { internalDate: '08-Jan-2024 10:00:00 +0000', text: message(['Subject: No id']) },
  { text: message(['Message-ID: <a@x>', 'Subject: Dup'], 9) },
];

const REFERENCES = '(1 2 (4)(3))((5)(6))(7)(8 (10)(9))((12)(11))(14 13)(15)(16)(17)';
/** The same threads as UIDs (sequence number + 1). */
const REFERENCES_UIDS = '(2 3 (5)(4))((6)(7))(8)(9 (11)(10))((13)(12))(15 14)(16)(17)(18)';
/**
 * ORDEREDSUBJECT: groups by base subject in sent date order, the first message the parent of
 * the others, groups by the date of their first message.
 */
const ORDERED = '(1 (2)(4)(3))(5 6)(7)(10 (8)(9))(12 11)(13)(14)(15)(16)(17)';

/** Appends with LITERAL+ and an internal date. */
async function append(client: RawClient, mailbox: string, text: string, date?: string) {
  const bytes = Buffer.from(text);
  const internalDate = date ?? '20-Jan-2024 00:00:00 +0000';
  const head = `a APPEND ${mailbox} "${internalDate}" {${bytes.length}+}\r\n`;
  client.send(Buffer.concat([Buffer.from(head), bytes, Buffer.from('\r\n')]));
  expect((await client.until('a')).at(-1)).toMatch(/^a OK /);
}

async function loggedIn(): Promise<RawClient> {
  const client = await RawClient.login(harness.port, 'sam', 'secret');
  clients.push(client);
  return client;
}

/** The answer to `command` with INBOX examined, asserting one THREAD line and OK. */
async function threaded(command: string): Promise<string> {
  const client = await loggedIn();
  await client.command('s', 'EXAMINE INBOX');
  const lines = await client.command('t', command);
  expect(lines).toHaveLength(2);
  expect(lines.at(-1)).toMatch(/^t OK (UID )?THREAD completed$/);
  return lines[0]!;
}

beforeAll(async () => {
  harness = await startHarness('imap-thread');
  await createUser(harness.store, 'sam', 'secret');
  const client = await loggedIn();
  await append(client, 'INBOX', 'Subject: gone\r\n\r\nexpunged\r\n');
  await client.command('s', 'SELECT INBOX');
  await client.command('d', 'STORE 1 +FLAGS.SILENT (\\Deleted)');
  expect((await client.command('e', 'EXPUNGE')).at(-1)).toMatch(/^e OK /);
  for (const { internalDate, text } of MAILBOX) await append(client, 'INBOX', text, internalDate);
});

afterAll(async () => {
  for (const client of clients) client.end();
  await harness?.stop();
});

describe('THREAD (RFC 5256)', () => {
  it('is announced with both algorithms', async () => {
    const client = await loggedIn();
    const capabilities = (await client.command('c', 'CAPABILITY'))[0]!.split(' ');
    expect(capabilities).toContain('THREAD=ORDEREDSUBJECT');
    expect(capabilities).toContain('THREAD=REFERENCES');
  });

  it('threads by REFERENCES: links, dummies, subjects, loops and dates', async () => {
    expect(await threaded('THREAD REFERENCES UTF-8 ALL')).toBe(`* THREAD ${REFERENCES}`);
  });

  it('threads by ORDEREDSUBJECT', async () => {
    expect(await threaded('THREAD ORDEREDSUBJECT US-ASCII ALL')).toBe(`* THREAD ${ORDERED}`);
  });

  it('answers UIDs for UID THREAD', async () => {
    expect(await threaded('UID THREAD REFERENCES UTF-8 ALL')).toBe(`* THREAD ${REFERENCES_UIDS}`);
    expect(await threaded('UID THREAD ORDEREDSUBJECT UTF-8 SUBJECT budget')).toBe(
      '* THREAD (11 (9)(10))',
    );
  });

  it('threads only what the search program matches', async () => {
    // Without 2 <b>, 3 and 4 hang from a dummy below 1, which pruning replaces by them.
    expect(await threaded('THREAD REFERENCES UTF-8 1:4 NOT 2')).toBe('* THREAD (1 (4)(3))');
    expect(await threaded('THREAD REFERENCES UTF-8 SUBJECT lost')).toBe('* THREAD ((5)(6))');
    expect(await threaded('THREAD REFERENCES UTF-8 OR 13 UID 17')).toBe('* THREAD (13)(16)');
    expect(await threaded('THREAD ORDEREDSUBJECT UTF-8 SUBJECT nothing')).toBe('* THREAD');
  });

  it('answers another charset with NO [BADCHARSET] and broken syntax with BAD', async () => {
    const client = await loggedIn();
    expect((await client.command('n', 'THREAD REFERENCES UTF-8 ALL'))[0]).toMatch(/^n BAD /);
    await client.command('s', 'EXAMINE INBOX');
    expect(await client.command('a', 'THREAD REFERENCES KOI8-R ALL')).toEqual([
      'a NO [BADCHARSET (UTF-8 US-ASCII)] charset KOI8-R is not supported',
    ]);
    for (const broken of [
      'THREAD',
      'THREAD REFERENCES ALL',
      'THREAD REFERENCES UTF-8',
      'THREAD X-UNKNOWN UTF-8 ALL',
      'THREAD (REFERENCES) UTF-8 ALL',
      'THREAD REFERENCES UTF-8 CHARSET UTF-8 ALL',
      'UID THREAD REFERENCES UTF-8 UID',
      'THREAD REFERENCES KOI8-R FROB',
    ]) {
      expect((await client.command('b', broken))[0]).toMatch(/^b BAD /);
    }
    expect((await client.command('t', 'THREAD REFERENCES UTF-8 1'))[0]).toBe('* THREAD (1)');
  });

  it('holds back EXPUNGE responses, numbers unchanged', async () => {
    const writer = await loggedIn();
    await writer.command('c', 'CREATE Held');
    for (const day of [1, 2, 3]) {
      await append(writer, 'Held', message([`Subject: topic ${day}`], day));
    }
    const reader = await loggedIn();
    await reader.command('s', 'SELECT Held');
    await writer.command('s', 'SELECT Held');
    await writer.command('d', 'STORE 2 +FLAGS.SILENT (\\Deleted)');
    expect((await writer.command('x', 'EXPUNGE')).at(-1)).toBe('x OK EXPUNGE completed');
    await writer.command('f', 'STORE 1 +FLAGS.SILENT (\\Flagged)');

    // Once the later flag change shows up, the session has heard of the expunge too.
    let reply: string[] = [];
    for (let round = 0; round < 100; round += 1) {
      reply = await reader.command('t', 'THREAD REFERENCES UTF-8 ALL');
      expect(reply.filter((line) => line.endsWith('EXPUNGE'))).toEqual([]);
      if (reply.some((line) => line.startsWith('* 1 FETCH'))) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(reply).toContain('* THREAD (1)(3)');
    expect(await reader.command('n', 'NOOP')).toEqual(['* 2 EXPUNGE', 'n OK NOOP completed']);
    expect(await reader.command('t', 'THREAD REFERENCES UTF-8 ALL')).toEqual([
      '* THREAD (1)(2)',
      't OK THREAD completed',
    ]);
  });
});

describe('real clients', () => {
  it("Python imaplib's thread() and uid('THREAD')", async () => {
    const stdout = await python(
      harness.port,
      `
import imaplib, sys
m = imaplib.IMAP4('127.0.0.1', int(sys.argv[1]))
m.login('sam', 'secret')
m.select('INBOX', readonly=True)
print(m.thread('REFERENCES', 'UTF-8', 'ALL'))
print(m.thread('ORDEREDSUBJECT', 'UTF-8', 'SINCE', '1-Jan-2024', 'SUBJECT', 'plans'))
print(m.uid('THREAD', 'REFERENCES', 'US-ASCII', '5:6'))
print(m.thread('REFERENCES', 'ISO-8859-1', 'ALL'))
m.logout()
`,
    );
    expect(stdout.split('\n')).toEqual([
      `('OK', [b'${REFERENCES}'])`,
      "('OK', [b'(1 (2)(4)(3))'])",
      "('OK', [b'((6)(7))'])",
      "('NO', [b'[BADCHARSET (UTF-8 US-ASCII)] charset ISO-8859-1 is not supported'])",
    ]);
  });
});
