import { redisKey } from '@mailstore/db';
import { ObjectId } from 'mongodb';
import type { Store } from '../../store.js';
import { JOURNAL, type JournalDoc } from '../collections.js';
import { MAILBOX_KINDS, type JournalEntryInput, type JournalNotice } from './types.js';

/** Another writer (or the hole-expiry step) already holds this MODSEQ slot of the mailbox. */
export class JournalSlotTakenError extends Error {
  constructor(
    readonly mailbox: ObjectId,
    readonly modseq: number,
  ) {
    super(`MODSEQ ${modseq} of mailbox ${mailbox.toHexString()} is already journaled`);
    this.name = 'JournalSlotTakenError';
  }
}

/** The Redis channel on which a user's journal notices are published. */
export function journalChannel(store: Pick<Store, 'redisPrefix'>, user: ObjectId): string {
  return redisKey(store.redisPrefix, 'journal', user.toHexString());
}

/**
 * The `_id` of a MODSEQ-ledger entry: `<user>:<mailbox>:<MODSEQ as 12 hex digits>`. One entry per
 * (mailbox, MODSEQ): the unique `_id` makes a late writer collide with the `hole` entry that
 * expired its slot, and it leads with the shard key and sorts by MODSEQ.
 */
export function ledgerId(user: ObjectId, mailbox: ObjectId, modseq: number): string {
  const hex = modseq.toString(16).padStart(12, '0');
  return `${user.toHexString()}:${mailbox.toHexString()}:${hex}`;
}

/** True when the entry takes a slot in its mailbox's MODSEQ ledger. */
export function isLedgerEntry(entry: JournalEntryInput): boolean {
  return entry.mailbox !== null && entry.modseq !== undefined && !MAILBOX_KINDS.has(entry.kind);
}

/**
 * Appends one entry to the change journal and publishes a small notice (a JSON array of
 * {@link JournalNotice}) on the user's Redis channel. Message-level entries with a MODSEQ take
 * that MODSEQ's slot of the mailbox ledger; a {@link JournalSlotTakenError} says the slot was
 * taken. A failed publish is logged, not thrown: the journal is the truth, notices are hints.
 */
export async function appendJournal(store: Store, entry: JournalEntryInput): Promise<void> {
  const [taken] = await appendJournalEntries(store, [entry]);
  if (taken) throw new JournalSlotTakenError(taken.mailbox!, taken.modseq!);
}

/**
 * Appends several entries in one write and returns those whose ledger slot was already taken
 * (they were not written); notices go out for the others.
 */
export async function appendJournalEntries(
  store: Store,
  entries: readonly JournalEntryInput[],
): Promise<JournalEntryInput[]> {
  if (entries.length === 0) return [];
  const createdAt = new Date();
  const docs: JournalDoc[] = entries.map((entry) => toDoc(entry, createdAt));
  let taken = new Set<number>();
  try {
    await store.db.collection<JournalDoc>(JOURNAL).insertMany(docs, { ordered: false });
  } catch (error) {
    taken = new Set(duplicateIndexes(error));
  }
  const written = entries.filter((entry, i) => !taken.has(i) && entry.kind !== 'hole');
  await publish(store, written);
  return entries.filter((_, i) => taken.has(i));
}

function toDoc(entry: JournalEntryInput, createdAt: Date): JournalDoc {
  const doc: JournalDoc = {
    _id: isLedgerEntry(entry)
      ? ledgerId(entry.user, entry.mailbox!, entry.modseq!)
      : `${entry.user.toHexString()}:${new ObjectId().toHexString()}`,
    user: entry.user,
    mailbox: entry.mailbox,
    kind: entry.kind,
    createdAt,
  };
  if (entry.modseq !== undefined) doc.modseq = entry.modseq;
  if (entry.uid !== undefined) doc.uid = entry.uid;
  if (entry.data !== undefined) doc.data = entry.data;
  return doc;
}

/** Indexes of the documents a bulk insert refused as duplicates; throws any other failure. */
export function duplicateIndexes(error: unknown): number[] {
  const writeErrors = (error as { writeErrors?: Array<{ index: number; code: number }> })
    .writeErrors;
  const list = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
  if (list.length === 0 || list.some((e) => e.code !== 11000)) throw error;
  return list.map((e) => e.index);
}

async function publish(store: Store, entries: readonly JournalEntryInput[]): Promise<void> {
  const byUser = new Map<string, JournalNotice[]>();
  for (const entry of entries) {
    const notices = byUser.get(entry.user.toHexString()) ?? [];
    notices.push({
      mailbox: entry.mailbox?.toHexString() ?? null,
      kind: entry.kind,
      ...(entry.modseq === undefined ? {} : { modseq: entry.modseq }),
      ...(entry.uid === undefined ? {} : { uid: entry.uid }),
    });
    byUser.set(entry.user.toHexString(), notices);
  }
  for (const [user, notices] of byUser) {
    const channel = journalChannel(store, ObjectId.createFromHexString(user));
    // One message (a JSON array) per batch keeps a 1000-message COPY from flooding subscribers.
    await store.redis
      .publish(channel, JSON.stringify(notices))
      .catch((error: Error) =>
        store.logger.warn({ err: error.message, channel }, 'journal notice not published'),
      );
  }
}
