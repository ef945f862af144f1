// Writing IMAP data values (RFC 3501 section 4): atoms, numbers, NIL, quoted strings, literals
// and parenthesized lists.

/** Raw protocol text written as is: an atom, a flag, or a pre-formatted item name. */
export interface Atom {
  atom: string;
}

/** Values written one after another with no space (the parts of a multipart BODYSTRUCTURE). */
export interface Concat {
  concat: readonly ImapValue[];
}

/** A value a response carries; strings pick quoted or literal form by themselves. */
export type ImapValue =
  string | number | bigint | Buffer | null | Atom | Concat | readonly ImapValue[];

/** How values are written for one session. */
export interface SerializeOptions {
  /** UTF8=ACCEPT is enabled: quoted strings may hold UTF-8 (RFC 6855 section 3). */
  utf8: boolean;
}

/** Longest string written quoted; longer ones go as literals, which clients parse cheaper. */
export const MAX_QUOTED_BYTES = 1024;

/** Wraps text that goes on the wire unquoted. */
export function atom(text: string): Atom {
  return { atom: text };
}

/**
 * Tells whether `text` may go as a quoted string: no NUL, CR or LF (RFC 3501 section 4.3), and
 * 8-bit only when UTF8=ACCEPT is enabled.
 */
export function canQuote(text: string, options: SerializeOptions): boolean {
  if (text.length > MAX_QUOTED_BYTES) return false;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code === 0 || code === 0x0a || code === 0x0d) return false;
    if (code > 0x7f && !options.utf8) return false;
  }
  return Buffer.byteLength(text) <= MAX_QUOTED_BYTES;
}

/** Writes `text` as a quoted string, escaping `"` and `\`. */
export function quote(text: string): string {
  return `"${text.replace(/[\\"]/g, (char) => `\\${char}`)}"`;
}

/** Collects response pieces: text runs and literal bodies. */
export class ResponseBuffer {
  private readonly parts: Buffer[] = [];
  private text = '';

  /** Appends protocol text (ASCII, or UTF-8 in UTF8=ACCEPT quoted strings). */
  write(text: string): this {
    this.text += text;
    return this;
  }

  /** Appends a literal: `{n}` CRLF and the bytes (RFC 3501 section 4.3). */
  literal(bytes: Buffer): this {
    this.write(`{${bytes.length}}\r\n`);
    this.flush();
    this.parts.push(bytes);
    return this;
  }

  /** Appends a literal8: `~{n}` CRLF and the bytes, which may hold NUL (RFC 3516 section 4.3). */
  literal8(bytes: Buffer): this {
    this.write('~');
    return this.literal(bytes);
  }

  /** Appends any value in its wire form. */
  value(value: ImapValue, options: SerializeOptions): this {
    if (value === null) return this.write('NIL');
    if (typeof value === 'number' || typeof value === 'bigint') return this.write(String(value));
    if (Buffer.isBuffer(value)) return this.literal(value);
    if (typeof value === 'string') {
      return canQuote(value, options) ? this.write(quote(value)) : this.literal(Buffer.from(value));
    }
    if (isList(value)) {
      this.write('(');
      value.forEach((item, index) => {
        if (index > 0) this.write(' ');
        this.value(item, options);
      });
      return this.write(')');
    }
    if ('atom' in value) return this.write(value.atom);
    for (const item of value.concat) this.value(item, options);
    return this;
  }

  /** The whole response as one buffer. */
  toBuffer(): Buffer {
    this.flush();
    return this.parts.length === 1 ? (this.parts[0] as Buffer) : Buffer.concat(this.parts);
  }

  private flush(): void {
    if (this.text) this.parts.push(Buffer.from(this.text, 'utf8'));
    this.text = '';
  }
}

function isList(value: ImapValue): value is readonly ImapValue[] {
  return Array.isArray(value);
}

/** Serializes one value on its own. */
export function serializeValue(value: ImapValue, options: SerializeOptions): Buffer {
  return new ResponseBuffer().value(value, options).toBuffer();
}
