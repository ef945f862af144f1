import type { Readable } from 'node:stream';
import { ResponseBuffer, type FetchItem } from '@mailstore/imap-proto';
import { ConnectionEndedError } from '../session/errors.js';
import type { Session } from '../session/session.js';
import type { BodyValue } from './fetch-body.js';

/**
 * Writes `* n FETCH (items...)` (RFC 3501 section 7.4.2). Body items in memory go out with the
 * rest; a streamed one is written as a literal whose bytes follow the `{length}` line as the
 * store rebuilds them, each chunk waiting for the socket to drain (Session.write), so a large
 * section never sits whole in memory.
 */
export async function writeFetchResponse(
  session: Session,
  sequence: number,
  items: readonly FetchItem[],
  bodies: readonly BodyValue[],
): Promise<void> {
  // A client gone in the middle of a large FETCH: stop instead of rebuilding every message.
  if (!session.connected) throw new ConnectionEndedError('closed');
  let out = new ResponseBuffer().write(`* ${sequence} FETCH (`);
  let first = true;
  for (const [name, value] of items) {
    out.write(first ? `${name} ` : ` ${name} `).value(value, session);
    first = false;
  }
  for (const body of bodies) {
    out.write(first ? `${body.name} ` : ` ${body.name} `);
    first = false;
    if ('bytes' in body) {
      if (body.binary) out.literal8(body.bytes);
      else out.literal(body.bytes);
      continue;
    }
    await session.write(out.write(`${body.binary ? '~' : ''}{${body.length}}\r\n`).toBuffer());
    out = new ResponseBuffer();
    await writeLiteralBytes(session, body.stream, body.length);
  }
  await session.write(out.write(')\r\n').toBuffer());
}

/**
 * Copies exactly `length` bytes of a stream to the socket. A stream that fails or gives another
 * length (store damage) cannot be answered any more: the literal was announced, so the client
 * would misread everything after it. The connection is dropped instead.
 */
async function writeLiteralBytes(session: Session, stream: Readable, length: number) {
  let written = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (!session.connected) break;
      if (written + chunk.length > length) throw new Error('section longer than announced');
      await session.write(chunk);
      written += chunk.length;
    }
    if (session.connected && written !== length) throw new Error('section shorter than announced');
  } catch (error) {
    stream.destroy();
    session.log.error({ err: error, written, length }, 'streamed FETCH literal failed');
    session.destroy();
    throw new ConnectionEndedError('closed');
  }
  if (!session.connected) {
    // The client left mid-literal: nothing to report, and nothing more to read.
    stream.destroy();
    throw new ConnectionEndedError('closed');
  }
}
