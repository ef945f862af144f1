import type { ObjectId } from 'mongodb';

/** What a journal entry records. */
export type JournalKind =
  | 'mailbox-created'
  | 'mailbox-renamed'
  | 'mailbox-deleted'
  | 'message-added'
  | 'flags-changed'
  | 'message-expunged'
  /** A MODSEQ whose writer died before journaling it; it changed nothing. */
  | 'hole';

/** Mailbox-level kinds: they do not take a slot in the mailbox's MODSEQ ledger. */
export const MAILBOX_KINDS: ReadonlySet<JournalKind> = new Set([
  'mailbox-created',
  'mailbox-renamed',
  'mailbox-deleted',
]);

/** An entry to append to the journal. */
export interface JournalEntryInput {
  user: ObjectId;
  mailbox: ObjectId | null;
  kind: JournalKind;
  uid?: number;
  modseq?: number;
  data?: Record<string, unknown>;
}

/** An entry as read back from the journal. */
export interface JournalEntry extends JournalEntryInput {
  createdAt: Date;
}

/** The small notice published on Redis for every journal entry. */
export interface JournalNotice {
  mailbox: string | null;
  kind: JournalKind;
  modseq?: number;
  uid?: number;
}
