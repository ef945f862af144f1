// SEARCHRES (RFC 5182): SEARCH RETURN (SAVE) and `$` over raw sockets and Python imaplib.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { python } from './clients.js';
import { createUser, startHarness, type Harness } from './harness.js';
import { RawClient } from './raw-client.js';

let harness: Harness;
const clients: RawClient[] = [];

/** Flags of the messages each user starts with: 1, 3 and 5 are \Flagged, 4 and 5 \Seen. */
const FLAGS = ['(\\Flagged)', '()', '(\\Flagged)', '(\\Seen)', '(\\Flagged \\Seen)', '()'];

/** A new user with the six messages in INBOX, logged in on a new connection. */
async function userWithMessages(username: string): Promise<RawClient> {
  await createUser(harness.store, username, 'secret');
  const client = await RawClient.login(harness.port, username, 'secret');
  clients.push(client);
  for (const [index, flags] of FLAGS.entries()) {
    const message = `Subject: message ${index + 1}\r\n\r\nbody\r\n`;
    client.send(`a APPEND INBOX ${flags} {${message.length}+}\r\n${message}\r\n`);
    expect(await client.line()).toMatch(/^a OK /);
  }
  await client.command('c', 'CREATE Keep');
  return client;
}

/** The numbers `SEARCH $` gives (sequence numbers of the saved result). */
async function saved(client: RawClient): Promise<string> {
  const reply = await client.command('q', 'SEARCH $');
  expect(reply.at(-1)).toBe('q OK SEARCH completed');
  return reply[0] ?? '';
}

beforeAll(async () => {
  harness = await startHarness('imap-searchres');
});

afterAll(async () => {
  for (const client of clients) client.end();
  await harness?.stop();
});

