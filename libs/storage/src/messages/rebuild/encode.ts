import type { EncodingRecipe } from '@mailstore/mime';
import { encodeBody } from '@mailstore/mime';

/**
 * Re-encodes a decoded body, streamed, into its exact original transfer-encoded bytes. Base64
 * and identity stream in constant memory; quoted-printable is re-encoded whole by the MIME
 * library. TODO(#3): stream quoted-printable too.
 */
export async function* encodeStream(
  decoded: AsyncIterable<Buffer> | Iterable<Buffer>,
  recipe: EncodingRecipe,
): AsyncGenerator<Buffer> {
  switch (recipe.encoding) {
    case 'identity':
      yield Buffer.from(recipe.prefix, 'latin1');
      yield* decoded;
      yield Buffer.from(recipe.suffix, 'latin1');
      return;
    case 'base64':
      yield Buffer.from(recipe.prefix, 'latin1');
      yield* base64Lines(decoded, recipe.lineLength, recipe.lineEnding);
      yield Buffer.from(recipe.suffix, 'latin1');
      return;
    case 'quoted-printable': {
      const parts: Buffer[] = [];
      for await (const chunk of decoded) parts.push(chunk);
      yield encodeBody(Buffer.concat(parts), recipe);
      return;
    }
  }
}

/**
 * Base64 text of the decoded stream, a line ending after every `lineLength` characters except
 * the last line (RFC 2045 section 6.8); `lineLength` 0 writes one unbroken line.
 */
async function* base64Lines(
  decoded: AsyncIterable<Buffer> | Iterable<Buffer>,
  lineLength: number,
  lineEnding: string,
): AsyncGenerator<Buffer> {
  let carry = Buffer.alloc(0);
  let column = 0;
  const wrap = (text: string): Buffer => {
    if (lineLength === 0) return Buffer.from(text, 'latin1');
    const pieces: string[] = [];
    for (let i = 0; i < text.length;) {
      if (column === lineLength) {
        pieces.push(lineEnding);
        column = 0;
      }
      const take = Math.min(lineLength - column, text.length - i);
      pieces.push(text.slice(i, i + take));
      column += take;
      i += take;
    }
    return Buffer.from(pieces.join(''), 'latin1');
  };
  for await (const chunk of decoded) {
    const data = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    // Only whole 3-byte groups encode the same alone as inside the whole body.
    const usable = data.length - (data.length % 3);
    if (usable > 0) yield wrap(data.toString('base64', 0, usable));
    carry = Buffer.from(data.subarray(usable));
  }
  if (carry.length > 0) yield wrap(carry.toString('base64'));
}
