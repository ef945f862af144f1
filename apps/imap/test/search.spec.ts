// SEARCH BODY, TEXT, HEADER on decoded text (RFC 3501 section 6.4.4) and ESEARCH (RFC 4731).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEARCH_BATCH_MESSAGES } from '../src/commands/search.js';
import { createUser, startHarness, type Harness } from './harness.js';
import { imapflow, python } from './clients.js';
import { RawClient } from './raw-client.js';

let harness: Harness;
const clients: RawClient[] = [];

/** UTF-8 body in quoted-printable, subject as an RFC 2047 encoded-word. */
const QP_MESSAGE = [
  'From: =?UTF-8?Q?J=C3=B6rg_M=C3=BCller?= <joerg@example.org>',
  'To: kim@example.org',
  'Subject: =?UTF-8?B?w5xiZXJzaWNodCBmw7xyIErDtnJn?=',
  'X-Ticket: T-4711',
  'Content-Type: text/plain; charset=utf-8',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  'Gr=C3=BC=C3=9Fe aus M=C3=BCnchen: das Fr=C3=BChst=C3=BCck ist fertig.',
  '',
].join('\r\n');

/** A UTF-8 body in base64, long enough to be stored as a blob. */
function base64Message(): string {
  const body = `Привет! Встреча в пятницу. ${'Повестка дня. '.repeat(3_000)}Конец.`;
  const encoded = Buffer.from(body).toString('base64').replace(/.{76}/g, '$&\r\n');
  return [
    'From: Bob <bob@example.net>',
    'To: kim@example.org',
    'Subject: weekly',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    encoded,
  ].join('\r\n');
}

const PLAIN_MESSAGE = 'From: ann@example.org\r\nSubject: plain\r\n\r\nhello world\r\n';

/** Appends with LITERAL+; sizes are in bytes. */
async function append(client: RawClient, message: string): Promise<void> {
  const bytes = Buffer.from(message);
  client.send(Buffer.concat([Buffer.from(`a APPEND INBOX {${bytes.length}+}\r\n`), bytes]));
  client.send('\r\n');
  expect(await client.line()).toMatch(/^a OK /);
}

async function loggedIn(username: string): Promise<RawClient> {
  const client = await RawClient.login(harness.port, username, 'secret');
  clients.push(client);
  return client;
}

/** A search whose string goes as a LITERAL+ literal, so it may hold UTF-8. */
async function searchLiteral(client: RawClient, tag: string, prefix: string, value: string) {
  const bytes = Buffer.from(value);
  client.send(Buffer.concat([Buffer.from(`${tag} ${prefix} {${bytes.length}+}\r\n`), bytes]));
  client.send('\r\n');
  return client.until(tag);
}

beforeAll(async () => {
  harness = await startHarness('imap-search');
  await createUser(harness.store, 'kim', 'secret');
  await createUser(harness.store, 'lee', 'secret');
  const client = await loggedIn('kim');
  for (const message of [QP_MESSAGE, base64Message(), PLAIN_MESSAGE]) {
    await append(client, message);
  }
});

afterAll(async () => {
  for (const client of clients) client.end();
  await harness?.stop();
});

