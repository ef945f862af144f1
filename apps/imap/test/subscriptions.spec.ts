import type { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imapflow, python } from './clients.js';
import { createUser, startHarness, type Harness } from './harness.js';
import { RawClient } from './raw-client.js';

// RFC 3501 sections 6.3.6, 6.3.7 and 6.3.9, RFC 9051 sections 6.3.7 to 6.3.9, RFC 5258: the
// subscription list is a list of names, kept when a mailbox is deleted.

let harness: Harness;
const clients: RawClient[] = [];

async function loggedIn(username: string): Promise<RawClient> {
  await createUser(harness.store, username, 'secret');
  const client = await RawClient.login(harness.port, username, 'secret');
  clients.push(client);
  return client;
}

beforeAll(async () => {
  harness = await startHarness('imap-subscriptions');
});

afterAll(async () => {
  for (const client of clients) client.end();
  await harness?.stop();
});

describe('subscriptions over raw IMAP', () => {
  it('keeps a deleted mailbox subscribed: LSUB \\Noselect, LIST (SUBSCRIBED) \\NonExistent', async () => {
    const client = await loggedIn('kim');
    expect(await client.command('c', 'CREATE Lists')).toEqual([
      expect.stringMatching(/^c OK \[MAILBOXID \(\w+\)\] CREATE completed$/),
    ]);
    expect(await client.command('s', 'SUBSCRIBE Lists')).toEqual(['s OK SUBSCRIBE completed']);
    expect(await client.command('d', 'DELETE Lists')).toEqual(['d OK DELETE completed']);

    expect(await client.command('ls', 'LSUB "" Lists')).toEqual([
      '* LSUB (\\Noselect) "/" "Lists"',
      'ls OK LSUB completed',
    ]);
    expect(await client.command('l1', 'LIST (SUBSCRIBED) "" "L*"')).toEqual([
      '* LIST (\\NonExistent \\Subscribed) "/" "Lists"',
      'l1 OK LIST completed',
    ]);
    // Without the SUBSCRIBED selection option only mailboxes that exist are listed.
    expect(await client.command('l2', 'LIST "" "L*" RETURN (SUBSCRIBED)')).toEqual([
      'l2 OK LIST completed',
    ]);

    expect(await client.command('c2', 'CREATE Lists')).toEqual([
      expect.stringMatching(/^c2 OK \[MAILBOXID \(\w+\)\] CREATE completed$/),
    ]);
    expect(
      await client.command('l3', 'LIST "" "L*" RETURN (SUBSCRIBED STATUS (MESSAGES))'),
    ).toEqual([
      '* LIST (\\HasNoChildren \\Subscribed) "/" "Lists"',
      '* STATUS "Lists" (MESSAGES 0)',
      'l3 OK LIST completed',
    ]);
    expect(await client.command('ls2', 'LSUB "" Lists')).toEqual([
      '* LSUB () "/" "Lists"',
      'ls2 OK LSUB completed',
    ]);
  });

  it('subscribes a name that does not exist and refuses to unsubscribe one not subscribed', async () => {
    const client = await loggedIn('lou');
    expect(await client.command('s', 'SUBSCRIBE Future/Plans')).toEqual([
      's OK SUBSCRIBE completed',
    ]);
    expect(
      await client.command('l', 'LIST (SUBSCRIBED) "" "Future*" RETURN (STATUS (MESSAGES))'),
    ).toEqual(['* LIST (\\NonExistent \\Subscribed) "/" "Future/Plans"', 'l OK LIST completed']);
    expect(await client.command('u', 'UNSUBSCRIBE Future/Plans')).toEqual([
      'u OK UNSUBSCRIBE completed',
    ]);
    expect((await client.command('u2', 'UNSUBSCRIBE Future/Plans')).at(-1)).toMatch(
      /^u2 NO \[NONEXISTENT\] /,
    );
    expect((await client.command('b', 'SUBSCRIBE "a//b"')).at(-1)).toMatch(/^b NO \[CANNOT\] /);
    expect(await client.command('l2', 'LSUB "" "Future*"')).toEqual(['l2 OK LSUB completed']);
  });

  it('moves subscriptions with RENAME', async () => {
    const client = await loggedIn('mo');
    await client.command('c', 'CREATE Old/Inner');
    expect(await client.command('r', 'RENAME Old New')).toEqual(['r OK RENAME completed']);
    expect(await client.command('l', 'LSUB "" *')).toEqual(
      expect.arrayContaining(['* LSUB () "/" "New"', '* LSUB () "/" "New/Inner"']),
    );
    expect(await client.command('l2', 'LSUB "" Old*')).toEqual(['l2 OK LSUB completed']);
  });
});

/** Whether imapflow's LIST (which asks for subscriptions too) marks an existing mailbox. */
async function subscribedIn(client: ImapFlow, path: string): Promise<boolean> {
  const box = (await client.list()).find((entry) => entry.path === path);
  expect(box).toBeDefined();
  return box?.subscribed === true;
}

describe('subscriptions with real clients', () => {
  it('imapflow subscribes, deletes, and finds the mailbox subscribed again after CREATE', async () => {
    await createUser(harness.store, 'nia', 'secret');
    const client = imapflow(harness.port, 'nia', 'secret');
    await client.connect();
    try {
      await client.mailboxCreate('Travel');
      await client.mailboxUnsubscribe('Travel');
      expect(await subscribedIn(client, 'Travel')).toBe(false);
      expect(await client.mailboxSubscribe('Travel')).toBe(true);
      await client.mailboxDelete('Travel');
      expect(await client.mailboxUnsubscribe('Nothing')).toBe(false);
      await client.mailboxCreate('Travel');
      expect(await subscribedIn(client, 'Travel')).toBe(true);
    } finally {
      await client.logout();
    }
  });

  it('Python imaplib sees a deleted mailbox in LSUB and in LIST (SUBSCRIBED)', async () => {
    await createUser(harness.store, 'omar', 'secret');
    const stdout = await python(
      harness.port,
      `
import imaplib, sys
m = imaplib.IMAP4('127.0.0.1', int(sys.argv[1]))
m.login('omar', 'secret')
m.create('Receipts')
m.subscribe('Receipts')
m.delete('Receipts')
print(m.lsub('""', 'Receipts'))
print(m._simple_command('LIST', '(SUBSCRIBED)', '""', 'Receipts')[0], m.untagged_responses.pop('LIST', None))
print(m.unsubscribe('Receipts')[0], m.unsubscribe('Receipts')[0])
m.logout()
`,
    );
    expect(stdout.split('\n')).toEqual([
      `('OK', [b'(\\\\Noselect) "/" "Receipts"'])`,
      `OK [b'(\\\\NonExistent \\\\Subscribed) "/" "Receipts"']`,
      'OK NO',
    ]);
  });
});
