import type { MessageFacts } from '../message/facts.js';

/** Why no automatic reply may be sent to a message. */
export type AutoreplyBlock =
  'null-sender' | 'auto-submitted' | 'mailing-list' | 'bulk' | 'system-sender' | 'suppressed';

// RFC 3834 section 2: local parts that belong to software, never to a person who reads replies.
const SYSTEM_LOCAL_PART =
  /^(mailer-daemon|postmaster|listserv|majordomo|owner-.*|.*-request|no-?reply)$/i;
// RFC 2369 and RFC 2919 fields that only mailing lists add.
const LIST_FIELDS = ['list-id', 'list-unsubscribe', 'list-post', 'list-help', 'list-owner'];

/**
 * Applies RFC 3834 section 2: no automatic response to a null reverse path, to anything already
 * auto-submitted (section 5), to mailing lists or bulk mail (Precedence), or to system senders.
 * Returns the first reason that blocks a reply, or null when a reply may be sent.
 */
export function autoreplyBlock(facts: MessageFacts, mailFrom: string): AutoreplyBlock | null {
  if (mailFrom === '') return 'null-sender';
  const autoSubmitted = facts.header('auto-submitted')[0]?.toLowerCase();
  if (autoSubmitted !== undefined && !autoSubmitted.startsWith('no')) return 'auto-submitted';
  if (LIST_FIELDS.some((name) => facts.header(name).length > 0)) return 'mailing-list';
  const precedence = facts.header('precedence')[0]?.toLowerCase() ?? '';
  if (['bulk', 'list', 'junk'].includes(precedence)) return 'bulk';
  const localPart = mailFrom.slice(0, mailFrom.lastIndexOf('@'));
  if (SYSTEM_LOCAL_PART.test(localPart)) return 'system-sender';
  // Microsoft's suppression field, which Exchange sets on its own automatic messages.
  const suppress = facts.header('x-auto-response-suppress')[0]?.toLowerCase() ?? '';
  if (/\b(all|oof)\b/.test(suppress)) return 'suppressed';
  return null;
}
