/** A literal announced at the end of a line: `{n}`, `{n+}` (RFC 7888) or `~{n}` (RFC 3516). */
export interface LiteralAnnouncement {
  size: number;
  /** `{n}` waits for the server's `+`; `{n+}` does not. */
  synchronizing: boolean;
  /** `~{n}`: literal8, which may hold NUL. */
  binary: boolean;
  /** Bytes of the line before the announcement. */
  textLength: number;
}

/** The longest announcement looked for: `~{` + 20 digits + `+}` is ample. */
const MAX_ANNOUNCEMENT_BYTES = 32;

/** Finds a literal announcement at the end of a line (CRLF already removed). */
export function literalAtEnd(line: Buffer): LiteralAnnouncement | null {
  if (line.length < 3 || line[line.length - 1] !== 0x7d) return null;
  const start = Math.max(0, line.length - MAX_ANNOUNCEMENT_BYTES);
  const tail = line.toString('latin1', start);
  const match = /(~?)\{(\d+)(\+?)\}$/.exec(tail);
  if (!match) return null;
  const [whole, tilde, digits, plus] = match as unknown as [string, string, string, string];
  return {
    size: digits.length > 15 ? Number.MAX_SAFE_INTEGER : Number(digits),
    synchronizing: plus === '',
    binary: tilde === '~',
    textLength: line.length - whole.length,
  };
}
