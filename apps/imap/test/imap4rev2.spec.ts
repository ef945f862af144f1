// IMAP4rev2 (RFC 9051) next to IMAP4rev1: ENABLE IMAP4rev2 turns a session into a rev2 one:
// SELECT and EXAMINE answer a LIST response and no RECENT or UNSEEN, new messages come without
// RECENT and without \Recent (which rev1 sessions still get), SEARCH answers ESEARCH, and
// mailbox names are UTF-8. DELETE of a parent is NO [HASCHILDREN]. Raw sockets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, startHarness, type Harness } from './harness.js';
import { RawClient } from './raw-client.js';

let harness: Harness;
const clients: RawClient[] = [];

async function loggedIn(user: string, rev2: boolean): Promise<RawClient> {
  const client = await RawClient.login(harness.port, user, 'secret');
  clients.push(client);
  if (rev2) {
    expect(await client.command('e', 'ENABLE IMAP4rev2')).toEqual([
      '* ENABLED IMAP4rev2',
      'e OK ENABLE completed',
    ]);
  }
  return client;
}

async function append(client: RawClient, mailbox: string, subject: string): Promise<void> {
  const message = `Subject: ${subject}\r\nFrom: a@example.org\r\n\r\nbody of ${subject}\r\n`;
  const reply = await client.command('a', `APPEND ${mailbox} {${message.length}+}\r\n${message}`);
  expect(reply.at(-1)).toMatch(/^a OK \[APPENDUID /);
}

beforeAll(async () => {
  harness = await startHarness('imap-rev2');
  for (const user of ['ada', 'bob', 'cy', 'dee']) await createUser(harness.store, user, 'secret');
});

afterAll(async () => {
  for (const client of clients) client.end();
  await harness?.stop();
});

describe('IMAP4rev2', () => {
  it('announces IMAP4rev1 and IMAP4rev2 with the capabilities rev2 folds in', async () => {
    const client = await RawClient.open(harness.port);
    clients.push(client);
    await client.line();
    const capabilities = (await client.command('c', 'CAPABILITY'))[0]!.split(' ').slice(2);
    for (const name of ['IMAP4rev1', 'IMAP4rev2', 'ENABLE', 'IDLE', 'NAMESPACE', 'UNSELECT']) {
      expect(capabilities).toContain(name);
    }
    for (const name of ['UIDPLUS', 'ESEARCH', 'SEARCHRES', 'LIST-EXTENDED', 'LIST-STATUS']) {
      expect(capabilities).toContain(name);
    }
    for (const name of ['MOVE', 'BINARY', 'SPECIAL-USE', 'SASL-IR', 'STATUS=SIZE']) {
      expect(capabilities).toContain(name);
    }
    // LITERAL+ is a superset of LITERAL- (RFC 7888 section 4).
    expect(capabilities).toContain('LITERAL+');
  });

  it('SELECT answers LIST and no RECENT or UNSEEN; EXAMINE too', async () => {
    const client = await loggedIn('ada', true);
    await append(client, 'INBOX', 'one');
    const selected = await client.command('s', 'SELECT INBOX');
    expect(selected).toContain('* 1 EXISTS');
    expect(selected).toContain('* LIST (\\HasNoChildren) "/" "INBOX"');
    expect(selected.join('\n')).not.toMatch(/RECENT|UNSEEN/);
    expect(selected).toContainEqual(expect.stringMatching(/^\* OK \[UIDVALIDITY \d+\]/));
    expect(selected).toContainEqual(expect.stringMatching(/^\* OK \[UIDNEXT 2\]/));
    expect(selected).toContainEqual(expect.stringMatching(/^\* OK \[PERMANENTFLAGS /));
    expect(selected.at(-1)).toBe('s OK [READ-WRITE] SELECT completed');

    expect((await client.command('c', 'CREATE "Trips/2026"')).at(-1)).toMatch(/^c OK /);
    const examined = await client.command('x', 'EXAMINE Trips');
    expect(examined).toContain('* LIST (\\HasChildren) "/" "Trips"');
    expect(examined.at(-1)).toBe('x OK [READ-ONLY] EXAMINE completed');
    const junk = await client.command('j', 'EXAMINE Junk');
    // RFC 9051 section 6.3.2: leaving the selected mailbox is told with CLOSED, first.
    expect(junk[0]).toMatch(/^\* OK \[CLOSED\] /);
    expect(junk).toContain('* LIST (\\HasNoChildren \\Junk) "/" "Junk"');
  });

  it('tells of new messages without RECENT or \\Recent, and leaves them recent for rev1', async () => {
    const rev2 = await loggedIn('bob', true);
    const other = await loggedIn('bob', false);
    await append(other, 'INBOX', 'first');
    await rev2.command('s', 'SELECT INBOX');
    await append(other, 'INBOX', 'second');
    const noop = await rev2.command('n', 'NOOP');
    expect(noop).toEqual(['* 2 EXISTS', 'n OK NOOP completed']);
    const flags = await rev2.command('f', 'FETCH 1:2 (FLAGS)');
    expect(flags.join('\n')).not.toContain('\\Recent');
    expect(flags.slice(0, -1)).toEqual(['* 1 FETCH (FLAGS ())', '* 2 FETCH (FLAGS ())']);

    // The rev2 session claimed nothing: the first rev1 session to select gets both as \Recent.
    const rev1 = await loggedIn('bob', false);
    const selected = await rev1.command('s', 'SELECT INBOX');
    expect(selected).toContain('* 2 RECENT');
    expect(selected).toContainEqual(expect.stringMatching(/^\* OK \[UNSEEN 1\]/));
    expect(selected.join('\n')).not.toContain('* LIST');
    const recent = await rev1.command('f', 'FETCH 1:2 (FLAGS)');
    expect(recent.slice(0, -1)).toEqual([
      '* 1 FETCH (FLAGS (\\Recent))',
      '* 2 FETCH (FLAGS (\\Recent))',
    ]);
  });

  it('answers SEARCH and UID SEARCH with ESEARCH, also when nothing matches', async () => {
    const client = await loggedIn('cy', true);
    for (const subject of ['apple', 'pear', 'apple pie']) await append(client, 'INBOX', subject);
    await client.command('s', 'SELECT INBOX');
    expect(await client.command('t1', 'SEARCH SUBJECT apple')).toEqual([
      '* ESEARCH (TAG "t1") ALL 1,3',
      't1 OK SEARCH completed',
    ]);
    expect(await client.command('t2', 'UID SEARCH ALL')).toEqual([
      '* ESEARCH (TAG "t2") UID ALL 1:3',
      't2 OK UID SEARCH completed',
    ]);
    expect(await client.command('t3', 'SEARCH SUBJECT plum')).toEqual([
      '* ESEARCH (TAG "t3")',
      't3 OK SEARCH completed',
    ]);
    expect(await client.command('t4', 'SEARCH RETURN (COUNT) ALL')).toEqual([
      '* ESEARCH (TAG "t4") COUNT 3',
      't4 OK SEARCH completed',
    ]);

    // The same user without rev2 still gets the IMAP4rev1 SEARCH response.
    const rev1 = await loggedIn('cy', false);
    await rev1.command('s', 'SELECT INBOX');
    expect(await rev1.command('t5', 'SEARCH SUBJECT apple')).toEqual([
      '* SEARCH 1 3',
      't5 OK SEARCH completed',
    ]);
  });

  it('uses UTF-8 mailbox names, where rev1 sessions see modified UTF-7', async () => {
    const client = await loggedIn('dee', true);
    expect((await client.command('c', 'CREATE "Entwürfe/Größe"')).at(-1)).toMatch(/^c OK /);
    expect(await client.command('l', 'LIST "" "Entw*"')).toEqual([
      '* LIST (\\HasChildren) "/" "Entwürfe"',
      '* LIST (\\HasNoChildren) "/" "Entwürfe/Größe"',
      'l OK LIST completed',
    ]);
    const status = await client.command('st', 'STATUS "Entwürfe/Größe" (MESSAGES)');
    expect(status[0]).toBe('* STATUS "Entwürfe/Größe" (MESSAGES 0)');

    const rev1 = await loggedIn('dee', false);
    expect(await rev1.command('l', 'LIST "" "Entw*"')).toEqual([
      '* LIST (\\HasChildren) "/" "Entw&APw-rfe"',
      '* LIST (\\HasNoChildren) "/" "Entw&APw-rfe/Gr&APYA3w-e"',
      'l OK LIST completed',
    ]);
  });

  it('refuses DELETE of a mailbox with inferiors with NO [HASCHILDREN]', async () => {
    const client = await loggedIn('dee', true);
    expect((await client.command('c', 'CREATE "Work/Old"')).at(-1)).toMatch(/^c OK /);
    expect((await client.command('d', 'DELETE Work')).at(-1)).toMatch(/^d NO \[HASCHILDREN\] /);
    expect(await client.command('d2', 'DELETE Work/Old')).toEqual(['d2 OK DELETE completed']);
    expect(await client.command('d3', 'DELETE Work')).toEqual(['d3 OK DELETE completed']);
  });
});
