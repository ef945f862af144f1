import type { DeliveryConfig } from '@mailstore/config';

/**
 * Every reply this server chooses itself, with its RFC 3463 enhanced status code. smtp-server
 * writes other replies (syntax, sequence, SIZE) on its own.
 */
export const REPLIES = {
  /** RFC 3463 X.1.1: no mailbox by that address. */
  unknownUser: { code: 550, status: '5.1.1', text: 'no such user here' },
  /** RFC 3463 X.2.1: the mailbox exists but is disabled, not accepting messages. */
  disabled: { code: 550, status: '5.2.1', text: 'mailbox disabled' },
  /** RFC 3463 X.1.1: an SRS address of ours whose hash is wrong or whose time ran out. */
  srsInvalid: { code: 550, status: '5.1.1', text: 'invalid or expired SRS address' },
  /** RFC 3463 X.1.3: the address cannot be parsed. */
  badAddress: { code: 553, status: '5.1.3', text: 'bad recipient address syntax' },
  /** RFC 3463 X.2.2: mailbox full; the policy picks 452 (retry later) or 552 (bounce). */
  overQuotaTemporary: { code: 452, status: '4.2.2', text: 'mailbox full, try again later' },
  overQuotaPermanent: { code: 552, status: '5.2.2', text: 'mailbox full' },
  /** RFC 3463 X.3.4: larger than the store takes. */
  tooLarge: { code: 552, status: '5.3.4', text: 'message too big' },
  /** RFC 3463 X.4.6: the message already went through this address (RFC 5321 section 6.3). */
  loop: { code: 554, status: '5.4.6', text: 'routing loop detected' },
  /** RFC 3463 X.3.0: a database or Redis fault; RFC 2033 lets the MTA retry this recipient. */
  temporaryFailure: { code: 451, status: '4.3.0', text: 'temporary failure, try again later' },
} as const;

/** One entry of {@link REPLIES}. */
export type Reply = (typeof REPLIES)[keyof typeof REPLIES];

/** An error smtp-server writes as the reply: `code status text`. */
export function replyError(reply: Reply, subject?: string): Error {
  const text = subject === undefined ? reply.text : `<${subject}>: ${reply.text}`;
  return Object.assign(new Error(`${reply.status} ${text}`), { responseCode: reply.code });
}

/** The over-quota reply the LMTP_OVER_QUOTA policy chooses. */
export function overQuotaReply(policy: DeliveryConfig['overQuota']): Reply {
  return policy === 'permanent' ? REPLIES.overQuotaPermanent : REPLIES.overQuotaTemporary;
}