describe('SEARCH on decoded text', () => {
  it('finds UTF-8 words in quoted-printable and base64 bodies, case-insensitively', async () => {
    const client = await loggedIn('kim');
    await client.command('s', 'SELECT INBOX');
    expect((await searchLiteral(client, 'a', 'SEARCH CHARSET UTF-8 BODY', 'MÜNCHEN'))[0]).toBe(
      '* SEARCH 1',
    );
    expect((await searchLiteral(client, 'b', 'SEARCH BODY', 'frühstück ist'))[0]).toBe(
      '* SEARCH 1',
    );
    expect((await searchLiteral(client, 'c', 'UID SEARCH BODY', 'встреча в ПЯТНИЦУ'))[0]).toBe(
      '* SEARCH 2',
    );
    expect((await searchLiteral(client, 'd', 'SEARCH BODY', 'Конец'))[0]).toBe('* SEARCH 2');
    expect((await client.command('e', 'SEARCH BODY hello'))[0]).toBe('* SEARCH 3');
    expect((await client.command('f', 'SEARCH CHARSET US-ASCII BODY WORLD'))[0]).toBe('* SEARCH 3');
  });

  it('keeps BODY to the body and lets TEXT, SUBJECT, FROM and HEADER see the header', async () => {
    const client = await loggedIn('kim');
    await client.command('s', 'EXAMINE INBOX');
    expect((await searchLiteral(client, 'a', 'SEARCH BODY', 'Übersicht'))[0]).toBe('* SEARCH');
    expect((await searchLiteral(client, 'b', 'SEARCH TEXT', 'übersicht'))[0]).toBe('* SEARCH 1');
    expect((await searchLiteral(client, 'c', 'SEARCH SUBJECT', 'FÜR JÖRG'))[0]).toBe('* SEARCH 1');
    expect((await searchLiteral(client, 'd', 'SEARCH FROM', 'müller'))[0]).toBe('* SEARCH 1');
    expect((await client.command('e', 'SEARCH TEXT x-ticket'))[0]).toBe('* SEARCH 1');
    expect((await client.command('f', 'SEARCH HEADER X-Ticket t-4711'))[0]).toBe('* SEARCH 1');
    expect((await client.command('g', 'SEARCH HEADER x-ticket ""'))[0]).toBe('* SEARCH 1');
    expect((await client.command('h', 'SEARCH HEADER X-Missing ""'))[0]).toBe('* SEARCH');
    expect((await client.command('i', 'SEARCH HEADER Content-Transfer-Encoding base64'))[0]).toBe(
      '* SEARCH 2',
    );
    expect((await client.command('j', 'SEARCH TO kim NOT BODY hello'))[0]).toBe('* SEARCH 1 2');
    expect((await searchLiteral(client, 'l', 'SEARCH OR FROM ann BODY', 'повестка'))[0]).toBe(
      '* SEARCH 2 3',
    );
  });

  it('answers an unknown charset with NO [BADCHARSET (UTF-8 US-ASCII)]', async () => {
    const client = await loggedIn('kim');
    await client.command('s', 'EXAMINE INBOX');
    expect(await client.command('a', 'SEARCH CHARSET KOI8-R BODY x')).toEqual([
      'a NO [BADCHARSET (UTF-8 US-ASCII)] charset KOI8-R is not supported',
    ]);
  });
});

describe('ESEARCH (RFC 4731)', () => {
  it('is announced and answers MIN, MAX, COUNT and ALL with the tag and UID', async () => {
    const client = await loggedIn('kim');
    const capability = await client.command('c', 'CAPABILITY');
    expect(capability[0]).toMatch(/ ESEARCH( |$)/);
    await client.command('s', 'EXAMINE INBOX');
    expect((await client.command('a', 'SEARCH RETURN (MIN MAX COUNT ALL) TO kim'))[0]).toBe(
      '* ESEARCH (TAG "a") MIN 1 MAX 2 COUNT 2 ALL 1:2',
    );
    expect((await client.command('b', 'UID SEARCH RETURN () NOT SUBJECT weekly'))[0]).toBe(
      '* ESEARCH (TAG "b") UID ALL 1,3',
    );
    expect((await client.command('c', 'SEARCH RETURN (COUNT MIN) BODY nowhere'))[0]).toBe(
      '* ESEARCH (TAG "c") COUNT 0',
    );
    expect(await client.command('d', 'UID SEARCH RETURN (MAX) ALL')).toEqual([
      '* ESEARCH (TAG "d") UID MAX 3',
      'd OK UID SEARCH completed',
    ]);
    // SAVE alone answers nothing but OK (RFC 5182; searchres.spec.ts tests it); unknown is BAD.
    expect(await client.command('e', 'SEARCH RETURN (SAVE) ALL')).toEqual([
      'e OK SEARCH completed',
    ]);
    expect((await client.command('f', 'SEARCH RETURN (FROB) ALL'))[0]).toMatch(/^f BAD /);
  });
});

