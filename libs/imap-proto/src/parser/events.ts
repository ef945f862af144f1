import type { ProtocolError } from '../errors.js';
import type { AppendCatenateCommand, AppendLiteralCommand, Command } from '../grammar/types.js';

/** What {@link ImapParser.next} hands the session, in the order the client sent it. */
export type ParserEvent =
  /** A complete command other than APPEND. */
  | { kind: 'command'; command: Command }
  /** A synchronizing literal was accepted: send `+ ` now (RFC 3501 section 7.5). */
  | { kind: 'continue' }
  /**
   * APPEND's message literal is announced: call `acceptLiteral()` (and send `+ ` when the literal
   * is synchronizing) to receive it as `literal-chunk` events, or `abandonAppend()` and answer NO.
   * With MULTIAPPEND (RFC 3502) it comes again after a message's chunks, with the same tag and
   * mailbox, for each further message of the command.
   */
  | { kind: 'append'; command: AppendLiteralCommand }
  /**
   * An APPEND message built by CATENATE (RFC 4469) begins, first of the command or a further one
   * of a MULTIAPPEND; its parts follow as `catenate-url` and `catenate-text` events.
   */
  | { kind: 'catenate'; command: AppendCatenateCommand }
  /** A URL part of the CATENATE message, as the client wrote it (an IMAP URL, RFC 5092). */
  | { kind: 'catenate-url'; url: string }
  /**
   * The literal of a TEXT part is announced: decide as for `append` (`acceptLiteral()` or
   * `abandonAppend()`); its bytes come as `literal-chunk` events.
   */
  | { kind: 'catenate-text'; size: number; synchronizing: boolean }
  /** The next bytes of an accepted APPEND message or TEXT part. */
  | { kind: 'literal-chunk'; data: Buffer }
  /** The APPEND command is complete: its last message has ended, and so has the line. */
  | { kind: 'literal-end' }
  /** A raw line asked for with `expectLine()` (SASL responses, IDLE's DONE). */
  | { kind: 'line'; line: Buffer }
  /**
   * The client broke the grammar or a limit. The parser has already skipped to the next
   * command; when `fatal`, the session answers and then closes with BYE.
   */
  | { kind: 'error'; error: ProtocolError; fatal: boolean };
