import {
  ACCOUNT_COLLECTIONS,
  createUser,
  deleteUser,
  listUsers,
  normalizeUsername,
  type AddressDoc,
  type Store,
} from '@mailstore/storage';
import type { ObjectId } from 'mongodb';
import { parseBytes, UsageError, type Command } from '../command.js';
import { readPassword } from '../password.js';
import { findUser } from '../users-lookup.js';

/** `user:create <username>`: a new user with its addresses, default mailboxes and password. */
export const userCreate: Command = {
  usage:
    'user:create <username> [--password P | --password-stdin] [--quota BYTES] [--address A]...',
  summary: 'create a user with its default mailboxes',
  args: [1, 1],
  check(_args, options) {
    if (options.quota !== undefined) parseBytes(options.quota, '--quota');
  },
  async run(store, [username], options) {
    const password = await readPassword(options);
    const quotaBytes = options.quota === undefined ? 0 : parseBytes(options.quota, '--quota');
    const { userId } = await createUser(store, {
      username: username!,
      quotaBytes,
      addresses: options.address ?? [],
    });
    if (password !== undefined) {
      const { setPassword } = await loadAuth();
      // A user whose password could not be stored is removed: the command made nothing.
      await setPassword(store, userId, password).catch(async (error: unknown) => {
        await deleteUser(store, userId);
        throw error;
      });
    }
    const data = { id: userId.toHexString(), username: normalizeUsername(username!) };
    return { data, text: [`created user ${data.username} (${data.id})`] };
  },
};

/** `user:delete <user>`: removes a user with its addresses, mailboxes and messages. */
export const userDelete: Command = {
  usage: 'user:delete <user>',
  summary: 'delete a user with its addresses, mailboxes and messages',
  args: [1, 1],
  async run(store, [name]) {
    const user = await findUser(store, name!);
    await deleteUser(store, user._id);
    return {
      data: { id: user._id.toHexString(), username: user.username, deleted: true },
      text: [`deleted user ${user.username}`],
    };
  },
};

/** `user:password <user>`: sets a new password and ends the user's sessions. */
export const userPassword: Command = {
  usage: 'user:password <user> (--password P | --password-stdin)',
  summary: "set a user's password (ends the user's sessions)",
  args: [1, 1],
  async run(store, [name], options) {
    const password = await readPassword(options);
    if (password === undefined) throw new UsageError('give --password or --password-stdin');
    const user = await findUser(store, name!);
    const { setPassword } = await loadAuth();
    await setPassword(store, user._id, password);
    return { data: { user: user.username }, text: [`password of ${user.username} set`] };
  },
};

/** Most users `user:list` shows unless `--limit` says otherwise. */
const DEFAULT_LIST_LIMIT = 100;

/** `user:list`: users by username with quota, state and addresses. */
export const userList: Command = {
  usage: 'user:list [--limit N]',
  summary: 'list users with their quota and addresses',
  args: [0, 0],
  check(_args, options) {
    listLimit(options.limit);
  },
  async run(store, _args, options) {
    const limit = listLimit(options.limit);
    const users = await listUsers(store, { limit });
    const addresses = await addressesOf(
      store,
      users.map((user) => user._id),
    );
    const data = users.map((user) => ({
      id: user._id.toHexString(),
      username: user.username,
      disabled: user.disabled,
      quota: user.quota,
      addresses: addresses.get(user._id.toHexString()) ?? [],
    }));
    const text = data.map(
      (u) =>
        `${u.username}\t${u.disabled ? 'disabled' : 'active'}\t` +
        `${u.quota.used}/${u.quota.limit || 'unlimited'} bytes\t${u.addresses.join(', ')}`,
    );
    return { data, text };
  },
};

function listLimit(value: string | undefined): number {
  const limit = value === undefined ? DEFAULT_LIST_LIMIT : Number(value);
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw new UsageError('--limit must be a whole number above 0');
  }
  return limit;
}

// libs/auth brings WebAuthn, OpenPGP and argon2 along: loaded only by the commands that set a
// password, so the others start in half the time.
function loadAuth() {
  return import('@mailstore/auth');
}

async function addressesOf(store: Store, ids: ObjectId[]): Promise<Map<string, string[]>> {
  const docs = await store.db
    .collection<AddressDoc>(ACCOUNT_COLLECTIONS.addresses)
    .find({ user: { $in: ids } })
    .sort({ lookup: 1 })
    .toArray();
  const byUser = new Map<string, string[]>();
  for (const doc of docs) {
    const key = doc.user!.toHexString();
    byUser.set(key, [...(byUser.get(key) ?? []), doc.display]);
  }
  return byUser;
}
