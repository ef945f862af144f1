/**
 * The response code an IMAP server sends with each refusal: RFC 5530's, USEATTR of RFC 6154, and
 * HASCHILDREN of RFC 9051 section 7.1 (DELETE of a mailbox that has inferiors).
 */
export type MailboxResponseCode =
  'ALREADYEXISTS' | 'NONEXISTENT' | 'CANNOT' | 'USEATTR' | 'HASCHILDREN';

/** Stable codes of the mailboxes module's errors, each with its RFC 5530 response code. */
export const MAILBOX_ERROR_CODES = {
  MAILBOX_NAME_INVALID: 'CANNOT',
  MAILBOX_EXISTS: 'ALREADYEXISTS',
  MAILBOX_NOT_FOUND: 'NONEXISTENT',
  MAILBOX_INBOX: 'CANNOT',
  MAILBOX_HAS_CHILDREN: 'HASCHILDREN',
  MAILBOX_INTO_ITSELF: 'CANNOT',
  MAILBOX_USER_NOT_FOUND: 'NONEXISTENT',
  MAILBOX_SPECIAL_USE: 'USEATTR',
  MAILBOX_NOT_SUBSCRIBED: 'NONEXISTENT',
} as const satisfies Record<string, MailboxResponseCode>;

/** The stable code of a {@link MailboxError}. */
export type MailboxErrorCode = keyof typeof MAILBOX_ERROR_CODES;

/** A refused mailbox operation; `message` is client-safe text. */
export class MailboxError extends Error {
  /** The RFC 5530 response code that fits (`NO [ALREADYEXISTS] ...`). */
  readonly responseCode: MailboxResponseCode;

  constructor(
    readonly code: MailboxErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'MailboxError';
    this.responseCode = MAILBOX_ERROR_CODES[code];
  }
}
