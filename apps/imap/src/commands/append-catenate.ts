import type { PassThrough } from 'node:stream';
import type { AppendCatenateCommand } from '@mailstore/imap-proto';
import type { Session } from '../session/session.js';
import { no, type Completion } from '../session/types.js';
import {
  APPEND_LIMIT_BYTES,
  appendError,
  feed,
  nextAppendEvent,
  storeMessage,
  type AppendTarget,
  type BodyEnding,
  type Received,
} from './append-input.js';
import { openCatenateUrl } from './catenate-url.js';
import type { BodyValue } from './fetch-body.js';
import { readQuota, type StorageQuota } from './quota-root.js';

/**
 * The most parts (TEXT and URL) one CATENATE message may have: each URL part costs the store a
 * message lookup and a section read, so a message of tiny parts must not cost without end.
 */
export const MAX_CATENATE_PARTS = 1000;

/** How far a CATENATE message has come: octets joined and parts taken. */
interface Progress {
  size: number;
  parts: number;
}

/**
 * Builds one CATENATE message (RFC 4469 section 3) in the store: each TEXT literal and each
 * URL's section is copied, in order and unchanged, to the message as it arrives, so nothing is
 * held whole. A URL that names no message of this user's (NO [BADURL]), a message growing past
 * the APPEND limit (NO [TOOBIG], section 4.2) or the quota (NO [OVERQUOTA]) stops it before
 * the next part is read; the store then keeps nothing of it.
 */
export async function receiveCatenate(
  session: Session,
  mailbox: AppendTarget,
  message: AppendCatenateCommand,
): Promise<Completion | Received> {
  const quota = await readQuota(session);
  return storeMessage(session, mailbox, message, (body) => joinParts(session, body, quota));
}

/** Copies the parts into `body` until the message ends, or answers why it cannot. */
async function joinParts(
  session: Session,
  body: PassThrough,
  quota: StorageQuota | null,
): Promise<BodyEnding> {
  const progress: Progress = { size: 0, parts: 0 };
  for (;;) {
    const event = await nextAppendEvent(session);
    switch (event.kind) {
      case 'catenate-url': {
        // The part count is checked before the store is asked for anything.
        const refusal = refusePart(progress, 0, quota);
        if (refusal) return refusal;
        const section = await openCatenateUrl(session, event.url);
        if ('status' in section) return section;
        const length = 'bytes' in section ? section.bytes.length : section.length;
        const tooLarge = refusePart(progress, length, quota);
        if (tooLarge) {
          if ('stream' in section) section.stream.destroy();
          return tooLarge;
        }
        await copySection(body, section);
        progress.size += length;
        progress.parts += 1;
        continue;
      }
      case 'catenate-text': {
        const refusal = refusePart(progress, event.size, quota);
        if (refusal) return refusal;
        if (session.input.parser.acceptLiteral())
          await session.write('+ Ready for literal data\r\n');
        progress.size += event.size;
        progress.parts += 1;
        continue;
      }
      case 'literal-chunk':
        await feed(body, event.data);
        continue;
      case 'literal-end':
        return { next: null };
      case 'append':
      case 'catenate':
        return { next: event.command };
      case 'error':
        return appendError(session, event);
    }
  }
}

/** Why a part of `length` octets may not join the message; null when it may. */
function refusePart(
  progress: Progress,
  length: number,
  quota: StorageQuota | null,
): Completion | null {
  if (progress.parts >= MAX_CATENATE_PARTS) {
    return no(`at most ${MAX_CATENATE_PARTS} parts in one CATENATE message`, { name: 'LIMIT' });
  }
  const size = progress.size + length;
  // RFC 4469 section 4.2: TOOBIG for a message the parts make too large.
  if (size > APPEND_LIMIT_BYTES) {
    return no(`catenated message larger than ${APPEND_LIMIT_BYTES} octets`, { name: 'TOOBIG' });
  }
  // As for a literal (RFC 9208 section 4.4): `used` counts the command's earlier messages.
  if (quota && quota.used + size > quota.limit) {
    return no('mailbox quota exceeded', { name: 'OVERQUOTA' });
  }
  return null;
}

/**
 * Copies a section, as the store rebuilds it, into the message. A stream that ends at another
 * length than the layout gave is store damage: the command fails rather than store a message
 * other than the one asked for.
 */
async function copySection(body: PassThrough, section: BodyValue): Promise<void> {
  if ('bytes' in section) {
    await feed(body, section.bytes);
    return;
  }
  let copied = 0;
  for await (const chunk of section.stream as AsyncIterable<Buffer>) {
    copied += chunk.length;
    await feed(body, chunk);
  }
  if (copied !== section.length) throw new Error('a section read at another length than its own');
}
