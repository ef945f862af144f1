import type { BodyStructure, Envelope, MimePart, ThreadInfo } from '@mailstore/mime';
import { bodyStructure, envelope, preview, searchText, threadInfo } from '@mailstore/mime';

/** Most bytes of text kept for SEARCH BODY/TEXT: bounds the layout of a huge text message. */
export const SEARCH_TEXT_MAX_BYTES = 256 * 1024;
/** Characters of the preview shown by clients (RFC 8970 PREVIEW allows up to 256). */
export const PREVIEW_MAX_CHARS = 200;
/** Longest subject or Message-ID copied onto the message document for listing and search. */
const MAX_COPIED_HEADER_CHARS = 1_000;

/** What IMAP and the API read about a message without rebuilding it. */
export interface MessageDescription {
  envelope: Envelope;
  bodyStructure: BodyStructure;
  thread: ThreadInfo;
  preview: string;
  text: string;
  messageId?: string;
  subject?: string;
}

/** Reads the envelope, body structure, thread keys, preview and search text of a message. */
export function describeMessage(raw: Buffer, root: MimePart): MessageDescription {
  const env = envelope(raw, root);
  const description: MessageDescription = {
    envelope: env,
    bodyStructure: bodyStructure(raw, root),
    thread: threadInfo(raw, root),
    preview: preview(raw, root, PREVIEW_MAX_CHARS),
    text: searchText(raw, root, SEARCH_TEXT_MAX_BYTES),
  };
  if (env.messageId) description.messageId = env.messageId.slice(0, MAX_COPIED_HEADER_CHARS);
  if (env.subject) description.subject = env.subject.slice(0, MAX_COPIED_HEADER_CHARS);
  return description;
}
