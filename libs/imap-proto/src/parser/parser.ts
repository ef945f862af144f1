import { ProtocolError } from '../errors.js';
import { parseAppendStretch, type AppendItem, type AppendProgress } from '../grammar/append.js';
import { parseCommand, tagOf } from '../grammar/commands.js';
import type { Segment } from '../grammar/cursor.js';
import { MAX_LINE_BYTES, MAX_LITERAL_BYTES } from '../limits.js';
import type { ParserEvent } from './events.js';
import { literalAtEnd, type LiteralAnnouncement } from './literal.js';

type Mode =
  | 'line'
  | 'inline-literal'
  | 'await-decision'
  | 'stream-literal'
  | 'skip-literal'
  | 'discard-line'
  | 'closed';

const EMPTY = Buffer.alloc(0);

/**
 * Incremental IMAP command parser. The session pushes bytes with {@link ImapParser.push} and
 * pulls events with {@link ImapParser.next} until it returns `undefined`, then pushes more. Held
 * memory stays under MAX_LINE_BYTES plus the last pushed chunk: APPEND messages and CATENATE
 * TEXT parts stream out as chunks, and a command that breaks a limit is dropped up to the next
 * line, after which parsing resumes, so the connection survives.
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
  /** The streamed literal (message or TEXT part) announced last. */
  private appendLiteral: LiteralAnnouncement | null = null;
  /** The APPEND under way once its first stretch is read; null between commands. */
  private append: AppendProgress | null = null;
  /** The literal being streamed is a CATENATE TEXT part, which must not hold NUL. */
  private streamingText = false;
  /** Events of one stretch of an APPEND, handed out before the parser reads on. */
  private queue: ParserEvent[] = [];
  private queueHead = 0;
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
    const queued = this.queue.length > this.queueHead;
    return (
      queued || this.pending.length > this.offset || this.lineBytes > 0 || this.segments.length > 0
    );
  }

  /** An APPEND message or TEXT part was announced and waits for acceptLiteral() or a refusal. */
  get awaitingLiteralDecision(): boolean {
    return this.mode === 'await-decision' && this.queue.length === this.queueHead;
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
    this.queue = [];
    this.queueHead = 0;
    this.append = null;
  }

  /**
   * Takes the announced APPEND message or CATENATE TEXT part; returns true when the session must
   * send `+ `.
   */
  acceptLiteral(): boolean {
    const literal = this.appendLiteral;
    if (!this.awaitingLiteralDecision || !literal) throw new Error('no literal awaits a decision');
    this.appendLiteral = null;
    this.literalRemaining = literal.size;
    this.streamingText = this.append?.after === 'text';
    this.mode = literal.size > 0 ? 'stream-literal' : 'line';
    return literal.synchronizing;
  }

  /** Refuses the announced APPEND message: {@link abandonAppend} once a literal awaits. */
  rejectLiteral(): void {
    if (!this.awaitingLiteralDecision) throw new Error('no literal awaits a decision');
    this.abandonAppend();
  }

  /**
   * Drops the rest of the APPEND under way, which the session refused (RFC 3502 section 6.3.11:
   * then none of it is kept). Queued events go; an announced literal is refused (a synchronizing
   * one was never sent: the client reads the tagged NO instead of `+`); a literal being read is
   * skipped, then the rest of its line and every LITERAL+ literal that line announces. Does
   * nothing when no APPEND is under way.
   */
  abandonAppend(): void {
    this.queue = [];
    this.queueHead = 0;
    const progress = this.append;
    this.append = null;
    this.streamingText = false;
    switch (this.mode) {
      case 'await-decision': {
        const literal = this.appendLiteral as LiteralAnnouncement;
        this.resetCommand();
        this.startSkipping(literal);
        return;
      }
      case 'stream-literal':
        this.mode = 'skip-literal';
        return;
      case 'inline-literal':
        // Only an inline literal after a streamed one: the first stretch came whole.
        if (!progress) return;
        this.literalParts = [];
        this.segments = [];
        this.commandBytes = 0;
        this.mode = 'skip-literal';
        return;
      case 'line':
        // After a streamed literal the line goes on to its end as part of the APPEND.
        if (!progress) return;
        this.discardTail = Buffer.concat(this.lineParts).toString('latin1').slice(-32);
        this.lineParts = [];
        this.lineBytes = 0;
        this.segments = [];
        this.commandBytes = 0;
        this.mode = 'discard-line';
        return;
      case 'skip-literal':
      case 'discard-line':
      case 'closed':
        // Already skipping what is left (after a protocol error), or closing.
        return;
    }
  }

  /** Returns the next event, or `undefined` when more input is needed. */
  next(): ParserEvent | undefined {
    for (;;) {
      const queued = this.dequeue();
      if (queued) return queued;
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
        tag: this.append?.tag ?? tagOf(head),
      });
      this.append = null;
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
    // The line after a streamed literal goes on with the APPEND, even when it is empty.
    const continuing = this.append !== null;
    if (this.rawLineWanted && !continuing) {
      this.rawLineWanted = false;
      return { kind: 'line', line: Buffer.from(line) };
    }
    if (line.length === 0 && this.segments.length === 0 && !continuing) return undefined;
    const literal = literalAtEnd(line);
    const text = literal ? line.subarray(0, literal.textLength) : line;
    this.segments.push({ kind: 'text', data: Buffer.from(text) });
    this.commandBytes += text.length;
    return literal ? this.onLiteral(literal) : this.completeCommand();
  }

  private completeCommand(): ParserEvent | undefined {
    const segments = this.segments;
    const progress = this.append;
    this.resetCommand();
    this.append = null;
    try {
      const stretch = parseAppendStretch(segments, this.utf8, progress, false);
      if (stretch.end === 'not-append') {
        return { kind: 'command', command: parseCommand(segments, this.utf8) };
      }
      if (stretch.end !== 'command') throw new Error(`APPEND stretch ended by ${stretch.end}`);
      this.enqueue(stretch.items);
      this.queue.push({ kind: 'literal-end' });
      return undefined;
    } catch (error) {
      if (error instanceof ProtocolError) return { kind: 'error', error, fatal: false };
      throw error;
    }
  }

  private onLiteral(literal: LiteralAnnouncement): ParserEvent | undefined {
    const tag = this.append?.tag ?? tagOf(this.segments[0]?.data ?? EMPTY);
    let stretch: ReturnType<typeof parseAppendStretch>;
    try {
      stretch = parseAppendStretch(this.segments, this.utf8, this.append, true);
      if (stretch.end === 'text' && literal.binary) {
        // RFC 4469 section 5: text-literal = "TEXT" SP literal; literal8 is not among them.
        throw new ProtocolError('IMAP_SYNTAX', 'TEXT takes a literal, not a literal8', { tag });
      }
    } catch (error) {
      if (!(error instanceof ProtocolError)) throw error;
      return this.refuseLiteral(literal, error);
    }
    const streamed = stretch.end === 'message' || stretch.end === 'text';
    if (literal.size > MAX_LITERAL_BYTES) {
      const message = `literal larger than ${MAX_LITERAL_BYTES} octets`;
      const status = streamed ? 'NO' : 'BAD';
      const responseCode = { name: 'TOOBIG' as const };
      const error = new ProtocolError('IMAP_LITERAL_TOO_LARGE', message, {
        tag,
        status,
        responseCode,
      });
      return this.refuseLiteral(literal, error);
    }
    if (stretch.end === 'message' || stretch.end === 'text') {
      return this.announceStreamed(stretch, literal);
    }
    if (literal.binary || this.commandBytes + literal.size > MAX_LINE_BYTES) {
      const message = literal.binary ? 'literal8 is only allowed for APPEND' : 'command too long';
      const error = new ProtocolError('IMAP_LINE_TOO_LONG', message, { tag });
      return this.refuseLiteral(literal, error);
    }
    this.literalRemaining = literal.size;
    this.mode = 'inline-literal';
    return literal.synchronizing ? { kind: 'continue' } : undefined;
  }

  /**
   * Queues what a stretch of an APPEND held, then the announcement of the literal that ends it
   * (a message, or a CATENATE TEXT part), which waits for the session's decision.
   */
  private announceStreamed(
    stretch: Extract<ReturnType<typeof parseAppendStretch>, { end: 'message' | 'text' }>,
    literal: LiteralAnnouncement,
  ): undefined {
    this.resetCommand();
    this.enqueue(stretch.items);
    this.appendLiteral = literal;
    const { tag, mailbox, end } = stretch;
    this.append = { tag, mailbox, after: end === 'text' ? 'text' : 'message' };
    this.mode = 'await-decision';
    const { size, synchronizing, binary } = literal;
    this.queue.push(
      stretch.end === 'text'
        ? { kind: 'catenate-text', size, synchronizing }
        : {
            kind: 'append',
            command: {
              ...stretch.header,
              name: 'APPEND',
              catenate: false,
              size,
              synchronizing,
              binary,
            },
          },
    );
    return undefined;
  }

  private enqueue(items: readonly AppendItem[]): void {
    for (const item of items) {
      this.queue.push(
        item.kind === 'url'
          ? { kind: 'catenate-url', url: item.url }
          : { kind: 'catenate', command: { ...item.header, name: 'APPEND', catenate: true } },
      );
    }
  }

  private dequeue(): ParserEvent | undefined {
    if (this.queueHead >= this.queue.length) return undefined;
    const event = this.queue[this.queueHead];
    this.queueHead += 1;
    if (this.queueHead === this.queue.length) {
      this.queue = [];
      this.queueHead = 0;
    }
    return event;
  }

  /**
   * Drops a command whose literal is refused. A synchronizing literal was never sent (no `+`),
   * so parsing resumes at once; a LITERAL+ one is skipped unread, and one too large to skip ends
   * the session, as RFC 7888 section 4 allows.
   */
  private refuseLiteral(literal: LiteralAnnouncement, error: ProtocolError): ParserEvent {
    this.resetCommand();
    this.append = null;
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
    if (this.streamingText && data.includes(0)) return this.refuseNul();
    if (this.literalRemaining === 0) {
      this.mode = 'line';
      this.streamingText = false;
    }
    return { kind: 'literal-chunk', data };
  }

  /**
   * A TEXT part is a literal (RFC 4469 section 5), and a literal's octets are CHAR8, never NUL
   * (RFC 3501 section 9): the command is refused, and the rest of it skipped unread.
   */
  private refuseNul(): ParserEvent {
    const tag = this.append?.tag ?? '*';
    this.append = null;
    this.streamingText = false;
    this.mode = this.literalRemaining > 0 ? 'skip-literal' : 'discard-line';
    const error = new ProtocolError('IMAP_SYNTAX', 'a TEXT literal must not contain NUL', { tag });
    return { kind: 'error', error, fatal: false };
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
