import { ProtocolError } from '../errors.js';
import {
  classifyAppendLiteral,
  parseNextAppendMessage,
  type AppendHeader,
  type AppendMessageOptions,
} from '../grammar/append.js';
import { parseCommand, tagOf } from '../grammar/commands.js';
import type { Segment } from '../grammar/cursor.js';
import type { AppendCommand } from '../grammar/types.js';
import { MAX_LINE_BYTES, MAX_LITERAL_BYTES } from '../limits.js';
import type { ParserEvent } from './events.js';
import { literalAtEnd, type LiteralAnnouncement } from './literal.js';

type Mode =
  | 'line'
  | 'inline-literal'
  | 'await-decision'
  | 'stream-literal'
  | 'after-stream'
  | 'skip-literal'
  | 'discard-line'
  | 'closed';

const EMPTY = Buffer.alloc(0);

/**
 * Incremental IMAP command parser. The session pushes bytes with {@link ImapParser.push} and
 * pulls events with {@link ImapParser.next} until it returns `undefined`, then pushes more. Held
 * memory stays under MAX_LINE_BYTES plus the last pushed chunk: APPEND messages stream out as
 * chunks, and a command that breaks a limit is dropped up to the next line, after which parsing
 * resumes, so the connection survives.
 */
export class ImapParser {
  private mode: Mode = 'line';
  private pending: Buffer = EMPTY;
  private offset = 0;
  private lineParts: Buffer[] = [];
  private lineBytes = 0;
  private segments: Segment[] = [];
  private commandBytes = 0;
  private literalParts: Buffer[] = [];
  private literalRemaining = 0;
  private appendLiteral: LiteralAnnouncement | null = null;
  private appendTag = '*';
  private appendMailbox = '';
  private rawLineWanted = false;
  private discardTail = '';
  private overflow: ProtocolError | null = null;

  /** UTF8=ACCEPT is enabled (RFC 6855): strings and mailbox names are UTF-8. */
  utf8 = false;

  /** Adds received bytes; call after {@link next} returned `undefined`. */
  push(chunk: Buffer): void {
    if (this.mode === 'closed') return;
    const rest = this.pending.length - this.offset;
    this.pending = rest > 0 ? Buffer.concat([this.pending.subarray(this.offset), chunk]) : chunk;
    this.offset = 0;
  }

  /** Bytes held right now: unparsed input, the partial line and the buffered command. */
  get bufferedBytes(): number {
    const literal = this.literalParts.reduce((sum, part) => sum + part.length, 0);
    return this.pending.length - this.offset + this.lineBytes + this.commandBytes + literal;
  }

  /** Input is waiting that no event has consumed yet (STARTTLS must find none). */
  get hasPendingInput(): boolean {
    return this.pending.length > this.offset || this.lineBytes > 0 || this.segments.length > 0;
  }

  /** An APPEND message was announced and waits for acceptLiteral() or rejectLiteral(). */
  get awaitingLiteralDecision(): boolean {
    return this.mode === 'await-decision';
  }

  /** Delivers the next line raw, as a `line` event (SASL responses, DONE after IDLE). */
  expectLine(): void {
    this.rawLineWanted = true;
  }

  /** Forgets all input: after STARTTLS nothing sent in plaintext may be used (RFC 3501 6.2.1). */
  discardInput(): void {
    this.pending = EMPTY;
    this.offset = 0;
    this.lineParts = [];
    this.lineBytes = 0;
    this.resetCommand();
  }

  /** Takes the announced APPEND message; returns true when the session must send `+ `. */
  acceptLiteral(): boolean {
    const literal = this.appendLiteral;
    if (this.mode !== 'await-decision' || !literal) throw new Error('no literal awaits a decision');
    this.literalRemaining = literal.size;
    this.mode = literal.size > 0 ? 'stream-literal' : 'after-stream';
    return literal.synchronizing;
  }

  /** Refuses the announced APPEND message; a LITERAL+ message is skipped without being kept. */
  rejectLiteral(): void {
    const literal = this.appendLiteral;
    if (this.mode !== 'await-decision' || !literal) throw new Error('no literal awaits a decision');
    this.resetCommand();
    this.startSkipping(literal);
  }

  /** Returns the next event, or `undefined` when more input is needed. */
  next(): ParserEvent | undefined {
    for (;;) {
      switch (this.mode) {
        case 'closed':
        case 'await-decision':
          return undefined;
        case 'inline-literal':
          if (!this.readInlineLiteral()) return undefined;
          continue;
        case 'stream-literal':
          return this.readStreamChunk();
        case 'skip-literal':
          if (!this.skipLiteral()) return undefined;
          continue;
        case 'line':
        case 'after-stream':
        case 'discard-line': {
          const line = this.readLine();
          if (line === undefined) return this.takeOverflow();
          const event = this.onLine(line);
          if (event) return event;
          continue;
        }
      }
    }
  }

