import type { Readable } from 'node:stream';
import { parseMessage } from '@mailstore/mime';
import type { ObjectId } from 'mongodb';
import type { Store } from '../../store.js';
import { insertMessages, journalAdds, written, type UnplacedMessage } from '../ops/place.js';
import { mailboxLock, withLock } from '../lock.js';
import { advanceMailbox } from '../uid/watermark.js';
import { collectMessage } from './collect.js';
import { storeContent, type StoredContent } from './content.js';
import { describeMessage, type MessageDescription } from './describe.js';
import { prepareMessage } from './prepare.js';
import { resolveThread } from './thread.js';
import { threadLinks } from './thread-links.js';
import { chargeQuota, giveBack, settleUnsettled, UncertainWriteError } from './unsettled.js';

/** A message to store in a mailbox. */
export interface IngestInput {
  user: ObjectId;
  mailbox: ObjectId;
  /** The exact bytes of the message. */
  message: Buffer | Readable;
  /** System flags and keywords to set (APPEND flag list, RFC 3501 section 6.3.11). */
  flags?: readonly string[];
  /** INTERNALDATE; the time of delivery when absent. */
  internalDate?: Date;
}

/** What the mailbox gave the stored message (APPENDUID needs `uidValidity` and `uid`). */
export interface IngestedMessage {
  /** The message document's `_id` (`<mailbox>:<uid>`). */
  id: string;
  uid: number;
  modseq: number;
  size: number;
  threadId: ObjectId;
}

/**
 * Stores a message: parses it, charges the quota, stores its bodies and layout as shared blobs,
 * assigns a UID and a MODSEQ, journals it and publishes the change. Throws
 * {@link QuotaExceededError} or {@link MessageTooLargeError} without storing anything.
 */
export async function ingestMessage(store: Store, input: IngestInput): Promise<IngestedMessage> {
  const raw = await collectMessage(input.message);
  const root = parseMessage(raw);
  const description = describeMessage(raw, root);
  const prepared = await prepareMessage(raw, root, description.text);
  await settleUnsettled(store, input.user);
  await chargeQuota(store, input.user, raw.length);
  const taken: string[] = [];
  let content: StoredContent;
  let threadId: ObjectId;
  try {
    content = await storeContent(store, prepared, taken);
    threadId = await resolveThread(store, input.user, description.thread);
  } catch (error) {
    await giveBack(store, input.user, { bytes: raw.length, blobs: taken, ids: [] });
    throw error;
  }
  const unplaced = toDocument(input, raw.length, prepared.sha256, description, content, threadId);
  const stored = content;
  const doc = await withLock(store, mailboxLock(input.mailbox), async () => {
    let inserted: Awaited<ReturnType<typeof insertMessages>>;
    try {
      inserted = await insertMessages(store, input.user, input.mailbox, [unplaced]);
    } catch (error) {
      // Nothing references what was taken (unless a lost reply hides a written message, which
      // the give-back checks): give it back.
      const ids = error instanceof UncertainWriteError ? error.ids : [];
      await giveBack(store, input.user, { bytes: raw.length, blobs: stored.blobs, ids });
      throw error;
    }
    // From here the message exists and owns its references; a failure leaves a slot that the
    // watermark step expires, never a leak.
    await journalAdds(store, inserted.docs);
    await advanceMailbox(
      store,
      input.user,
      input.mailbox,
      new Date(),
      inserted.counters,
      written(inserted.docs),
    );
    return inserted.docs[0]!;
  });
  return {
    id: doc._id,
    uid: doc.uid,
    modseq: doc.modseq,
    size: raw.length,
    threadId: doc.threadId,
  };
}

/** Removes duplicate flags; flag names are case-insensitive (RFC 3501 section 2.3.2). */
export function normalizeFlags(flags: readonly string[]): string[] {
  const seen = new Map<string, string>();
  for (const flag of flags) if (!seen.has(flag.toLowerCase())) seen.set(flag.toLowerCase(), flag);
  return [...seen.values()];
}

/** The message document to place, from what the ingest learned and stored. */
function toDocument(
  input: IngestInput,
  size: number,
  sha256: string,
  description: MessageDescription,
  content: StoredContent,
  threadId: ObjectId,
): UnplacedMessage {
  return {
    user: input.user,
    flags: normalizeFlags(input.flags ?? []),
    internalDate: input.internalDate ?? new Date(),
    size,
    ...(content.layout ? { layout: content.layout } : { source: content.source! }),
    blobs: content.blobs,
    sha256,
    threadId,
    threadLinks: threadLinks(description.thread),
    envelope: description.envelope,
    bodyStructure: description.bodyStructure,
    preview: description.preview,
    ...(description.messageId ? { messageId: description.messageId } : {}),
    ...(description.subject ? { subject: description.subject } : {}),
  };
}
