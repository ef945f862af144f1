import type { MimePart } from './types.js';
import { fieldValues, scanHeader } from './header.js';

/** Unfolded raw values (UTF-8 when valid, else Latin-1) of every `name` field of a part's header. */
export function headerValue(raw: Buffer, part: MimePart, name: string): string[] {
  const { fields } = scanHeader(raw, part.headerStart, part.headerEnd);
  return fieldValues(raw, fields, name.toLowerCase());
}