  private takeOverflow(): ParserEvent | undefined {
    const error = this.overflow;
    this.overflow = null;
    return error ? { kind: 'error', error, fatal: false } : undefined;
  }

  /** Reads up to LF; a line outgrowing the bound switches to discarding and reports it once. */
  private readLine(): Buffer | undefined {
    const lf = this.pending.indexOf(0x0a, this.offset);
    const end = lf < 0 ? this.pending.length : lf;
    const piece = this.pending.subarray(this.offset, end);
    this.offset = lf < 0 ? this.pending.length : lf + 1;
    if (this.offset >= this.pending.length) this.releaseInput();
    if (this.mode === 'discard-line') {
      this.discardTail = (
        this.discardTail + piece.toString('latin1', Math.max(0, piece.length - 32))
      ).slice(-32);
      return lf < 0 ? undefined : EMPTY;
    }
    if (this.commandBytes + this.lineBytes + piece.length > MAX_LINE_BYTES) {
      const head = this.segments[0]?.data ?? this.lineParts[0] ?? piece;
      this.overflow = new ProtocolError('IMAP_LINE_TOO_LONG', 'command line too long', {
        tag: tagOf(head),
      });
      this.discardTail = piece.toString('latin1', Math.max(0, piece.length - 32));
      this.lineParts = [];
      this.lineBytes = 0;
      this.resetCommand();
      this.mode = 'discard-line';
      return lf < 0 ? undefined : EMPTY;
    }
    if (lf < 0) {
      if (piece.length > 0) this.lineParts.push(Buffer.from(piece));
      this.lineBytes += piece.length;
      return undefined;
    }
    const parts = [...this.lineParts, piece];
    this.lineParts = [];
    this.lineBytes = 0;
    const line = parts.length === 1 ? piece : Buffer.concat(parts);
    return line[line.length - 1] === 0x0d ? line.subarray(0, line.length - 1) : line;
  }

  private onLine(line: Buffer): ParserEvent | undefined {
    if (this.mode === 'discard-line') return this.endDiscardedLine();
    if (this.mode === 'after-stream') return this.endAppendLine(line);
    if (this.rawLineWanted) {
      this.rawLineWanted = false;
      return { kind: 'line', line: Buffer.from(line) };
    }
    if (line.length === 0 && this.segments.length === 0) return undefined;
    const literal = literalAtEnd(line);
    const text = literal ? line.subarray(0, literal.textLength) : line;
    this.segments.push({ kind: 'text', data: Buffer.from(text) });
    this.commandBytes += text.length;
    return literal ? this.onLiteral(literal) : this.completeCommand();
  }

  private completeCommand(): ParserEvent {
    const segments = this.segments;
    this.resetCommand();
    try {
      return { kind: 'command', command: parseCommand(segments, this.utf8) };
    } catch (error) {
      if (error instanceof ProtocolError) return { kind: 'error', error, fatal: false };
      throw error;
    }
  }

  private onLiteral(literal: LiteralAnnouncement): ParserEvent | undefined {
    const tag = tagOf(this.segments[0]?.data ?? EMPTY);
    let use: ReturnType<typeof classifyAppendLiteral>;
    try {
      use = classifyAppendLiteral(this.segments, this.utf8);
    } catch (error) {
      if (!(error instanceof ProtocolError)) throw error;
      return this.refuseLiteral(literal, error);
    }
    if (literal.size > MAX_LITERAL_BYTES) {
      const message = `literal larger than ${MAX_LITERAL_BYTES} octets`;
      const status = use === 'not-append' || use === 'argument' ? 'BAD' : 'NO';
      const responseCode = { name: 'TOOBIG' as const };
      const error = new ProtocolError('IMAP_LITERAL_TOO_LARGE', message, {
        tag,
        status,
        responseCode,
      });
      return this.refuseLiteral(literal, error);
    }
    if (typeof use === 'object') return this.announceAppend(use, literal);
    if (literal.binary || this.commandBytes + literal.size > MAX_LINE_BYTES) {
      const message = literal.binary ? 'literal8 is only allowed for APPEND' : 'command too long';
      const error = new ProtocolError('IMAP_LINE_TOO_LONG', message, { tag });
      return this.refuseLiteral(literal, error);
    }
    this.literalRemaining = literal.size;
    this.mode = 'inline-literal';
    return literal.synchronizing ? { kind: 'continue' } : undefined;
  }

  private announceAppend(header: AppendHeader, literal: LiteralAnnouncement): ParserEvent {
    this.resetCommand();
    this.appendLiteral = literal;
    this.appendTag = header.tag;
    this.appendMailbox = header.mailbox;
    this.mode = 'await-decision';
    const command: AppendCommand = {
      ...header,
      name: 'APPEND',
      size: literal.size,
      synchronizing: literal.synchronizing,
      binary: literal.binary,
    };
    return { kind: 'append', command };
  }

