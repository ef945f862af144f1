import type { SearchKey, SeqNumber, SequenceSet } from '@mailstore/imap-proto';
import type { MessageDoc, SearchContent } from '@mailstore/storage';
import { emailObjectId, threadObjectId } from './object-ids.js';
import { isSavedUid } from './search-result.js';

/** What a message is matched against: its document, sequence number and the mailbox's extremes. */
export interface Candidate {
  message: MessageDoc;
  sequence: number;
  /** The largest sequence number and UID, for `*`. */
  lastSequence: number;
  lastUid: number;
  /** Decoded header fields and body text; loaded when {@link needsContent} says so. */
  content?: SearchContent;
  /** \Recent in this session (RFC 3501 section 2.3.2). */
  recent?: boolean;
  /** The saved search result (RFC 5182) as the search began, for `$`: UIDs, ascending. */
  saved?: Uint32Array;
}

const EMPTY = new Uint32Array(0);

/** The part of the stored envelope (libs/mime's Envelope) SENT* keys read. */
interface StoredEnvelope {
  date?: string | null;
}

/**
 * Whether a message is in a set: `value` is its UID or sequence number, `last` the largest. `$`
 * is the saved search result (RFC 5182 section 2.1), matched by UID in either key.
 */
function inSet(set: SequenceSet, value: number, last: number, candidate: Candidate): boolean {
  if ('saved' in set) return isSavedUid(candidate.saved ?? EMPTY, candidate.message.uid);
  const resolve = (n: SeqNumber) => (n === '*' ? last : n);
  return set.ranges.some((range) => {
    const [a, b] = [resolve(range.from), resolve(range.to)];
    return value >= Math.min(a, b) && value <= Math.max(a, b);
  });
}

/**
 * The form text is compared in: NFC, lower case, white space runs as one space (the stored body
 * text has its white space collapsed), so the match is a case-insensitive substring match.
 */
function folded(text: string): string {
  return text.normalize('NFC').toLowerCase().replace(/\s+/g, ' ');
}

function contains(haystack: string, needle: string): boolean {
  return folded(haystack).includes(folded(needle));
}

function contentOf(candidate: Candidate): SearchContent {
  if (!candidate.content) throw new Error('search content was not loaded');
  return candidate.content;
}

/**
 * HEADER field-name string: a field of that name whose decoded value contains the string; with
 * an empty string, any message that has the field (RFC 3501 section 6.4.4).
 */
function headerContains(content: SearchContent, field: string, value: string): boolean {
  const name = field.toLowerCase();
  return content.header.some((entry) => entry.name === name && contains(entry.value, value));
}

/** TEXT string: anywhere in the header (names and values) or the body. */
function textContains(content: SearchContent, value: string): boolean {
  if (contains(content.body, value)) return true;
  const header = content.header.map((entry) => `${entry.name}: ${entry.value}`).join('\n');
  return contains(header, value);
}

/** Keys matched against {@link SearchContent}: the message must be read beyond its document. */
const CONTENT_KEYS = new Set(['BODY', 'TEXT', 'HEADER', 'SUBJECT', 'FROM', 'TO', 'CC', 'BCC']);

/** Whether any key of the search is MODSEQ (RFC 7162 section 3.1.5): the response carries one. */
export function hasModseqKey(key: SearchKey): boolean {
  if (key.key === 'MODSEQ') return true;
  if (key.key === 'NOT') return hasModseqKey(key.operand);
  if (key.key === 'OR') return hasModseqKey(key.left) || hasModseqKey(key.right);
  if (key.key === 'AND') return key.operands.some(hasModseqKey);
  return false;
}

/** Whether any key of the search needs the messages' {@link SearchContent}. */
export function needsContent(key: SearchKey): boolean {
  if (CONTENT_KEYS.has(key.key)) return true;
  if (key.key === 'NOT') return needsContent(key.operand);
  if (key.key === 'OR') return needsContent(key.left) || needsContent(key.right);
  if (key.key === 'AND') return key.operands.some(needsContent);
  return false;
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
 * Whether a message matches a search key (RFC 3501 section 6.4.4). RECENT, NEW and OLD use the
 * candidate's `recent` (\Recent in this session). SUBJECT, FROM,
 * TO, CC, BCC and HEADER match the decoded header fields (RFC 2047 encoded-words decoded, so
 * UTF-8 text is found), BODY the decoded text of the text parts, TEXT either.
 */
export function matches(key: SearchKey, candidate: Candidate): boolean {
  const { message } = candidate;
  const envelope = (message.envelope ?? {}) as StoredEnvelope;
  switch (key.key) {
    case 'ALL':
      return true;
    case 'OLD':
      return !candidate.recent;
    case 'RECENT':
      return candidate.recent === true;
    case 'NEW':
      return candidate.recent === true && !candidate.message.flags.includes('\\Seen');
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
    case 'FROM':
    case 'TO':
    case 'CC':
    case 'BCC':
      return headerContains(contentOf(candidate), key.key, key.value);
    case 'HEADER':
      return headerContains(contentOf(candidate), key.field, key.value);
    case 'BODY':
      return contains(contentOf(candidate).body, key.value);
    case 'TEXT':
      return textContains(contentOf(candidate), key.value);
    case 'UID':
      return inSet(key.set, message.uid, candidate.lastUid, candidate);
    case 'SEQUENCE':
      return inSet(key.set, candidate.sequence, candidate.lastSequence, candidate);
    case 'MODSEQ':
      // RFC 7162 section 3.1.5: the entry name and type narrow the MODSEQ to one flag's; this
      // store keeps one MODSEQ per message, which section 3.1.5 allows servers to use for all.
      return BigInt(message.modseq) >= key.modseq;
    case 'EMAILID':
      // RFC 8474 section 6: objectids are compared exactly, case included.
      return emailObjectId(message) === key.objectId;
    case 'THREADID':
      return threadObjectId(message) === key.objectId;
    case 'NOT':
      return !matches(key.operand, candidate);
    case 'OR':
      return matches(key.left, candidate) || matches(key.right, candidate);
    case 'AND':
      return key.operands.every((operand) => matches(operand, candidate));
  }
}
