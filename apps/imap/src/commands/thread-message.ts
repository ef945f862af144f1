import { buffer } from 'node:stream/consumers';
import { parseMessage, subjectInfo, threadInfo, type Envelope } from '@mailstore/mime';
import {
  loadLayout,
  openLayoutSection,
  threadLinks,
  type MessageDoc,
  type Store,
  type ThreadLinks,
} from '@mailstore/storage';
import { sentDate } from './sort.js';

/**
 * Header bytes read per message stored without thread links, for its Message-ID, In-Reply-To
 * and References: bounds what a message with a huge header costs; fields past it are not seen.
 */
export const THREAD_HEADER_MAX_BYTES = 64 * 1024;

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
   * In-Reply-To, oldest first; the newest `MAX_THREAD_REFERENCES` (libs/storage) of them.
   */
  references: string[];
}

/** i;ascii-casemap (RFC 4790 section 9.2): a-z as A-Z. */
function casemap(text: string): string {
  return text.replace(/[a-z]+/g, (run) => run.toUpperCase());
}

/** The top-level header of a message, at most THREAD_HEADER_MAX_BYTES of it. */
async function readHeader(store: Store, message: MessageDoc): Promise<Buffer> {
  const layout = await loadLayout(store, message);
  const spec = { text: 'HEADER' as const, length: THREAD_HEADER_MAX_BYTES };
  const section = openLayoutSection(store, layout, spec);
  return section ? buffer(section.stream) : Buffer.alloc(0);
}

/**
 * The thread links of a message: those the ingest stored on its document, or, for a document
 * stored before they were kept, the same links read from its stored header.
 */
async function linksOf(store: Store, message: MessageDoc): Promise<ThreadLinks> {
  if (message.threadLinks) return message.threadLinks;
  const header = await readHeader(store, message);
  return threadLinks(threadInfo(header, parseMessage(header)));
}

/**
 * Reads what threading needs of a message from its document: sent date and subject as SORT
 * does, Message-ID and references from the thread links stored at ingest (libs/storage
 * `threadLinks`, RFC 5256 step 1's references, bounded). Only documents stored before those
 * were kept cost a header read.
 */
export async function readThreadMessage(
  store: Store,
  message: MessageDoc,
  sequence: number,
  number: number,
): Promise<ThreadMessage> {
  const links = await linksOf(store, message);
  const envelope = (message.envelope ?? {}) as Partial<Envelope>;
  const subject = subjectInfo(envelope.subject ?? '');
  return {
    sequence,
    number,
    sentDate: sentDate(envelope, message.internalDate),
    subject: casemap(subject.baseSubject).slice(0, THREAD_SUBJECT_MAX_CHARS),
    replyOrForward: subject.replyOrForward,
    messageId: links.messageId,
    references: links.references,
  };
}

/**
 * Orders by sent date; equal sent dates go by sequence number, the order in the mailbox (RFC
 * 5256 section 2.2).
 */
export function compareSent(a: ThreadMessage, b: ThreadMessage): number {
  return a.sentDate - b.sentDate || a.sequence - b.sequence;
}
