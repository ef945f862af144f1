import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { createHash } from 'node:crypto';
import type { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, startHarness, type Harness } from './harness.js';
import { imapflow } from './clients.js';
import { RawClient } from './raw-client.js';

const CORPUS = new URL('../../../../shared/corpus/', import.meta.url);

let harness: Harness;
const clients: RawClient[] = [];
let message: Buffer;
let kim: ObjectId;

async function loggedIn(username: string): Promise<RawClient> {
  const client = await RawClient.login(harness.port, username, 'secret');
  clients.push(client);
  return client;
}

beforeAll(async () => {
  harness = await startHarness('imap-messages');
  kim = await createUser(harness.store, 'kim', 'secret');
  for (const name of ['lee', 'max', 'nia', 'oto']) await createUser(harness.store, name, 'secret');
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
    // The first SELECT after the two APPENDs claims both as \Recent (RFC 3501 section 2.3.2).
    expect(reply).toContain('* 2 RECENT');
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
    const client = imapflow(harness.port, 'max', 'secret');
    await client.connect();
    const appended = await client.append('INBOX', message, ['\\Flagged']);
    expect(appended).toMatchObject({ destination: 'INBOX', uid: 1 });
    const mailbox = await client.mailboxOpen('INBOX');
    expect(mailbox.exists).toBe(1);
    const status = await client.status('INBOX', { messages: true, uidNext: true });
    expect(status).toMatchObject({ messages: 1, uidNext: 2 });
    await client.logout();
  });

  it('stores flags, fetches them, and expunges with EXPUNGE and UID EXPUNGE', async () => {
    const client = await loggedIn('nia');
    for (const subject of ['one', 'two', 'three', 'four', 'five']) {
      client.send(`a APPEND INBOX {${subject.length + 13}+}\r\nSubject: ${subject}\r\n\r\n\r\n`);
      expect(await client.line()).toMatch(/^a OK \[APPENDUID /);
    }
    await client.command('s', 'SELECT INBOX');
    expect(await client.command('f', 'FETCH 2:3 (UID FLAGS RFC822.SIZE)')).toEqual([
      '* 2 FETCH (UID 2 FLAGS (\\Recent) RFC822.SIZE 16)',
      '* 3 FETCH (UID 3 FLAGS (\\Recent) RFC822.SIZE 18)',
      'f OK FETCH completed',
    ]);
    const stored = await client.command('t', 'STORE 1,3 +FLAGS (\\Deleted)');
    expect(stored).toEqual([
      '* 1 FETCH (FLAGS (\\Deleted \\Recent))',
      '* 3 FETCH (FLAGS (\\Deleted \\Recent))',
      't OK STORE completed',
    ]);
    expect(await client.command('u', 'UID STORE 5 +FLAGS.SILENT (\\Deleted)')).toEqual([
      'u OK UID STORE completed',
    ]);
    expect(await client.command('b', 'FETCH 9 FLAGS')).toEqual([
      'b BAD no such message sequence number',
    ]);
    // UID EXPUNGE removes only the \Deleted messages inside its set: UID 5, not 1 or 3.
    expect(await client.command('x', 'UID EXPUNGE 4:*')).toEqual([
      '* 5 EXPUNGE',
      'x OK UID EXPUNGE completed',
    ]);
    expect(await client.command('e', 'EXPUNGE')).toEqual([
      '* 3 EXPUNGE',
      '* 1 EXPUNGE',
      'e OK EXPUNGE completed',
    ]);
    expect(await client.command('g', 'UID FETCH 1:* (FLAGS)')).toEqual([
      '* 1 FETCH (UID 2 FLAGS (\\Recent))',
      '* 2 FETCH (UID 4 FLAGS (\\Recent))',
      'g OK UID FETCH completed',
    ]);
    const internal = await client.command('i', 'FETCH 1 INTERNALDATE');
    expect(internal[0]).toMatch(
      /^\* 1 FETCH \(INTERNALDATE "\d\d-[A-Z][a-z]{2}-\d{4} \d\d:\d\d:\d\d \+0000"\)$/,
    );
  });

  it('refuses STORE and EXPUNGE in a mailbox opened with EXAMINE', async () => {
    const client = await loggedIn('oto');
    client.send('a APPEND INBOX {13+}\r\nSubject: x\r\n\r\n');
    await client.line();
    await client.command('e', 'EXAMINE INBOX');
    expect(await client.command('s', 'STORE 1 +FLAGS (\\Seen)')).toEqual([
      's NO [READ-ONLY] mailbox is read-only',
    ]);
    expect(await client.command('x', 'EXPUNGE')).toEqual(['x NO [READ-ONLY] mailbox is read-only']);
  });

  it('imapflow sets flags, fetches them and deletes a message', async () => {
    const client = imapflow(harness.port, 'max', 'secret');
    await client.connect();
    await client.append('INBOX', 'Subject: second\r\n\r\nbody\r\n');
    await client.mailboxOpen('INBOX');
    await client.messageFlagsAdd('2', ['\\Answered']);
    const flags = new Map<number, Set<string>>();
    for await (const item of client.fetch('1:*', { uid: true, flags: true })) {
      flags.set(item.uid, item.flags ?? new Set());
    }
    expect([...(flags.get(1) ?? [])]).toEqual(['\\Flagged']);
    // imapflow enables IMAP4rev2, which has no \Recent (RFC 9051 section 2.3.2).
    expect([...(flags.get(2) ?? [])]).toEqual(['\\Answered']);
    expect(await client.messageDelete('1')).toBe(true);
    const status = await client.status('INBOX', { messages: true });
    expect(status && status.messages).toBe(1);
    await client.logout();
  });
});

