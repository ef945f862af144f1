import type { ContentType, Disposition } from './types.js';
import { firstValue, type HeaderField } from './header.js';
import { parseStructured } from './params.js';

/** The MIME fields of one part's header (RFC 2045 section 3, RFC 2183, RFC 3282, RFC 2557). @internal */
export interface PartFields {
  contentType: ContentType;
  encoding: string;
  disposition: Disposition | null;
  id: string | null;
  description: string | null;
  md5: string | null;
  language: string[] | null;
  location: string | null;
}

/** RFC 2045 section 5.2: no (or an unusable) Content-Type means text/plain; charset=us-ascii. */
function defaultType(inDigest: boolean): ContentType {
  // RFC 2046 section 5.1.5: in a multipart/digest the default is message/rfc822.
  return inDigest
    ? { type: 'message', subtype: 'rfc822', params: {} }
    : { type: 'text', subtype: 'plain', params: { charset: 'us-ascii' } };
}

function contentType(value: string | null, inDigest: boolean): ContentType {
  if (value === null) return defaultType(inDigest);
  const parsed = parseStructured(value);
  const m = /^([!#$%&'*+\-.^_`|~0-9a-z]+)\s*\/\s*([!#$%&'*+\-.^_`|~0-9a-z]+)$/.exec(parsed.value);
  if (!m) return defaultType(inDigest);
  return { type: m[1]!, subtype: m[2]!, params: parsed.params };
}

function disposition(value: string | null): Disposition | null {
  if (value === null) return null;
  const parsed = parseStructured(value);
  if (!parsed.value) return null;
  return { type: parsed.value, params: parsed.params };
}

function language(value: string | null): string[] | null {
  if (value === null) return null;
  const tags = value
    .replace(/\([^)]*\)/g, '')
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t.length > 0);
  return tags.length ? tags : null;
}

function encoding(value: string | null): string {
  const token = value === null ? '' : parseStructured(value).value.split(/\s/)[0]!;
  return token || '7bit';
}

/** Reads the MIME fields of a part, applying the RFC 2045 defaults. @internal */
export function readPartFields(raw: Buffer, fields: HeaderField[], inDigest: boolean): PartFields {
  const location = firstValue(raw, fields, 'content-location');
  return {
    contentType: contentType(firstValue(raw, fields, 'content-type'), inDigest),
    encoding: encoding(firstValue(raw, fields, 'content-transfer-encoding')),
    disposition: disposition(firstValue(raw, fields, 'content-disposition')),
    id: firstValue(raw, fields, 'content-id'),
    description: firstValue(raw, fields, 'content-description'),
    md5: firstValue(raw, fields, 'content-md5'),
    language: language(firstValue(raw, fields, 'content-language')),
    // RFC 2557 section 4.4.1: a folded URL is unfolded by removing the white space.
    location: location === null ? null : location.replace(/\s+/g, ''),
  };
}
