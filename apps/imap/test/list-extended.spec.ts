// LIST-EXTENDED (RFC 5258) with SPECIAL-USE (RFC 6154) over raw sockets, imapflow and imaplib.
// The hierarchy is that of RFC 5258 section 5, plus a subscription below a name that does not
// exist; the default mailboxes (INBOX, Archive, Drafts, Junk, Sent, Trash) are all subscribed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imapflow, python } from './clients.js';
import { createUser, startHarness, type Harness } from './harness.js';
import { RawClient } from './raw-client.js';

const DEFAULTS = ['Archive', 'Drafts', 'INBOX', 'Junk', 'Sent', 'Trash'];

let harness: Harness;
let client: RawClient;

/** The responses of `command`, its tagged response last. */
function list(command: string): Promise<string[]> {
  return client.command('t', command);
}

/** The lines that are not about the default mailboxes. */
function withoutDefaults(lines: string[]): string[] {
  return lines.filter((line) => !DEFAULTS.some((name) => line.endsWith(` "/" "${name}"`)));
}

beforeAll(async () => {
  harness = await startHarness('imap-list-extended');
  await createUser(harness.store, 'kim', 'secret');
  client = await RawClient.login(harness.port, 'kim', 'secret');
  for (const name of [
    'Fruit/Apple',
    'Fruit/Banana',
    'Tofu',
    'Vegetable/Broccoli',
    'Vegetable/Corn',
  ]) {
    expect((await client.command('c', `CREATE ${name}`)).at(-1)).toMatch(/^c OK /);
  }
  // CREATE subscribes the new mailbox and the superiors it makes; keep RFC 5258's subscriptions.
  for (const name of ['Fruit', 'Fruit/Apple', 'Tofu', 'Vegetable/Corn']) {
    expect(await client.command('u', `UNSUBSCRIBE ${name}`)).toEqual([
      'u OK UNSUBSCRIBE completed',
    ]);
  }
  for (const name of ['Fruit/Peach', 'Vegetable', 'Xyzzy/Plugh']) {
    expect(await client.command('s', `SUBSCRIBE ${name}`)).toEqual(['s OK SUBSCRIBE completed']);
  }
});

afterAll(async () => {
  client?.end();
  await harness?.stop();
});

