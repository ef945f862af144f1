import { AddressError } from './errors.js';

/** RFC 5321 section 4.5.3.1.1: a local part is at most 64 octets. */
export const MAX_LOCAL_PART_OCTETS = 64;

/** A local part as it was written and as it is meant. */
export interface ParsedLocalPart {
  /** The local part as typed (after NFC), quotes and escapes included. */
  typed: string;
  /** What it denotes: quotes removed and quoted pairs resolved (RFC 5321 section 4.1.2). */
  value: string;
}

// RFC 5322 `atext`, extended by RFC 6531 section 3.3 with every non-ASCII character.
const ATEXT = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~\u0080-\u{10ffff}]$/u;
// UTF-16 halves without their partner cannot be written as UTF-8 at all.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
// Non-ASCII that still may not appear unquoted: spaces and control characters.
const NOT_ATEXT = /[\p{White_Space}\p{Cc}]/u;

/**
 * Parses a local part: a dot-atom (`john.doe`) or a quoted string (`"john doe"`), both
 * allowing UTF-8 (RFC 6531). Throws {@link AddressError} with `part: 'local'`.
 */
export function parseLocalPart(typed: string): ParsedLocalPart {
  if (typed.length === 0) throw new AddressError('local', 'LOCAL_EMPTY');
  if (LONE_SURROGATE.test(typed)) throw new AddressError('local', 'LOCAL_UNICODE');
  if (Buffer.byteLength(typed, 'utf8') > MAX_LOCAL_PART_OCTETS) {
    throw new AddressError('local', 'LOCAL_TOO_LONG');
  }
  if (typed.startsWith('"')) return { typed, value: unquote(typed) };

  checkDotAtom(typed);
  return { typed, value: typed };
}

/** True when `value` may be written without quotes (an RFC 5322 dot-atom). */
export function isDotAtom(value: string): boolean {
  try {
    checkDotAtom(value);
    return true;
  } catch {
    return false;
  }
}

/** Writes a local part value in its shortest form: bare when it is a dot-atom, else quoted. */
export function formatLocalPart(value: string): string {
  if (isDotAtom(value)) return value;
  return `"${value.replace(/["\\]/g, (char) => `\\${char}`)}"`;
}

function checkDotAtom(value: string): void {
  if (value.length === 0) throw new AddressError('local', 'LOCAL_EMPTY');
  if (value.startsWith('.') || value.endsWith('.') || value.includes('..')) {
    throw new AddressError('local', 'LOCAL_DOT');
  }
  for (const char of value) {
    if (char === '.') continue;
    if (!ATEXT.test(char) || NOT_ATEXT.test(char)) {
      throw new AddressError('local', 'LOCAL_CHARACTER');
    }
  }
}

// RFC 5321 section 4.1.2: qtextSMTP is printable ASCII but `"` and `\`, plus UTF-8 (RFC 6531);
// quoted-pairSMTP is a backslash and one printable ASCII character or space.
function unquote(typed: string): string {
  let value = '';
  for (let i = 1; i < typed.length; i++) {
    const char = typed[i];
    if (char === '"') {
      if (i !== typed.length - 1) throw new AddressError('local', 'LOCAL_QUOTE');
      return value;
    }
    if (char === '\\') {
      const next = typed[i + 1];
      if (next === undefined) throw new AddressError('local', 'LOCAL_ESCAPE');
      value += next;
      i++;
      continue;
    }
    value += char;
  }
  throw new AddressError('local', 'LOCAL_QUOTE');
}
