import { DeliveryError } from '../errors.js';
import type { OutboundQueues } from '../jobs/queues.js';
import { deliveredTo, prepend } from '../message/trace.js';
import { srsForward, type SrsOptions } from '../srs/srs.js';
import type { IncomingMessage } from './incoming.js';

/**
 * Queues a copy of the message for `targets` from the reverse path `mailFrom`, marked
 * Delivered-To the address it arrived at. Throws `DELIVERY_LOOP` when the message already passed
 * through that address (RFC 5321 section 6.3: a forwarding loop must be detected, not followed).
 */
export async function queueForward(
  queues: OutboundQueues,
  message: IncomingMessage,
  address: string,
  targets: readonly string[],
  mailFrom: string,
): Promise<void> {
  const seen = message.facts.header('delivered-to').map((value) => value.toLowerCase());
  if (seen.includes(address.toLowerCase())) {
    throw new DeliveryError('DELIVERY_LOOP', `message already delivered to ${address}`);
  }
  const raw = prepend(message.raw, deliveredTo(address));
  const job = { mailFrom, rcptTo: [...targets], raw: raw.toString('base64') };
  await queues.enqueueForward(job, `${address}\n${message.sha256}\n${targets.join(',')}`);
}

/**
 * The reverse path of a forwarded copy: SRS-rewritten when SRS is configured, so the next hop's
 * SPF check sees our domain; otherwise the original sender.
 */
export function forwardReversePath(mailFrom: string, srs: SrsOptions | undefined): string {
  return srs ? srsForward(mailFrom, srs, new Date()) : mailFrom;
}
