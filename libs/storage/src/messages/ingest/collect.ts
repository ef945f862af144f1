import type { Readable } from 'node:stream';
import { MessageTooLargeError } from '../errors.js';

/**
 * Largest message accepted, in bytes: the whole message is held in memory while it is parsed,
 * and common providers refuse more than 25–50 MB anyway.
 */
export const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

/**
 * Collects a message into memory, refusing it as soon as it passes `maxBytes`.
 * TODO(#3): parse and store while streaming instead of collecting first.
 */
export async function collectMessage(
  input: Buffer | Readable,
  maxBytes = MAX_MESSAGE_BYTES,
): Promise<Buffer> {
  if (Buffer.isBuffer(input)) {
    if (input.length > maxBytes) throw new MessageTooLargeError(maxBytes);
    return input;
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of input) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    total += buffer.length;
    if (total > maxBytes) {
      input.destroy();
      throw new MessageTooLargeError(maxBytes);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks, total);
}
