// SORT and UID SORT (RFC 5256 sections 3 and 4) over a mailbox of crafted messages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { python } from './clients.js';
import { createUser, startHarness, type Harness } from './harness.js';
import { RawClient } from './raw-client.js';

let harness: Harness;
const clients: RawClient[] = [];

/** A message: header lines, then a body of `blocks` lines of 100 bytes (sets SIZE's order). */
function message(headers: string[], blocks: number): string {
  return [...headers, '', `${'x'.repeat(98)}\r\n`.repeat(blocks)].join('\r\n');
}

/**
 * Sequence number n is MAILBOX[n - 1], UID n + 1 (a first message is expunged). In comments:
 * the keys each criterion sees. Sent dates in UTC; bodies 100 bytes a block.
 */
const MAILBOX: Array<{ internalDate: string; text: string }> = [
  {
    // DATE 03 09:00, SUBJECT BUDGET, FROM CAROL, TO DAVE, CC "", 30 blocks.
    internalDate: '05-Jan-2024 10:00:00 +0000',
    text: message(
      [
        'Date: Wed, 03 Jan 2024 09:00:00 +0000',
        'From: Carol <carol@example.org>',
        'To: dave@example.org',
        'Subject: Re: Budget',
      ],
      30,
    ),
  },
  {
    // DATE 03 04:30 (23:30 -0500 the day before), SUBJECT LUNCH PLANS, ALICE, BOB, ZED, 5.
    internalDate: '01-Jan-2024 10:00:00 +0000',
    text: message(
      [
        'Date: Tue, 02 Jan 2024 23:30:00 -0500',
        'From: alice@example.org',
        'To: bob@example.org',
        'Cc: zed@example.org',
        'Subject: Fwd: [list] lunch plans',
      ],
      5,
    ),
  },
  {
    // No Date: the internal date, 03 00:00. SUBJECT ÄPFEL (encoded-word, sorts after ASCII),
    // FROM BOB (the display name is not the key), TO ALICE, CC AMY, 80.
    internalDate: '03-Jan-2024 00:00:00 +0000',
    text: message(
      [
        'From: Zoltan <BOB@example.org>',
        'To: Alice <alice@example.org>',
        'Cc: amy@example.org',
        'Subject: =?UTF-8?Q?=C3=84pfel?=',
      ],
      80,
    ),
  },
  {
    // A Date that does not parse: the internal date, 02 00:00. SUBJECT BUDGET ([Fwd: ...]
    // unwrapped), FROM DAVE, TO CAROL, CC "", 10.
    internalDate: '02-Jan-2024 00:00:00 +0000',
    text: message(
      [
        'Date: not a date',
        'From: dave@example.org',
        'To: carol@example.org',
        'Subject: [Fwd: budget]',
      ],
      10,
    ),
  },
  {
    // DATE 01 12:00, SUBJECT ZEBRA, FROM ALICE (as message 2), TO "", CC BOB, 60.
    internalDate: '04-Jan-2024 10:00:00 +0000',
    text: message(
      [
        'Date: Mon, 01 Jan 2024 12:00:00 +0000',
        'From: ALICE@example.net',
        'Cc: bob@example.org',
        'Subject: re: RE: Fw: Zebra (fwd)',
      ],
      60,
    ),
  },
  {
    // DATE 04 00:00, SUBJECT APPLES, FROM EVE, TO BOB (as message 2), CC CARL, 20.
    internalDate: '06-Jan-2024 10:00:00 +0000',
    text: message(
      [
        'Date: Thu, 04 Jan 2024 00:00:00 +0000',
        'From: eve@example.org',
        'To: Bob@example.org',
        'Cc: Carl@example.org',
        'Subject:   apples  ',
      ],
      20,
    ),
  },
  {
    // DATE 03 09:00 (as message 1), no Subject, no From: "", TO KIM, CC "", 70.
    internalDate: '07-Jan-2024 10:00:00 +0000',
    text: message(['Date: Wed, 03 Jan 2024 09:00:00 +0000', 'To: kim@example.org'], 70),
  },
  {
    // DATE 05 09:00, SUBJECT BUDGET, FROM FRANK, TO "" (an empty group), CC ZOE (the group's
    // first member, not its name), 40.
    internalDate: '08-Jan-2024 10:00:00 +0000',
    text: message(
      [
        'Date: Fri, 05 Jan 2024 10:00:00 +0100',
        'From: frank@example.org',
        'To: undisclosed-recipients:;',
        'Cc: Team: zoe@example.org;',
        'Subject: [PATCH] Re: budget',
      ],
      40,
    ),
  },
];

