import type { EncodingRecipe } from './types.js';
import type { BodyEncoder } from './body-encoder.js';

// Byte values, declared per module: imported bindings cost a lookup in every scanning loop.
const CR = 0x0d;
const LF = 0x0a;
const SP = 0x20;
const TAB = 0x09;

const HEX_UPPER = '0123456789ABCDEF';
const HEX_LOWER = '0123456789abcdef';

/** Bytes held back between writes: the encoder looks two bytes ahead (CRLF, line-end spaces). */
const LOOKAHEAD_BYTES = 2;

/** Whether the byte at `i` ends a hard line: a line ending or the end of the data. */
function atLineEnd(data: Buffer, i: number): boolean {
  const c = data[i];
  return c === undefined || c === CR || c === LF;
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
  // 'strict' encoders keep room for the '=' even on the last token of a line.
  if (recipe.softBreak === 'strict') return used + token > max - 1;
  const last = i + 1 >= decoded.length || hardBreak(decoded, i + 1) > 0;
  // The last token of a line may use the full width; others leave room for the '='.
  return used + token > (last ? max : max - 1);
}

/**
 * A streaming quoted-printable encoder: soft line breaks so no line exceeds recipe.lineLength,
 * hard line breaks copied, escapes per the recipe. Output equals one-shot encoding.
 * @internal
 */
export function createQpEncoder(recipe: EncodingRecipe): BodyEncoder {
  const hex = Buffer.from(recipe.lowerHex ? HEX_LOWER : HEX_UPPER, 'latin1');
  const eol = Buffer.from(`=${recipe.lineEnding}`, 'latin1');
  const table = escapeTable(recipe);
  const max = recipe.lineLength > 0 ? recipe.lineLength : Infinity;
  let used = 0;
  let held = Buffer.alloc(0);

  const encode = (data: Buffer, final: boolean): Buffer => {
    const stop = final ? data.length : data.length - LOOKAHEAD_BYTES;
    // Worst case: every byte escaped (3) and followed by a soft line break (3).
    const out = Buffer.allocUnsafe(Math.max(0, stop) * 6 + 8);
    let n = 0;
    let i = 0;
    for (; i < stop; i++) {
      const brk = hardBreak(data, i);
      if (brk > 0) {
        n += data.copy(out, n, i, i + brk);
        i += brk - 1;
        used = 0;
        continue;
      }
      const c = data[i]!;
      const rule = table[c];
      const escape = rule === ESCAPE || (rule === ESCAPE_AT_LINE_END && atLineEnd(data, i + 1));
      const token = escape ? 3 : 1;
      if (used > 0 && needsSoftBreak(used, token, data, i, recipe, max)) {
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
    held = Buffer.from(data.subarray(Math.min(i, data.length)));
    return Buffer.from(out.subarray(0, n));
  };

  let started = false;
  const prefix = (): Buffer[] => {
    if (started) return [];
    started = true;
    return [Buffer.from(recipe.prefix, 'latin1')];
  };
  return {
    write: (decoded) =>
      Buffer.concat([
        ...prefix(),
        encode(held.length ? Buffer.concat([held, decoded]) : decoded, false),
      ]),
    end: () =>
      Buffer.concat([...prefix(), encode(held, true), Buffer.from(recipe.suffix, 'latin1')]),
  };
}
