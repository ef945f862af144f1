import { isUtf8 } from 'node:buffer';
import { lineAt } from './bytes.js';

// Byte values, declared per module: imported bindings cost a lookup in every scanning loop.
const SP = 0x20;
const TAB = 0x09;

/** One header field located in the raw message. @internal */
export interface HeaderField {
  /** Field name, lowercased. */
  name: string;
  /** Offset of the start of the field's first line. */
  start: number;
  /** Offset just past the line ending of the field's last line. */
  end: number;
  /** Offset just past the colon. */
  valueStart: number;
  /** Offset of the line ending of the field's last line. */
  valueEnd: number;
}

/** The header block of one part. @internal */
export interface HeaderBlock {
  fields: HeaderField[];
  /** Offset just past the blank separator line, or where the body begins when it is missing. */
  headerEnd: number;
}

/** Returns the offset where the field name at `pos` ends (before the colon), or -1 when none. */
function fieldNameEnd(raw: Buffer, pos: number, eol: number): number {
  let i = pos;
  // RFC 5322 section 3.6.8: ftext is printable US-ASCII except the colon.
  while (i < eol) {
    const c = raw[i]!;
    if (c === 0x3a) break;
    if (c <= SP || c > 0x7e) break;
    i++;
  }
  if (i === pos) return -1;
  let j = i;
  // RFC 5322 section 4.5.1 (obsolete syntax) allows white space before the colon.
  while (j < eol && (raw[j] === SP || raw[j] === TAB)) j++;
  return j < eol && raw[j] === 0x3a ? i : -1;
}

/** Tells whether a line not shaped like a field still belongs to the header (a broken fold). */
function isBrokenFold(raw: Buffer, prevEol: number, next: number, end: number): boolean {
  const prevLast = prevEol > 0 ? raw[prevEol - 1] : 0;
  if (prevLast === 0x3b || prevLast === 0x2c) return true;
  if (next >= end) return false;
  const after = lineAt(raw, next, end);
  return fieldNameEnd(raw, next, after.eol) > 0;
}

/**
 * Locates the header fields of the part starting at `start`. The header ends at the first empty
 * line (RFC 5322 section 2.1); when that line is missing, at a line that is neither a field nor
 * a fold, so that a part whose body follows its fields directly still gets a body.
 * @internal
 */
export function scanHeader(raw: Buffer, start: number, end: number): HeaderBlock {
  const fields: HeaderField[] = [];
  let pos = start;
  let current: HeaderField | null = null;
  while (pos < end) {
    const { eol, next } = lineAt(raw, pos, end);
    if (eol === pos) return { fields, headerEnd: next };
    const first = raw[pos];
    if (first === SP || first === TAB) {
      // A fold continues the current field; a fold before any field is junk kept in the header.
      const nameEnd = current ? -1 : fieldNameEnd(raw, skipWsp(raw, pos, eol), eol);
      if (current) extend(current, eol, next);
      else if (nameEnd > 0) {
        current = addField(raw, fields, {
          start: pos,
          name: skipWsp(raw, pos, eol),
          nameEnd,
          eol,
          next,
        });
      }
    } else {
      const nameEnd = fieldNameEnd(raw, pos, eol);
      if (nameEnd > 0)
        current = addField(raw, fields, { start: pos, name: pos, nameEnd, eol, next });
      else if (current && !isBrokenFold(raw, current.valueEnd, next, end)) {
        return { fields, headerEnd: pos };
      } else if (current) extend(current, eol, next);
    }
    pos = next;
  }
  return { fields, headerEnd: end };
}

function skipWsp(raw: Buffer, pos: number, eol: number): number {
  let i = pos;
  while (i < eol && (raw[i] === SP || raw[i] === TAB)) i++;
  return i;
}

function extend(field: HeaderField, eol: number, next: number): void {
  field.valueEnd = eol;
  field.end = next;
}

/** Where a field's first line lies: line start, name start and end, line end, next line. */
interface FieldLine {
  start: number;
  name: number;
  nameEnd: number;
  eol: number;
  next: number;
}

function addField(raw: Buffer, fields: HeaderField[], line: FieldLine): HeaderField {
  const colon = raw.indexOf(0x3a, line.nameEnd);
  const field = {
    name: raw.toString('latin1', line.name, line.nameEnd).toLowerCase(),
    start: line.start,
    end: line.next,
    valueStart: colon + 1,
    valueEnd: line.eol,
  };
  fields.push(field);
  return field;
}

/** Decodes header bytes as UTF-8 when they are valid UTF-8, else as Latin-1. @internal */
export function headerText(bytes: Buffer): string {
  return isUtf8(bytes) ? bytes.toString('utf8') : bytes.toString('latin1');
}

/** The unfolded value of a field (RFC 5322 section 2.2.3), trimmed of outer white space. @internal */
export function fieldValue(raw: Buffer, field: HeaderField): string {
  const bytes = raw.subarray(field.valueStart, field.valueEnd);
  let text = headerText(bytes);
  if (text.includes('\r') || text.includes('\n')) text = text.replace(/[\r\n]+/g, '');
  return text.trim();
}

/** Values of every field named `name` (lowercase), in header order. @internal */
export function fieldValues(raw: Buffer, fields: HeaderField[], name: string): string[] {
  const out: string[] = [];
  for (const f of fields) if (f.name === name) out.push(fieldValue(raw, f));
  return out;
}

/** The value of the first field named `name` (lowercase), or null. @internal */
export function firstValue(raw: Buffer, fields: HeaderField[], name: string): string | null {
  for (const f of fields) if (f.name === name) return fieldValue(raw, f);
  return null;
}
