import {
  ProtocolError,
  type SearchKey,
  type SeqNumber,
  type SequenceSet,
} from '@mailstore/imap-proto';
import type { MessageDoc } from '@mailstore/storage';

/** What one message is matched against: its document, sequence number and the mailbox's extremes. */
export interface Candidate {
  message: MessageDoc;
  sequence: number;
  /** The largest sequence number and UID, for `*`. */
  lastSequence: number;
  lastUid: number;
}

interface StoredAddress {
  name: string | null;
  mailbox: string | null;
  host: string | null;
}

interface StoredEnvelope {
  date?: string | null;
  subject?: string | null;
  from?: StoredAddress[] | null;
  to?: StoredAddress[] | null;
  cc?: StoredAddress[] | null;
  bcc?: StoredAddress[] | null;
  messageId?: string | null;
}

function unavailable(key: string): never {
  throw new ProtocolError('IMAP_SYNTAX', `SEARCH ${key} is not available yet`, {
    status: 'NO',
    responseCode: { name: 'UNAVAILABLE' },
  });
}

function inSet(set: SequenceSet, value: number, last: number): boolean {
  if ('saved' in set) return unavailable('$');
  const resolve = (n: SeqNumber) => (n === '*' ? last : n);
  return set.ranges.some((range) => {
    const [a, b] = [resolve(range.from), resolve(range.to)];
    return value >= Math.min(a, b) && value <= Math.max(a, b);
  });
}

function contains(haystack: string | null | undefined, needle: string): boolean {
  return (haystack ?? '').toLowerCase().includes(needle.toLowerCase());
}

function addresses(list: StoredAddress[] | null | undefined): string {
  return (list ?? [])
    .map((address) => `${address.name ?? ''} <${address.mailbox ?? ''}@${address.host ?? ''}>`)
    .join(', ');
}

/** The day (`YYYY-MM-DD`, UTC) of a date, as RFC 3501 compares them, or null. */
function day(value: Date | string | null | undefined): string | null {
  if (!value) return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString().slice(0, 10);
}

function compareDay(actual: string | null, key: string, wanted: string): boolean {
  if (actual === null) return false;
  if (key.endsWith('BEFORE')) return actual < wanted;
  if (key.endsWith('ON')) return actual === wanted;
  return actual >= wanted;
}

const FLAG_OF: Record<string, [flag: string, present: boolean]> = {
  ANSWERED: ['\\Answered', true],
  DELETED: ['\\Deleted', true],
  DRAFT: ['\\Draft', true],
  FLAGGED: ['\\Flagged', true],
  SEEN: ['\\Seen', true],
  UNANSWERED: ['\\Answered', false],
  UNDELETED: ['\\Deleted', false],
  UNDRAFT: ['\\Draft', false],
  UNFLAGGED: ['\\Flagged', false],
  UNSEEN: ['\\Seen', false],
};

/**
 * Whether a message matches a search key (RFC 3501 section 6.4.4). \Recent is never set here
 * (RECENT and NEW match nothing, OLD everything), as SELECT reports RECENT 0.
 * TODO(#5): BODY, TEXT and other HEADER fields through the stored search text; \Recent.
 */
export function matches(key: SearchKey, candidate: Candidate): boolean {
  const { message } = candidate;
  const envelope = (message.envelope ?? {}) as StoredEnvelope;
  switch (key.key) {
    case 'ALL':
    case 'OLD':
      return true;
    case 'NEW':
    case 'RECENT':
      return false;
    case 'ANSWERED':
    case 'DELETED':
    case 'DRAFT':
    case 'FLAGGED':
    case 'SEEN':
    case 'UNANSWERED':
    case 'UNDELETED':
    case 'UNDRAFT':
    case 'UNFLAGGED':
    case 'UNSEEN': {
      const [flag, present] = FLAG_OF[key.key] as [string, boolean];
      return message.flags.includes(flag) === present;
    }
    case 'KEYWORD':
      return message.flags.includes(key.flag);
    case 'UNKEYWORD':
      return !message.flags.includes(key.flag);
    case 'LARGER':
      return message.size > key.size;
    case 'SMALLER':
      return message.size < key.size;
    case 'BEFORE':
    case 'ON':
    case 'SINCE':
      return compareDay(day(message.internalDate), key.key, key.date);
    case 'SENTBEFORE':
    case 'SENTON':
    case 'SENTSINCE':
      return compareDay(day(envelope.date), key.key, key.date);
    case 'SUBJECT':
      return contains(envelope.subject ?? message.subject, key.value);
    case 'FROM':
    case 'TO':
    case 'CC':
    case 'BCC': {
      const field = key.key.toLowerCase() as 'from' | 'to' | 'cc' | 'bcc';
      return contains(addresses(envelope[field]), key.value);
    }
    case 'HEADER':
      return matchHeader(key.field, key.value, envelope);
    case 'BODY':
    case 'TEXT':
      return unavailable(key.key);
    case 'UID':
      return inSet(key.set, message.uid, candidate.lastUid);
    case 'SEQUENCE':
      return inSet(key.set, candidate.sequence, candidate.lastSequence);
    case 'NOT':
      return !matches(key.operand, candidate);
    case 'OR':
      return matches(key.left, candidate) || matches(key.right, candidate);
    case 'AND':
      return key.operands.every((operand) => matches(operand, candidate));
  }
}

function matchHeader(field: string, value: string, envelope: StoredEnvelope): boolean {
  switch (field.toLowerCase()) {
    case 'subject':
      return contains(envelope.subject, value);
    case 'message-id':
      return contains(envelope.messageId, value);
    case 'from':
    case 'to':
    case 'cc':
    case 'bcc':
      return contains(addresses(envelope[field.toLowerCase() as 'from']), value);
    default:
      return unavailable(`HEADER ${field}`);
  }
}
