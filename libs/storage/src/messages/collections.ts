import type { IndexDefinition } from '@mailstore/db';
import type { Binary, ObjectId } from 'mongodb';

/** Collection of one document per message per mailbox. */
export const MESSAGES = 'messages';
/** Collection of change-journal entries. */
export const JOURNAL = 'journal';
/** Collection mapping a user's Message-IDs and base subjects to thread ids. */
export const THREADS = 'threads';
/** GridFS bucket name of content-addressed blobs (collections `blobs.files`, `blobs.chunks`). */
export const BLOB_BUCKET = 'blobs';
/** The files collection of the blob bucket. */
export const BLOB_FILES = `${BLOB_BUCKET}.files`;
/** The chunks collection of the blob bucket. */
export const BLOB_CHUNKS = `${BLOB_BUCKET}.chunks`;
/** Collection of mailboxes (owned by the mailboxes module; UID/MODSEQ fields owned here). */
export const MAILBOXES = 'mailboxes';
/** Collection of users (owned by the accounts module; `quota.used` kept exact here). */
export const USERS = 'users';

/** The fields of a mailbox document this module reads and writes. */
export interface MailboxCounters {
  _id: ObjectId;
  user: ObjectId;
  uidValidity: number;
  /** Next UID to allocate (RFC 3501 section 2.3.1.1); allocation only ever increases it. */
  uidNext: number;
  /** Highest MODSEQ allocated (RFC 7162 section 3.1.1). */
  highestModseq: number;
  /** Every UID up to this one is written: readers see only UIDs at or below it (0 when absent). */
  uidCommitted?: number;
  /** Every MODSEQ up to this one is journaled: the HIGHESTMODSEQ readers may report. */
  modseqCommitted?: number;
}

/**
 * The `_id` of a message: `<user>:<mailbox>:<uid as 8 hex digits>`. It leads with the shard key
 * (the user) and sorts by UID within a mailbox, so a UID is one exact `_id` read and a UID range
 * one `_id` range, on every engine; a hole placeholder and a late writer of a UID collide on it.
 */
export function messageId(user: ObjectId, mailbox: ObjectId, uid: number): string {
  return `${user.toHexString()}:${mailbox.toHexString()}:${uid.toString(16).padStart(8, '0')}`;
}

/**
 * The `_id` range of every document of a user, or of one mailbox of a user, in the collections
 * whose ids lead with `<user>:` (messages, journal, threads): the shard-key range to query.
 */
export function idRange(user: ObjectId, mailbox?: ObjectId): { $gt: string; $lt: string } {
  const prefix = mailbox
    ? `${user.toHexString()}:${mailbox.toHexString()}:`
    : `${user.toHexString()}:`;
  // ';' is the character after ':'.
  return { $gt: prefix, $lt: `${prefix.slice(0, -1)};` };
}

/** One message in one mailbox as stored in {@link MESSAGES}. */
export interface MessageDoc {
  /** See {@link messageId}. */
  _id: string;
  user: ObjectId;
  mailbox: ObjectId;
  uid: number;
  modseq: number;
  /** System flags and keywords together, as IMAP spells them (`\Seen`, `$Forwarded`). */
  flags: string[];
  internalDate: Date;
  /** When this document was written; hole expiry relies on it. */
  storedAt: Date;
  /** RFC822.SIZE: the exact byte length of the message. */
  size: number;
  /**
   * The message layout (headers, small bodies, references to large bodies): inline, raw-deflated
   * BSON when small, else the id of the blob holding it (shared by identical deliveries).
   */
  layout?: Binary;
  source?: string;
  /** Every blob this message references, one reference each. */
  blobs: string[];
  /** SHA-256 of the raw message, hex. */
  sha256: string;
  threadId: ObjectId;
  /**
   * What THREAD needs of the header, kept so that it reads none (see ingest/thread-links.ts).
   * Absent on documents stored before it was kept: readers then parse the stored header.
   */
  threadLinks?: ThreadLinks;
  /** The Message-ID field as it came (the ENVELOPE's), cut at 1,000 characters. */
  messageId?: string;
  subject?: string;
  envelope?: unknown;
  bodyStructure?: unknown;
  preview?: string;
  /** Set on a placeholder that fills a UID whose ingest died (see README, "Messages"). */
  hole?: true;
}

/**
 * The links of REFERENCES threading (RFC 5256 section 3, step 1) of a message, bounded. Flat:
 * a string and an array of strings (FerretDB v1 stores no nested arrays).
 */
export interface ThreadLinks {
  /** The first id of Message-ID, cut at `MAX_MESSAGE_ID_CHARS`; null when none, or `<>`. */
  messageId: string | null;
  /**
   * The ids of References, else the first id of In-Reply-To, oldest first, `<>` left out: the
   * newest `MAX_THREAD_REFERENCES`, each cut at `MAX_MESSAGE_ID_CHARS`.
   */
  references: string[];
}

/** One entry of {@link JOURNAL}. */
export interface JournalDoc {
  /** `<user>:<mailbox>:<modseq>` for MODSEQ-ledger entries (one per slot), `<user>:<ObjectId>` otherwise. */
  _id: string;
  user: ObjectId;
  mailbox: ObjectId | null;
  kind: string;
  modseq?: number;
  uid?: number;
  data?: Record<string, unknown>;
  createdAt: Date;
}

/** One key of {@link THREADS}: a Message-ID or `s:<base subject>` pointing at a thread. */
export interface ThreadDoc {
  /** `<user>:<key>`, so a lookup is an exact `_id` read. */
  _id: string;
  user: ObjectId;
  threadId: ObjectId;
  createdAt: Date;
}

/** The `blobs.files` document of one blob (GridFS layout, extra fields under `metadata`). */
export interface BlobFileDoc {
  /** `<sha256 hex of decoded content>.<generation>[z]` (see blobs/ids.ts): hash-led shard key. */
  _id: string;
  length: number;
  chunkSize: number;
  uploadDate: Date;
  filename: string;
  metadata: {
    /** Number of message documents referencing this blob. */
    refs: number;
    /** When `refs` last reached 0 (null while referenced). */
    zeroSince: Date | null;
    /**
     * `uploading` while its chunks are written, `live` once complete, `deleting` once the
     * collector claimed it: references are taken only on `live` blobs.
     */
    state: 'uploading' | 'live' | 'deleting';
    /** Byte length of the content before deflate (the stored bytes are deflated when the id ends in `z`). */
    size: number;
    /**
     * Whether the content holds a NUL octet, so IMAP BINARY can choose literal8 (RFC 3516
     * section 4.3) without reading the blob; absent on blobs stored before it was kept.
     */
    nul?: boolean;
    /** Tokens of the last give-backs of failed ingests' references (see ingest/unsettled.ts). */
    givenBack?: string[];
  };
}

/** One GridFS chunk of a blob. */
export interface BlobChunkDoc {
  /** `<blob id>#<n>`. */
  _id: string;
  files_id: string;
  n: number;
  data: Binary;
}

/**
 * Indexes of the message collections beyond `_id`. Reads address documents by `_id`, exactly or
 * as a prefix range that leads with the shard key, so `_id` serves them; these cover the rest.
 */
export const MESSAGE_INDEXES: IndexDefinition[] = [
  // The messages of a thread (the API's conversation view).
  { collection: MESSAGES, key: { user: 1, threadId: 1 }, options: { name: 'thread' } },
  // GridFS readers other than ours look chunks up by files_id and n; the collector deletes by it.
  {
    collection: BLOB_CHUNKS,
    key: { files_id: 1, n: 1 },
    options: { name: 'files_id_n', unique: true },
  },
];
