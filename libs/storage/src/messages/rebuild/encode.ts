import type { EncodingRecipe } from '@mailstore/mime';
import { createBodyEncoder } from '@mailstore/mime';

/**
 * Re-encodes a decoded body, streamed, into its exact original transfer-encoded bytes with the
 * MIME library's encoder for the recipe `decodeBody` verified (base64 with irregular line runs
 * or a non-canonical final quantum, quoted-printable, identity), holding back only the few
 * bytes an encoder needs between pieces.
 */
export async function* encodeStream(
  decoded: AsyncIterable<Buffer> | Iterable<Buffer>,
  recipe: EncodingRecipe,
): AsyncGenerator<Buffer> {
  const encoder = createBodyEncoder(recipe);
  for await (const chunk of decoded) {
    const encoded = encoder.write(chunk);
    if (encoded.length > 0) yield encoded;
  }
  const tail = encoder.end();
  if (tail.length > 0) yield tail;
}
