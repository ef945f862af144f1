import type { Collection, ObjectId } from 'mongodb';
import type { Store } from '../../store.js';
import {
  JOURNAL,
  MAILBOXES,
  MESSAGES,
  type JournalDoc,
  type MailboxCounters,
  type MessageDoc,
} from '../collections.js';
import { ledgerId } from '../journal/append.js';
import { MAILBOX_KINDS } from '../journal/types.js';

/**
 * How long a missing UID or MODSEQ may block the ones after it before it counts as abandoned.
 * An ingest allocates only after its slow work (parsing, blob upload), so a live writer fills
 * its slot within milliseconds; 30 s covers a long GC pause or a slow database failover.
 */
export const HOLE_EXPIRY_MS = 30_000;
/** Documents read per step of the contiguous-prefix walk. */
const WALK_BATCH = 500;

/** The committed watermarks of a mailbox after {@link advanceMailbox}. */
export interface Watermarks {
  uidCommitted: number;
  modseqCommitted: number;
}

/** A slot the walk reached: its number and when it was written. */
interface Slot {
  n: number;
  at: Date;
}

/**
 * Moves the mailbox's `uidCommitted` and `modseqCommitted` watermarks over the contiguous prefix
 * of written UIDs (message documents) and MODSEQs (journal entries). Readers show only UIDs at or
 * below `uidCommitted`, so two ingests finishing out of order can never show UID n+1 before UID
 * n (RFC 3501 section 2.3.1.1). A slot missing for longer than {@link HOLE_EXPIRY_MS} is filled
 * with a placeholder whose unique key makes the dead writer's late insert fail.
 */
export async function advanceMailbox(
  store: Store,
  user: ObjectId,
  mailbox: ObjectId,
  now = new Date(),
): Promise<Watermarks> {
  const mailboxes = store.db.collection<MailboxCounters>(MAILBOXES);
  const counters = await mailboxes.findOne({ _id: mailbox, user });
  if (!counters) return { uidCommitted: 0, modseqCommitted: 0 };
  const messages = store.db.collection<MessageDoc>(MESSAGES);
  const journal = store.db.collection<JournalDoc>(JOURNAL);

  const uidCommitted = await walk(
    counters.uidCommitted ?? 0,
    counters.uidNext - 1,
    now,
    (after) => readUids(messages, user, mailbox, after),
    (uid) => fillUidHole(messages, user, mailbox, uid, now),
  );
  // A new mailbox starts at HIGHESTMODSEQ 1 with nothing journaled (RFC 7162 section 3.1.1).
  const modseqCommitted = await walk(
    counters.modseqCommitted ?? 1,
    counters.highestModseq,
    now,
    (after) => readModseqs(journal, user, mailbox, after),
    (modseq) => fillModseqHole(journal, user, mailbox, modseq, now),
  );
  if (
    uidCommitted > (counters.uidCommitted ?? 0) ||
    modseqCommitted > (counters.modseqCommitted ?? 1)
  ) {
    // $max: a slower concurrent walker can never move a watermark back.
    await mailboxes.updateOne({ _id: mailbox, user }, { $max: { uidCommitted, modseqCommitted } });
  }
  return { uidCommitted, modseqCommitted };
}

async function walk(
  start: number,
  top: number,
  now: Date,
  read: (after: number) => Promise<Slot[]>,
  fillHole: (n: number) => Promise<void>,
): Promise<number> {
  let committed = start;
  while (committed < top) {
    const slots = await read(committed);
    let next = committed;
    for (const slot of slots) {
      if (slot.n === next + 1) next = slot.n;
      else if (slot.n > next + 1) break;
    }
    if (next > committed) {
      committed = next;
      continue;
    }
    const later = slots.find((slot) => slot.n > committed + 1);
    // Slot committed+1 was allocated before `later` was written; once that is old, its writer
    // is dead or hopelessly late.
    if (!later || now.getTime() - later.at.getTime() < HOLE_EXPIRY_MS) break;
    await fillHole(committed + 1);
  }
  return committed;
}

async function readUids(
  messages: Collection<MessageDoc>,
  user: ObjectId,
  mailbox: ObjectId,
  after: number,
): Promise<Slot[]> {
  const docs = await messages
    .find({ user, mailbox, uid: { $gt: after } }, { projection: { uid: 1, storedAt: 1 } })
    .sort({ uid: 1 })
    .limit(WALK_BATCH)
    .toArray();
  return docs.map((doc) => ({ n: doc.uid, at: doc.storedAt }));
}

async function readModseqs(
  journal: Collection<JournalDoc>,
  user: ObjectId,
  mailbox: ObjectId,
  after: number,
): Promise<Slot[]> {
  const docs = await journal
    .find(
      { user, mailbox, modseq: { $gt: after }, kind: { $nin: [...MAILBOX_KINDS] } },
      { projection: { modseq: 1, createdAt: 1 } },
    )
    .sort({ modseq: 1 })
    .limit(WALK_BATCH)
    .toArray();
  return docs.map((doc) => ({ n: doc.modseq ?? 0, at: doc.createdAt }));
}

async function fillUidHole(
  messages: Collection<MessageDoc>,
  user: ObjectId,
  mailbox: ObjectId,
  uid: number,
  now: Date,
): Promise<void> {
  await ignoreDuplicate(
    messages.insertOne({ user, mailbox, uid, hole: true, storedAt: now } as MessageDoc),
  );
}

async function fillModseqHole(
  journal: Collection<JournalDoc>,
  user: ObjectId,
  mailbox: ObjectId,
  modseq: number,
  now: Date,
): Promise<void> {
  await ignoreDuplicate(
    journal.insertOne({
      _id: ledgerId(mailbox, modseq),
      user,
      mailbox,
      kind: 'hole',
      modseq,
      createdAt: now,
    }),
  );
}

// A duplicate means the writer (or another walker) got there first: the slot is filled.
async function ignoreDuplicate(write: Promise<unknown>): Promise<void> {
  try {
    await write;
  } catch (error) {
    if ((error as { code?: number }).code !== 11000) throw error;
  }
}
