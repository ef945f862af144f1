import { AddressError } from '@mailstore/address';
import { srsReverse } from '@mailstore/delivery';
import { getUser, resolveRecipient, type Recipient } from '@mailstore/storage';
import type { SMTPServerAddress, SMTPServerSession } from 'smtp-server';
import { overQuotaReply, REPLIES, replyError } from '../replies.js';
import type { SessionDeps } from './deps.js';
import { failureReply } from './errors.js';

/**
 * RCPT TO (RFC 2033 section 4.2): resolves the address and refuses it now when it is unknown,
 * disabled or already over quota, so DATA only reaches recipients that can take the message.
 * An SRS address of ours (a bounce coming back) is reversed instead, or refused when forged or
 * expired.
 */
export function handleRcptTo(deps: SessionDeps) {
  return (
    address: SMTPServerAddress,
    session: SMTPServerSession,
    callback: (error?: Error | null) => void,
  ): void => {
    checkRecipient(deps, address, session).then(
      (refusal) => callback(refusal),
      (error: unknown) =>
        callback(failureReply(error, deps.options.overQuota, deps.logger, address.address)),
    );
  };
}

async function checkRecipient(
  deps: SessionDeps,
  address: SMTPServerAddress,
  session: SMTPServerSession,
): Promise<Error | null> {
  const srs = checkSrsAddress(deps, address, session);
  if (srs !== 'not-srs') return srs;

  let recipient: Recipient | null;
  try {
    recipient = await resolveRecipient(deps.store, address.address);
  } catch (error) {
    if (error instanceof AddressError) return replyError(REPLIES.badAddress, address.address);
    throw error;
  }
  if (!recipient) return replyError(REPLIES.unknownUser, address.address);

  if (recipient.kind === 'user') {
    const user = await getUser(deps.store, recipient.userId);
    if (!user) return replyError(REPLIES.unknownUser, address.address);
    if (user.disabled) return replyError(REPLIES.disabled, address.address);
    // RFC 1870: the SIZE the client declared lets a full mailbox refuse before DATA.
    const declared = declaredSize(session);
    const { limit, used } = user.quota;
    if (limit > 0 && (used >= limit || used + declared > limit)) {
      return replyError(overQuotaReply(deps.options.overQuota), address.address);
    }
  }
  deps.resolved.set(address, recipient);
  return null;
}

/**
 * An SRS address of ours is a bounce coming back: a valid one is accepted as a return to the
 * address it was rewritten from, a forged or expired one is refused 550 5.1.1. `not-srs` for
 * every other address and while SRS is off.
 */
function checkSrsAddress(
  deps: SessionDeps,
  address: SMTPServerAddress,
  session: SMTPServerSession,
): Error | null | 'not-srs' {
  if (!deps.options.srs) return 'not-srs';
  const srs = srsReverse(address.address, deps.options.srs, new Date());
  switch (srs.kind) {
    case 'not-srs':
      return 'not-srs';
    case 'invalid':
      deps.logger.info({ sessionId: session.id, reason: srs.reason }, 'SRS address refused');
      return replyError(REPLIES.srsInvalid, address.address);
    case 'valid':
      deps.resolved.set(address, {
        kind: 'srs-return',
        address: address.address,
        target: srs.address,
      });
      return null;
  }
}

/** The SIZE parameter of MAIL FROM (RFC 1870 section 6), 0 when absent or malformed. */
function declaredSize(session: SMTPServerSession): number {
  const args = session.envelope.mailFrom ? session.envelope.mailFrom.args : false;
  const size = args ? Number(args.SIZE) : 0;
  return Number.isSafeInteger(size) && size > 0 ? size : 0;
}
