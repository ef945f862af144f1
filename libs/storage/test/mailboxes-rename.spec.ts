import type { ObjectId } from 'mongodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createMailbox,
  createUser,
  getMailboxByPath,
  JOURNAL,
  listMailboxes,
  renameMailbox,
  type JournalDoc,
} from '../src/index.js';
import {
  caught,
  deliver,
  openAccountsStore,
  type AccountsTestStore,
} from './accounts-support/store.js';

let t: AccountsTestStore;
let user: ObjectId;
let n = 0;
beforeAll(async () => {
  t = await openAccountsStore('mailboxes-rename');
});
afterAll(async () => t?.close());
beforeEach(async () => {
  user = (await createUser(t.store, { username: `user${n++}` })).userId;
});

const byPath = async () =>
  new Map((await listMailboxes(t.store, user)).map((box) => [box.path, box]));

describe('renameMailbox', () => {
  it('renames a whole subtree, keeping ids and UIDVALIDITY, and creates new superiors', async () => {
    for (const path of ['Work/A/1', 'Work/B', 'Workshop']) {
      await createMailbox(t.store, user, path);
    }
    const before = await byPath();
    await renameMailbox(t.store, user, 'Work', 'Archive/2026/Work');

    const after = await byPath();
    for (const [from, to] of [
      ['Work', 'Archive/2026/Work'],
      ['Work/A', 'Archive/2026/Work/A'],
      ['Work/A/1', 'Archive/2026/Work/A/1'],
      ['Work/B', 'Archive/2026/Work/B'],
    ] as const) {
      expect(after.has(from)).toBe(false);
      expect(after.get(to)?._id).toEqual(before.get(from)?._id);
      expect(after.get(to)?.uidValidity).toBe(before.get(from)?.uidValidity);
    }
    // A sibling that merely shares the prefix is not part of the subtree.
    expect(after.get('Workshop')?._id).toEqual(before.get('Workshop')?._id);
    expect(after.has('Archive/2026')).toBe(true);

    const renamed = await t.store.db
      .collection<JournalDoc & { data: { from: string; to: string } }>(JOURNAL)
      .find({ user, kind: 'mailbox-renamed' })
      .toArray();
    expect(renamed.map((e) => [e.data.from, e.data.to]).sort()).toEqual([
      ['Work', 'Archive/2026/Work'],
      ['Work/A', 'Archive/2026/Work/A'],
      ['Work/A/1', 'Archive/2026/Work/A/1'],
      ['Work/B', 'Archive/2026/Work/B'],
    ]);
  });

  it('refuses a missing source, an existing target, INBOX as target and moves into itself', async () => {
    await createMailbox(t.store, user, 'Here/Below');
    const attempts: Array<[string, string]> = [
      ['Nowhere', 'Else'],
      ['Here', 'Sent'],
      ['Here', 'inbox'],
      ['Here', 'Here/Below/Deeper'],
      ['Here', 'Here'],
    ];
    const codes = [];
    for (const [from, to] of attempts) {
      codes.push((await caught(() => renameMailbox(t.store, user, from, to))).code);
    }
    expect(codes).toEqual([
      'MAILBOX_NOT_FOUND',
      'MAILBOX_EXISTS',
      'MAILBOX_EXISTS',
      'MAILBOX_INTO_ITSELF',
      'MAILBOX_EXISTS',
    ]);
    expect((await byPath()).has('Here/Below')).toBe(true);
  });

  it('refuses when a renamed inferior would land on an existing name, changing nothing', async () => {
    await createMailbox(t.store, user, 'Src/Kid');
    await createMailbox(t.store, user, 'Dst/Kid');
    await t.store.db.collection('mailboxes').deleteOne({ user, path: 'Dst' });
    const error = await caught(() => renameMailbox(t.store, user, 'Src', 'Dst'));
    expect(error.code).toBe('MAILBOX_EXISTS');
    const after = await byPath();
    expect(after.has('Src')).toBe(true);
    expect(after.has('Src/Kid')).toBe(true);
  });

  it('moves INBOX messages to the new name and leaves a fresh, empty INBOX (RFC 3501 6.3.5)', async () => {
    const inbox = (await getMailboxByPath(t.store, user, 'INBOX'))!;
    await createMailbox(t.store, user, 'INBOX/Kept');
    await deliver(t.store, user, inbox._id, 3);
    await renameMailbox(t.store, user, 'inbox', 'Old Inbox');

    const after = await byPath();
    const moved = after.get('Old Inbox')!;
    const fresh = after.get('INBOX')!;
    expect(moved._id).toEqual(inbox._id);
    expect(moved.uidValidity).toBe(inbox.uidValidity);
    expect(fresh._id).not.toEqual(inbox._id);
    expect(fresh.uidValidity).toBeGreaterThan(inbox.uidValidity);
    expect(fresh).toMatchObject({ uidNext: 1, highestModseq: 1 });
    const messages = t.store.db.collection('messages');
    expect(await messages.countDocuments({ mailbox: moved._id })).toBe(3);
    expect(await messages.countDocuments({ mailbox: fresh._id })).toBe(0);
    expect(after.has('INBOX/Kept')).toBe(true);
    expect(after.has('Old Inbox/Kept')).toBe(false);
  });
});
