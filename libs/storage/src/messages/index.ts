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
  type ThreadLinks,
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
export {
  ingestMessage,
  normalizeFlags,
  type IngestedMessage,
  type IngestInput,
} from './ingest/ingest.js';
export { MAX_MESSAGE_BYTES } from './ingest/collect.js';
export { MAX_MESSAGE_ID_CHARS, MAX_THREAD_REFERENCES, threadLinks } from './ingest/thread-links.js';
export { PREVIEW_MAX_CHARS, SEARCH_TEXT_MAX_BYTES } from './ingest/describe.js';
export { BLOB_MIN_BYTES, TEXT_BLOB_MIN_BYTES } from './ingest/plan.js';
export {
  loadLayout,
  openLayoutSection,
  openMessage,
  openSection,
  readSearchText,
  type LayoutRef,
  type OpenSection,
  type ReadSpec,
} from './rebuild/open.js';
export {
  readSearchContent,
  SEARCH_HEADER_MAX_BYTES,
  type SearchContent,
} from './rebuild/search-content.js';
export type { Layout, PartRange } from './rebuild/layout.js';
export { sectionRange, type SectionSpec, type SectionText } from './rebuild/section.js';
export { copyMessages, type CopiedMessage, type CopyInput } from './ops/copy.js';
export { expungeMessages, type ExpungeOptions } from './ops/expunge.js';
export {
  applyFlags,
  storeFlags,
  type FlagMode,
  type StoreFlagsInput,
  type StoreFlagsResult,
} from './ops/flags.js';
export { listMessages, loadMessages, type ListOptions } from './ops/load.js';
export { messageId } from './collections.js';
export {
  BLOB_GRACE_MS,
  collectGarbage,
  STALE_UPLOAD_MS,
  type CollectOptions,
  type CollectResult,
} from './blobs/gc.js';
export { JOURNAL_RETENTION_MS, pruneJournal, type PruneOptions } from './journal/prune.js';
export {
  MAINTENANCE_EVERY_MS,
  MAINTENANCE_QUEUE,
  startMaintenance,
  type Maintenance,
  type MaintenanceOptions,
} from './jobs.js';
export { LOCK_TTL_MS, LOCK_WAIT_MS, LockTimeoutError, withLock, type LockOptions } from './lock.js';