/** Appends with LITERAL+ and an internal date. */
async function append(client: RawClient, internalDate: string, text: string): Promise<void> {
  const bytes = Buffer.from(text);
  const head = `a APPEND INBOX "${internalDate}" {${bytes.length}+}\r\n`;
  client.send(Buffer.concat([Buffer.from(head), bytes, Buffer.from('\r\n')]));
  expect((await client.until('a')).at(-1)).toMatch(/^a OK /);
}

async function loggedIn(): Promise<RawClient> {
  const client = await RawClient.login(harness.port, 'sam', 'secret');
  clients.push(client);
  return client;
}

/** The first line of the answer to `command`, asserting the command ended OK. */
async function sorted(client: RawClient, command: string): Promise<string> {
  const lines = await client.command('t', command);
  expect(lines.at(-1)).toMatch(/^t OK /);
  return lines[0]!;
}

beforeAll(async () => {
  harness = await startHarness('imap-sort');
  await createUser(harness.store, 'sam', 'secret');
  const client = await loggedIn();
  await append(client, '01-Jan-2024 00:00:00 +0000', 'Subject: gone\r\n\r\nexpunged\r\n');
  await client.command('s', 'SELECT INBOX');
  await client.command('d', 'STORE 1 +FLAGS.SILENT (\\Deleted)');
  expect((await client.command('e', 'EXPUNGE')).at(-1)).toMatch(/^e OK /);
  for (const { internalDate, text } of MAILBOX) await append(client, internalDate, text);
});

afterAll(async () => {
  for (const client of clients) client.end();
  await harness?.stop();
});

