import { readJournal, type Store } from '@mailstore/storage';
import type { ObjectId } from 'mongodb';

/**
 * Journal pages (MAX_JOURNAL_READ_ENTRIES each) one refresh reads before it gives up and compares
 * the message list instead: past this many changes one listing is cheaper than more pages.
 */
export const MAX_JOURNAL_PAGES = 10;

/** Expunges and flag changes of one mailbox between two MODSEQs, read from the change journal. */
export interface JournalChanges {
  /** Expunged UIDs, in the order they were expunged. */
  expunged: number[];
  /** The latest flags of each message whose flags changed, with the MODSEQ of that change. */
  flags: Map<number, { flags: string[]; modseq: number }>;
  /**
   * False when the journal cannot tell every change: its entries after `sinceModseq` were pruned
   * (JOURNAL_RETENTION_MS), or there were more than MAX_JOURNAL_PAGES pages of them.
   */
  complete: boolean;
}

/**
 * Reads the mailbox's journal entries in `(sinceModseq, modseqCommitted]`, page by page. The
 * ledger holds one entry for every MODSEQ from 2 up, so a first entry later than
 * `sinceModseq + 1`, or none at all, means entries were pruned (or, rarely, were holes left by
 * a dead writer): the caller then resynchronizes from the message list, which is right either way.
 */
export async function readChanges(
  store: Store,
  user: ObjectId,
  mailbox: ObjectId,
  sinceModseq: number,
  modseqCommitted: number,
): Promise<JournalChanges> {
  const changes: JournalChanges = { expunged: [], flags: new Map(), complete: true };
  let since = sinceModseq;
  for (let page = 0; since < modseqCommitted; page += 1) {
    if (page === MAX_JOURNAL_PAGES) return { ...changes, complete: false };
    const entries = await readJournal(store, { user, mailbox, sinceModseq: since });
    const first = entries[0];
    if (page === 0 && (!first || first.modseq !== since + 1))
      return { ...changes, complete: false };
    if (!first) break;
    for (const entry of entries) {
      if (entry.uid === undefined || entry.modseq === undefined) continue;
      if (entry.kind === 'message-expunged') {
        changes.expunged.push(entry.uid);
        changes.flags.delete(entry.uid);
      } else if (entry.kind === 'flags-changed' && Array.isArray(entry.data?.flags)) {
        changes.flags.set(entry.uid, { flags: entry.data.flags as string[], modseq: entry.modseq });
      }
    }
    // Pages are MAX_JOURNAL_READ_ENTRIES long less the hole entries left out: only an empty
    // page (or the watermark) ends the walk.
    since = entries.at(-1)?.modseq ?? modseqCommitted;
  }
  return changes;
}
