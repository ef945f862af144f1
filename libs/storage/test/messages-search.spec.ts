import type { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ingestMessage,
  loadMessages,
  readSearchContent,
  SEARCH_HEADER_MAX_BYTES,
} from '../src/index.js';
import { insertMailbox, insertUser, openTestStore, type TestStore } from './messages/support.js';

let t: TestStore;
let user: ObjectId;
let inbox: ObjectId;

/** A UTF-8 message whose body is base64 (long enough to be a blob) and whose subject is encoded. */
function base64Message(): Buffer {
  const body = `Grüße aus Köln. ${'Das Wetter ist schön. '.repeat(2_000)}Ende.`;
  const encoded = Buffer.from(body).toString('base64').replace(/.{76}/g, '$&\r\n');
  return Buffer.from(
    [
      'From: =?UTF-8?Q?J=C3=B6rg?= <j@example.org>',
      'To: kim@example.org',
      'Subject: =?UTF-8?B?w5xiZXJzaWNodA==?=',
      'X-Ticket: T-4711',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: base64',
      '',
      encoded,
    ].join('\r\n'),
  );
}

beforeAll(async () => {
  t = await openTestStore('messages-search');
  user = await insertUser(t.store);
  inbox = await insertMailbox(t.store, user, 'INBOX');
});
afterAll(async () => t.close());

describe('readSearchContent', () => {
  it('gives the decoded header fields and the decoded body text without them', async () => {
    const { uid } = await ingestMessage(t.store, {
      user,
      mailbox: inbox,
      message: base64Message(),
    });
    const [doc] = await loadMessages(t.store, user, inbox, [uid]);
    const content = await readSearchContent(t.store, doc!);
    expect(content.header).toContainEqual({ name: 'subject', value: 'Übersicht' });
    expect(content.header).toContainEqual({ name: 'from', value: 'Jörg <j@example.org>' });
    expect(content.header).toContainEqual({ name: 'x-ticket', value: 'T-4711' });
    expect(content.body.startsWith('Grüße aus Köln.')).toBe(true);
    expect(content.body).not.toContain('Übersicht');
  });

  it('reads at most SEARCH_HEADER_MAX_BYTES of a huge header', async () => {
    const filler = `X-Filler: ${'a'.repeat(900)}\r\n`.repeat(400);
    const raw = Buffer.from(`Subject: big\r\n${filler}X-Last: end\r\n\r\nbody text\r\n`);
    const { uid } = await ingestMessage(t.store, { user, mailbox: inbox, message: raw });
    const [doc] = await loadMessages(t.store, user, inbox, [uid]);
    const content = await readSearchContent(t.store, doc!);
    expect(raw.length).toBeGreaterThan(SEARCH_HEADER_MAX_BYTES);
    expect(content.header[0]).toEqual({ name: 'subject', value: 'big' });
    expect(content.header.some((field) => field.name === 'x-last')).toBe(false);
    expect(content.body).toBe('body text');
  });
});