describe('COPY and MOVE', () => {
  it('copies with COPYUID, moves with EXPUNGE responses, and asks to create a missing target', async () => {
    await createUser(harness.store, 'pat', 'secret');
    const client = await loggedIn('pat');
    for (const subject of ['a', 'b', 'c']) {
      client.send(`a APPEND INBOX {${subject.length + 13}+}\r\nSubject: ${subject}\r\n\r\n\r\n`);
      expect(await client.line()).toMatch(/^a OK /);
    }
    await client.command('s', 'SELECT INBOX');
    expect((await client.command('c', 'COPY 1:2 Archive')).at(-1)).toMatch(
      /^c OK \[COPYUID \d+ 1,2 1,2\] COPY completed$/,
    );
    const moved = await client.command('m', 'UID MOVE 2:3 Trash');
    expect(moved[0]).toMatch(/^\* OK \[COPYUID \d+ 2,3 1,2\] moved$/);
    expect(moved.slice(1)).toEqual(['* 3 EXPUNGE', '* 2 EXPUNGE', 'm OK UID MOVE completed']);
    expect(await client.command('n', 'COPY 1 Nowhere')).toEqual([
      'n NO [TRYCREATE] mailbox Nowhere does not exist',
    ]);
    const status = await client.command('t', 'STATUS Archive (MESSAGES)');
    expect(status[0]).toBe('* STATUS "Archive" (MESSAGES 2)');
  });
});

