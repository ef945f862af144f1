import type { EncodingRecipe, MimePart } from './types.js';
import { base64Encode, base64Recipe } from './base64.js';
import { qpDecode, qpEncode, qpRecipe } from './quoted-printable.js';

/** A leaf body's decoded bytes with the recipe that re-encodes them to the original bytes. */
export interface DecodedBody {
  decoded: Buffer;
  recipe: EncodingRecipe;
}

function identityRecipe(body: Buffer): EncodingRecipe {
  const lineEnding = body.includes('\r\n') ? '\r\n' : '\n';
  return { encoding: 'identity', lineLength: 0, lineEnding, prefix: '', suffix: '' };
}

function derive(body: Buffer, encoding: string): DecodedBody | null {
  switch (encoding) {
    case 'base64':
      return base64Recipe(body);
    case 'quoted-printable':
      return { decoded: qpDecode(body), recipe: qpRecipe(body) };
    default:
      // 7bit, 8bit, binary and unknown encodings (RFC 2045 section 6.4) are kept as they are.
      return { decoded: body, recipe: identityRecipe(body) };
  }
}

/**
 * Decoded body bytes of a leaf plus a recipe that re-encodes them to the exact original bytes;
 * null when the original cannot be reproduced (then store raw). Verified inside:
 * encodeBody(decoded, recipe) must equal the original, else null. Multiparts and parts holding
 * an embedded message are not leaves and give null.
 */
export function decodeBody(raw: Buffer, part: MimePart): DecodedBody | null {
  if (part.children.length > 0 || part.embedded !== null) return null;
  if (part.contentType.type === 'multipart') return null;
  const body = raw.subarray(part.bodyStart, part.bodyEnd);
  const result = derive(body, part.encoding);
  if (!result) return null;
  return encodeBody(result.decoded, result.recipe).equals(body) ? result : null;
}

/** Re-encodes decoded body bytes with a recipe from {@link decodeBody}. */
export function encodeBody(decoded: Buffer, recipe: EncodingRecipe): Buffer {
  switch (recipe.encoding) {
    case 'base64':
      return base64Encode(decoded, recipe);
    case 'quoted-printable':
      return Buffer.concat([
        Buffer.from(recipe.prefix, 'latin1'),
        qpEncode(decoded, recipe),
        Buffer.from(recipe.suffix, 'latin1'),
      ]);
    case 'identity':
      return Buffer.concat([
        Buffer.from(recipe.prefix, 'latin1'),
        decoded,
        Buffer.from(recipe.suffix, 'latin1'),
      ]);
  }
}
