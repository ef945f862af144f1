import type { ThreadInfo } from '@mailstore/mime';
import type { ThreadLinks } from '../collections.js';

/**
 * References kept per message, the newest (nearest the message) ones: the last reference is
 * the parent, and older ones are most often given again by the messages between. Bounds the
 * message document, the thread keys an ingest looks up and what THREAD holds per match.
 */
export const MAX_THREAD_REFERENCES = 20;

/** Longest message id kept for threading; a longer one is cut (ids alike that far are one). */
export const MAX_MESSAGE_ID_CHARS = 250;

/** `<>` names no message. */
function namesMessage(id: string): boolean {
  return id !== '<>';
}

function cutId(id: string): string {
  return id.slice(0, MAX_MESSAGE_ID_CHARS);
}

/**
 * The links of REFERENCES threading (RFC 5256 section 3, step 1) in their bounded, stored
 * form: the Message-ID, and the ids of References, else the first id of In-Reply-To ("if a
 * message does not contain a References header line, or the References header line does not
 * contain any valid Message IDs"), the newest MAX_THREAD_REFERENCES of them.
 */
export function threadLinks(info: ThreadInfo): ThreadLinks {
  const references = info.references.filter(namesMessage);
  if (references.length === 0 && info.inReplyTo && namesMessage(info.inReplyTo)) {
    references.push(info.inReplyTo);
  }
  return {
    messageId: info.messageId && namesMessage(info.messageId) ? cutId(info.messageId) : null,
    references: references.slice(-MAX_THREAD_REFERENCES).map(cutId),
  };
}
