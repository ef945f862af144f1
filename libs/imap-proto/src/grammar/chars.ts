// Character classes of RFC 3501 section 9 (formal syntax), as byte tests.

const SP = 0x20;
const DQUOTE = 0x22;

function isCtl(byte: number): boolean {
  return byte < 0x20 || byte === 0x7f;
}

/** ATOM-CHAR: any 7-bit CHAR except atom-specials `(){ %*"\]`, SP and CTLs. */
export function isAtomChar(byte: number): boolean {
  if (byte > 0x7f || byte === 0 || isCtl(byte) || byte === SP) return false;
  switch (byte) {
    case 0x28: // (
    case 0x29: // )
    case 0x7b: // {
    case 0x25: // %
    case 0x2a: // *
    case DQUOTE:
    case 0x5c: // backslash
    case 0x5d: // ]
      return false;
    default:
      return true;
  }
}

/** ASTRING-CHAR: ATOM-CHAR or `]`. */
export function isAstringChar(byte: number): boolean {
  return isAtomChar(byte) || byte === 0x5d;
}

/** tag: ASTRING-CHAR except `+`. */
export function isTagChar(byte: number): boolean {
  return isAstringChar(byte) && byte !== 0x2b;
}

/** list-char: ATOM-CHAR, the list-wildcards `%` and `*`, or `]`. */
export function isListChar(byte: number): boolean {
  return isAstringChar(byte) || byte === 0x25 || byte === 0x2a;
}

/** TEXT-CHAR of a quoted string: any CHAR except CR and LF (`"` and `\` are escaped). */
export function isQuotedTextByte(byte: number, utf8: boolean): boolean {
  if (byte === 0 || byte === 0x0a || byte === 0x0d) return false;
  return byte < 0x80 || utf8;
}

/** The ASCII digits `0`-`9`. */
export function isDigit(byte: number): boolean {
  return byte >= 0x30 && byte <= 0x39;
}
