import { ProtocolError } from '../errors.js';
import { MAX_NESTING_DEPTH, MAX_STRING_BYTES } from '../limits.js';
import { isAstringChar, isAtomChar, isDigit, isQuotedTextByte } from './chars.js';

/** One piece of a framed command: line text, or a literal's bytes. */
export type Segment = { kind: 'text'; data: Buffer } | { kind: 'literal'; data: Buffer };

const MAX_UINT32 = 4_294_967_295;

/** Raises the BAD every grammar mismatch becomes. */
export function syntaxError(message: string): never {
  throw new ProtocolError('IMAP_SYNTAX', message);
}

/**
 * Reads a framed command: text segments separated by literals. Every method either consumes what
 * it names or throws a BAD {@link ProtocolError}; nothing here allocates more than its input.
 */
export class Cursor {
  private index = 0;
  private offset = 0;
  private depth = 0;

  constructor(
    private readonly segments: readonly Segment[],
    /** UTF8=ACCEPT is enabled: quoted strings and mailbox names may carry UTF-8 (RFC 6855). */
    readonly utf8: boolean,
  ) {}

  private get text(): Buffer {
    const segment = this.segments[this.index];
    return segment?.kind === 'text' ? segment.data : Buffer.alloc(0);
  }

  /** The next byte of line text, or -1 at a literal or at the end. */
  peek(): number {
    const text = this.text;
    return this.offset < text.length ? (text[this.offset] as number) : -1;
  }

  /** A literal starts here. */
  atLiteral(): boolean {
    return this.offset >= this.text.length && this.segments[this.index + 1]?.kind === 'literal';
  }

  /** Nothing is left of the command. */
  atEnd(): boolean {
    return this.offset >= this.text.length && this.index >= this.segments.length - 1;
  }

  /** Consumes one byte if it is `byte`. */
  accept(byte: number): boolean {
    if (this.peek() !== byte) return false;
    this.offset += 1;
    return true;
  }

  /** Consumes `byte` or fails with `what` in the message. */
  expect(byte: number, what: string): void {
    if (!this.accept(byte)) syntaxError(`expected ${what}`);
  }

  /** Consumes the single SP between arguments. */
  sp(): void {
    this.expect(0x20, 'a space');
  }

  /** Fails unless the command is fully consumed. */
  end(): void {
    if (!this.atEnd()) syntaxError('unexpected characters at end of command');
  }

  /** Consumes bytes while `test` holds and returns them (possibly none). */
  takeWhile(test: (byte: number) => boolean): Buffer {
    const text = this.text;
    const start = this.offset;
    while (this.offset < text.length && test(text[this.offset] as number)) this.offset += 1;
    return text.subarray(start, this.offset);
  }

  /** The upper-cased atom that follows, without consuming it ('' when none). */
  peekKeyword(): string {
    const bytes = this.takeWhile(isAtomChar);
    this.offset -= bytes.length;
    return bytes.toString('latin1').toUpperCase();
  }

  /** Steps back `count` bytes within the current text segment (for one-word lookahead). */
  rewind(count: number): void {
    this.offset = Math.max(0, this.offset - count);
  }

  /** Consumes a literal's bytes. */
  literal(): Buffer {
    if (!this.atLiteral()) syntaxError('expected a literal');
    const literal = this.segments[this.index + 1] as Segment;
    this.index += 2;
    this.offset = 0;
    return literal.data;
  }

  /** atom: one or more ATOM-CHARs, returned as written. */
  atom(what = 'an atom'): string {
    const bytes = this.takeWhile(isAtomChar);
    if (bytes.length === 0) syntaxError(`expected ${what}`);
    return bytes.toString('latin1');
  }

  /** An atom compared case-insensitively: returned upper-cased. */
  keyword(what = 'a keyword'): string {
    return this.atom(what).toUpperCase();
  }

  /** number: an unsigned 32-bit integer (RFC 3501 section 9). */
  number(what = 'a number'): number {
    const digits = this.takeWhile(isDigit);
    if (digits.length === 0 || digits.length > 10) syntaxError(`expected ${what}`);
    const value = Number(digits.toString('latin1'));
    if (value > MAX_UINT32) syntaxError(`${what} is out of range`);
    return value;
  }

  /** nz-number: a number above zero. */
  nzNumber(what = 'a number above zero'): number {
    const value = this.number(what);
    if (value === 0) syntaxError(`expected ${what}`);
    return value;
  }

  /** number64 of RFC 9051 (mod-sequence values), up to 2^63 - 1. */
  number64(what = 'a number'): bigint {
    const digits = this.takeWhile(isDigit);
    if (digits.length === 0 || digits.length > 19) syntaxError(`expected ${what}`);
    const value = BigInt(digits.toString('latin1'));
    if (value > 9_223_372_036_854_775_807n) syntaxError(`${what} is out of range`);
    return value;
  }

  /** quoted: a DQUOTE-delimited string with `\"` and `\\` escapes. */
  quoted(): Buffer {
    this.expect(0x22, 'a quoted string');
    const bytes: number[] = [];
    for (;;) {
      const byte = this.peek();
      if (byte === -1) syntaxError('unterminated quoted string');
      this.offset += 1;
      if (byte === 0x22) return Buffer.from(bytes);
      if (byte === 0x5c) {
        const escaped = this.peek();
        if (escaped !== 0x22 && escaped !== 0x5c) syntaxError('bad escape in quoted string');
        this.offset += 1;
        bytes.push(escaped);
      } else if (isQuotedTextByte(byte, this.utf8)) {
        bytes.push(byte);
      } else {
        syntaxError('8-bit or control character in quoted string: send a literal');
      }
      if (bytes.length > MAX_STRING_BYTES) syntaxError('quoted string too long');
    }
  }

  /** string: quoted or literal, as bytes. */
  stringBytes(what = 'a string'): Buffer {
    if (this.atLiteral()) return this.literal();
    if (this.peek() === 0x22) return this.quoted();
    return syntaxError(`expected ${what}`);
  }

  /** astring: an atom (with `]`) or a string, as bytes. */
  astringBytes(what = 'a string'): Buffer {
    if (this.atLiteral() || this.peek() === 0x22) return this.stringBytes(what);
    const bytes = this.takeWhile(isAstringChar);
    if (bytes.length === 0) syntaxError(`expected ${what}`);
    return bytes;
  }

  /** astring decoded as UTF-8 (RFC 9051 and RFC 6855 allow UTF-8 in strings). */
  astring(what = 'a string'): string {
    return decodeText(this.astringBytes(what), what);
  }

  /** nstring: a string or NIL (null). */
  nstring(what = 'a string or NIL'): string | null {
    if (this.atLiteral() || this.peek() === 0x22) return decodeText(this.stringBytes(what), what);
    if (this.keyword(what) === 'NIL') return null;
    return syntaxError(`expected ${what}`);
  }

  /** Runs `read` one nesting level deeper, refusing depth beyond {@link MAX_NESTING_DEPTH}. */
  nested<T>(read: () => T): T {
    if (this.depth >= MAX_NESTING_DEPTH) {
      throw new ProtocolError('IMAP_NESTING_TOO_DEEP', 'lists or search keys nested too deeply');
    }
    this.depth += 1;
    try {
      return read();
    } finally {
      this.depth -= 1;
    }
  }
}

/** Decodes bytes as UTF-8, refusing invalid sequences instead of inventing U+FFFD. */
export function decodeText(bytes: Buffer, what: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return syntaxError(`${what} is not valid UTF-8`);
  }
}
