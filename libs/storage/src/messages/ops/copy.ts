import type { ObjectId } from 'mongodb';
import type { Store } from '../../store.js';
import { takeRefs } from '../blobs/refs.js';
import { BlobMissingError } from '../errors.js';
import { chargeQuota, giveBack, UncertainWriteError } from '../ingest/unsettled.js';
import { expungeMessages } from './expunge.js';
import { mailboxLock, withLock } from '../lock.js';
import { loadMessages } from './load.js';
import { advanceMailbox } from '../uid/watermark.js';
import type { MessageDoc } from '../collections.js';
import { insertMessages, journalAdds, written, type UnplacedMessage } from './place.js';

/** One copied message: its UID in the source and in the target (COPYUID, RFC 4315). */
export interface CopiedMessage {
  sourceUid: number;
  uid: number;
}

/** A COPY or MOVE request within one user's mailboxes. */
export interface CopyInput {
  user: ObjectId;
  from: ObjectId;
  to: ObjectId;
  uids: readonly number[];
  /** MOVE (RFC 6851): expunge the originals, and hand their quota over instead of charging. */
  move?: boolean;
}

/**
 * Copies messages to another mailbox of the same user without copying any bytes: the copies
 * take one more reference on each blob. Copies get new UIDs in ascending source order.
 */
export async function copyMessages(store: Store, input: CopyInput): Promise<CopiedMessage[]> {
  const { user } = input;
  const docs = await loadMessages(store, user, input.from, input.uids);
  if (docs.length === 0) return [];
  const bytes = docs.reduce((sum, doc) => sum + doc.size, 0);
  // MOVE hands the originals' charge to the copies.
  const charged = input.move ? 0 : bytes;
  if (charged > 0) await chargeQuota(store, user, charged);
  const taken: string[] = [];
  try {
    for (const doc of docs) {
      for (const id of doc.blobs) {
        // The originals hold references, so these blobs cannot be under collection.
        if (!(await takeRefs(store, id, 1))) throw new BlobMissingError(id);
        taken.push(id);
      }
    }
  } catch (error) {
    await giveBack(store, user, { bytes: charged, blobs: taken, ids: [] });
    throw error;
  }
  const placed = await withLock(store, mailboxLock(input.to), async () => {
    let inserted: Awaited<ReturnType<typeof insertMessages>>;
    try {
      inserted = await insertMessages(store, user, input.to, docs.map(unplaced));
    } catch (error) {
      const ids = error instanceof UncertainWriteError ? error.ids : [];
      await giveBack(store, user, { bytes: charged, blobs: taken, ids });
      throw error;
    }
    await journalAdds(store, inserted.docs);
    await advanceMailbox(
      store,
      user,
      input.to,
      new Date(),
      inserted.counters,
      written(inserted.docs),
    );
    return inserted.docs;
  });
  if (input.move) {
    await expungeMessages(
      store,
      user,
      input.from,
      docs.map((doc) => doc.uid),
      { keepQuota: true },
    );
  }
  return docs.map((doc, i) => ({ sourceUid: doc.uid, uid: placed[i]!.uid }));
}

/**
 * The copy of a message document before it is placed in the target mailbox: everything but its
 * place, so it keeps what the ingest described (envelope, thread links, blobs) as it was.
 */
function unplaced(doc: MessageDoc): UnplacedMessage {
  const copy: Partial<MessageDoc> = { ...doc };
  delete copy._id;
  delete copy.mailbox;
  delete copy.uid;
  delete copy.modseq;
  delete copy.storedAt;
  return copy as UnplacedMessage;
}
