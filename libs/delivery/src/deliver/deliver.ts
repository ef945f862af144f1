import type { DeliveryConfig } from '@mailstore/config';
import { ingestMessage, type Recipient, type Store } from '@mailstore/storage';
import type { ObjectId } from 'mongodb';
import { evaluateFilters, type FilterOutcome } from '../filters/evaluate.js';
import { listFilters } from '../filters/store.js';
import type { OutboundQueues } from '../jobs/queues.js';
import { deliveredTo, prepend, returnPath } from '../message/trace.js';
import { maybeAutoreply } from './autoreply.js';
import { storeOnce } from './dedup.js';
import type { IncomingMessage } from './incoming.js';
import { forwardReversePath, queueForward } from './forward.js';
import { targetMailbox } from './mailbox.js';

/** RFC 5788 keyword set on copies the spam verdict routed. */
const JUNK_KEYWORD = '$Junk';

/** What delivery needs: the store, the outbound queues and the delivery settings. */
export interface DeliveryDeps {
  store: Store;
  queues: OutboundQueues;
  options: DeliveryConfig;
}

/**
 * A bounce that came back to one of our SRS addresses (reversed at RCPT): it goes on to
 * `target`, the address the SRS address was rewritten from.
 */
export interface SrsReturnRecipient {
  kind: 'srs-return';
  /** The SRS address the bounce was sent to. */
  address: string;
  target: string;
}

/** Whom one copy is for: a resolved address of the store, or a returning bounce. */
export type DeliveryRecipient = Recipient | SrsReturnRecipient;

/** How a recipient's delivery ended (every one of them is a success for the MTA). */
export type DeliveryResult =
  | { status: 'stored'; mailbox: string; uid: number; filters: string[] }
  | { status: 'duplicate'; mailbox: string; uid: number }
  | { status: 'discarded'; filters: string[] }
  | { status: 'forwarded'; targets: number }
  | { status: 'returned' };

/**
 * Delivers one message to one resolved recipient: a bounce to an SRS address and a forward-only
 * address queue a forward (with the reverse path SRS-rewritten when configured); a
 * user's copy goes through their filters and the spam verdict into a mailbox (stored once per
 * Message-ID within the dedup window), then filter forwards and the vacation reply are queued.
 * Resolves only once every effect is durable; any throw means the MTA must retry.
 */
export async function deliverToRecipient(
  deps: DeliveryDeps,
  message: IncomingMessage,
  recipient: DeliveryRecipient,
): Promise<DeliveryResult> {
  if (recipient.kind === 'srs-return') {
    // RFC 5321 section 4.5.5: a notification goes from the null reverse path, so it can never
    // bounce back and loop.
    await queueForward(deps.queues, message, recipient.address, [recipient.target], '');
    return { status: 'returned' };
  }
  const mailFrom = forwardReversePath(message.mailFrom, deps.options.srs);
  if (recipient.kind === 'forward') {
    await queueForward(deps.queues, message, recipient.address, recipient.targets, mailFrom);
    return { status: 'forwarded', targets: recipient.targets.length };
  }
  const user = recipient.userId;
  const filters = await listFilters(deps.store, user);
  const outcome = evaluateFilters(filters, { facts: message.facts, spam: message.spam });

  const result = outcome.discard
    ? ({ status: 'discarded', filters: outcome.matched } as const)
    : await storeCopy(deps, message, recipient.address, user, outcome);

  if (outcome.forward.length > 0) {
    await queueForward(deps.queues, message, recipient.address, outcome.forward, mailFrom);
  }
  if (result.status !== 'duplicate') {
    const intervalDays = deps.options.autoreplyIntervalDays;
    await maybeAutoreply(deps.store, deps.queues, user, recipient.address, message, intervalDays);
  }
  return result;
}

async function storeCopy(
  deps: DeliveryDeps,
  message: IncomingMessage,
  address: string,
  user: ObjectId,
  outcome: FilterOutcome,
): Promise<DeliveryResult> {
  const { store, options } = deps;
  const routedAsSpam = message.spam && outcome.mailbox === undefined;
  const mailbox = await targetMailbox(store, user, outcome.mailbox, message.spam);
  if (!mailbox) throw new Error(`user ${user.toHexString()} has no INBOX`);

  const raw = prepend(message.raw, returnPath(message.mailFrom), deliveredTo(address));
  const flags = routedAsSpam ? [...outcome.flags, JUNK_KEYWORD] : outcome.flags;
  const ingest = async () => {
    const stored = await ingestMessage(store, { user, mailbox: mailbox._id, message: raw, flags });
    return stored.uid;
  };

  const { messageId } = message.facts;
  const windowSeconds = options.dedupWindowSeconds;
  if (messageId === null || windowSeconds <= 0) {
    const uid = await ingest();
    return { status: 'stored', mailbox: mailbox.path, uid, filters: outcome.matched };
  }
  const target = { user, mailbox: mailbox._id, messageId, windowSeconds };
  const { duplicate, uid } = await storeOnce(store, target, ingest);
  if (duplicate) return { status: 'duplicate', mailbox: mailbox.path, uid };
  return { status: 'stored', mailbox: mailbox.path, uid, filters: outcome.matched };
}
