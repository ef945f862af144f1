import type { MimePart } from './types.js';
import { countLines } from './bytes.js';
import { scanHeader } from './header.js';
import { MAX_MIME_DEPTH, MAX_MIME_PARTS } from './limits.js';
import { splitMultipart } from './multipart.js';
import { readPartFields } from './part-fields.js';

/** Transfer encodings under which an embedded message's bytes are its raw bytes (RFC 2046 5.2.1). */
const IDENTITY_ENCODINGS = new Set(['7bit', '8bit', 'binary']);

/**
 * Shared state of one parse. `parts` counts nodes created or already reserved for the ranges a
 * split found, so that hostile input cannot grow the tree beyond MAX_MIME_PARTS.
 */
interface ParseState {
  raw: Buffer;
  parts: number;
}

function childId(parentId: string, n: number): string {
  return parentId === '' ? String(n) : `${parentId}.${n}`;
}

/** Tells whether a part's body is parsed as an embedded message (RFC 2046 section 5.2.1, RFC 6532). */
function isEmbeddedMessage(part: MimePart): boolean {
  const { type, subtype } = part.contentType;
  return (
    type === 'message' &&
    (subtype === 'rfc822' || subtype === 'global') &&
    IDENTITY_ENCODINGS.has(part.encoding)
  );
}

function parsePart(
  state: ParseState,
  start: number,
  end: number,
  partId: string,
  depth: number,
  inDigest: boolean,
  isMessage: boolean,
): MimePart {
  const { raw } = state;
  const header = scanHeader(raw, start, end);
  const fields = readPartFields(raw, header.fields, inDigest);
  const part: MimePart = {
    partId,
    headerStart: start,
    headerEnd: header.headerEnd,
    bodyStart: header.headerEnd,
    bodyEnd: end,
    ...fields,
    size: end - header.headerEnd,
    lines: 0,
    children: [],
    embedded: null,
    depth,
  };
  // Deeper content stays one opaque leaf: never an error (MAX_MIME_DEPTH).
  if (depth >= MAX_MIME_DEPTH) return withLines(raw, part);
  const boundary = part.contentType.params['boundary'];
  if (part.contentType.type === 'multipart' && boundary) {
    parseChildren(state, part, boundary, depth);
    return part;
  }
  if (isEmbeddedMessage(part) && state.parts < MAX_MIME_PARTS) {
    state.parts++;
    // RFC 3501 section 6.4.5: a body part's embedded message is numbered as the part itself,
    // while the body of a non-multipart message (top level or embedded) is its part 1.
    const id = !isMessage ? partId : partId === '' ? '1' : `${partId}.1`;
    part.embedded = parsePart(state, part.bodyStart, part.bodyEnd, id, depth + 1, false, true);
  }
  return withLines(raw, part);
}

function withLines(raw: Buffer, part: MimePart): MimePart {
  part.lines = countLines(raw, part.bodyStart, part.bodyEnd);
  return part;
}

function parseChildren(state: ParseState, part: MimePart, boundary: string, depth: number): void {
  const budget = Math.max(0, MAX_MIME_PARTS - state.parts);
  const split = splitMultipart(state.raw, part.bodyStart, part.bodyEnd, boundary, budget);
  const digest = part.contentType.subtype === 'digest';
  state.parts += split.parts.length;
  split.parts.forEach(([s, e], i) => {
    const childPartId = childId(part.partId, i + 1);
    part.children.push(parsePart(state, s, e, childPartId, depth + 1, digest, false));
  });
}

/**
 * Parses a raw message into its MIME tree with exact byte offsets. Never throws: malformed
 * structure (missing boundaries, bare CR or LF, missing blank lines, NUL bytes) still yields a
 * tree whose offsets cover the input.
 */
export function parseMessage(raw: Buffer): MimePart {
  const state: ParseState = { raw, parts: 1 };
  return parsePart(state, 0, raw.length, '', 0, false, true);
}
