import type { EncodingRecipe } from './types.js';

// Byte values, declared per module: imported bindings cost a lookup in every scanning loop.
const CR = 0x0d;
const LF = 0x0a;
const SP = 0x20;
const TAB = 0x09;

const HEX_UPPER = '0123456789ABCDEF';
const HEX_LOWER = '0123456789abcdef';

function hexValue(c: number | undefined): number {
  if (c === undefined) return -1;
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/** Decodes quoted-printable (RFC 2045 section 6.7), keeping hard line endings byte for byte. @internal */
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

/** How a byte is written: literally, always escaped, or escaped only before a line end. */
const LITERAL = 0;
const ESCAPE = 1;
const ESCAPE_AT_LINE_END = 2;

/** The escape rule of every byte value under a recipe (RFC 2045 section 6.7). */
function escapeTable(recipe: EncodingRecipe): Uint8Array {
  const table = new Uint8Array(256);
  for (let c = 0; c < 256; c++) {
    if (c === 0x3d || (c < SP && c !== TAB)) table[c] = ESCAPE;
    else if (c > 0x7e) table[c] = recipe.literalHigh ? LITERAL : ESCAPE;
    // Rule 3: white space at the end of an encoded line is escaped.
    else if (c === SP || c === TAB)
      table[c] = recipe.literalTrailingSpace ? LITERAL : ESCAPE_AT_LINE_END;
  }
  for (const ch of recipe.escapeExtra ?? '') table[ch.charCodeAt(0) & 0xff] = ESCAPE;
  return table;
}

/** Length of the hard line ending at `i` in decoded text (0 when there is none). */
function hardBreak(decoded: Buffer, i: number): number {
  const c = decoded[i];
  if (c === LF) return 1;
  if (c === CR) return decoded[i + 1] === LF ? 2 : 0;
  return 0;
}

/** Whether a soft line break goes before the next token, under the recipe's break rule. */
function needsSoftBreak(
  used: number,
  token: number,
  decoded: Buffer,
  i: number,
  recipe: EncodingRecipe,
  max: number,
): boolean {
  // 'reserve' encoders break once an escape might no longer fit; 'fit' ones as late as they can.
  if (recipe.softBreak === 'reserve') return used + 3 > max - 1;
  const last = i + 1 >= decoded.length || hardBreak(decoded, i + 1) > 0;
  // The last token of a line may use the full width; others leave room for the '='.
  return used + token > (last ? max : max - 1);
}

/** Encodes quoted-printable with soft line breaks so no line exceeds recipe.lineLength. @internal */
export function qpEncode(decoded: Buffer, recipe: EncodingRecipe): Buffer {
  const hex = Buffer.from(recipe.lowerHex ? HEX_LOWER : HEX_UPPER, 'latin1');
  const eol = Buffer.from(`=${recipe.lineEnding}`, 'latin1');
  const table = escapeTable(recipe);
  const max = recipe.lineLength > 0 ? recipe.lineLength : Infinity;
  // Worst case: every byte escaped (3) and followed by a soft line break (3).
  const out = Buffer.allocUnsafe(decoded.length * 6 + 8);
  let n = 0;
  let used = 0;
  for (let i = 0; i < decoded.length; i++) {
    const brk = hardBreak(decoded, i);
    if (brk > 0) {
      n += decoded.copy(out, n, i, i + brk);
      i += brk - 1;
      used = 0;
      continue;
    }
    const c = decoded[i]!;
    const rule = table[c];
    const escape = rule === ESCAPE || (rule === ESCAPE_AT_LINE_END && atLineEnd(decoded, i + 1));
    const token = escape ? 3 : 1;
    if (used > 0 && needsSoftBreak(used, token, decoded, i, recipe, max)) {
      n += eol.copy(out, n);
      used = 0;
    }
    if (escape) {
      out[n++] = 0x3d;
      out[n++] = hex[c >> 4]!;
      out[n++] = hex[c & 15]!;
    } else out[n++] = c;
    used += token;
  }
  return Buffer.from(out.subarray(0, n));
}
