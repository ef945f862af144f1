import { eolBefore, lineAt } from './bytes.js';

// Byte values, declared per module: imported bindings cost a lookup in every scanning loop.
const CR = 0x0d;
const HYPHEN = 0x2d;
const LF = 0x0a;
const SP = 0x20;
const TAB = 0x09;

/** Byte ranges of the body parts between the delimiters of one multipart body. @internal */
export interface MultipartSplit {
  /** [start, end) of each body part, in order. */
  parts: Array<[number, number]>;
  /** Whether the close delimiter was found. */
  closed: boolean;
}

function atLineStart(raw: Buffer, pos: number, start: number): boolean {
  return pos === start || raw[pos - 1] === LF || raw[pos - 1] === CR;
}

/**
 * Checks the rest of a delimiter line after `--boundary` (RFC 2046 section 5.1.1: optional
 * `--`, then linear white space, then the line end). Returns the line's end state or null.
 */
function delimiterTail(
  raw: Buffer,
  pos: number,
  end: number,
): { close: boolean; next: number } | null {
  let q = pos;
  const close = q + 1 < end && raw[q] === HYPHEN && raw[q + 1] === HYPHEN;
  if (close) q += 2;
  while (q < end && (raw[q] === SP || raw[q] === TAB)) q++;
  if (q < end && raw[q] !== CR && raw[q] !== LF && !close) return null;
  // Text after a close delimiter is tolerated: the multipart ends there either way.
  return { close, next: lineAt(raw, q, end).next };
}

/**
 * Finds the delimiter lines of `boundary` in raw[start, end) and returns the body parts between
 * them. The line ending before a delimiter belongs to the delimiter (RFC 2046 section 5.1.1).
 * A missing close delimiter ends the last part at `end`. At most `maxParts` parts are split off.
 * @internal
 */
export function splitMultipart(
  raw: Buffer,
  start: number,
  end: number,
  boundary: string,
  maxParts: number,
): MultipartSplit {
  const view = raw.subarray(0, end);
  const delimiter = Buffer.from(`--${boundary}`, 'latin1');
  const parts: Array<[number, number]> = [];
  let partStart = -1;
  let pos = start;
  // Search on only while another part may open: the open part counts against maxParts too.
  while (pos < end && parts.length + (partStart >= 0 ? 1 : 0) < maxParts) {
    const idx = view.indexOf(delimiter, pos);
    if (idx < 0) break;
    const tail = atLineStart(raw, idx, start)
      ? delimiterTail(raw, idx + delimiter.length, end)
      : null;
    if (!tail) {
      pos = idx + 1;
      continue;
    }
    if (partStart >= 0) {
      const partEnd = idx - eolBefore(raw, idx, partStart);
      parts.push([partStart, Math.max(partStart, partEnd)]);
    }
    if (tail.close) return { parts, closed: true };
    partStart = tail.next;
    pos = tail.next;
  }
  if (partStart >= 0) parts.push([partStart, end]);
  return { parts, closed: false };
}
