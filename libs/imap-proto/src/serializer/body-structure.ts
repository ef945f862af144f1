// BODY and BODYSTRUCTURE (RFC 3501 section 7.4.2) from data the MIME library extracts. What is
// expected of that data: one node per MIME part in document order, parameter names lower- or
// upper-case as the message has them, sizes in octets of the encoded body, `lines` for text/*
// and message/rfc822 parts, and `envelope` plus `body` for message/rfc822 parts.
import { envelopeValue, type EnvelopeData } from './envelope.js';
import type { ImapValue } from './values.js';

/** Content-Disposition: its value and parameters. */
export interface DispositionData {
  type: string;
  parameters: Record<string, string> | null;
}

/** The extension data common to single parts and multiparts. */
interface ExtensionData {
  parameters: Record<string, string> | null;
  disposition: DispositionData | null;
  language: string[] | null;
  location: string | null;
}

/** A non-multipart MIME part. */
export interface SinglePartData extends ExtensionData {
  type: string;
  subtype: string;
  id: string | null;
  description: string | null;
  /** Content-Transfer-Encoding; `7BIT` when absent. */
  encoding: string;
  /** Octets of the body as transferred (still encoded). */
  size: number;
  /** Lines of the body: required for text/* and message/rfc822. */
  lines?: number;
  /** The embedded message's envelope, for message/rfc822. */
  envelope?: EnvelopeData;
  /** The embedded message's structure, for message/rfc822. */
  body?: BodyStructureData;
  md5: string | null;
}

/** A multipart MIME part. */
export interface MultipartData extends ExtensionData {
  type: 'multipart';
  subtype: string;
  parts: BodyStructureData[];
}

/** The structure of a message or part, as the MIME library returns it. */
export type BodyStructureData = SinglePartData | MultipartData;

/** Parts nested deeper than this are cut off, so hostile nesting cannot exhaust the stack. */
export const MAX_BODY_DEPTH = 64;

function parameterList(parameters: Record<string, string> | null): ImapValue {
  const entries = parameters ? Object.entries(parameters) : [];
  return entries.length > 0 ? entries.flat() : null;
}

function extension(part: ExtensionData): ImapValue[] {
  const disposition = part.disposition
    ? [part.disposition.type, parameterList(part.disposition.parameters)]
    : null;
  const language = part.language && part.language.length > 0 ? part.language : null;
  return [disposition, language, part.location];
}

function isMultipart(part: BodyStructureData): part is MultipartData {
  return part.type.toLowerCase() === 'multipart' && 'parts' in part;
}

function singlePart(part: SinglePartData, extended: boolean, depth: number): ImapValue[] {
  const values: ImapValue[] = [
    part.type,
    part.subtype,
    parameterList(part.parameters),
    part.id,
    part.description,
    part.encoding || '7BIT',
    part.size,
  ];
  const type = part.type.toLowerCase();
  if (type === 'message' && part.subtype.toLowerCase() === 'rfc822' && part.envelope && part.body) {
    values.push(envelopeValue(part.envelope), structure(part.body, extended, depth + 1));
    values.push(part.lines ?? 0);
  } else if (type === 'text') {
    values.push(part.lines ?? 0);
  }
  if (extended) values.push(part.md5, ...extension(part));
  return values;
}

function structure(part: BodyStructureData, extended: boolean, depth: number): ImapValue {
  if (depth > MAX_BODY_DEPTH) return ['text', 'plain', null, null, null, '7BIT', 0, 0];
  if (isMultipart(part)) {
    const children = part.parts.map((child) => structure(child, extended, depth + 1));
    // RFC 3501 section 9: body-type-mpart needs one part at least.
    const parts = children.length > 0 ? children : [structure(emptyText(), extended, depth + 1)];
    // RFC 3501 section 9: `body-type-mpart = 1*body SP media-subtype`, parts not separated.
    const values: ImapValue[] = [{ concat: parts }, part.subtype];
    if (extended) values.push(parameterList(part.parameters), ...extension(part));
    return values;
  }
  return singlePart(part, extended, depth);
}

function emptyText(): SinglePartData {
  return {
    type: 'text',
    subtype: 'plain',
    parameters: null,
    id: null,
    description: null,
    encoding: '7BIT',
    size: 0,
    lines: 0,
    md5: null,
    disposition: null,
    language: null,
    location: null,
  };
}

/** Builds BODYSTRUCTURE (`extended`) or BODY (without extension data) for a message or part. */
export function bodyStructureValue(data: BodyStructureData, extended: boolean): ImapValue {
  return structure(data, extended, 0);
}
