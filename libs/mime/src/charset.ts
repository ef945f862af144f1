import iconv from 'iconv-lite';
import { isUtf8 } from 'node:buffer';

/** Charset aliases seen in real mail that iconv-lite does not know by that name. */
const CHARSET_ALIASES: Record<string, string> = {
  'ks_c_5601-1987': 'cp949',
  'x-sjis': 'shift_jis',
  'x-unknown': 'utf-8',
  'unicode-1-1-utf-7': 'utf-7',
  utf8: 'utf-8',
  // Mail labelled US-ASCII that carries 8-bit bytes is most often UTF-8 (else Latin-1).
  'us-ascii': 'utf-8',
  ascii: 'utf-8',
};

/** Turns a charset label into a name iconv-lite knows, or null when there is none. */
function knownCharset(label: string): string | null {
  const name = label.trim().toLowerCase().replace(/^"|"$/g, '');
  const alias = CHARSET_ALIASES[name] ?? name;
  return iconv.encodingExists(alias) ? alias : null;
}

/**
 * Decodes bytes in the given charset. Unknown or missing charsets fall back to UTF-8 when the
 * bytes are valid UTF-8, else Latin-1, so that decoding never fails.
 * @internal
 */
export function decodeCharset(bytes: Buffer, charset: string | undefined | null): string {
  const name = charset ? knownCharset(charset) : null;
  if (name && name !== 'utf-8' && name !== 'utf8') return iconv.decode(bytes, name);
  return bytes.toString(isUtf8(bytes) ? 'utf8' : 'latin1');
}
