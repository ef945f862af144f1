import type { EncodingRecipe } from './types.js';

// Byte values, declared per module: imported bindings cost a lookup in every scanning loop.
const CR = 0x0d;
const LF = 0x0a;
const SP = 0x20;
const TAB = 0x09;

function hexValue(c: number | undefined): number {
  if (c === undefined) return -1;
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/** Decodes quoted-printable (RFC 2045 section 6.7), keeping hard line endings byte for byte. */
export function qpDecode(body: Buffer): Buffer {
  const out = Buffer.allocUnsafe(body.length);
  let n = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== 0x3d) {
      out[n++] = c;
      continue;
    }
    const hi = hexValue(body[i + 1]);
    const lo = hexValue(body[i + 2]);
    if (hi >= 0 && lo >= 0) {
      out[n++] = hi * 16 + lo;
      i += 2;
    } else if (body[i + 1] === CR && body[i + 2] === LF) i += 2;
    else if (body[i + 1] === LF || body[i + 1] === CR) i += 1;
    else out[n++] = c;
  }
  return out.subarray(0, n);
}

/** Whether the byte at `i` ends a hard line: a line ending or the end of the data. */
function atLineEnd(data: Buffer, i: number): boolean {
  const c = data[i];
  return c === undefined || c === CR || c === LF;
}

/** Notes one `=XX` escape of the original: hex case and escapes of bytes that need none. */
function noteEscape(body: Buffer, i: number, recipe: EncodingRecipe, extra: Set<string>): void {
  const value = hexValue(body[i + 1]) * 16 + hexValue(body[i + 2]);
  if (body[i + 1]! > 0x60 || body[i + 2]! > 0x60) recipe.lowerHex = true;
  const optional =
    value === SP || value === TAB ? !atLineEnd(body, i + 3) : value > SP && value < 0x7f;
  if (optional && value !== 0x3d) extra.add(String.fromCharCode(value));
}

/** Settings of a quoted-printable encoder, inferred from the original bytes. @internal */
export function qpRecipe(body: Buffer): EncodingRecipe {
  const recipe: EncodingRecipe = {
    encoding: 'quoted-printable',
    lineLength: 0,
    lineEnding: '\r\n',
    prefix: '',
    suffix: '',
  };
  const extra = new Set<string>();
  let lineStart = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === 0x3d && (body[i + 1] === CR || body[i + 1] === LF)) {
      // A soft line break: its line (with the '=') gives the line length.
      recipe.lineLength = Math.max(recipe.lineLength, i + 1 - lineStart);
      recipe.lineEnding = body[i + 1] === CR ? '\r\n' : '\n';
    } else if (c === 0x3d && hexValue(body[i + 1]) >= 0 && hexValue(body[i + 2]) >= 0) {
      noteEscape(body, i, recipe, extra);
    } else if (c > 0x7e) recipe.literalHigh = true;
    else if ((c === SP || c === TAB) && atLineEnd(body, i + 1)) recipe.literalTrailingSpace = true;
    if (c === LF || (c === CR && body[i + 1] !== LF)) lineStart = i + 1;
  }
  if (extra.size) recipe.escapeExtra = [...extra].sort().join('');
  return recipe;
}
