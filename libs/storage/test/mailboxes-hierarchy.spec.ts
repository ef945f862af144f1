import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createMailbox,
  createUser,
  deleteMailbox,
  getMailbox,
  getMailboxByPath,
  getUser,
  JOURNAL,
  listMailboxes,
  listSubscriptions,
  MailboxError,
  type JournalDoc,
  type SpecialUse,
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
  t = await openAccountsStore('mailboxes-hierarchy');
});
afterAll(async () => t?.close());
beforeEach(async () => {
  user = (await createUser(t.store, { username: `user${n++}` })).userId;
});

const paths = async () => (await listMailboxes(t.store, user)).map((m) => m.path);
const journal = (kind: string) =>
  t.store.db
    .collection<JournalDoc & { data: { path: string } }>(JOURNAL)
    .find({ user, kind })
    .sort({ createdAt: 1 })
    .toArray();

describe('default mailboxes', () => {
  it('gives a new user INBOX and the special-use set, empty and subscribed', async () => {
    const boxes = await listMailboxes(t.store, user);
    expect(boxes.map((m) => [m.path, m.specialUse])).toEqual([
      ['Archive', '\\Archive'],
      ['Drafts', '\\Drafts'],
      ['INBOX', null],
      ['Junk', '\\Junk'],
      ['Sent', '\\Sent'],
      ['Trash', '\\Trash'],
    ]);
    for (const box of boxes) {
      expect(box).toMatchObject({ uidNext: 1, highestModseq: 1 });
      expect(box.uidValidity).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000) - 60);
      expect(box.uidValidity).toBeLessThanOrEqual(0xffffffff);
    }
    expect(new Set(boxes.map((m) => m.uidValidity)).size).toBe(boxes.length);
    expect(await listSubscriptions(t.store, user)).toEqual(boxes.map((m) => m.path));
    expect((await journal('mailbox-created')).map((e) => e.data.path).sort()).toEqual(
      boxes.map((m) => m.path).sort(),
    );
  });
});

