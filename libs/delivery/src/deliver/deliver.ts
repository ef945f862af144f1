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
import { queueForward } from './forward.js';
import { targetMailbox } from './mailbox.js';

/** RFC 5788 keyword set on copies the spam verdict routed. */
const JUNK_KEYWORD = '$Junk';

/** What delivery needs: the store, the outbound queues and the delivery settings. */
export interface DeliveryDeps {
  store: Store;
  queues: OutboundQueues;
  options: DeliveryConfig;
}

/** How a recipient's delivery ended (every one of them is a success for the MTA). */
export type DeliveryResult =
  | { status: 'stored'; mailbox: string; uid: number; filters: string[] }
  | { status: 'duplicate'; mailbox: string; uid: number }
  | { status: 'discarded'; filters: string[] }
  | { status: 'forwarded'; targets: number };

/**
 * Delivers one message to one resolved recipient: forward-only addresses queue a forward; a
 * user's copy goes through their filters and the spam verdict into a mailbox (stored once per
 * Message-ID within the dedup window), then filter forwards and the vacation reply are queued.
 * Resolves only once every effect is durable; any throw means the MTA must retry.
 */
export async function deliverToRecipient(
  deps: DeliveryDeps,
  message: IncomingMessage,
  recipient: Recipient,
): Promise<DeliveryResult> {
  if (recipient.kind === 'forward') {
    await queueForward(deps.queues, message, recipient.address, recipient.targets);
    return { status: 'forwarded', targets: recipient.targets.length };
  }
  const user = recipient.userId;
  const filters = await listFilters(deps.store, user);
  const outcome = evaluateFilters(filters, { facts: message.facts, spam: message.spam });

  const result = outcome.discard
    ? ({ status: 'discarded', filters: outcome.matched } as const)
    : await storeCopy(deps, message, recipient.address, user, outcome);

  if (outcome.forward.length > 0) {
    await queueForward(deps.queues, message, recipient.address, outcome.forward);
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
