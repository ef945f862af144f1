import { DeliveryError } from '@mailstore/delivery';
import type { Logger } from '@mailstore/logger';
import { MessageTooLargeError, QuotaExceededError } from '@mailstore/storage';
import type { DeliveryConfig } from '@mailstore/config';
import { overQuotaReply, REPLIES, replyError } from '../replies.js';

/**
 * The one place that turns a failure into a reply: known refusals get their own code; anything
 * else (a database or Redis fault, a bug) is logged and answered 451 4.3.0 so the MTA retries,
 * and its cause never reaches the wire.
 */
export function failureReply(
  error: unknown,
  policy: DeliveryConfig['overQuota'],
  logger: Logger,
  address: string,
): Error {
  if (error instanceof QuotaExceededError) return replyError(overQuotaReply(policy), address);
  if (error instanceof MessageTooLargeError) return replyError(REPLIES.tooLarge, address);
  if (error instanceof DeliveryError && error.code === 'DELIVERY_LOOP') {
    return replyError(REPLIES.loop, address);
  }
  logger.error({ err: error, address }, 'delivery failed: temporary');
  return replyError(REPLIES.temporaryFailure, address);
}
