import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, startHarness, type Harness } from './harness.js';
import { imapflow, python } from './clients.js';
import { RawClient } from './raw-client.js';

let harness: Harness;
const clients: RawClient[] = [];

async function loggedIn(username: string): Promise<RawClient> {
  const client = await RawClient.login(harness.port, username, 'secret');
  clients.push(client);
  return client;
}

beforeAll(async () => {
  harness = await startHarness('imap-mailboxes');
  for (const name of ['erin', 'frank', 'grace', 'heidi'])
    await createUser(harness.store, name, 'secret');
});

afterAll(async () => {
  for (const client of clients) client.end();
  await harness?.stop();
});

describe('mailbox commands', () => {
  it('lists the default mailboxes with special-use and children attributes', async () => {
    const client = await loggedIn('erin');
    expect(await client.command('c', 'CREATE Archive/2024')).toEqual([
      expect.stringMatching(/^c OK \[MAILBOXID \(\w+\)\] CREATE completed$/),
    ]);
    expect(await client.command('l', 'LIST "" *')).toEqual([
      '* LIST (\\HasChildren \\Archive) "/" "Archive"',
      '* LIST (\\HasNoChildren) "/" "Archive/2024"',
      '* LIST (\\HasNoChildren \\Drafts) "/" "Drafts"',
      '* LIST (\\HasNoChildren) "/" "INBOX"',
      '* LIST (\\HasNoChildren \\Junk) "/" "Junk"',
      '* LIST (\\HasNoChildren \\Sent) "/" "Sent"',
      '* LIST (\\HasNoChildren \\Trash) "/" "Trash"',
      'l OK LIST completed',
    ]);
    expect(await client.command('p', 'LIST "" %')).not.toContain(
      '* LIST (\\HasNoChildren) "/" "Archive/2024"',
    );
    expect(await client.command('r', 'LIST "Archive/" %')).toEqual([
      '* LIST (\\HasNoChildren) "/" "Archive/2024"',
      'r OK LIST completed',
    ]);
    expect(await client.command('d', 'LIST "" ""')).toEqual([
      '* LIST (\\Noselect) "/" ""',
      'd OK LIST completed',
    ]);
  });

  it('creates, renames with children, and deletes', async () => {
    const client = await loggedIn('frank');
    expect(await client.command('c1', 'CREATE Projects/Alpha')).toEqual([
      expect.stringMatching(/^c1 OK \[MAILBOXID \(\w+\)\] CREATE completed$/),
    ]);
    expect(await client.command('c2', 'CREATE Projects')).toEqual([
      'c2 NO [ALREADYEXISTS] mailbox Projects already exists',
    ]);
    expect(await client.command('r', 'RENAME Projects Work')).toEqual(['r OK RENAME completed']);
    expect(await client.command('l', 'LIST "" Work*')).toEqual([
      '* LIST (\\HasChildren) "/" "Work"',
      '* LIST (\\HasNoChildren) "/" "Work/Alpha"',
      'l OK LIST completed',
    ]);
    expect((await client.command('d1', 'DELETE Work')).at(-1)).toMatch(/^d1 NO \[HASCHILDREN\] /);
    expect(await client.command('d2', 'DELETE Work/Alpha')).toEqual(['d2 OK DELETE completed']);
    expect((await client.command('d3', 'DELETE Nope')).at(-1)).toMatch(/^d3 NO \[NONEXISTENT\] /);
    expect((await client.command('d4', 'DELETE inbox')).at(-1)).toMatch(/^d4 NO \[CANNOT\] /);
  });

  it('subscribes, unsubscribes and lists subscriptions with LSUB and LIST (SUBSCRIBED)', async () => {
    const client = await loggedIn('grace');
    expect(await client.command('u', 'UNSUBSCRIBE Junk')).toEqual(['u OK UNSUBSCRIBE completed']);
    const lsub = await client.command('s', 'LSUB "" *');
    expect(lsub).not.toContain('* LSUB () "/" "Junk"');
    expect(lsub).toContain('* LSUB () "/" "INBOX"');
    const subscribed = await client.command('t', 'LIST (SUBSCRIBED) "" "J*"');
    expect(subscribed).toEqual(['t OK LIST completed']);
    expect((await client.command('x', 'UNSUBSCRIBE Nope')).at(-1)).toMatch(
      /^x NO \[NONEXISTENT\] /,
    );
  });

  it('writes names in modified UTF-7, or UTF-8 after ENABLE UTF8=ACCEPT', async () => {
    const client = await loggedIn('heidi');
    expect(await client.command('c', 'CREATE "Entw&APw-rfe"')).toEqual([
      expect.stringMatching(/^c OK \[MAILBOXID \(\w+\)\] CREATE completed$/),
    ]);
    expect(await client.command('l', 'LIST "" Entw*')).toEqual([
      '* LIST (\\HasNoChildren) "/" "Entw&APw-rfe"',
      'l OK LIST completed',
    ]);
    await client.command('e', 'ENABLE UTF8=ACCEPT');
    expect(await client.command('m', 'LIST "" Entw*')).toEqual([
      '* LIST (\\HasNoChildren) "/" "Entwürfe"',
      'm OK LIST completed',
    ]);
  });
});

describe('mailboxes with real clients', () => {
  it('imapflow creates, lists, renames and deletes', async () => {
    await createUser(harness.store, 'ivan', 'secret');
    const client = imapflow(harness.port, 'ivan', 'secret');
    await client.connect();
    await client.mailboxCreate(['Reports', 'Q1']);
    await client.mailboxRename('Reports', 'Reviews');
    const boxes = await client.list();
    const byPath = new Map(boxes.map((box) => [box.path, box]));
    expect(byPath.get('Sent')?.specialUse).toBe('\\Sent');
    expect(byPath.has('Reviews/Q1')).toBe(true);
    expect(byPath.has('Reports')).toBe(false);
    await client.mailboxDelete('Reviews/Q1');
    expect((await client.list()).some((box) => box.path === 'Reviews/Q1')).toBe(false);
    await client.logout();
  });

  it('Python imaplib creates and lists', async () => {
    await createUser(harness.store, 'judy', 'secret');
    const stdout = await python(
      harness.port,
      `
import imaplib, sys
m = imaplib.IMAP4('127.0.0.1', int(sys.argv[1]))
m.login('judy', 'secret')
print(m.create('Py/Box')[0])
typ, data = m.list('""', 'Py*')
print(typ, [line.decode() for line in data])
m.logout()
`,
    );
    expect(stdout.split('\n')).toEqual([
      'OK',
      `OK ['(\\\\HasChildren) "/" "Py"', '(\\\\HasNoChildren) "/" "Py/Box"']`,
    ]);
  });
});
