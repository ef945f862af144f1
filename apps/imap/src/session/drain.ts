import { once } from 'node:events';
import type { Duplex, Writable } from 'node:stream';

/**
 * Waits until a stream that refused a write drains, or closes. Both listeners are removed
 * afterwards: a streamed FETCH waits thousands of times on one socket, and listeners left
 * behind would pile up for the life of the session.
 */
export async function waitForDrain(stream: Writable | Duplex): Promise<void> {
  const controller = new AbortController();
  const { signal } = controller;
  try {
    await Promise.race([once(stream, 'drain', { signal }), once(stream, 'close', { signal })]);
  } finally {
    controller.abort();
  }
}