describe('SEARCHRES over a raw socket', () => {
  let client: RawClient;
  let user = 0;

  beforeEach(async () => {
    user += 1;
    client = await userWithMessages(`kim${user}`);
    expect((await client.command('s', 'SELECT INBOX')).at(-1)).toMatch(/^s OK /);
  });

  it('is announced, and `$` is empty before any SAVE', async () => {
    expect((await client.command('c', 'CAPABILITY'))[0]).toMatch(/ ESEARCH SEARCHRES /);
    expect(await client.command('f', 'FETCH $ (UID)')).toEqual(['f OK FETCH completed']);
    expect(await client.command('u', 'UID SEARCH UID $')).toEqual([
      '* SEARCH',
      'u OK UID SEARCH completed',
    ]);
  });

  it('saves with RETURN (SAVE) alone, answering only OK, for FETCH, UID FETCH and SEARCH', async () => {
    expect(await client.command('a', 'SEARCH RETURN (SAVE) FLAGGED')).toEqual([
      'a OK SEARCH completed',
    ]);
    expect(await client.command('f', 'FETCH $ (UID)')).toEqual([
      '* 1 FETCH (UID 1)',
      '* 3 FETCH (UID 3)',
      '* 5 FETCH (UID 5)',
      'f OK FETCH completed',
    ]);
    expect(await client.command('g', 'UID FETCH $ (FLAGS)')).toEqual([
      '* 1 FETCH (UID 1 FLAGS (\\Flagged \\Recent))',
      '* 3 FETCH (UID 3 FLAGS (\\Flagged \\Recent))',
      '* 5 FETCH (UID 5 FLAGS (\\Flagged \\Seen \\Recent))',
      'g OK UID FETCH completed',
    ]);
    expect(await client.command('h', 'SEARCH $ SEEN')).toEqual([
      '* SEARCH 5',
      'h OK SEARCH completed',
    ]);
    expect(await client.command('i', 'UID SEARCH RETURN (ALL) NOT UID $')).toEqual([
      '* ESEARCH (TAG "i") UID ALL 2,4,6',
      'i OK UID SEARCH completed',
    ]);
    // A SAVE search may use `$` itself: the old result, replaced when it completes.
    expect(await client.command('j', 'UID SEARCH RETURN (SAVE) $ UNSEEN')).toEqual([
      'j OK UID SEARCH completed',
    ]);
    expect(await saved(client)).toBe('* SEARCH 1 3');
    expect(await client.command('k', 'SORT (REVERSE ARRIVAL) UTF-8 $')).toEqual([
      '* SORT 3 1',
      'k OK SORT completed',
    ]);
  });

  it('saves what MIN, MAX, ALL and COUNT ask for, as RFC 5182 section 2.4 says', async () => {
    const cases: Array<[string, string, string]> = [
      ['SAVE MIN', '* ESEARCH (TAG "a") MIN 1', '* SEARCH 1'],
      ['SAVE MAX', '* ESEARCH (TAG "a") MAX 5', '* SEARCH 5'],
      ['MIN SAVE MAX', '* ESEARCH (TAG "a") MIN 1 MAX 5', '* SEARCH 1 5'],
      ['SAVE MIN COUNT', '* ESEARCH (TAG "a") MIN 1 COUNT 3', '* SEARCH 1 3 5'],
      ['MAX ALL SAVE', '* ESEARCH (TAG "a") MAX 5 ALL 1,3,5', '* SEARCH 1 3 5'],
      ['SAVE COUNT', '* ESEARCH (TAG "a") COUNT 3', '* SEARCH 1 3 5'],
    ];
    for (const [options, response, result] of cases) {
      expect(await client.command('a', `SEARCH RETURN (${options}) FLAGGED`)).toEqual([
        response,
        'a OK SEARCH completed',
      ]);
      expect(await saved(client)).toBe(result);
    }
    expect(await client.command('b', 'UID SEARCH RETURN (SAVE MIN) DELETED')).toEqual([
      '* ESEARCH (TAG "b") UID',
      'b OK UID SEARCH completed',
    ]);
    expect(await saved(client)).toBe('* SEARCH');
  });

  it('empties `$` when a SAVE search fails with NO, keeps it on BAD or without SAVE', async () => {
    await client.command('a', 'SEARCH RETURN (SAVE) FLAGGED');
    expect(await client.command('b', 'SEARCH RETURN (SAVE) FROB')).toEqual([
      expect.stringMatching(/^b BAD /),
    ]);
    expect(await client.command('c', 'SEARCH RETURN (SAVE FROB) ALL')).toEqual([
      'c BAD SEARCH RETURN FROB is not supported',
    ]);
    expect(await client.command('d', 'SEARCH CHARSET KOI8-R ALL')).toEqual([
      'd NO [BADCHARSET (UTF-8 US-ASCII)] charset KOI8-R is not supported',
    ]);
    expect(await client.command('e', 'SEARCH ALL')).toEqual([
      '* SEARCH 1 2 3 4 5 6',
      'e OK SEARCH completed',
    ]);
    expect(await saved(client)).toBe('* SEARCH 1 3 5');
    expect(await client.command('f', 'SEARCH RETURN (SAVE) CHARSET KOI8-R ALL')).toEqual([
      'f NO [BADCHARSET (UTF-8 US-ASCII)] charset KOI8-R is not supported',
    ]);
    expect(await saved(client)).toBe('* SEARCH');
  });

  it('stores, copies and moves `$`, and expunged messages drop out of it', async () => {
    await client.command('a', 'UID SEARCH RETURN (SAVE) FLAGGED');
    expect(await client.command('b', 'STORE $ +FLAGS.SILENT (\\Answered)')).toEqual([
      'b OK STORE completed',
    ]);
    expect(await client.command('c', 'SEARCH ANSWERED')).toEqual([
      '* SEARCH 1 3 5',
      'c OK SEARCH completed',
    ]);
    expect((await client.command('d', 'COPY $ Keep')).at(-1)).toMatch(
      /^d OK \[COPYUID \d+ 1,3,5 1,2,3\] COPY completed$/,
    );
    expect((await client.command('e', 'UID COPY $ Keep')).at(-1)).toMatch(
      /^e OK \[COPYUID \d+ 1,3,5 4,5,6\] UID COPY completed$/,
    );
    expect(await client.command('f', 'UID STORE 1 +FLAGS.SILENT (\\Deleted)')).toEqual([
      'f OK UID STORE completed',
    ]);
    expect(await client.command('g', 'EXPUNGE')).toEqual(['* 1 EXPUNGE', 'g OK EXPUNGE completed']);
    // Message 1 is gone; UIDs 3 and 5 are now messages 2 and 4.
    expect(await client.command('h', 'FETCH $ (UID)')).toEqual([
      '* 2 FETCH (UID 3)',
      '* 4 FETCH (UID 5)',
      'h OK FETCH completed',
    ]);
    expect(await client.command('i', 'MOVE $ Keep')).toEqual([
      expect.stringMatching(/^\* OK \[COPYUID \d+ 3,5 7,8\]/),
      '* 4 EXPUNGE',
      '* 2 EXPUNGE',
      'i OK MOVE completed',
    ]);
    expect(await client.command('j', 'UID FETCH $ (UID)')).toEqual(['j OK UID FETCH completed']);
    expect(await client.command('k', 'STATUS Keep (MESSAGES)')).toEqual([
      '* STATUS "Keep" (MESSAGES 8)',
      'k OK STATUS completed',
    ]);
  });

  it('expunges `$` with UID EXPUNGE and sees another session expunge from it', async () => {
    await client.command('a', 'SEARCH RETURN (SAVE) NOT FLAGGED');
    await client.command('b', 'STORE 1:* +FLAGS.SILENT (\\Deleted)');
    expect(await client.command('c', 'UID EXPUNGE $')).toEqual([
      '* 6 EXPUNGE',
      '* 4 EXPUNGE',
      '* 2 EXPUNGE',
      'c OK UID EXPUNGE completed',
    ]);
    expect(await client.command('d', 'SEARCH RETURN (SAVE) ALL')).toEqual([
      'd OK SEARCH completed',
    ]);

    const other = await RawClient.login(harness.port, `kim${user}`, 'secret');
    clients.push(other);
    await other.command('s', 'SELECT INBOX');
    expect(await other.command('e', 'UID EXPUNGE 3')).toEqual([
      '* 2 EXPUNGE',
      'e OK UID EXPUNGE completed',
    ]);
    expect(await client.command('n', 'NOOP')).toEqual(['* 2 EXPUNGE', 'n OK NOOP completed']);
    expect(await client.command('f', 'UID FETCH $ (UID)')).toEqual([
      '* 1 FETCH (UID 1)',
      '* 2 FETCH (UID 5)',
      'f OK UID FETCH completed',
    ]);
  });

  it('resets `$` on SELECT, EXAMINE, CLOSE and UNSELECT', async () => {
    for (const leave of ['EXAMINE INBOX', 'SELECT INBOX', 'CLOSE', 'UNSELECT']) {
      if (leave === 'CLOSE' || leave === 'UNSELECT') await client.command('s', 'SELECT INBOX');
      await client.command('a', 'SEARCH RETURN (SAVE) FLAGGED');
      expect(await saved(client)).toBe('* SEARCH 1 3 5');
      expect((await client.command('l', leave)).at(-1)).toMatch(/^l OK /);
      if (leave === 'CLOSE' || leave === 'UNSELECT') await client.command('s', 'SELECT INBOX');
      expect(await saved(client)).toBe('* SEARCH');
    }
  });

  it('names the saved UIDs in UID FETCH ... (CHANGEDSINCE n VANISHED)', async () => {
    await client.command('l', 'CLOSE');
    await client.command('e', 'ENABLE QRESYNC');
    await client.command('s', 'SELECT INBOX');
    await client.command('a', 'SEARCH RETURN (SAVE) FLAGGED');
    await client.command('b', 'UID STORE 3 +FLAGS.SILENT (\\Deleted)');
    expect(await client.command('c', 'EXPUNGE')).toEqual([
      '* VANISHED 3',
      expect.stringMatching(/^c OK \[HIGHESTMODSEQ \d+\]/),
    ]);
    const reply = await client.command('d', 'UID FETCH $ (FLAGS) (CHANGEDSINCE 1 VANISHED)');
    expect(reply[0]).toBe('* VANISHED (EARLIER) 3');
    expect(reply).toContainEqual(
      expect.stringMatching(/^\* 4 FETCH \(UID 5 FLAGS \(\\Flagged \\Seen\) MODSEQ \(\d+\)\)$/),
    );
    expect(reply.filter((line) => line.includes('UID 3'))).toEqual([]);
    expect(reply.at(-1)).toBe('d OK UID FETCH completed');
  });
});

describe('SEARCHRES with Python imaplib', () => {
  it('saves a search and fetches, stores and copies `$`', async () => {
    await userWithMessages('lee');
    const output = await python(
      harness.port,
      `
import imaplib, sys
m = imaplib.IMAP4('127.0.0.1', int(sys.argv[1]))
m.login('lee', 'secret')
m.select('INBOX')
print(m.search(None, 'RETURN', '(SAVE)', 'FLAGGED', 'UNSEEN'))
print(m.fetch('$', '(UID)'))
print(m.store('$', '+FLAGS', '(\\\\Seen)'))
print(m.copy('$', 'Keep')[0])
print(m.uid('SEARCH', 'UID', '$'))
m.logout()
`,
    );
    expect(output.split('\n')).toEqual([
      "('OK', [None])",
      "('OK', [b'1 (UID 1)', b'3 (UID 3)'])",
      "('OK', [b'1 (FLAGS (\\\\Flagged \\\\Seen \\\\Recent))', " +
        "b'3 (FLAGS (\\\\Flagged \\\\Seen \\\\Recent))'])",
      'OK',
      "('OK', [b'1 3'])",
    ]);
  });
});
