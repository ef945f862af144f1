import type { ContentType, Disposition } from './types.js';
import { fieldValue, type HeaderField } from './header.js';
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
  // RFC 2045 section 5.2: a syntactically invalid Content-Type means text/plain, even in a digest.
  if (!m) return defaultType(false);
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

/** The first value of each Content-* field, found in one pass over the header. */
function contentFields(raw: Buffer, fields: HeaderField[]): Map<string, string> {
  const found = new Map<string, string>();
  for (const f of fields) {
    if (f.name.startsWith('content-') && !found.has(f.name)) found.set(f.name, fieldValue(raw, f));
  }
  return found;
}

/** Reads the MIME fields of a part, applying the RFC 2045 defaults. @internal */
export function readPartFields(raw: Buffer, fields: HeaderField[], inDigest: boolean): PartFields {
  const found = contentFields(raw, fields);
  const get = (name: string): string | null => found.get(name) ?? null;
  const location = get('content-location');
  return {
    contentType: contentType(get('content-type'), inDigest),
    encoding: encoding(get('content-transfer-encoding')),
    disposition: disposition(get('content-disposition')),
    id: get('content-id'),
    description: get('content-description'),
    md5: get('content-md5'),
    language: language(get('content-language')),
    // RFC 2557 section 4.4.1: a folded URL is unfolded by removing the white space.
    location: location === null ? null : location.replace(/\s+/g, ''),
  };
}
