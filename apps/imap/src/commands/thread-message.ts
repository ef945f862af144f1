import { buffer } from 'node:stream/consumers';
import { parseMessage, subjectInfo, threadInfo, type Envelope } from '@mailstore/mime';
import { loadLayout, openLayoutSection, type MessageDoc, type Store } from '@mailstore/storage';
import { sentDate } from './sort.js';

/**
 * Header bytes read per message for its Message-ID, In-Reply-To and References: bounds what a
 * message with a huge header costs; fields past it are not seen.
 */
export const THREAD_HEADER_MAX_BYTES = 64 * 1024;

/**
 * References kept per message, the newest (nearest the message) ones: the last reference is
 * the parent, and older ones are most often given again by the messages between. Bounds the
 * memory a match holds.
 */
export const MAX_THREAD_REFERENCES = 20;

/** Longest message id kept; a longer one is cut (ids alike that far count as one). */
export const MAX_MESSAGE_ID_CHARS = 250;

/** Longest base subject compared; subjects alike that far count as one thread subject. */
export const THREAD_SUBJECT_MAX_CHARS = 256;

/** What threading (RFC 5256 section 3) needs of one matched message. */
export interface ThreadMessage {
  /** The message sequence number: ties of sent date go by it (section 2.2). */
  sequence: number;
  /** What the response names: the sequence number, or the UID for UID THREAD. */
  number: number;
  /** Sent date in milliseconds (section 2.2): the Date header field, else the internal date. */
  sentDate: number;
  /** The base subject (section 2.1), a-z as A-Z: subject comparisons are case-insensitive. */
  subject: string;
  /** Whether the subject is a reply or forward ("Re:", "Fwd:", "(fwd)", "[Fwd: ...]"). */
  replyOrForward: boolean;
  /** The Message-ID, or null when there is none. */
  messageId: string | null;
  /**
   * The references of REFERENCES step 1: the ids of References, else the first id of
   * In-Reply-To, oldest first.
   */
  references: string[];
}

/** i;ascii-casemap (RFC 4790 section 9.2): a-z as A-Z. */
function casemap(text: string): string {
  return text.replace(/[a-z]+/g, (run) => run.toUpperCase());
}

/** `<>` names no message. */
function isMessageId(id: string): boolean {
  return id !== '<>';
}

function cutId(id: string): string {
  return id.slice(0, MAX_MESSAGE_ID_CHARS);
}

/** The top-level header of a message, at most THREAD_HEADER_MAX_BYTES of it. */
async function readHeader(store: Store, message: MessageDoc): Promise<Buffer> {
  const layout = await loadLayout(store, message);
  const spec = { text: 'HEADER' as const, length: THREAD_HEADER_MAX_BYTES };
  const section = openLayoutSection(store, layout, spec);
  return section ? buffer(section.stream) : Buffer.alloc(0);
}

/**
 * Reads what threading needs of a message: sent date and subject from its document (as SORT
 * does), Message-ID, In-Reply-To and References from its stored header, since the document
 * keeps no References. TODO(#5): store References at delivery and spare this read.
 */
export async function readThreadMessage(
  store: Store,
  message: MessageDoc,
  sequence: number,
  number: number,
): Promise<ThreadMessage> {
  const header = await readHeader(store, message);
  const ids = threadInfo(header, parseMessage(header));
  const envelope = (message.envelope ?? {}) as Partial<Envelope>;
  const subject = subjectInfo(envelope.subject ?? '');
  const references = ids.references.filter(isMessageId);
  if (references.length === 0 && ids.inReplyTo && isMessageId(ids.inReplyTo)) {
    references.push(ids.inReplyTo);
  }
  return {
    sequence,
    number,
    sentDate: sentDate(envelope, message.internalDate),
    subject: casemap(subject.baseSubject).slice(0, THREAD_SUBJECT_MAX_CHARS),
    replyOrForward: subject.replyOrForward,
    messageId: ids.messageId && isMessageId(ids.messageId) ? cutId(ids.messageId) : null,
    references: references.slice(-MAX_THREAD_REFERENCES).map(cutId),
  };
}

/**
 * Orders by sent date; equal sent dates go by sequence number, the order in the mailbox (RFC
 * 5256 section 2.2).
 */
export function compareSent(a: ThreadMessage, b: ThreadMessage): number {
  return a.sentDate - b.sentDate || a.sequence - b.sequence;
}
