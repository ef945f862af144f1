import type { ObjectId } from 'mongodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createMailbox,
  createUser,
  deleteMailbox,
  deleteUser,
  listSubscriptions,
  renameMailbox,
  subscribe,
  SUBSCRIPTION_COLLECTION,
  unsubscribe,
} from '../src/index.js';
import { caught, openAccountsStore, type AccountsTestStore } from './accounts-support/store.js';

let t: AccountsTestStore;
let user: ObjectId;
let n = 0;
beforeAll(async () => {
  t = await openAccountsStore('mailboxes-subscriptions');
});
afterAll(async () => t?.close());
beforeEach(async () => {
  user = (await createUser(t.store, { username: `user${n++}` })).userId;
});

const subscribed = () => listSubscriptions(t.store, user);

describe('subscriptions (RFC 3501 sections 6.3.6 and 6.3.7)', () => {
  it('keeps the subscription of a deleted mailbox, and a recreated mailbox has it', async () => {
    await createMailbox(t.store, user, 'Lists', { subscribed: false });
    await subscribe(t.store, user, 'Lists');
    await deleteMailbox(t.store, user, 'Lists');
    expect(await subscribed()).toContain('Lists');

    // subscribed: false adds nothing, and takes nothing away either.
    await createMailbox(t.store, user, 'Lists', { subscribed: false });
    expect(await subscribed()).toContain('Lists');
  });

  it('subscribes a name that does not exist, normalized, once', async () => {
    await subscribe(t.store, user, 'Later/Maybe');
    await subscribe(t.store, user, 'Later/Maybe');
    await subscribe(t.store, user, 'inbox/Sub');
    const names = await subscribed();
    expect(names.filter((name) => name === 'Later/Maybe')).toHaveLength(1);
    expect(names).toContain('INBOX/Sub');
    expect((await caught(() => subscribe(t.store, user, 'a//b'))).code).toBe(
      'MAILBOX_NAME_INVALID',
    );
  });

  it('unsubscribes existing and deleted names, and refuses a name not subscribed', async () => {
    await unsubscribe(t.store, user, 'Junk');
    expect(await subscribed()).not.toContain('Junk');
    expect((await caught(() => unsubscribe(t.store, user, 'Junk'))).code).toBe(
      'MAILBOX_NOT_SUBSCRIBED',
    );
    await createMailbox(t.store, user, 'Gone');
    await deleteMailbox(t.store, user, 'Gone');
    await unsubscribe(t.store, user, 'Gone');
    expect(await subscribed()).not.toContain('Gone');
  });

  it('moves the subscriptions of a renamed subtree, leaving unsubscribed names alone', async () => {
    await createMailbox(t.store, user, 'Old/A');
    await createMailbox(t.store, user, 'Old/B', { subscribed: false });
    await renameMailbox(t.store, user, 'Old', 'New');
    const names = await subscribed();
    expect(names).toEqual(expect.arrayContaining(['New', 'New/A']));
    expect(names).not.toContain('New/B');
    expect(names.filter((name) => name.startsWith('Old'))).toEqual([]);
  });

  it('keeps INBOX subscribed when INBOX is renamed, and subscribes the new name', async () => {
    await renameMailbox(t.store, user, 'INBOX', 'Old Inbox');
    expect(await subscribed()).toEqual(expect.arrayContaining(['INBOX', 'Old Inbox']));
  });

  it("keeps users apart, and deleteUser removes only that user's subscriptions", async () => {
    const other = (await createUser(t.store, { username: `other${n++}` })).userId;
    await subscribe(t.store, user, 'Mine');
    expect(await listSubscriptions(t.store, other)).not.toContain('Mine');
    await deleteUser(t.store, user);
    const left = t.store.db.collection(SUBSCRIPTION_COLLECTION);
    expect(await left.countDocuments({ user })).toBe(0);
    expect(await listSubscriptions(t.store, other)).toContain('INBOX');
  });
});