describe('LIST-EXTENDED over a raw socket', () => {
  it('is announced', async () => {
    expect((await client.command('c', 'CAPABILITY'))[0]).toMatch(/ LIST-EXTENDED( |$)/);
  });

  it('lists each name matching any of several patterns once, in name order', async () => {
    expect(await list('LIST "" ("Tofu" "Fruit/%" "tofu" "T*")')).toEqual([
      '* LIST (\\HasNoChildren) "/" "Fruit/Apple"',
      '* LIST (\\HasNoChildren) "/" "Fruit/Banana"',
      '* LIST (\\HasNoChildren) "/" "Tofu"',
      '* LIST (\\HasNoChildren \\Trash) "/" "Trash"',
      't OK LIST completed',
    ]);
    expect(await list('LIST "" ("Fruit/%" "inbox")')).toEqual([
      '* LIST (\\HasNoChildren) "/" "Fruit/Apple"',
      '* LIST (\\HasNoChildren) "/" "Fruit/Banana"',
      '* LIST (\\HasNoChildren) "/" "INBOX"',
      't OK LIST completed',
    ]);
  });

  it('selects subscribed names, \\NonExistent ones included, and returns CHILDREN', async () => {
    const pattern = '("Fruit*" "Vegetable*" "Tofu")';
    expect(await list(`LIST (SUBSCRIBED) "" ${pattern} RETURN (CHILDREN)`)).toEqual([
      '* LIST (\\HasNoChildren \\Subscribed) "/" "Fruit/Banana"',
      '* LIST (\\NonExistent \\HasNoChildren \\Subscribed) "/" "Fruit/Peach"',
      '* LIST (\\HasChildren \\Subscribed) "/" "Vegetable"',
      '* LIST (\\HasNoChildren \\Subscribed) "/" "Vegetable/Broccoli"',
      't OK LIST completed',
    ]);
    expect(await list('LIST "" "Vegetable/%" RETURN (SUBSCRIBED)')).toEqual([
      '* LIST (\\HasNoChildren \\Subscribed) "/" "Vegetable/Broccoli"',
      '* LIST (\\HasNoChildren) "/" "Vegetable/Corn"',
      't OK LIST completed',
    ]);
  });

  it('adds CHILDINFO for parents of subscribed names with RECURSIVEMATCH', async () => {
    // RFC 5258 section 5, example 8: Fruit is not subscribed, Vegetable is; Xyzzy does not exist.
    const reply = await list('LIST (SUBSCRIBED RECURSIVEMATCH) "" "%" RETURN (CHILDREN)');
    expect(withoutDefaults(reply)).toEqual([
      '* LIST (\\HasChildren) "/" "Fruit" ("CHILDINFO" ("SUBSCRIBED"))',
      '* LIST (\\HasChildren \\Subscribed) "/" "Vegetable" ("CHILDINFO" ("SUBSCRIBED"))',
      '* LIST (\\NonExistent \\HasNoChildren) "/" "Xyzzy" ("CHILDINFO" ("SUBSCRIBED"))',
      't OK LIST completed',
    ]);
    expect(reply).toContain('* LIST (\\HasNoChildren \\Subscribed) "/" "INBOX"');
  });

  it('leaves out a parent whose subscribed inferiors are all listed themselves', async () => {
    expect(await list('LIST (SUBSCRIBED RECURSIVEMATCH) "" ("Fruit*" "Vegetable*")')).toEqual([
      '* LIST (\\HasNoChildren \\Subscribed) "/" "Fruit/Banana"',
      '* LIST (\\NonExistent \\Subscribed) "/" "Fruit/Peach"',
      '* LIST (\\HasChildren \\Subscribed) "/" "Vegetable" ("CHILDINFO" ("SUBSCRIBED"))',
      '* LIST (\\HasNoChildren \\Subscribed) "/" "Vegetable/Broccoli"',
      't OK LIST completed',
    ]);
  });

  it('refuses RECURSIVEMATCH without SUBSCRIBED, and unknown options, with BAD', async () => {
    for (const options of [
      '(RECURSIVEMATCH)',
      '(REMOTE RECURSIVEMATCH)',
      '(SPECIAL-USE RECURSIVEMATCH)',
    ]) {
      expect(await list(`LIST ${options} "" "*"`)).toEqual([
        't BAD RECURSIVEMATCH needs the SUBSCRIBED selection option',
      ]);
    }
    expect(await list('LIST (FROB) "" "*"')).toEqual(['t BAD unknown LIST selection option FROB']);
    expect(await list('LIST "" "*" RETURN (MYRIGHTS)')).toEqual([
      't BAD unknown LIST return option MYRIGHTS',
    ]);
    expect((await list('LIST "" "*" RETURN (X-FOO (1 2))'))[0]).toMatch(/^t BAD /);
    // The connection goes on as before.
    expect(await list('LIST "" "Tofu"')).toEqual([
      '* LIST (\\HasNoChildren) "/" "Tofu"',
      't OK LIST completed',
    ]);
  });

  it('takes REMOTE (there are no remote mailboxes) and repeated options as given once', async () => {
    expect(await list('LIST (REMOTE) "" "Tofu"')).toEqual([
      '* LIST (\\HasNoChildren) "/" "Tofu"',
      't OK LIST completed',
    ]);
    const repeated = 'LIST (SUBSCRIBED REMOTE SUBSCRIBED) "" "Veg*" RETURN (CHILDREN CHILDREN)';
    expect(await list(repeated)).toEqual([
      '* LIST (\\HasChildren \\Subscribed) "/" "Vegetable"',
      '* LIST (\\HasNoChildren \\Subscribed) "/" "Vegetable/Broccoli"',
      't OK LIST completed',
    ]);
  });

  it('selects and returns special-use mailboxes (RFC 6154)', async () => {
    expect(await list('LIST (SPECIAL-USE) "" "*" RETURN (SPECIAL-USE)')).toEqual([
      '* LIST (\\HasNoChildren \\Archive) "/" "Archive"',
      '* LIST (\\HasNoChildren \\Drafts) "/" "Drafts"',
      '* LIST (\\HasNoChildren \\Junk) "/" "Junk"',
      '* LIST (\\HasNoChildren \\Sent) "/" "Sent"',
      '* LIST (\\HasNoChildren \\Trash) "/" "Trash"',
      't OK LIST completed',
    ]);
    expect(await client.command('u', 'UNSUBSCRIBE Junk')).toEqual(['u OK UNSUBSCRIBE completed']);
    expect(await list('LIST (SPECIAL-USE SUBSCRIBED) "" ("J*" "S*" "T*")')).toEqual([
      '* LIST (\\HasNoChildren \\Sent \\Subscribed) "/" "Sent"',
      '* LIST (\\HasNoChildren \\Trash \\Subscribed) "/" "Trash"',
      't OK LIST completed',
    ]);
    expect(await client.command('s', 'SUBSCRIBE Junk')).toEqual(['s OK SUBSCRIBE completed']);
  });

  it('answers the empty pattern with the delimiter only in a basic LIST', async () => {
    const root = ['* LIST (\\Noselect) "/" ""', 't OK LIST completed'];
    expect(await list('LIST "" ""')).toEqual(root);
    expect(await list('LIST "Fruit" ""')).toEqual(root);
    // RFC 5258 section 3: in an extended LIST the empty pattern matches nothing.
    expect(await list('LIST () "" ""')).toEqual(['t OK LIST completed']);
    expect(await list('LIST "" ("")')).toEqual(['t OK LIST completed']);
    expect(await list('LIST "" "" RETURN ()')).toEqual(['t OK LIST completed']);
    expect(await list('LIST (SUBSCRIBED) "Tofu" ""')).toEqual(['t OK LIST completed']);
    expect(await list('LIST "" ("" "Tofu")')).toEqual([
      '* LIST (\\HasNoChildren) "/" "Tofu"',
      't OK LIST completed',
    ]);
  });

  it('follows each listed mailbox with its STATUS, and none for a \\NonExistent name', async () => {
    expect(await list('LIST (SUBSCRIBED) "" "Fruit/*" RETURN (STATUS (MESSAGES))')).toEqual([
      '* LIST (\\HasNoChildren \\Subscribed) "/" "Fruit/Banana"',
      '* STATUS "Fruit/Banana" (MESSAGES 0)',
      '* LIST (\\NonExistent \\Subscribed) "/" "Fruit/Peach"',
      't OK LIST completed',
    ]);
  });
});

