import type { ObjectId } from 'mongodb';
import type { Store } from '../../store.js';
import { MESSAGES, messageId, type MessageDoc } from '../collections.js';

/** Up to this many UIDs are read by exact `_id`; more are read as one UID range. */
const POINT_READ_MAX = 64;

/** Loads the (non-placeholder) messages with these UIDs, in UID order; missing ones are skipped. */
export async function loadMessages(
  store: Store,
  user: ObjectId,
  mailbox: ObjectId,
  uids: readonly number[],
): Promise<MessageDoc[]> {
  const messages = store.db.collection<MessageDoc>(MESSAGES);
  const wanted = [...new Set(uids)].sort((a, b) => a - b);
  if (wanted.length === 0) return [];
  let docs: Array<MessageDoc | null>;
  if (wanted.length <= POINT_READ_MAX) {
    docs = await Promise.all(
      wanted.map((uid) => messages.findOne({ _id: messageId(user, mailbox, uid) })),
    );
  } else {
    const set = new Set(wanted);
    const ids = {
      $gte: messageId(user, mailbox, wanted[0]!),
      $lte: messageId(user, mailbox, wanted.at(-1)!),
    };
    const range = await messages.find({ _id: ids }).sort({ _id: 1 }).toArray();
    docs = range.filter((doc) => set.has(doc.uid));
  }
  return docs.filter((doc): doc is MessageDoc => doc !== null && !doc.hole);
}

/** What {@link listMessages} returns. */
export interface ListOptions {
  /** Only messages whose MODSEQ is above this (CHANGEDSINCE, RFC 7162 section 3.1.4). */
  changedSince?: number;
  /** First and last UID wanted. */
  uidFrom?: number;
  uidTo?: number;
}

/**
 * Lists the messages of a mailbox that readers may see: UIDs at or below the committed
 * watermark (see README, "Messages"), in UID order. `uidCommitted` comes from
 * {@link advanceMailbox} or the mailbox document.
 */
export async function listMessages(
  store: Store,
  user: ObjectId,
  mailbox: ObjectId,
  uidCommitted: number,
  options: ListOptions = {},
): Promise<MessageDoc[]> {
  const last = Math.min(options.uidTo ?? uidCommitted, uidCommitted);
  if (last < 1) return [];
  const from = messageId(user, mailbox, options.uidFrom ?? 1);
  const filter = {
    _id: { $gte: from, $lte: messageId(user, mailbox, last) },
    hole: { $exists: false },
    ...(options.changedSince === undefined ? {} : { modseq: { $gt: options.changedSince } }),
  };
  return store.db.collection<MessageDoc>(MESSAGES).find(filter).sort({ _id: 1 }).toArray();
}
