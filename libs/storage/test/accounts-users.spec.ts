import { AddressError } from '@mailstore/address';
import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AccountError,
  addAddress,
  createUser,
  DEFAULT_MAILBOXES,
  deleteUser,
  findUserByUsername,
  getUser,
  listAddresses,
  listMailboxes,
  listUsers,
  setDisabled,
  setQuota,
} from '../src/index.js';
import {
  caught,
  deliver,
  openAccountsStore,
  type AccountsTestStore,
} from './accounts-support/store.js';

let t: AccountsTestStore;
beforeAll(async () => {
  t = await openAccountsStore('accounts-users');
});
afterAll(async () => t?.close());

const count = (collection: string, filter: object = {}) =>
  t.store.db.collection(collection).countDocuments(filter);

describe('createUser', () => {
  it('stores the user with its addresses and the default mailboxes', async () => {
    const { userId } = await createUser(t.store, {
      username: 'Alice',
      name: 'Alice Example',
      quotaBytes: 1_000_000,
      addresses: ['Alice@Example.com', 'a.smith@bücher.de'],
    });
    const user = await getUser(t.store, userId);
    expect(user).toMatchObject({
      username: 'alice',
      name: 'Alice Example',
      disabled: false,
      quota: { limit: 1_000_000, used: 0 },
      settings: {},
    });
    const addresses = await listAddresses(t.store, userId);
    expect(addresses.map((a) => a.lookup)).toEqual(['alice@example.com', 'asmith@bücher.de']);
    expect(addresses.map((a) => a.display)).toContain('a.smith@bücher.de');
    const mailboxes = await listMailboxes(t.store, userId);
    expect(mailboxes.map((m) => m.path).sort()).toEqual(
      DEFAULT_MAILBOXES.map((m) => m.path).sort(),
    );
  });

  it('finds a user by username in any case and never returns the auth-owned fields', async () => {
    const { userId } = await createUser(t.store, { username: 'bob' });
    await t.store.db
      .collection('users')
      .updateOne({ _id: userId }, { $set: { password: '$argon2id$x', auth: { generation: 1 } } });
    const found = await findUserByUsername(t.store, ' BOB ');
    expect(found?._id.equals(userId)).toBe(true);
    expect(found).not.toHaveProperty('password');
    expect(found).not.toHaveProperty('auth');
    expect(await getUser(t.store, userId)).not.toHaveProperty('password');
    expect(await findUserByUsername(t.store, 'nobody')).toBeNull();
    expect(await findUserByUsername(t.store, 'not valid!')).toBeNull();
  });

  it('refuses a username that is taken, in any case', async () => {
    await createUser(t.store, { username: 'carol' });
    const error = await caught(() => createUser(t.store, { username: 'CAROL' }));
    expect(error).toBeInstanceOf(AccountError);
    expect(error.code).toBe('ACCOUNT_USERNAME_TAKEN');
  });

  it.each(['', 'a@b', 'white space', 'x'.repeat(129), 'semi;colon'])(
    'refuses the username %j',
    async (username) => {
      const error = await caught(() => createUser(t.store, { username }));
      expect(error.code).toBe('ACCOUNT_USERNAME_INVALID');
    },
  );

  it('refuses a malformed address before writing anything', async () => {
    const before = await count('users');
    const error = await caught(() =>
      createUser(t.store, { username: 'dave', addresses: ['ok@example.com', 'bad@@x'] }),
    );
    expect(error).toBeInstanceOf(AddressError);
    expect(await count('users')).toBe(before);
    expect(await count('addresses', { lookup: 'ok@example.com' })).toBe(0);
  });

  it('removes the new user again when an address is taken', async () => {
    await createUser(t.store, { username: 'erin', addresses: ['erin@example.com'] });
    const error = await caught(() =>
      createUser(t.store, { username: 'erin2', addresses: ['E.R.I.N@EXAMPLE.com'] }),
    );
    expect(error.code).toBe('ACCOUNT_ADDRESS_TAKEN');
    expect(await findUserByUsername(t.store, 'erin2')).toBeNull();
    expect(await count('mailboxes', { path: 'INBOX' })).toBe(await count('users'));
  });

  it('refuses an address with a +label: mail to it already reaches the base address', async () => {
    const error = await caught(() =>
      createUser(t.store, { username: 'erin3', addresses: ['erin3+news@example.com'] }),
    );
    expect(error.code).toBe('ACCOUNT_ADDRESS_LABEL');
    expect(await findUserByUsername(t.store, 'erin3')).toBeNull();
  });

  it('refuses a quota that is not a whole number of bytes', async () => {
    for (const quotaBytes of [-1, 1.5, Number.NaN, 2 ** 60]) {
      const error = await caught(() => createUser(t.store, { username: 'frank', quotaBytes }));
      expect(error.code).toBe('ACCOUNT_QUOTA_INVALID');
    }
  });
});

