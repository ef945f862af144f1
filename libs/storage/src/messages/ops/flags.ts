import type { ObjectId } from 'mongodb';
import type { Store } from '../../store.js';
import { MESSAGES, type MessageDoc } from '../collections.js';
import { normalizeFlags } from '../ingest/ingest.js';
import { appendJournalEntries } from '../journal/append.js';
import type { JournalEntryInput } from '../journal/types.js';
import { allocateModseqs } from '../uid/allocate.js';
import { advanceMailbox } from '../uid/watermark.js';
import { loadMessages } from './load.js';
import { mailboxLock, withLock } from '../lock.js';

/** Tries of the compare-and-set flag update when another writer changed the message meanwhile. */
const FLAG_CAS_ATTEMPTS = 5;

/** How STORE combines the given flags with the current ones (RFC 3501 section 6.4.6). */
export type FlagMode = 'add' | 'remove' | 'set';

/** A STORE request. */
export interface StoreFlagsInput {
  user: ObjectId;
  mailbox: ObjectId;
  uids: readonly number[];
  mode: FlagMode;
  flags: readonly string[];
  /** UNCHANGEDSINCE (RFC 7162 section 3.1.3): skip messages whose MODSEQ is higher. */
  unchangedSince?: number;
}

/** What a STORE changed. */
export interface StoreFlagsResult {
  /** Messages whose flags changed, with their new MODSEQ. */
  changed: Array<{ uid: number; modseq: number; flags: string[] }>;
  /** UIDs refused by UNCHANGEDSINCE (the MODIFIED response code). */
  modified: number[];
}

/** Applies a flag change; flag names compare case-insensitively (RFC 3501 section 2.3.2). */
export function applyFlags(current: readonly string[], mode: FlagMode, flags: readonly string[]) {
  const given = new Set(flags.map((flag) => flag.toLowerCase()));
  switch (mode) {
    case 'set':
      return normalizeFlags(flags);
    case 'add':
      return normalizeFlags([...current, ...flags]);
    case 'remove':
      return current.filter((flag) => !given.has(flag.toLowerCase()));
  }
}

function sameFlags(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a.map((flag) => flag.toLowerCase()));
  return a.length === b.length && b.every((flag) => left.has(flag.toLowerCase()));
}

/**
 * Adds, removes or sets flags and keywords. Each changed message gets a new MODSEQ
 * (RFC 7162 section 3.1) and a `flags-changed` journal entry; unchanged messages keep theirs.
 */
export async function storeFlags(store: Store, input: StoreFlagsInput): Promise<StoreFlagsResult> {
  return withLock(store, mailboxLock(input.mailbox), () => applyStore(store, input));
}

async function applyStore(store: Store, input: StoreFlagsInput): Promise<StoreFlagsResult> {
  const { user, mailbox } = input;
  const docs = await loadMessages(store, user, mailbox, input.uids);
  const modified: number[] = [];
  const targets = docs.filter((doc) => {
    if (input.unchangedSince !== undefined && doc.modseq > input.unchangedSince) {
      modified.push(doc.uid);
      return false;
    }
    return !sameFlags(doc.flags, applyFlags(doc.flags, input.mode, input.flags));
  });
  if (targets.length === 0) return { changed: [], modified };

  const modseqs = await allocateModseqs(store, user, mailbox, targets.length);
  const entries: JournalEntryInput[] = [];
  const changed: StoreFlagsResult['changed'] = [];
  for (const [i, doc] of targets.entries()) {
    const modseq = modseqs[i]!;
    const flags = await writeFlags(store, doc, input, modseq);
    if (Array.isArray(flags)) {
      changed.push({ uid: doc.uid, modseq, flags });
      entries.push({ user, mailbox, kind: 'flags-changed', uid: doc.uid, modseq, data: { flags } });
    } else {
      if (flags === 'modified') modified.push(doc.uid);
      // The message went away or failed UNCHANGEDSINCE after all: its MODSEQ slot is filled so
      // the ledger stays contiguous.
      entries.push({ user, mailbox, kind: 'hole', modseq });
    }
  }
  await appendJournalEntries(store, entries);
  await advanceMailbox(store, user, mailbox);
  return { changed, modified: modified.sort((a, b) => a - b) };
}

/**
 * Compare-and-set on the message's MODSEQ, re-reading after a concurrent change. The mailbox
 * lock already serializes our writers; the compare-and-set holds even if a lock lapsed, and a
 * re-read message is tested against UNCHANGEDSINCE again, so a conditional STORE never
 * overwrites a change it did not see (RFC 7162 section 3.1.3). Returns the new flags,
 * `modified` when the condition failed, or null when the message is gone.
 */
async function writeFlags(
  store: Store,
  doc: MessageDoc,
  input: StoreFlagsInput,
  modseq: number,
): Promise<string[] | 'modified' | null> {
  const messages = store.db.collection<MessageDoc>(MESSAGES);
  let current: MessageDoc | null = doc;
  for (let attempt = 0; attempt < FLAG_CAS_ATTEMPTS && current; attempt++) {
    if (input.unchangedSince !== undefined && current.modseq > input.unchangedSince) {
      return 'modified';
    }
    const flags = applyFlags(current.flags, input.mode, input.flags);
    const result = await messages.updateOne(
      { _id: current._id, modseq: current.modseq },
      { $set: { flags, modseq: Math.max(modseq, current.modseq) } },
    );
    if (result.matchedCount === 1) return flags;
    current = await messages.findOne({ _id: doc._id });
  }
  return null;
}
