import type { Logger } from '@mailstore/logger';
import type { Store } from '@mailstore/storage';
import type { Session } from './session/session.js';

/** A change journal notice as libs/storage publishes it (a JSON array on the user's channel). */
interface Notice {
  mailbox: string | null;
  kind: string;
}

/**
 * Listens to every user's journal channel on one Redis connection and wakes the sessions that
 * have the changed mailbox selected, on whichever instance the change was made.
 */
export async function listenForChanges(
  store: Store,
  sessions: ReadonlySet<Session>,
  logger: Logger,
): Promise<() => Promise<void>> {
  const prefix = `${store.redisPrefix}journal:`;
  const subscriber = store.redis.duplicate({ lazyConnect: true });
  await subscriber.connect();
  subscriber.on('pmessage', (_pattern: string, channel: string, message: string) => {
    const user = channel.slice(prefix.length);
    let notices: Notice[];
    try {
      notices = JSON.parse(message) as Notice[];
    } catch {
      logger.warn({ channel }, 'unreadable journal notice');
      return;
    }
    const mailboxes = new Set(notices.map((notice) => notice.mailbox));
    for (const session of sessions) {
      const selected = session.selected;
      if (session.user?.id.toHexString() !== user || !selected) continue;
      if (mailboxes.has(selected.id.toHexString())) session.mailboxChanged();
    }
  });
  await subscriber.psubscribe(`${prefix}*`);
  return async () => {
    await subscriber.quit().catch(() => subscriber.disconnect());
  };
}