describe('SORT (RFC 5256)', () => {
  it('is announced', async () => {
    const client = await loggedIn();
    expect((await client.command('c', 'CAPABILITY'))[0]).toMatch(/ SORT( |$)/);
  });

  it.each([
    ['ARRIVAL', '2 4 3 5 1 6 7 8'],
    // Time zones count; no or a bad Date falls back to the internal date; 1 and 7 tie.
    ['DATE', '5 4 3 2 1 7 6 8'],
    // Base subjects, case-insensitive; 1, 4 and 8 tie on BUDGET.
    ['SUBJECT', '7 6 1 4 8 2 5 3'],
    ['FROM', '7 2 5 3 1 4 6 8'],
    ['TO', '5 8 3 2 6 4 1 7'],
    ['CC', '1 4 7 3 5 6 2 8'],
    ['SIZE', '2 4 6 1 8 5 7 3'],
  ])('orders by %s, ties by sequence number', async (key, expected) => {
    const client = await loggedIn();
    await client.command('s', 'EXAMINE INBOX');
    expect(await sorted(client, `SORT (${key}) UTF-8 ALL`)).toBe(`* SORT ${expected}`);
  });

  it('reverses one criterion with REVERSE and leaves ties in mailbox order', async () => {
    const client = await loggedIn();
    await client.command('s', 'EXAMINE INBOX');
    expect(await sorted(client, 'SORT (REVERSE SIZE) UTF-8 ALL')).toBe('* SORT 3 7 5 8 1 6 4 2');
    expect(await sorted(client, 'SORT (REVERSE DATE) UTF-8 ALL')).toBe('* SORT 8 6 1 7 2 3 4 5');
  });

  it('orders by later criteria within ties of earlier ones', async () => {
    const client = await loggedIn();
    await client.command('s', 'EXAMINE INBOX');
    expect(await sorted(client, 'SORT (FROM DATE) UTF-8 ALL')).toBe('* SORT 7 5 2 3 1 4 6 8');
    expect(await sorted(client, 'SORT (FROM REVERSE DATE) UTF-8 ALL')).toBe(
      '* SORT 7 2 5 3 1 4 6 8',
    );
    expect(await sorted(client, 'SORT (SUBJECT REVERSE ARRIVAL) US-ASCII ALL')).toBe(
      '* SORT 7 6 8 1 4 2 5 3',
    );
  });

  it('answers UIDs for UID SORT', async () => {
    const client = await loggedIn();
    await client.command('s', 'EXAMINE INBOX');
    expect(await sorted(client, 'UID SORT (SIZE) UTF-8 ALL')).toBe('* SORT 3 5 7 2 9 6 8 4');
    expect(await sorted(client, 'UID SORT (ARRIVAL) UTF-8 UID 2:4')).toBe('* SORT 3 4 2');
  });

  it('sorts only what the search program matches', async () => {
    const client = await loggedIn();
    await client.command('s', 'EXAMINE INBOX');
    expect(await sorted(client, 'SORT (SUBJECT) UTF-8 SINCE 3-Jan-2024 NOT FROM alice')).toBe(
      '* SORT 7 6 1 8 3',
    );
    expect(await sorted(client, 'SORT (DATE) UTF-8 OR 2:3 SUBJECT budget')).toBe(
      '* SORT 4 3 2 1 8',
    );
    const subject = Buffer.from('äpfel');
    client.send(`u SORT (DATE) UTF-8 SUBJECT {${subject.length}+}\r\n`);
    client.send(Buffer.concat([subject, Buffer.from('\r\n')]));
    expect(await client.until('u')).toEqual(['* SORT 3', 'u OK SORT completed']);
    expect(await client.command('v', 'SORT (DATE) UTF-8 FROM nobody')).toEqual([
      '* SORT',
      'v OK SORT completed',
    ]);
  });

  it('answers another charset with NO [BADCHARSET] and broken syntax with BAD', async () => {
    const client = await loggedIn();
    expect((await client.command('n', 'SORT (DATE) UTF-8 ALL'))[0]).toMatch(/^n BAD /);
    await client.command('s', 'EXAMINE INBOX');
    expect(await client.command('a', 'SORT (DATE) KOI8-R ALL')).toEqual([
      'a NO [BADCHARSET (UTF-8 US-ASCII)] charset KOI8-R is not supported',
    ]);
    for (const broken of [
      'SORT (DATE) ALL',
      'SORT DATE UTF-8 ALL',
      'SORT (THREAD) UTF-8 ALL',
      'SORT () UTF-8 ALL',
      'UID SORT (REVERSE) UTF-8 ALL',
      'SORT RETURN (FROB) (DATE) UTF-8 ALL',
    ]) {
      expect((await client.command('b', broken))[0]).toMatch(/^b BAD /);
    }
    expect(await sorted(client, 'SORT (SIZE) UTF-8 1')).toBe('* SORT 1');
  });
});

describe('real clients', () => {
  it('Python imaplib sorts and UID-sorts', async () => {
    const stdout = await python(
      harness.port,
      `
import imaplib, sys
m = imaplib.IMAP4('127.0.0.1', int(sys.argv[1]))
m.login('sam', 'secret')
m.select('INBOX', readonly=True)
print(m.sort('(REVERSE SIZE)', 'UTF-8', 'ALL'))
print(m.sort('(SUBJECT)', 'US-ASCII', 'FROM', 'alice'))
print(m.uid('SORT', '(DATE)', 'UTF-8', 'ALL'))
m.logout()
`,
    );
    expect(stdout.split('\n')).toEqual([
      "('OK', [b'3 7 5 8 1 6 4 2'])",
      "('OK', [b'2 5'])",
      "('OK', [b'6 5 4 3 2 8 7 9'])",
    ]);
  });
});
