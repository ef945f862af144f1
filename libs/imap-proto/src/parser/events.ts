import type { ProtocolError } from '../errors.js';
import type { AppendCommand, Command } from '../grammar/types.js';

/** What {@link ImapParser.next} hands the session, in the order the client sent it. */
export type ParserEvent =
  /** A complete command other than APPEND. */
  | { kind: 'command'; command: Command }
  /** A synchronizing literal was accepted: send `+ ` now (RFC 3501 section 7.5). */
  | { kind: 'continue' }
  /**
   * APPEND's message literal is announced: call `acceptLiteral()` (and send `+ ` when the literal
   * is synchronizing) to receive it as `literal-chunk` events, or `rejectLiteral()` and answer NO.
   * With MULTIAPPEND (RFC 3502) it comes again after a message's chunks, with the same tag and
   * mailbox, for each further message of the command.
   */
  | { kind: 'append'; command: AppendCommand }
  /** The next bytes of an accepted APPEND message. */
  | { kind: 'literal-chunk'; data: Buffer }
  /** The last APPEND message and the command line are complete. */
  | { kind: 'literal-end' }
  /** A raw line asked for with `expectLine()` (SASL responses, IDLE's DONE). */
  | { kind: 'line'; line: Buffer }
  /**
   * The client broke the grammar or a limit. The parser has already skipped to the next
   * command; when `fatal`, the session answers and then closes with BYE.
   */
  | { kind: 'error'; error: ProtocolError; fatal: boolean };
