import type { EncodingRecipe } from './types.js';
import { createBase64Encoder } from './base64-encoder.js';
import { createQpEncoder } from './qp-encoder.js';

/** Re-encodes a decoded body piece by piece: concatenating every output gives the original. */
export interface BodyEncoder {
  /** Encodes the next piece of decoded bytes; may hold a few bytes back until the next call. */
  write(decoded: Buffer): Buffer;
  /** Flushes what was held back and writes the recipe's suffix. */
  end(): Buffer;
}

function createIdentityEncoder(recipe: EncodingRecipe): BodyEncoder {
  let prefix: Buffer | null = Buffer.from(recipe.prefix, 'latin1');
  const withPrefix = (data: Buffer): Buffer => {
    const out = prefix && prefix.length ? Buffer.concat([prefix, data]) : data;
    prefix = null;
    return out;
  };
  return {
    write: (decoded) => withPrefix(decoded),
    end: () => withPrefix(Buffer.from(recipe.suffix, 'latin1')),
  };
}

/**
 * A streaming encoder for a recipe from `decodeBody`, so a large body is rebuilt without being
 * held whole in memory; its output, concatenated, equals `encodeBody(decoded, recipe)`.
 */
export function createBodyEncoder(recipe: EncodingRecipe): BodyEncoder {
  switch (recipe.encoding) {
    case 'base64':
      return createBase64Encoder(recipe);
    case 'quoted-printable':
      return createQpEncoder(recipe);
    case 'identity':
      return createIdentityEncoder(recipe);
  }
}

/** Re-encodes decoded body bytes with a recipe from `decodeBody`. */
export function encodeBody(decoded: Buffer, recipe: EncodingRecipe): Buffer {
  const encoder = createBodyEncoder(recipe);
  return Buffer.concat([encoder.write(decoded), encoder.end()]);
}
