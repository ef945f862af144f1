import type { ObjectId } from 'mongodb';
import type { Store } from '../../store.js';
import {
  idRange,
  JOURNAL,
  MESSAGES,
  USERS,
  type JournalDoc,
  type MessageDoc,
} from '../collections.js';

/** How long journal entries are kept by default: a client offline longer resynchronizes fully. */
export const JOURNAL_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;
/** Users handled per page of the prune walk. */
const USER_PAGE = 500;

/** Options of {@link pruneJournal}. */
export interface PruneOptions {
  retentionMs?: number;
  now?: Date;
}

/**
 * Deletes journal entries older than the retention, and UID placeholders of the same age, user
 * by user so that every delete carries the shard key. This replaces a TTL index, which FerretDB
 * lacks. Returns the number of journal entries deleted.
 */
export async function pruneJournal(store: Store, options: PruneOptions = {}): Promise<number> {
  const now = options.now ?? new Date();
  const cutoff = new Date(now.getTime() - (options.retentionMs ?? JOURNAL_RETENTION_MS));
  let deleted = 0;
  let after: ObjectId | undefined;
  for (;;) {
    const users = await store.db
      .collection<{ _id: ObjectId }>(USERS)
      .find(after ? { _id: { $gt: after } } : {}, { projection: { _id: 1 } })
      .sort({ _id: 1 })
      .limit(USER_PAGE)
      .toArray();
    if (users.length === 0) return deleted;
    for (const { _id: user } of users) {
      const result = await store.db
        .collection<JournalDoc>(JOURNAL)
        .deleteMany({ _id: idRange(user), createdAt: { $lt: cutoff } });
      deleted += result.deletedCount;
      await store.db
        .collection<MessageDoc>(MESSAGES)
        .deleteMany({ _id: idRange(user), hole: true, storedAt: { $lt: cutoff } });
    }
    after = users.at(-1)!._id;
  }
}
