import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  advanceMailbox,
  allocateUids,
  HOLE_EXPIRY_MS,
  listMessages,
  MESSAGES,
  messageId,
  type MessageDoc,
} from '../src/index.js';
import { insertMailbox, insertUser, openTestStore, type TestStore } from './messages/support.js';

let t: TestStore;
beforeAll(async () => {
  t = await openTestStore('uid-ordering');
});
afterAll(async () => t.close());

/** Writes the document of an allocated UID, as the last step of an ingest does. */
async function write(user: MessageDoc['user'], mailbox: MessageDoc['mailbox'], uid: number) {
  await t.store.db.collection<MessageDoc>(MESSAGES).insertOne({
    _id: messageId(user, mailbox, uid),
    user,
    mailbox,
    uid,
    modseq: uid + 1,
    flags: [],
    internalDate: new Date(),
    storedAt: new Date(),
    size: 1,
    source: 'none',
    blobs: [],
    sha256: '',
    threadId: user,
  });
}

describe('UID visibility order (RFC 3501 section 2.3.1.1)', () => {
  it('does not show UID n+1 while UID n, allocated earlier, is still being written', async () => {
    const user = await insertUser(t.store);
    const mailbox = await insertMailbox(t.store, user);
    const { uids } = await allocateUids(t.store, user, mailbox, 2);
    expect(uids).toEqual([1, 2]);

    await write(user, mailbox, 2); // the second ingest finishes first
    const early = await advanceMailbox(t.store, user, mailbox);
    expect(early.uidCommitted).toBe(0);
    expect(await listMessages(t.store, user, mailbox, early.uidCommitted)).toEqual([]);

    await write(user, mailbox, 1);
    const late = await advanceMailbox(t.store, user, mailbox);
    expect(late.uidCommitted).toBe(2);
    const listed = await listMessages(t.store, user, mailbox, late.uidCommitted);
    expect(listed.map((doc) => doc.uid)).toEqual([1, 2]);
  });

  it('expires the UID of a dead ingest and refuses that ingest when it comes back', async () => {
    const user = await insertUser(t.store);
    const mailbox = await insertMailbox(t.store, user);
    await allocateUids(t.store, user, mailbox, 3);
    await write(user, mailbox, 1);
    await write(user, mailbox, 3); // UID 2's writer died after allocating it
    expect((await advanceMailbox(t.store, user, mailbox)).uidCommitted).toBe(1);

    const later = new Date(Date.now() + HOLE_EXPIRY_MS + 1_000);
    const marks = await advanceMailbox(t.store, user, mailbox, later);
    expect(marks.uidCommitted).toBe(3);
    await expect(write(user, mailbox, 2)).rejects.toMatchObject({ code: 11000 });
    const listed = await listMessages(t.store, user, mailbox, marks.uidCommitted);
    expect(listed.map((doc) => doc.uid)).toEqual([1, 3]);
  });
});
