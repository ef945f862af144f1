import { randomBytes } from 'node:crypto';
import type { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  advanceMailbox,
  BLOB_FILES,
  copyMessages,
  expungeMessages,
  ingestMessage,
  listMessages,
  loadMessages,
  openMessage,
  readJournal,
  storeFlags,
  type BlobFileDoc,
} from '../src/index.js';
import { messageWithAttachment } from './messages/build.js';
import { readAll } from './messages/roundtrip.js';
import { insertMailbox, insertUser, openTestStore, type TestStore } from './messages/support.js';

let t: TestStore;
let user: ObjectId;
let inbox: ObjectId;
let archive: ObjectId;
const raws: Buffer[] = [];
const attachment = randomBytes(20_000);

beforeAll(async () => {
  t = await openTestStore('messages-ops');
  user = await insertUser(t.store);
  inbox = await insertMailbox(t.store, user, 'INBOX');
  archive = await insertMailbox(t.store, user, 'Archive');
  for (let i = 0; i < 3; i++) {
    const raw = messageWithAttachment({ subject: `ops ${i}`, attachment });
    raws.push(raw);
    await ingestMessage(t.store, { user, mailbox: inbox, message: raw, flags: ['\\Recent'] });
  }
});
afterAll(async () => t.close());

async function usedQuota(): Promise<number> {
  const doc = await t.store.db
    .collection<{ quota: { used: number } }>('users')
    .findOne({ _id: user });
  return doc!.quota.used;
}

async function attachmentRefs(): Promise<number> {
  const [blob] = await t.store.db
    .collection<BlobFileDoc>(BLOB_FILES)
    .find({ 'metadata.size': attachment.length })
    .toArray();
  return blob!.metadata.refs;
}

describe('flags, copy, move and expunge', () => {
  it('adds, removes and sets flags, each change under a new MODSEQ', async () => {
    const added = await storeFlags(t.store, {
      user,
      mailbox: inbox,
      uids: [1, 2],
      mode: 'add',
      flags: ['\\Seen', '$Important'],
    });
    expect(added.changed.map((c) => c.uid)).toEqual([1, 2]);
    expect(added.changed[1]!.modseq).toBeGreaterThan(added.changed[0]!.modseq);

    const again = await storeFlags(t.store, {
      user,
      mailbox: inbox,
      uids: [1],
      mode: 'add',
      flags: ['\\SEEN'],
    });
    expect(again.changed).toEqual([]); // flag names are case-insensitive: nothing changed

    const removed = await storeFlags(t.store, {
      user,
      mailbox: inbox,
      uids: [2],
      mode: 'remove',
      flags: ['$important'],
    });
    expect(removed.changed[0]!.flags).toEqual(['\\Recent', '\\Seen']);
    const guarded = await storeFlags(t.store, {
      user,
      mailbox: inbox,
      uids: [1, 3],
      mode: 'set',
      flags: ['\\Flagged'],
      unchangedSince: added.changed[0]!.modseq - 1,
    });
    expect(guarded.modified).toEqual([1]);
    expect(guarded.changed.map((c) => [c.uid, c.flags])).toEqual([[3, ['\\Flagged']]]);

    const marks = await advanceMailbox(t.store, user, inbox);
    const changes = await readJournal(t.store, { user, mailbox: inbox, sinceModseq: 4 });
    expect(changes.map((e) => [e.kind, e.uid])).toEqual([
      ['flags-changed', 1],
      ['flags-changed', 2],
      ['flags-changed', 2],
      ['flags-changed', 3],
    ]);
    expect(changes.at(-1)!.modseq).toBe(marks.modseqCommitted);
  });

  it('copies without copying bytes: references and quota grow, the copy reads the same', async () => {
    const quota = await usedQuota();
    const refs = await attachmentRefs();
    const copied = await copyMessages(t.store, { user, from: inbox, to: archive, uids: [1, 2] });
    expect(copied).toEqual([
      { sourceUid: 1, uid: 1 },
      { sourceUid: 2, uid: 2 },
    ]);
    expect(await attachmentRefs()).toBe(refs + 2);
    expect(await usedQuota()).toBe(quota + raws[0]!.length + raws[1]!.length);
    const open = await openMessage(t.store, user, archive, 2);
    expect((await readAll(open!.stream)).equals(raws[1]!)).toBe(true);
    const [copy] = await loadMessages(t.store, user, archive, [1]);
    expect(copy!.flags).toEqual(['\\Recent', '\\Seen', '$Important']);
  });

  it('moves: the original is expunged and the quota is handed over', async () => {
    const quota = await usedQuota();
    const refs = await attachmentRefs();
    const moved = await copyMessages(t.store, {
      user,
      from: inbox,
      to: archive,
      uids: [3],
      move: true,
    });
    expect(moved).toEqual([{ sourceUid: 3, uid: 3 }]);
    expect(await usedQuota()).toBe(quota);
    expect(await attachmentRefs()).toBe(refs);
    const marks = await advanceMailbox(t.store, user, inbox);
    const left = await listMessages(t.store, user, inbox, marks.uidCommitted);
    expect(left.map((doc) => doc.uid)).toEqual([1, 2]);
    const journal = await readJournal(t.store, { user, mailbox: inbox, sinceModseq: 0 });
    expect(journal.at(-1)).toMatchObject({ kind: 'message-expunged', uid: 3 });
  });

  it('expunges messages flagged \\Deleted, releasing references and quota', async () => {
    const quota = await usedQuota();
    const refs = await attachmentRefs();
    await storeFlags(t.store, {
      user,
      mailbox: inbox,
      uids: [2],
      mode: 'add',
      flags: ['\\Deleted'],
    });
    expect(await expungeMessages(t.store, user, inbox)).toEqual([2]);
    expect(await usedQuota()).toBe(quota - raws[1]!.length);
    expect(await attachmentRefs()).toBe(refs - 1);
    expect(await openMessage(t.store, user, inbox, 2)).toBeNull();
    expect(await expungeMessages(t.store, user, inbox)).toEqual([]);
  });

  it('lets exactly one of concurrent conditional stores with one UNCHANGEDSINCE win', async () => {
    const drafts = await insertMailbox(t.store, user, 'Drafts');
    const raw = messageWithAttachment({ subject: 'race', attachment: randomBytes(10) });
    const { uid, modseq } = await ingestMessage(t.store, { user, mailbox: drafts, message: raw });
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        storeFlags(t.store, {
          user,
          mailbox: drafts,
          uids: [uid],
          mode: 'add',
          flags: [`$Writer${i}`],
          unchangedSince: modseq,
        }),
      ),
    );
    const winners = results.filter((result) => result.changed.length === 1);
    expect(winners).toHaveLength(1);
    expect(results.filter((result) => result.modified[0] === uid)).toHaveLength(5);
    const [doc] = await loadMessages(t.store, user, drafts, [uid]);
    expect(doc!.flags).toEqual(winners[0]!.changed[0]!.flags);
    expect(doc!.modseq).toBe(winners[0]!.changed[0]!.modseq);

    const never = await storeFlags(t.store, {
      ...{ user, mailbox: drafts, uids: [uid], mode: 'add', flags: ['$Late'] },
      unchangedSince: 0,
    });
    expect(never).toEqual({ changed: [], modified: [uid] });
  });
});
