import type { ObjectId } from 'mongodb';
import type { Store } from '../../store.js';
import {
  JOURNAL,
  MAILBOXES,
  MESSAGES,
  messageId,
  type JournalDoc,
  type MailboxCounters,
  type MessageDoc,
} from '../collections.js';
import { ledgerId } from '../journal/append.js';

/**
 * How long a missing UID or MODSEQ may block the ones after it before it counts as abandoned.
 * An ingest allocates only after its slow work (parsing, blob upload), so a live writer fills
 * its slot within milliseconds; 30 s covers a long GC pause or a slow database failover.
 */
export const HOLE_EXPIRY_MS = 30_000;
/** Slots looked up at once (by exact `_id`) per step of the walk. */
const WALK_BATCH = 16;

/** The committed watermarks of a mailbox after {@link advanceMailbox}. */
export interface Watermarks {
  uidCommitted: number;
  modseqCommitted: number;
}

/** Looks a slot up: when it was written, or null when it is still missing. */
type Probe = (n: number) => Promise<Date | null>;

/**
 * Moves the mailbox's `uidCommitted` and `modseqCommitted` watermarks over the contiguous prefix
 * of written UIDs (message documents) and MODSEQs (journal entries). Readers show only UIDs at or
 * below `uidCommitted`, so two ingests finishing out of order can never show UID n+1 before UID
 * n (RFC 3501 section 2.3.1.1). A slot missing for longer than {@link HOLE_EXPIRY_MS} is filled
 * with a placeholder whose `_id` makes the dead writer's late insert fail.
 */
export async function advanceMailbox(
  store: Store,
  user: ObjectId,
  mailbox: ObjectId,
  now = new Date(),
  known?: MailboxCounters,
  written?: { uids: readonly number[]; modseqs: readonly number[] },
): Promise<Watermarks> {
  // Slots the caller has just written need no lookup.
  const ownUids = new Set(written?.uids);
  const ownModseqs = new Set(written?.modseqs);
  const mailboxes = store.db.collection<MailboxCounters>(MAILBOXES);
  // A writer passes the counters its allocation returned: it needs the walk to reach its own
  // slots only, and saves a read.
  const counters = known ?? (await mailboxes.findOne({ _id: mailbox, user }));
  if (!counters) return { uidCommitted: 0, modseqCommitted: 0 };
  const messages = store.db.collection<MessageDoc>(MESSAGES);
  const journal = store.db.collection<JournalDoc>(JOURNAL);
  const startUid = counters.uidCommitted ?? 0;
  // A new mailbox starts at HIGHESTMODSEQ 1 with nothing journaled (RFC 7162 section 3.1.1).
  const startModseq = counters.modseqCommitted ?? 1;

  const uidCommitted = await walk(startUid, counters.uidNext - 1, now, {
    probe: async (uid) =>
      ownUids.has(uid)
        ? now
        : ((
            await messages.findOne(
              { _id: messageId(user, mailbox, uid) },
              { projection: { storedAt: 1 } },
            )
          )?.storedAt ?? null),
    fill: (uid) =>
      ignoreDuplicate(
        messages.insertOne({
          _id: messageId(user, mailbox, uid),
          user,
          mailbox,
          uid,
          hole: true,
          storedAt: now,
        } as MessageDoc),
      ),
  });
  const modseqCommitted = await walk(startModseq, counters.highestModseq, now, {
    probe: async (modseq) =>
      ownModseqs.has(modseq)
        ? now
        : ((
            await journal.findOne(
              { _id: ledgerId(user, mailbox, modseq) },
              { projection: { createdAt: 1 } },
            )
          )?.createdAt ?? null),
    fill: (modseq) =>
      ignoreDuplicate(
        journal.insertOne({
          _id: ledgerId(user, mailbox, modseq),
          user,
          mailbox,
          kind: 'hole',
          modseq,
          createdAt: now,
        }),
      ),
  });
  if (uidCommitted > startUid || modseqCommitted > startModseq) {
    // $max: a slower concurrent walker can never move a watermark back.
    await mailboxes.updateOne({ _id: mailbox, user }, { $max: { uidCommitted, modseqCommitted } });
  }
  return { uidCommitted, modseqCommitted };
}

async function walk(
  start: number,
  top: number,
  now: Date,
  slots: { probe: Probe; fill: (n: number) => Promise<void> },
): Promise<number> {
  let committed = start;
  while (committed < top) {
    const count = Math.min(WALK_BATCH, top - committed);
    const written = await Promise.all(
      Array.from({ length: count }, (_, i) => slots.probe(committed + 1 + i)),
    );
    const gap = written.findIndex((at) => at === null);
    if (gap === -1 || gap > 0) {
      committed += gap === -1 ? count : gap;
      continue;
    }
    // Slot committed+1 was allocated before any later slot was written; once that write is
    // old, the slot's writer is dead or hopelessly late.
    const later = written.find((at): at is Date => at !== null);
    if (!later || now.getTime() - later.getTime() < HOLE_EXPIRY_MS) break;
    await slots.fill(committed + 1);
  }
  return committed;
}

// A duplicate means the writer (or another walker) got there first: the slot is filled.
async function ignoreDuplicate(write: Promise<unknown>): Promise<void> {
  try {
    await write;
  } catch (error) {
    if ((error as { code?: number }).code !== 11000) throw error;
  }
}
