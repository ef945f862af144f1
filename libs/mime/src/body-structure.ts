import type {
  BodyDisposition,
  BodyParam,
  BodyStructure,
  BodyStructureSingle,
  Disposition,
  MimePart,
} from './types.js';
import { envelope } from './envelope.js';

function toParams(params: Record<string, string>): BodyParam[] {
  return Object.entries(params).map(([name, value]) => ({ name, value }));
}

function toDisposition(d: Disposition | null): BodyDisposition | null {
  return d ? { type: d.type, params: toParams(d.params) } : null;
}

/** Dovecot and Cyrus answer an empty multipart with one empty text/plain body; so do we. */
function emptyText(partId: string): BodyStructureSingle {
  return {
    partId,
    kind: 'text',
    type: 'text',
    subtype: 'plain',
    params: [{ name: 'charset', value: 'us-ascii' }],
    disposition: null,
    language: null,
    location: null,
    id: null,
    description: null,
    encoding: '7bit',
    size: 0,
    lines: 0,
    envelope: null,
    body: null,
    md5: null,
  };
}

function single(raw: Buffer, part: MimePart, partId: string): BodyStructureSingle {
  const { type } = part.contentType;
  const message = part.embedded !== null;
  const params = toParams(part.contentType.params);
  // RFC 2045 section 5.2: text without a charset parameter is US-ASCII; say so explicitly.
  if (type === 'text' && !params.some((p) => p.name === 'charset')) {
    params.push({ name: 'charset', value: 'us-ascii' });
  }
  return {
    partId,
    // RFC 3501 section 7.4.2: body-type-msg needs a parsed message; an encoded one is basic.
    kind: message ? 'message' : type === 'text' ? 'text' : 'basic',
    type,
    subtype: part.contentType.subtype,
    params,
    disposition: toDisposition(part.disposition),
    language: part.language,
    location: part.location,
    id: part.id,
    description: part.description,
    encoding: part.encoding,
    size: part.size,
    lines: message || type === 'text' ? part.lines : null,
    envelope: part.embedded ? envelope(raw, part.embedded) : null,
    body: part.embedded ? structure(raw, part.embedded, true) : null,
    md5: part.md5,
  };
}

function structure(raw: Buffer, part: MimePart, isMessage: boolean): BodyStructure {
  if (part.contentType.type !== 'multipart') {
    // RFC 3501 section 6.4.5: the body of a non-multipart message is its part 1.
    const partId = !isMessage ? part.partId : part.partId === '' ? '1' : `${part.partId}.1`;
    return single(raw, part, partId);
  }
  const children = part.children.map((c) => structure(raw, c, false));
  const prefix = part.partId === '' ? '' : `${part.partId}.`;
  return {
    partId: part.partId,
    kind: 'multipart',
    type: 'multipart',
    subtype: part.contentType.subtype,
    params: toParams(part.contentType.params),
    disposition: toDisposition(part.disposition),
    language: part.language,
    location: part.location,
    children: children.length ? children : [emptyText(`${prefix}1`)],
  };
}

/**
 * JSON-serializable data with everything BODY and BODYSTRUCTURE need (RFC 3501 section 7.4.2):
 * basic fields and extension data for every node. `part` is a message node: the root, or the
 * `embedded` node of a message/rfc822 part.
 */
export function bodyStructure(raw: Buffer, part: MimePart): BodyStructure {
  return structure(raw, part, true);
}
