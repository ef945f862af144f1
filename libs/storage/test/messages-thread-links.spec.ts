// The thread links an ingest keeps on the message document (RFC 5256 section 3, step 1, bounded)
// so that THREAD reads no header, and that COPY and MOVE keep them.
import type { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  copyMessages,
  ingestMessage,
  loadMessages,
  MAX_MESSAGE_ID_CHARS,
  MAX_THREAD_REFERENCES,
  MESSAGES,
  type MessageDoc,
  type ThreadLinks,
} from '../src/index.js';
import { insertMailbox, insertUser, openTestStore, type TestStore } from './messages/support.js';

let t: TestStore;
let user: ObjectId;
let inbox: ObjectId;

/** A message with the given header fields. */
function message(fields: string[]): Buffer {
  return Buffer.from(
    [...fields, 'From: kim@example.org', 'Subject: links', '', 'body', ''].join('\r\n'),
  );
}

/** The thread links stored on the document of a freshly ingested message. */
async function storedLinks(fields: string[]): Promise<ThreadLinks | undefined> {
  const stored = await ingestMessage(t.store, { user, mailbox: inbox, message: message(fields) });
  const doc = await t.store.db.collection<MessageDoc>(MESSAGES).findOne({ _id: stored.id });
  return doc?.threadLinks;
}

const longId = `<${'x'.repeat(300)}@example.org>`;
const references = Array.from({ length: 25 }, (_, i) => `<r${i}@x>`);

beforeAll(async () => {
  t = await openTestStore('messages-thread-links');
  user = await insertUser(t.store);
  inbox = await insertMailbox(t.store, user, 'INBOX');
});
afterAll(async () => t.close());

describe('thread links at ingest', () => {
  const cases: Array<[string, string[], ThreadLinks]> = [
    [
      'keeps the Message-ID and the References, oldest first, over In-Reply-To',
      ['Message-ID: <c@x> (comment)', 'In-Reply-To: <z@x>', 'References: <a@x>', ' <b@x>'],
      { messageId: '<c@x>', references: ['<a@x>', '<b@x>'] },
    ],
    [
      'keeps the newest MAX_THREAD_REFERENCES of a long References chain',
      ['Message-ID: <m@x>', `References: ${references.join('\r\n ')}`],
      { messageId: '<m@x>', references: references.slice(-MAX_THREAD_REFERENCES) },
    ],
    [
      'cuts long ids at MAX_MESSAGE_ID_CHARS',
      [`Message-ID: ${longId}`, `References: <a@x> ${longId}`],
      {
        messageId: longId.slice(0, MAX_MESSAGE_ID_CHARS),
        references: ['<a@x>', longId.slice(0, MAX_MESSAGE_ID_CHARS)],
      },
    ],
    [
      'takes the first id of In-Reply-To when there is no References',
      ['Message-ID: <c@x>', 'In-Reply-To: <p@x> <q@x> (two parents)'],
      { messageId: '<c@x>', references: ['<p@x>'] },
    ],
    [
      'drops <> and takes In-Reply-To when References holds no other id',
      ['Message-ID: <>', 'In-Reply-To: <p@x>', 'References: <>'],
      { messageId: null, references: ['<p@x>'] },
    ],
    [
      'drops <> from References and In-Reply-To',
      ['Message-ID: <c@x>', 'In-Reply-To: <>', 'References: <> <a@x>'],
      { messageId: '<c@x>', references: ['<a@x>'] },
    ],
    ['keeps empty links for a message without ids', [], { messageId: null, references: [] }],
  ];
  it.each(cases)('%s', async (_, fields, expected) => {
    expect(await storedLinks(fields)).toEqual(expected);
  });

  it('drops the oldest of MAX_THREAD_REFERENCES + 1 references', async () => {
    const links = await storedLinks([`References: ${references.slice(0, 21).join(' ')}`]);
    expect(links?.references).toHaveLength(MAX_THREAD_REFERENCES);
    expect(links?.references).not.toContain('<r0@x>');
    expect(links?.references.at(-1)).toBe('<r20@x>');
  });
});

describe('thread links through COPY and MOVE', () => {
  it('keeps the original thread links on the copy and on the moved message', async () => {
    const fields = ['Message-ID: <copied@x>', 'In-Reply-To: <p@x>', 'References: <o@x> <p@x>'];
    const expected = { messageId: '<copied@x>', references: ['<o@x>', '<p@x>'] };
    const source = await insertMailbox(t.store, user, 'Source');
    const copies = await insertMailbox(t.store, user, 'Copies');
    const moved = await insertMailbox(t.store, user, 'Moved');
    const { uid } = await ingestMessage(t.store, {
      user,
      mailbox: source,
      message: message(fields),
    });

    const [copy] = await copyMessages(t.store, { user, from: source, to: copies, uids: [uid] });
    const [move] = await copyMessages(t.store, {
      user,
      from: source,
      to: moved,
      uids: [uid],
      move: true,
    });

    expect((await loadMessages(t.store, user, copies, [copy!.uid]))[0]?.threadLinks).toEqual(
      expected,
    );
    expect((await loadMessages(t.store, user, moved, [move!.uid]))[0]?.threadLinks).toEqual(
      expected,
    );
    expect(await loadMessages(t.store, user, source, [uid])).toEqual([]);
  });
});
