import type { EncodingRecipe, MimePart } from './types.js';
import { base64Recipe } from './base64.js';
import { encodeBody } from './body-encoder.js';
import { MAX_RECIPE_AFFIX_BYTES } from './limits.js';
import { qpDecode, qpRecipe } from './quoted-printable.js';

/** A leaf body's decoded bytes with the recipe that re-encodes them to the original bytes. */
export interface DecodedBody {
  decoded: Buffer;
  recipe: EncodingRecipe;
}

function identityRecipe(body: Buffer): EncodingRecipe {
  const lineEnding = body.includes('\r\n') ? '\r\n' : '\n';
  return { encoding: 'identity', lineLength: 0, lineEnding, prefix: '', suffix: '' };
}

/** Splits off a final soft line break and the line endings after it (`=\r\n`, `=\n\n`). */
function splitSoftBreakTail(body: Buffer): { core: Buffer; suffix: string } {
  let end = body.length;
  while (end > 0 && (body[end - 1] === 0x0d || body[end - 1] === 0x0a)) end--;
  if (end === body.length || end === 0 || body[end - 1] !== 0x3d) return { core: body, suffix: '' };
  if (body.length - end > MAX_RECIPE_AFFIX_BYTES) return { core: body, suffix: '' };
  return { core: body.subarray(0, end - 1), suffix: body.toString('latin1', end - 1) };
}

/** Candidate decodings of a body, most likely first; the first that re-encodes exactly wins. */
function candidates(body: Buffer, encoding: string): DecodedBody[] {
  switch (encoding) {
    case 'base64': {
      const result = base64Recipe(body);
      return result ? [result] : [];
    }
    case 'quoted-printable': {
      // Quoted-printable encoders differ in where they break lines: try the common rules.
      const { core, suffix } = splitSoftBreakTail(body);
      const decoded = qpDecode(core);
      const recipe = { ...qpRecipe(core), suffix };
      if (recipe.lineLength === 0) return [{ decoded, recipe }];
      return [
        { decoded, recipe },
        { decoded, recipe: { ...recipe, softBreak: 'strict' } },
        { decoded, recipe: { ...recipe, softBreak: 'reserve' } },
      ];
    }
    default:
      // 7bit, 8bit, binary and unknown encodings (RFC 2045 section 6.4) are kept as they are.
      return [{ decoded: body, recipe: identityRecipe(body) }];
  }
}

/**
 * Decoded body bytes of a leaf plus a recipe that re-encodes them to the exact original bytes;
 * null when the original cannot be reproduced (then store raw). Verified inside:
 * encodeBody(decoded, recipe) must equal the original, else null. Multiparts with children and
 * parts holding an embedded message are not leaves and give null.
 */
export function decodeBody(raw: Buffer, part: MimePart): DecodedBody | null {
  if (part.children.length > 0 || part.embedded !== null) return null;
  // A multipart without delimiters is a leaf too; RFC 2046 section 5.1 allows no encoding there.
  const encoding = part.contentType.type === 'multipart' ? '7bit' : part.encoding;
  const body = raw.subarray(part.bodyStart, part.bodyEnd);
  for (const candidate of candidates(body, encoding)) {
    if (encodeBody(candidate.decoded, candidate.recipe).equals(body)) return candidate;
  }
  return null;
}
