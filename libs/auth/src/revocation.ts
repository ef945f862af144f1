import { redisKey } from '@mailstore/db';
import type { ObjectId } from 'mongodb';
import type { AuthStore } from './store.js';
import { usersOf } from './users.js';

/** The Redis channel that carries the ids of users whose sessions must end. */
export function revocationChannel(store: AuthStore): string {
  return redisKey(store.redisPrefix, 'auth', 'revoked');
}

/**
 * Voids every token issued to the user so far (one counter per user) and tells every app,
 * through Redis, to close the user's open sessions.
 */
export async function revokeAllSessions(store: AuthStore, userId: ObjectId): Promise<void> {
  await usersOf(store).updateOne({ _id: userId }, { $inc: { 'auth.generation': 1 } });
  await publishRevocation(store, userId);
}

/** Separates the user id from the application password id in a notice. */
const NOTICE_SEPARATOR = ':';

/**
 * Publishes the revocation notice for a user: `<user id>` ends all of the user's sessions,
 * `<user id>:<app password id>` only those that logged in with that application password.
 */
export async function publishRevocation(
  store: AuthStore,
  userId: ObjectId,
  appPasswordId?: ObjectId,
): Promise<void> {
  const ids = appPasswordId ? [userId, appPasswordId] : [userId];
  const notice = ids.map((id) => id.toHexString()).join(NOTICE_SEPARATOR);
  await store.redis.publish(revocationChannel(store), notice);
}

/**
 * Calls `onRevoked` with the user id (hex) of every revocation notice, and the application
 * password id (hex) when the notice names one, on a connection of its own (a subscribed Redis
 * connection can do nothing else). Resolves to the unsubscribe function.
 */
export async function subscribeRevocations(
  store: AuthStore,
  onRevoked: (userId: string, appPasswordId?: string) => void,
): Promise<() => Promise<void>> {
  const channel = revocationChannel(store);
  const subscriber = store.redis.duplicate({ lazyConnect: true });
  await subscriber.connect();
  subscriber.on('message', (from: string, message: string) => {
    if (from !== channel) return;
    const [userId = '', appPasswordId] = message.split(NOTICE_SEPARATOR);
    onRevoked(userId, appPasswordId);
  });
  await subscriber.subscribe(channel);
  return async () => {
    await subscriber.quit().catch(() => subscriber.disconnect());
  };
}