describe('SEARCH and FETCH of a mailbox larger than one batch', () => {
  it('numbers messages and marks \\Seen across batches', async () => {
    const client = await loggedIn('lee');
    const total = SEARCH_BATCH_MESSAGES * 2 + 5;
    const marked = new Set([1, SEARCH_BATCH_MESSAGES, SEARCH_BATCH_MESSAGES + 1, total]);
    const pieces: Buffer[] = [];
    for (let n = 1; n <= total; n++) {
      const body = marked.has(n) ? `needle ${n}` : `hay ${n}`;
      const message = Buffer.from(`Subject: m${n}\r\n\r\n${body}\r\n`);
      pieces.push(Buffer.from(`a${n} APPEND INBOX {${message.length}+}\r\n`), message);
      pieces.push(Buffer.from('\r\n'));
    }
    client.send(Buffer.concat(pieces));
    await client.until(`a${total}`);
    await client.command('s', 'EXAMINE INBOX');
    const expected = [...marked].sort((a, b) => a - b).join(' ');
    const started = performance.now();
    expect((await client.command('b', 'SEARCH BODY needle'))[0]).toBe(`* SEARCH ${expected}`);
    const ms = performance.now() - started;
    console.log(`SEARCH BODY over ${total} messages: ${ms.toFixed(0)} ms`);
    expect((await client.command('c', 'SEARCH RETURN (COUNT) ALL'))[0]).toBe(
      `* ESEARCH (TAG "c") COUNT ${total}`,
    );

    await client.command('s', 'SELECT INBOX');
    const all = await client.command('f', 'FETCH 1:* (UID RFC822.SIZE)');
    expect(all.filter((line) => / FETCH \(UID \d+ RFC822.SIZE \d+\)$/.test(line))).toHaveLength(
      total,
    );
    const edge = `${SEARCH_BATCH_MESSAGES}:${SEARCH_BATCH_MESSAGES + 1}`;
    const read = await client.command('r', `FETCH ${edge} BODY[TEXT]`);
    expect(read.filter((line) => line.includes('FLAGS (\\Seen'))).toHaveLength(2);
    expect((await client.command('u', 'SEARCH SEEN'))[0]).toBe(
      `* SEARCH ${SEARCH_BATCH_MESSAGES} ${SEARCH_BATCH_MESSAGES + 1}`,
    );
  }, 180_000);
});

describe('real clients', () => {
  it('imapflow searches UTF-8 body text and subjects', async () => {
    const client = imapflow(harness.port, 'kim', 'secret');
    await client.connect();
    await client.mailboxOpen('INBOX', { readOnly: true });
    expect(await client.search({ body: 'münchen' })).toEqual([1]);
    expect(await client.search({ subject: 'übersicht' }, { uid: true })).toEqual([1]);
    expect(await client.search({ header: { 'x-ticket': 'T-4711' } })).toEqual([1]);
    expect(await client.search({ body: 'пятницу' })).toEqual([2]);
    await client.logout();
  });

  it('Python imaplib searches with CHARSET UTF-8 and a literal', async () => {
    const stdout = await python(
      harness.port,
      `
import imaplib, sys
m = imaplib.IMAP4('127.0.0.1', int(sys.argv[1]))
m.login('kim', 'secret')
m.select('INBOX', readonly=True)
m.literal = 'Frühstück'.encode('utf-8')
print(m.search('UTF-8', 'BODY'))
print(m.search(None, 'TEXT', '"hello world"'))
print(m.search('KOI8-R', 'BODY', 'x'))
m.logout()
`,
    );
    expect(stdout.split('\n')).toEqual([
      "('OK', [b'1'])",
      "('OK', [b'3'])",
      "('NO', [b'[BADCHARSET (UTF-8 US-ASCII)] charset KOI8-R is not supported'])",
    ]);
  });
});