describe('SEARCH and ENVELOPE', () => {
  it('searches flags, sizes, dates, UIDs, headers and nested keys', async () => {
    await createUser(harness.store, 'quinn', 'secret');
    const client = await loggedIn('quinn');
    const mails = [
      ['From: Ann <ann@example.org>', 'Subject: Budget 2024', '(\\Seen)'],
      ['From: Bob <bob@example.net>', 'Subject: Lunch', '(\\Flagged)'],
      ['From: Ann <ann@example.org>', 'Subject: Re: Budget', '()'],
    ];
    for (const [from, subject, flags] of mails) {
      const text = `${from}\r\n${subject}\r\nDate: Tue, 2 Mar 2021 10:00:00 +0000\r\n\r\nhi\r\n`;
      client.send(
        `a APPEND INBOX ${flags} "05-Mar-2021 10:00:00 +0000" {${text.length}+}\r\n${text}\r\n`,
      );
      expect(await client.line()).toMatch(/^a OK /);
    }
    await client.command('s', 'SELECT INBOX');
    const search = async (criteria: string) => (await client.command('q', `SEARCH ${criteria}`))[0];
    expect(await search('ALL')).toBe('* SEARCH 1 2 3');
    expect(await search('UNSEEN')).toBe('* SEARCH 2 3');
    expect(await search('FROM ann SUBJECT budget')).toBe('* SEARCH 1 3');
    expect(await search('OR FLAGGED SEEN')).toBe('* SEARCH 1 2');
    expect(await search('NOT (FROM ann)')).toBe('* SEARCH 2');
    expect(await search('SENTON 2-Mar-2021 SINCE 5-Mar-2021 BEFORE 6-Mar-2021')).toBe(
      '* SEARCH 1 2 3',
    );
    expect(await search('SENTBEFORE 2-Mar-2021')).toBe('* SEARCH');
    expect(await search('2:* UID 1,3 LARGER 10')).toBe('* SEARCH 3');
    expect(await search('CHARSET UTF-8 HEADER Subject lunch')).toBe('* SEARCH 2');
    expect((await client.command('u', 'UID SEARCH DELETED'))[0]).toBe('* SEARCH');
    expect(await search('TEXT hi')).toBe('* SEARCH 1 2 3');
    expect(await search('BODY budget')).toBe('* SEARCH');
    const envelope = await client.command('e', 'FETCH 2 ENVELOPE');
    expect(envelope[0]).toBe(
      '* 2 FETCH (ENVELOPE ("Tue, 2 Mar 2021 10:00:00 +0000" "Lunch" (("Bob" NIL "bob" "example.net")) ' +
        '(("Bob" NIL "bob" "example.net")) (("Bob" NIL "bob" "example.net")) NIL NIL NIL NIL NIL))',
    );
  });
});

describe('FETCH of message bytes', () => {
  const SAMPLES = [
    'mailcore2-jwz/jwz_002.eml',
    'mailcore2-jwz/jwz_090.eml',
    'flanker/8bitmime.eml',
    'php-mime-mail-parser/m0003.eml',
    'ruby-mail/rfc2822_example13.eml',
    'enmime/testdata_mail_quoted-printable.eml',
  ];

  it('imapflow reads back every appended corpus message byte for byte', async () => {
    await createUser(harness.store, 'rosa', 'secret');
    const client = imapflow(harness.port, 'rosa', 'secret');
    await client.connect();
    const originals = await Promise.all(SAMPLES.map((file) => readFile(new URL(file, CORPUS))));
    for (const original of originals) await client.append('INBOX', original);
    await client.mailboxOpen('INBOX');
    const fetched = new Map<number, Buffer>();
    for await (const item of client.fetch('1:*', { uid: true, source: true })) {
      fetched.set(item.uid, item.source as Buffer);
    }
    originals.forEach((original, index) => {
      expect(fetched.get(index + 1)?.equals(original), SAMPLES[index]).toBe(true);
    });
    await client.logout();
  });

  it('serves partials, HEADER, TEXT and RFC822.SIZE, and sets \\Seen without .PEEK', async () => {
    await createUser(harness.store, 'sam', 'secret');
    const client = await loggedIn('sam');
    const text = 'Subject: hello\r\n\r\nbody text\r\n';
    client.send(`a APPEND INBOX {${text.length}+}\r\n${text}\r\n`);
    await client.line();
    await client.command('s', 'SELECT INBOX');
    expect(await client.command('p', 'FETCH 1 (BODY.PEEK[]<0.7>)')).toEqual([
      '* 1 FETCH (BODY[]<0> {7}',
      'Subject)',
      'p OK FETCH completed',
    ]);
    expect(await client.command('h', 'FETCH 1 (BODY.PEEK[HEADER] FLAGS)')).toEqual([
      '* 1 FETCH (FLAGS (\\Recent) BODY[HEADER] {18}',
      'Subject: hello',
      '',
      ')',
      'h OK FETCH completed',
    ]);
    expect(await client.command('t', 'FETCH 1 BODY[TEXT]')).toEqual([
      '* 1 FETCH (FLAGS (\\Seen \\Recent) BODY[TEXT] {11}',
      'body text',
      ')',
      't OK FETCH completed',
    ]);
    expect(await client.command('f', 'FETCH 1 BODY.PEEK[HEADER.FIELDS (SUBJECT X-None)]')).toEqual([
      '* 1 FETCH (BODY[HEADER.FIELDS (SUBJECT X-NONE)] {18}',
      'Subject: hello',
      '',
      ')',
      'f OK FETCH completed',
    ]);
    expect(await client.command('n', 'FETCH 1 BODY.PEEK[HEADER.FIELDS.NOT (Subject)]')).toEqual([
      '* 1 FETCH (BODY[HEADER.FIELDS.NOT (SUBJECT)] {2}',
      '',
      ')',
      'n OK FETCH completed',
    ]);
  });
});

