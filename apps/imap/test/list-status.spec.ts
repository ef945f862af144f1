// LIST RETURN (STATUS ...) of RFC 5819 over a raw socket and through imapflow.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, startHarness, type Harness } from './harness.js';
import { imapflow } from './clients.js';
import { RawClient } from './raw-client.js';

let harness: Harness;
let client: RawClient;

beforeAll(async () => {
  harness = await startHarness('imap-list-status');
  await createUser(harness.store, 'kim', 'secret');
  client = await RawClient.open(harness.port);
  await client.line();
  await client.command('l', 'LOGIN kim secret');
  for (const flags of ['(\\Seen)', '()']) {
    const message = 'Subject: hi\r\n\r\nhello\r\n';
    client.send(`a APPEND INBOX ${flags} {${message.length}+}\r\n${message}\r\n`);
    expect(await client.line()).toMatch(/^a OK /);
  }
  await client.command('c', 'CREATE Work/Reports');
});

afterAll(async () => {
  client?.end();
  await harness?.stop();
});

describe('LIST-STATUS', () => {
  it('is announced and writes each STATUS right after its LIST response', async () => {
    expect((await client.command('c', 'CAPABILITY'))[0]).toMatch(/ LIST-STATUS( |$)/);
    const reply = await client.command('s', 'LIST "" "*" RETURN (STATUS (MESSAGES UNSEEN))');
    expect(reply.at(-1)).toBe('s OK LIST completed');
    const inbox = reply.indexOf('* LIST (\\HasNoChildren) "/" "INBOX"');
    expect(inbox).toBeGreaterThanOrEqual(0);
    expect(reply[inbox + 1]).toBe('* STATUS "INBOX" (MESSAGES 2 UNSEEN 1)');
    const work = reply.indexOf('* LIST (\\HasChildren) "/" "Work"');
    expect(reply[work + 1]).toBe('* STATUS "Work" (MESSAGES 0 UNSEEN 0)');
    const lists = reply.filter((line) => line.startsWith('* LIST '));
    const statuses = reply.filter((line) => line.startsWith('* STATUS '));
    expect(statuses).toHaveLength(lists.length);
  });

  it('combines STATUS with selection and return options and refuses an empty item list', async () => {
    const reply = await client.command(
      'u',
      'LIST (SUBSCRIBED) "" "Work*" RETURN (CHILDREN STATUS (UIDNEXT))',
    );
    expect(reply).toEqual([
      '* LIST (\\HasChildren \\Subscribed) "/" "Work"',
      '* STATUS "Work" (UIDNEXT 1)',
      '* LIST (\\HasNoChildren \\Subscribed) "/" "Work/Reports"',
      '* STATUS "Work/Reports" (UIDNEXT 1)',
      'u OK LIST completed',
    ]);
    const work = await client.command('w', 'LIST "" "Work/%" RETURN (STATUS (UIDNEXT MESSAGES))');
    expect(work).toEqual([
      '* LIST (\\HasNoChildren) "/" "Work/Reports"',
      '* STATUS "Work/Reports" (UIDNEXT 1 MESSAGES 0)',
      'w OK LIST completed',
    ]);
    expect((await client.command('e', 'LIST "" "*" RETURN (STATUS ())'))[0]).toMatch(/^e BAD /);
  });

  it('gives imapflow the counts in one LIST', async () => {
    const flow = imapflow(harness.port, 'kim', 'secret');
    await flow.connect();
    const boxes = await flow.list({ statusQuery: { messages: true, unseen: true } });
    const inbox = boxes.find((box) => box.path === 'INBOX');
    expect(inbox?.status).toMatchObject({ messages: 2, unseen: 1 });
    await flow.logout();
  });
});
