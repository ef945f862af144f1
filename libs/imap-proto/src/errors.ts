import type { ResponseCode } from './serializer/response-codes.js';

/** Stable codes of every protocol error this package raises, listed in the README. */
export type ProtocolErrorCode =
  | 'IMAP_SYNTAX'
  | 'IMAP_UNKNOWN_COMMAND'
  | 'IMAP_LINE_TOO_LONG'
  | 'IMAP_LITERAL_TOO_LARGE'
  | 'IMAP_NESTING_TOO_DEEP'
  | 'IMAP_TOO_MANY_ITEMS'
  | 'IMAP_BAD_CHARSET'
  | 'IMAP_BAD_MAILBOX_NAME';

/** What the session answers: a tagged BAD or NO, or a BYE that ends the connection. */
export type ProtocolErrorStatus = 'BAD' | 'NO' | 'BYE';

/** Options of a {@link ProtocolError}. */
export interface ProtocolErrorOptions {
  status?: ProtocolErrorStatus;
  responseCode?: ResponseCode;
  /** The tag of the command at fault, or `*` when none could be read. */
  tag?: string;
}

/**
 * A client's mistake, carrying the response the session sends: status, response code and text
 * that are safe to show the client.
 */
export class ProtocolError extends Error {
  readonly code: ProtocolErrorCode;
  readonly status: ProtocolErrorStatus;
  readonly responseCode: ResponseCode | undefined;
  tag: string;

  constructor(code: ProtocolErrorCode, message: string, options: ProtocolErrorOptions = {}) {
    super(message);
    this.name = 'ProtocolError';
    this.code = code;
    this.status = options.status ?? 'BAD';
    this.responseCode = options.responseCode;
    this.tag = options.tag ?? '*';
  }
}

/** Tells a {@link ProtocolError} apart from anything else thrown. */
export function isProtocolError(error: unknown): error is ProtocolError {
  return error instanceof ProtocolError;
}