describe('Python imaplib workflow', () => {
  it('logs in, creates, appends, selects, fetches, searches, stores, copies and expunges', async () => {
    await createUser(harness.store, 'tess', 'secret');
    const { stdout } = await promisify(execFile)(
      'python3',
      [
        '-c',
        `
import imaplib, re, sys, time
raw = open(sys.argv[2], 'rb').read()
# imaplib sends messages with CRLF line ends, whatever the file has.
sent = re.sub(rb'\\r\\n|\\r|\\n', b'\\r\\n', raw)
m = imaplib.IMAP4('127.0.0.1', int(sys.argv[1]))
m.login('tess', 'secret')
print(m.create('Work')[0])
print(m.append('INBOX', '(\\\\Flagged)', imaplib.Time2Internaldate(time.time()), raw)[0])
print(m.append('INBOX', None, None, b'Subject: two\\r\\n\\r\\nx\\r\\n')[0])
print(m.select('INBOX'))
typ, data = m.fetch('1', '(BODY.PEEK[])')
print('same', data[0][1] == sent)
print(m.search(None, 'FLAGGED'))
print(m.store('2', '+FLAGS', '(\\\\Deleted)')[1])
print(m.copy('1', 'Work')[0])
print(m.expunge())
print(m.status('Work', '(MESSAGES)'))
m.logout()
`,
        String(harness.port),
        new URL('flanker/8bitmime.eml', CORPUS).pathname,
      ],
      { timeout: 20_000 },
    );
    expect(stdout.trim().split('\n')).toEqual([
      'OK',
      'OK',
      'OK',
      "('OK', [b'2'])",
      'same True',
      "('OK', [b'1'])",
      "[b'2 (FLAGS (\\\\Deleted \\\\Recent))']",
      'OK',
      "('OK', [b'2'])",
      "('OK', [b'\"Work\" (MESSAGES 1)'])",
    ]);
  });
});

describe('BODYSTRUCTURE', () => {
  it('writes BODY and BODYSTRUCTURE of a plain message and imapflow parses a multipart one', async () => {
    await createUser(harness.store, 'uma', 'secret');
    const client = await loggedIn('uma');
    const text =
      'Subject: s\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nline one\r\nline two\r\n';
    client.send(`a APPEND INBOX {${text.length}+}\r\n${text}\r\n`);
    await client.line();
    await client.command('s', 'SELECT INBOX');
    expect(await client.command('b', 'FETCH 1 (BODY BODYSTRUCTURE)')).toEqual([
      '* 1 FETCH (BODY ("text" "plain" ("charset" "utf-8") NIL NIL "7BIT" 20 2) ' +
        'BODYSTRUCTURE ("text" "plain" ("charset" "utf-8") NIL NIL "7BIT" 20 2 NIL NIL NIL NIL))',
      'b OK FETCH completed',
    ]);

    const flow = imapflow(harness.port, 'uma', 'secret');
    await flow.connect();
    await flow.append('INBOX', await readFile(new URL('mailcore2-jwz/jwz_004.eml', CORPUS)));
    await flow.mailboxOpen('INBOX');
    const fetched = await flow.fetchOne('2', { bodyStructure: true });
    expect(fetched && fetched.bodyStructure?.type).toMatch(/^multipart\//);
    expect(fetched && fetched.bodyStructure?.childNodes?.length).toBeGreaterThan(1);
    await flow.logout();
  });
});
