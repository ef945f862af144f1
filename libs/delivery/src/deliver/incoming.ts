import { createHash } from 'node:crypto';
import { readFacts, type MessageFacts } from '../message/facts.js';
import { isSpam, type SpamOptions } from '../message/spam.js';

/** One message of an LMTP transaction, read once and delivered to each recipient. */
export interface IncomingMessage {
  raw: Buffer;
  /** The reverse path; '' for the null sender. */
  mailFrom: string;
  facts: MessageFacts;
  /** The upstream filter's verdict, read from the configured header. */
  spam: boolean;
  /** SHA-256 of the raw bytes, hex: part of the forward job ids. */
  sha256: string;
}

/** Parses the message and reads its spam verdict. */
export function readIncoming(raw: Buffer, mailFrom: string, spam: SpamOptions): IncomingMessage {
  const facts = readFacts(raw);
  return {
    raw,
    mailFrom,
    facts,
    spam: isSpam(facts, spam),
    sha256: createHash('sha256').update(raw).digest('hex'),
  };
}