describe('LIST-EXTENDED with real clients', () => {
  it('imapflow takes subscriptions from RETURN (SUBSCRIBED) and STATUS from LIST-STATUS', async () => {
    const flow = imapflow(harness.port, 'kim', 'secret');
    await flow.connect();
    try {
      const boxes = await flow.list({ statusQuery: { messages: true } });
      const byPath = new Map(boxes.map((box) => [box.path, box]));
      expect(byPath.get('Fruit/Banana')).toMatchObject({ subscribed: true, listed: true });
      expect(byPath.get('Fruit/Apple')?.subscribed).toBeFalsy();
      expect(byPath.get('Sent')).toMatchObject({ specialUse: '\\Sent', subscribed: true });
      expect([...(byPath.get('Vegetable')?.flags ?? [])]).toContain('\\HasChildren');
      expect(byPath.get('Tofu')?.status).toMatchObject({ messages: 0 });
    } finally {
      await flow.logout();
    }
  });

  it('Python imaplib lists several patterns and uses RECURSIVEMATCH', async () => {
    const output = await python(
      harness.port,
      `
import imaplib, sys
m = imaplib.IMAP4('127.0.0.1', int(sys.argv[1]))
m.login('kim', 'secret')
print(m.list('""', '("Tofu" "Fruit/%")'))
print(m._simple_command('LIST', '(SUBSCRIBED RECURSIVEMATCH)', '""', '"X%"'))
print(m.untagged_responses.pop('LIST', None))
m.logout()
`,
    );
    expect(output.split('\n')).toEqual([
      '(\'OK\', [b\'(\\\\HasNoChildren) "/" "Fruit/Apple"\', ' +
        'b\'(\\\\HasNoChildren) "/" "Fruit/Banana"\', b\'(\\\\HasNoChildren) "/" "Tofu"\'])',
      "('OK', [b'LIST completed'])",
      '[b\'(\\\\NonExistent) "/" "Xyzzy" ("CHILDINFO" ("SUBSCRIBED"))\']',
    ]);
  });
});
