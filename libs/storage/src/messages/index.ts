export {
  BLOB_BUCKET,
  BLOB_CHUNKS,
  BLOB_FILES,
  JOURNAL,
  MESSAGE_INDEXES,
  MESSAGES,
  THREADS,
  type BlobFileDoc,
  type JournalDoc,
  type MailboxCounters,
  type MessageDoc,
  type ThreadDoc,
} from './collections.js';
export {
  BlobMissingError,
  MailboxNotFoundError,
  MessageStoreError,
  MessageTooLargeError,
  QuotaExceededError,
  UserNotFoundError,
  type MessageErrorCode,
} from './errors.js';
export {
  appendJournal,
  appendJournalEntries,
  journalChannel,
  JournalSlotTakenError,
} from './journal/append.js';
export { MAX_JOURNAL_READ_ENTRIES, readJournal, type ReadJournalOptions } from './journal/read.js';
export type {
  JournalEntry,
  JournalEntryInput,
  JournalKind,
  JournalNotice,
} from './journal/types.js';
export { deleteMailboxMessages, deleteUserMessages, type DeletedMessages } from './ops/delete.js';
export { recalculateQuota, releaseQuota, reserveQuota } from './quota.js';
export { allocateModseqs, allocateUids, type Allocation } from './uid/allocate.js';
export { advanceMailbox, HOLE_EXPIRY_MS, type Watermarks } from './uid/watermark.js';
