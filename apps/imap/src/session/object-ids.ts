import type { MessageDoc } from '@mailstore/storage';
import type { ObjectId } from 'mongodb';

// The object identifiers of RFC 8474, drawn from what the store already keeps: no field is added
// for them. A one-letter prefix says which kind an id is, so an id of one kind never matches
// another's in SEARCH, and every id is an objectid (letters and digits, 25 to 65 characters).

/**
 * MAILBOXID (RFC 8474 section 4): `F` and the hex of the mailbox document's `_id`. RENAME
 * changes the document's path, not its `_id`, so the id survives it, as section 4 requires;
 * a mailbox deleted and created again under the same name is a new document with a new id.
 */
export function mailboxObjectId(id: ObjectId): string {
  return `F${id.toHexString()}`;
}

/**
 * EMAILID (RFC 8474 section 5.1): `M` and the SHA-256 (hex) of the message's bytes. COPY and
 * MOVE give the new message document the original's `sha256`, so a message and its copies
 * share one EMAILID, and the bytes of a message never change, so neither does its id. Two
 * deliveries of byte-identical messages share it too: they are the same immutable content.
 */
export function emailObjectId(message: MessageDoc): string {
  return `M${message.sha256}`;
}

/**
 * THREADID (RFC 8474 section 5.2): `T` and the hex of the message's `threadId`, the thread the
 * store put it in at delivery from its Message-ID, In-Reply-To, References and base subject.
 * Copies keep it. NIL (null) for a document without one.
 */
export function threadObjectId(message: MessageDoc): string | null {
  return message.threadId ? `T${message.threadId.toHexString()}` : null;
}
