import type { Store } from '@mailstore/storage';
import type { ObjectId } from 'mongodb';
import type { OutboundQueues } from '../jobs/queues.js';
import { vacationActive } from '../vacation/model.js';
import { claimAutoreply, releaseAutoreply } from '../vacation/once.js';
import { autoreplyBlock } from '../vacation/rfc3834.js';
import { getVacation } from '../vacation/store.js';
import type { IncomingMessage } from './incoming.js';

/** Longest subject of an autoreply built from the original one. */
const MAX_REPLY_SUBJECT_CHARS = 200;

/**
 * Queues the user's vacation reply to the sender when one is active, RFC 3834 allows it and the
 * sender has had none within the interval. Returns why none was queued, or 'queued'.
 */
export async function maybeAutoreply(
  store: Store,
  queues: OutboundQueues,
  user: ObjectId,
  address: string,
  message: IncomingMessage,
  defaultIntervalDays: number,
): Promise<string> {
  const vacation = await getVacation(store, user);
  if (!vacation || !vacationActive(vacation, new Date())) return 'inactive';
  const block = message.spam ? 'spam' : autoreplyBlock(message.facts, message.mailFrom);
  if (block) return block;

  const days = vacation.intervalDays ?? defaultIntervalDays;
  if (!(await claimAutoreply(store, user, message.mailFrom, days))) return 'already-replied';

  const { facts } = message;
  const messageId = facts.messageId ?? undefined;
  const references = [facts.header('references')[0], messageId].filter(Boolean).join(' ');
  const subject = vacation.subject ?? `Auto: ${facts.subject || 'your message'}`;
  try {
    await queues.enqueueAutoreply(
      {
        from: address,
        to: message.mailFrom,
        subject: subject.slice(0, MAX_REPLY_SUBJECT_CHARS),
        text: vacation.text,
        ...(messageId ? { inReplyTo: messageId } : {}),
        ...(references ? { references } : {}),
      },
      `${user.toHexString()}\n${message.mailFrom}\n${message.sha256}`,
    );
  } catch (error) {
    // Not queued: let the MTA's retry try again instead of silently skipping the reply.
    await releaseAutoreply(store, user, message.mailFrom).catch(() => undefined);
    throw error;
  }
  return 'queued';
}