  /**
   * Drops a command whose literal is refused. A synchronizing literal was never sent (no `+`),
   * so parsing resumes at once; a LITERAL+ one is skipped unread, and one too large to skip ends
   * the session, as RFC 7888 section 4 allows.
   */
  private refuseLiteral(literal: LiteralAnnouncement, error: ProtocolError): ParserEvent {
    this.resetCommand();
    if (!literal.synchronizing && literal.size > MAX_LITERAL_BYTES) {
      this.mode = 'closed';
      return { kind: 'error', error, fatal: true };
    }
    this.startSkipping(literal);
    return { kind: 'error', error, fatal: false };
  }

  private startSkipping(literal: LiteralAnnouncement): void {
    if (literal.synchronizing) {
      this.mode = 'line';
      return;
    }
    this.literalRemaining = literal.size;
    this.mode = 'skip-literal';
  }

  private endDiscardedLine(): ParserEvent | undefined {
    const literal = literalAtEnd(Buffer.from(this.discardTail.replace(/\r$/, ''), 'latin1'));
    this.discardTail = '';
    this.mode = 'line';
    if (literal && !literal.synchronizing) {
      if (literal.size > MAX_LITERAL_BYTES) {
        this.mode = 'closed';
        const error = new ProtocolError('IMAP_LITERAL_TOO_LARGE', 'literal too large', {
          status: 'BYE',
          responseCode: { name: 'TOOBIG' },
        });
        return { kind: 'error', error, fatal: true };
      }
      this.startSkipping(literal);
    }
    return this.takeOverflow();
  }

  private endAppendLine(line: Buffer): ParserEvent {
    this.mode = 'line';
    this.appendLiteral = null;
    if (line.length === 0) return { kind: 'literal-end' };
    const literal = literalAtEnd(line);
    if (literal) return this.onNextAppendMessage(line, literal);
    // TODO(#5): CATENATE (RFC 4469) would continue the line here with CATENATE parts.
    const error = new ProtocolError('IMAP_SYNTAX', 'expected end of line after the message', {
      tag: this.appendTag,
    });
    this.discardTail = line.toString('latin1', Math.max(0, line.length - 32));
    const ending = this.endDiscardedLine();
    return ending?.kind === 'error' && ending.fatal
      ? ending
      : { kind: 'error', error, fatal: false };
  }

  /**
   * MULTIAPPEND (RFC 3502 section 6.3.11): the line after a message announces another one,
   * `SP [flag-list SP] [date-time SP] literal`, which is offered like the first.
   */
  private onNextAppendMessage(line: Buffer, literal: LiteralAnnouncement): ParserEvent {
    const tag = this.appendTag;
    let options: AppendMessageOptions;
    try {
      options = parseNextAppendMessage(line.subarray(0, literal.textLength), this.utf8);
    } catch (error) {
      if (!(error instanceof ProtocolError)) throw error;
      error.tag = tag;
      return this.refuseLiteral(literal, error);
    }
    if (literal.size > MAX_LITERAL_BYTES) {
      const error = new ProtocolError(
        'IMAP_LITERAL_TOO_LARGE',
        `literal larger than ${MAX_LITERAL_BYTES} octets`,
        { tag, status: 'NO', responseCode: { name: 'TOOBIG' } },
      );
      return this.refuseLiteral(literal, error);
    }
    return this.announceAppend({ tag, mailbox: this.appendMailbox, ...options }, literal);
  }

  private readInlineLiteral(): boolean {
    const chunk = this.take(this.literalRemaining);
    if (chunk.length > 0) this.literalParts.push(Buffer.from(chunk));
    this.literalRemaining -= chunk.length;
    if (this.literalRemaining > 0) return false;
    const data = Buffer.concat(this.literalParts);
    this.literalParts = [];
    this.segments.push({ kind: 'literal', data });
    this.commandBytes += data.length;
    this.mode = 'line';
    return true;
  }

  private readStreamChunk(): ParserEvent | undefined {
    const data = this.take(this.literalRemaining);
    if (data.length === 0) return undefined;
    this.literalRemaining -= data.length;
    if (this.literalRemaining === 0) this.mode = 'after-stream';
    return { kind: 'literal-chunk', data };
  }

  private skipLiteral(): boolean {
    this.literalRemaining -= this.take(this.literalRemaining).length;
    if (this.literalRemaining > 0) return false;
    this.mode = 'discard-line';
    return true;
  }

  private take(max: number): Buffer {
    const end = Math.min(this.pending.length, this.offset + max);
    const bytes = this.pending.subarray(this.offset, end);
    this.offset = end;
    if (this.offset >= this.pending.length) this.releaseInput();
    return bytes;
  }

  /** Drops the reference to a fully read chunk, so an idle session holds no input buffer. */
  private releaseInput(): void {
    this.pending = EMPTY;
    this.offset = 0;
  }

  private resetCommand(): void {
    this.segments = [];
    this.commandBytes = 0;
    this.literalParts = [];
    this.literalRemaining = 0;
    this.appendLiteral = null;
  }
}