describe('createMailbox', () => {
  it('creates missing superiors (RFC 3501 section 6.3.3) and journals each', async () => {
    const created = await createMailbox(t.store, user, 'Projects/2026/Q1', {
      specialUse: '\\Archive',
      subscribed: false,
    });
    expect(created).toMatchObject({ path: 'Projects/2026/Q1', specialUse: '\\Archive' });
    // The superiors made on the way are subscribed, the target (subscribed: false) is not.
    expect(await listSubscriptions(t.store, user)).toEqual(
      expect.arrayContaining(['Projects', 'Projects/2026']),
    );
    expect(await listSubscriptions(t.store, user)).not.toContain('Projects/2026/Q1');
    expect(await paths()).toEqual(expect.arrayContaining(['Projects', 'Projects/2026']));
    const made = (await journal('mailbox-created')).map((e) => e.data.path);
    expect(made.slice(-3)).toEqual(['Projects', 'Projects/2026', 'Projects/2026/Q1']);
  });

  it('treats INBOX case-insensitively and refuses a name that exists', async () => {
    expect((await caught(() => createMailbox(t.store, user, 'inbox'))).code).toBe('MAILBOX_EXISTS');
    const child = await createMailbox(t.store, user, 'Inbox/Receipts');
    expect(child.path).toBe('INBOX/Receipts');
    expect((await getMailboxByPath(t.store, user, 'iNbOx/Receipts'))?._id).toEqual(child._id);
    const error = await caught(() => createMailbox(t.store, user, 'Sent'));
    expect(error).toBeInstanceOf(MailboxError);
    expect((error as MailboxError).responseCode).toBe('ALREADYEXISTS');
  });

  it.each(['', '/a', 'a/', 'a//b', 'a*', 'b%', 'tab\there', 'x'.repeat(1025)])(
    'refuses the name %j',
    async (path) => {
      expect((await caught(() => createMailbox(t.store, user, path))).code).toBe(
        'MAILBOX_NAME_INVALID',
      );
    },
  );

  it('refuses a special-use attribute it does not know with USEATTR (RFC 6154)', async () => {
    const error = await caught(() =>
      createMailbox(t.store, user, 'Everything', { specialUse: '\\All' as SpecialUse }),
    );
    expect(error.code).toBe('MAILBOX_SPECIAL_USE');
    expect((error as MailboxError).responseCode).toBe('USEATTR');
    expect(await getMailboxByPath(t.store, user, 'Everything')).toBeNull();
  });

  it('lets only one of several concurrent creates of one name win', async () => {
    const results = await Promise.allSettled(
      [1, 2, 3, 4].map(() => createMailbox(t.store, user, 'Race/Here')),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((await paths()).filter((p) => p.startsWith('Race'))).toEqual(['Race', 'Race/Here']);
  });

  it('refuses a user that does not exist', async () => {
    expect((await caught(() => createMailbox(t.store, new ObjectId(), 'X'))).code).toBe(
      'MAILBOX_USER_NOT_FOUND',
    );
  });
});

describe('UIDVALIDITY', () => {
  it('hands distinct values to mailboxes created at once', async () => {
    const names = Array.from({ length: 12 }, (_, i) => `Parallel${i}`);
    const made = await Promise.all(names.map((name) => createMailbox(t.store, user, name)));
    const all = (await listMailboxes(t.store, user)).map((box) => box.uidValidity);
    expect(new Set(made.map((box) => box.uidValidity)).size).toBe(names.length);
    expect(new Set(all).size).toBe(all.length);
  });

  it('never hands the same value to a re-created name', async () => {
    const seen: number[] = [];
    for (let i = 0; i < 3; i++) {
      seen.push((await createMailbox(t.store, user, 'Again')).uidValidity);
      await deleteMailbox(t.store, user, 'Again');
    }
    expect(seen[1]).toBeGreaterThan(seen[0]!);
    expect(seen[2]).toBeGreaterThan(seen[1]!);
  });
});

describe('deleteMailbox', () => {
  it('deletes a mailbox with its messages and journals it', async () => {
    const box = await createMailbox(t.store, user, 'Old');
    await deliver(t.store, user, box._id, 2);
    expect(await t.store.db.collection('messages').countDocuments({ mailbox: box._id })).toBe(2);
    expect((await getUser(t.store, user))?.quota.used).toBeGreaterThan(0);
    await deleteMailbox(t.store, user, 'Old');
    expect((await getUser(t.store, user))?.quota.used).toBe(0);
    expect(await getMailbox(t.store, user, box._id)).toBeNull();
    expect(await t.store.db.collection('messages').countDocuments({ mailbox: box._id })).toBe(0);
    expect((await journal('mailbox-deleted')).map((e) => e.mailbox)).toEqual([box._id]);
  });

  it('refuses INBOX, missing names and mailboxes that have inferiors', async () => {
    await createMailbox(t.store, user, 'Parent/Child');
    const codes = [];
    for (const path of ['INBOX', 'inbox', 'Missing', 'Parent']) {
      codes.push((await caught(() => deleteMailbox(t.store, user, path))).code);
    }
    expect(codes).toEqual([
      'MAILBOX_INBOX',
      'MAILBOX_INBOX',
      'MAILBOX_NOT_FOUND',
      'MAILBOX_HAS_CHILDREN',
    ]);
    await deleteMailbox(t.store, user, 'Parent/Child');
    await deleteMailbox(t.store, user, 'Parent');
    expect((await paths()).filter((p) => p.startsWith('Parent'))).toEqual([]);
  });
});

describe('ownership', () => {
  it("does not hand out another user's mailbox by id", async () => {
    const inbox = await getMailboxByPath(t.store, user, 'INBOX');
    const other = (await createUser(t.store, { username: `other${n++}` })).userId;
    expect(await getMailbox(t.store, other, inbox!._id)).toBeNull();
    expect((await getMailbox(t.store, user, inbox!._id))?.path).toBe('INBOX');
  });
});
