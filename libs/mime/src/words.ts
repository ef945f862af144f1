import libmime from 'libmime';

/** Decodes RFC 2047 encoded-words in a header value; text that fails to decode is kept. @internal */
export function decodeWords(value: string): string {
  try {
    return libmime.decodeWords(value);
  } catch {
    return value;
  }
}
