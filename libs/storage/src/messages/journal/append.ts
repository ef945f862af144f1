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
 * The `_id` of a MODSEQ-ledger entry. One entry per (mailbox, MODSEQ): the unique `_id` makes a
 * late writer collide with the `hole` entry that expired its slot.
 */
export function ledgerId(mailbox: ObjectId, modseq: number): string {
  return `${mailbox.toHexString()}:${modseq}`;
}

/** True when the entry takes a slot in its mailbox's MODSEQ ledger. */
export function isLedgerEntry(entry: JournalEntryInput): boolean {
  return entry.mailbox !== null && entry.modseq !== undefined && !MAILBOX_KINDS.has(entry.kind);
}

/**
 * Appends one entry to the change journal and publishes a small notice (a JSON array of
 * {@link JournalNotice}) on the user's Redis channel. Message-level entries with a MODSEQ take that MODSEQ's slot of the mailbox ledger; a
 * {@link JournalSlotTakenError} says the slot was taken. A failed publish is logged, not thrown:
 * the journal is the truth and readers poll it by MODSEQ.
 */
export async function appendJournal(store: Store, entry: JournalEntryInput): Promise<void> {
  await appendJournalEntries(store, [entry]);
}

/** Appends several entries in one write (see {@link appendJournal}). */
export async function appendJournalEntries(
  store: Store,
  entries: readonly JournalEntryInput[],
): Promise<void> {
  if (entries.length === 0) return;
  const createdAt = new Date();
  const docs: JournalDoc[] = entries.map((entry) => toDoc(entry, createdAt));
  try {
    await store.db.collection<JournalDoc>(JOURNAL).insertMany(docs, { ordered: true });
  } catch (error) {
    throw slotError(error, docs) ?? error;
  }
  await publish(store, entries);
}

function toDoc(entry: JournalEntryInput, createdAt: Date): JournalDoc {
  const doc: JournalDoc = {
    _id: isLedgerEntry(entry) ? ledgerId(entry.mailbox!, entry.modseq!) : new ObjectId(),
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

function slotError(error: unknown, docs: JournalDoc[]): JournalSlotTakenError | undefined {
  const code = (error as { code?: number }).code;
  if (code !== 11000) return undefined;
  const index = (error as { writeErrors?: Array<{ index: number }> }).writeErrors?.[0]?.index;
  const doc = docs[index ?? 0];
  if (!doc?.mailbox || doc.modseq === undefined) return undefined;
  return new JournalSlotTakenError(doc.mailbox, doc.modseq);
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
