import type { ObjectId } from 'mongodb';
import type { Store } from '../../store.js';
import { MESSAGES, messageId, type MailboxCounters, type MessageDoc } from '../collections.js';
import { appendJournalEntries, duplicateIndexes } from '../journal/append.js';
import type { JournalEntryInput } from '../journal/types.js';
import { allocateModseqs, allocateUids } from '../uid/allocate.js';
import { advanceMailbox } from '../uid/watermark.js';
import { UncertainWriteError } from '../ingest/unsettled.js';

/** Rounds of allocation when a UID or MODSEQ slot was expired under a very late writer. */
const PLACE_ATTEMPTS = 5;

/** A message document before it has a mailbox, a UID and a MODSEQ. */
export type UnplacedMessage = Omit<MessageDoc, '_id' | 'mailbox' | 'uid' | 'modseq' | 'storedAt'>;

/**
 * Gives each message a UID and MODSEQ in the mailbox, writes it, journals it and advances the
 * mailbox watermarks, returning the written documents in input order. The steps are ordered so
 * that a crash leaves at worst a hole that {@link advanceMailbox} expires.
 */
export async function placeMessages(
  store: Store,
  user: ObjectId,
  mailbox: ObjectId,
  messages: readonly UnplacedMessage[],
): Promise<MessageDoc[]> {
  const { docs, counters } = await insertMessages(store, user, mailbox, messages);
  await journalAdds(store, docs);
  await advanceMailbox(store, user, mailbox, new Date(), counters, written(docs));
  return docs;
}

/**
 * Allocates and inserts the messages (step one of {@link placeMessages}). When it throws,
 * nothing was written; once it returns, the messages own their blob references and quota.
 */
export async function insertMessages(
  store: Store,
  user: ObjectId,
  mailbox: ObjectId,
  messages: readonly UnplacedMessage[],
): Promise<{ docs: MessageDoc[]; counters: MailboxCounters }> {
  let counters: MailboxCounters | undefined;
  const placed = new Array<MessageDoc | undefined>(messages.length);
  let pending = messages.map((_, i) => i);
  for (let attempt = 0; attempt < PLACE_ATTEMPTS && pending.length > 0; attempt++) {
    const round = await placeRound(store, user, mailbox, messages, pending, placed);
    pending = round.refused;
    counters = round.counters;
  }
  if (pending.length > 0 || !counters) {
    throw new Error('could not place messages: UID slots kept expiring');
  }
  return { docs: placed as MessageDoc[], counters };
}

/** One round: allocate for the pending messages, insert them, return the ones refused. */
async function placeRound(
  store: Store,
  user: ObjectId,
  mailbox: ObjectId,
  messages: readonly UnplacedMessage[],
  pending: number[],
  placed: Array<MessageDoc | undefined>,
): Promise<{ refused: number[]; counters: MailboxCounters }> {
  const allocation = await allocateUids(store, user, mailbox, pending.length);
  const storedAt = new Date();
  const docs: MessageDoc[] = pending.map((index, i) => ({
    ...messages[index]!,
    _id: messageId(user, mailbox, allocation.uids[i]!),
    user,
    mailbox,
    uid: allocation.uids[i]!,
    modseq: allocation.modseqs[i]!,
    storedAt,
  }));
  let refused = new Set<number>();
  try {
    await store.db.collection<MessageDoc>(MESSAGES).insertMany(docs, { ordered: false });
  } catch (error) {
    // A duplicate UID means the slot was expired as a hole: this writer was too late for it.
    // Any other failure may have come after the write: its outcome is unknown.
    try {
      refused = new Set(duplicateIndexes(error));
    } catch {
      throw new UncertainWriteError(
        docs.map((doc) => doc._id),
        error,
      );
    }
  }
  const holes: JournalEntryInput[] = [];
  docs.forEach((doc, i) => {
    if (refused.has(i)) holes.push({ user, mailbox, kind: 'hole', modseq: doc.modseq });
    else placed[pending[i]!] = doc;
  });
  // The refused messages' MODSEQs still need their ledger slots filled.
  await appendJournalEntries(store, holes);
  return { refused: pending.filter((_, i) => refused.has(i)), counters: allocation.counters };
}

/** Journals the additions; a MODSEQ slot expired meanwhile gets the change under a new MODSEQ. */
export async function journalAdds(store: Store, docs: MessageDoc[]): Promise<void> {
  let entries: JournalEntryInput[] = docs.map((doc) => ({
    user: doc.user,
    mailbox: doc.mailbox,
    kind: 'message-added',
    uid: doc.uid,
    modseq: doc.modseq,
  }));
  for (let attempt = 0; attempt < PLACE_ATTEMPTS && entries.length > 0; attempt++) {
    const taken = await appendJournalEntries(store, entries);
    if (taken.length === 0) return;
    const modseqs = await allocateModseqs(store, taken[0]!.user, taken[0]!.mailbox!, taken.length);
    entries = taken.map((entry, i) => ({ ...entry, modseq: modseqs[i]! }));
    for (const entry of entries) {
      await store.db
        .collection<MessageDoc>(MESSAGES)
        .updateOne(
          { _id: messageId(entry.user, entry.mailbox!, entry.uid!) },
          { $max: { modseq: entry.modseq! } },
        );
    }
  }
  store.logger.error({ count: entries.length }, 'message additions left unjournaled');
}

/** The UIDs and MODSEQs of freshly written messages, for {@link advanceMailbox}. */
export function written(docs: readonly MessageDoc[]): { uids: number[]; modseqs: number[] } {
  return { uids: docs.map((doc) => doc.uid), modseqs: docs.map((doc) => doc.modseq) };
}
