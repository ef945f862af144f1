const CR = 0x0d;
const LF = 0x0a;

/**
 * Returns the offset where the line starting at `pos` ends (before its line ending) and the
 * offset where the next line starts. CRLF, bare LF and bare CR all end a line.
 * @internal
 */
export function lineAt(raw: Buffer, pos: number, end: number): { eol: number; next: number } {
  let i = pos;
  while (i < end) {
    const c = raw[i];
    if (c === LF) return { eol: i, next: i + 1 };
    if (c === CR) return { eol: i, next: i + 1 < end && raw[i + 1] === LF ? i + 2 : i + 1 };
    i++;
  }
  return { eol: end, next: end };
}

/** Counts lines in raw[start, end): line endings plus one for an unterminated final line. @internal */
export function countLines(raw: Buffer, start: number, end: number): number {
  if (end <= start) return 0;
  // A view keeps indexOf from scanning past `end` into the rest of the message.
  const view = raw.subarray(start, end);
  let lines = 0;
  for (let i = view.indexOf(LF); i >= 0; i = view.indexOf(LF, i + 1)) lines++;
  // Bare CR also ends a line; CR followed by LF was already counted with the LF.
  for (let i = view.indexOf(CR); i >= 0; i = view.indexOf(CR, i + 1)) {
    if (i + 1 >= view.length || view[i + 1] !== LF) lines++;
  }
  const last = view[view.length - 1];
  if (last !== LF && last !== CR) lines++;
  return lines;
}

/** Length of the line ending that ends just before `pos` (0, 1 or 2), not reaching below `min`. @internal */
export function eolBefore(raw: Buffer, pos: number, min: number): number {
  if (pos - 1 < min) return 0;
  const c = raw[pos - 1];
  if (c === LF) return pos - 2 >= min && raw[pos - 2] === CR ? 2 : 1;
  return c === CR ? 1 : 0;
}