describe('concurrent creates', () => {
  it('lets exactly one of many users created at once own one normalized address', async () => {
    const spellings = [
      'john.doe@example.org',
      'JohnDoe@Example.ORG',
      'JOHN.DOE@example.org',
      'j.o.h.n.d.o.e@EXAMPLE.org',
      '"johndoe"@example.org',
      '"john.doe"@example.org',
    ];
    const results = await Promise.allSettled(
      spellings.map((address, i) =>
        createUser(t.store, { username: `racer${i}`, addresses: [address] }),
      ),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    expect(won).toHaveLength(1);
    for (const result of lost) {
      expect((result.reason as AccountError).code).toBe('ACCOUNT_ADDRESS_TAKEN');
    }
    expect(await count('addresses', { lookup: 'johndoe@example.org' })).toBe(1);
    expect(await count('users', { username: /^racer/ })).toBe(1);
  });

  it('lets exactly one of many existing users add the same address at once', async () => {
    const users = await Promise.all(
      [0, 1, 2, 3, 4].map((i) => createUser(t.store, { username: `adder${i}` })),
    );
    const results = await Promise.allSettled(
      users.map(({ userId }, i) =>
        addAddress(t.store, userId, `${'shared'.split('').join('.'.repeat(i % 2))}@example.net`),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await count('addresses', { lookup: 'shared@example.net' })).toBe(1);
  });
});

describe('user settings', () => {
  it('sets the quota and the disabled flag, and lists users by username', async () => {
    const { userId } = await createUser(t.store, { username: 'grace' });
    await setQuota(t.store, userId, 5_000);
    await setDisabled(t.store, userId, true);
    expect(await getUser(t.store, userId)).toMatchObject({
      quota: { limit: 5_000, used: 0 },
      disabled: true,
    });
    const page = await listUsers(t.store, { after: 'frank', limit: 1 });
    expect(page.map((u) => u.username)).toEqual(['grace']);
    expect((await caught(() => setQuota(t.store, new ObjectId(), 1))).code).toBe(
      'ACCOUNT_USER_NOT_FOUND',
    );
  });
});

describe('deleteUser', () => {
  it('removes the user, its addresses, mailboxes and messages', async () => {
    const { userId } = await createUser(t.store, {
      username: 'henry',
      addresses: ['henry@example.com'],
    });
    const [inbox] = await listMailboxes(t.store, userId);
    await deliver(t.store, userId, inbox!._id, 2);
    expect(await count('messages', { user: userId })).toBe(2);
    await deleteUser(t.store, userId);
    expect(await getUser(t.store, userId)).toBeNull();
    expect(await count('addresses', { user: userId })).toBe(0);
    expect(await count('mailboxes', { user: userId })).toBe(0);
    expect(await count('messages', { user: userId })).toBe(0);
    expect((await caught(() => deleteUser(t.store, userId))).code).toBe('ACCOUNT_USER_NOT_FOUND');
  });
});
