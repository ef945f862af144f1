import {
  AccountError,
  findUserByUsername,
  getUser,
  resolveRecipient,
  type Store,
  type UserDoc,
} from '@mailstore/storage';

/** Finds the user an operator named, by username or by one of the user's addresses. */
export async function findUser(store: Store, name: string): Promise<UserDoc> {
  if (name.includes('@')) {
    const recipient = await resolveRecipient(store, name);
    const user = recipient?.kind === 'user' ? await getUser(store, recipient.userId) : null;
    if (user) return user;
  } else {
    const user = await findUserByUsername(store, name);
    if (user) return user;
  }
  throw new AccountError('ACCOUNT_USER_NOT_FOUND', `no user "${name}"`);
}
