// findBodyBlob: a part whose body is one blob gives the decoded content as stored, its size and
// NUL flag from the files document (kept at ingest), and byte ranges read from the chunk that
// holds their start (stored as is) or inflated and cut (deflated); other parts give null.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BLOB_CHUNKS,
  BLOB_FILES,
  findBodyBlob,
  ingestMessage,
  loadLayout,
  MESSAGES,
  type BlobFileDoc,
  type MessageDoc,
} from '../src/index.js';
import { BLOB_CHUNK_BYTES } from '../src/messages/blobs/write.js';
import type { BlobChunkDoc } from '../src/messages/collections.js';
import { messageWithAttachment, textMessage } from './messages/build.js';
import { insertMailbox, insertUser, openTestStore, type TestStore } from './messages/support.js';

let t: TestStore;
const withNul = Buffer.concat([randomBytes(BLOB_CHUNK_BYTES * 2 + 1000), Buffer.from([0])]);
const noNul = Buffer.from(randomBytes(100_000).map((byte) => byte || 1));
const text = Buffer.from('plain words that deflate well\r\n'.repeat(20_000));

beforeAll(async () => {
  t = await openTestStore('body-blob');
});
afterAll(async () => t.close());

/** Ingests a message and returns its loaded layout. */
async function stored(raw: Buffer) {
  const user = await insertUser(t.store);
  const mailbox = await insertMailbox(t.store, user);
  const { uid } = await ingestMessage(t.store, { user, mailbox, message: raw });
  const doc = await t.store.db.collection<MessageDoc>(MESSAGES).findOne({ user, mailbox, uid });
  return loadLayout(t.store, doc!);
}

async function readAll(chunks: AsyncIterable<Buffer>): Promise<Buffer> {
  const pieces: Buffer[] = [];
  for await (const chunk of chunks) pieces.push(chunk);
  return Buffer.concat(pieces);
}

describe('findBodyBlob', () => {
  it('gives an attachment as stored, with its size and NUL flag, and any range of it', async () => {
    const layout = await stored(messageWithAttachment({ subject: 'nul', attachment: withNul }));
    const blob = await findBodyBlob(t.store, layout, '2');
    expect(blob).toMatchObject({ size: withNul.length, nul: true });
    expect(blob!.recipe.encoding).toBe('base64');
    expect((await readAll(blob!.read(0, withNul.length))).equals(withNul)).toBe(true);
    // Ranges inside one chunk, across chunk boundaries, at the end and past it.
    const cuts = [
      [0, 10],
      [BLOB_CHUNK_BYTES - 5, BLOB_CHUNK_BYTES + 5],
      [BLOB_CHUNK_BYTES * 2 + 3, withNul.length],
      [withNul.length - 1, withNul.length + 100],
      [withNul.length, withNul.length + 1],
    ];
    for (const [start, end] of cuts) {
      const bytes = await readAll(blob!.read(start!, end!));
      expect(bytes.equals(withNul.subarray(start, end)), `[${start}, ${end})`).toBe(true);
    }
    // The text part is inline, the whole message and a missing part have no blob.
    expect(await findBodyBlob(t.store, layout, '1')).toBeNull();
    expect(await findBodyBlob(t.store, layout, '')).toBeNull();
    expect(await findBodyBlob(t.store, layout, '7')).toBeNull();
  });

  it('seeks to the chunk of the start instead of reading the chunks before it', async () => {
    const attachment = randomBytes(BLOB_CHUNK_BYTES * 3);
    const layout = await stored(messageWithAttachment({ subject: 'seek', attachment }));
    const blob = await findBodyBlob(t.store, layout, '2');
    const files = t.store.db.collection<BlobFileDoc>(BLOB_FILES);
    const { _id: id } = (await files.findOne({ 'metadata.size': attachment.length }))!;
    // Without its first two chunks the blob still gives what lies in the third.
    const chunks = t.store.db.collection<BlobChunkDoc>(BLOB_CHUNKS);
    await chunks.deleteMany({ _id: { $in: [`${id}#0`, `${id}#1`] } });
    const start = BLOB_CHUNK_BYTES * 2 + 10;
    const bytes = await readAll(blob!.read(start, attachment.length));
    expect(bytes.equals(attachment.subarray(start))).toBe(true);
    await expect(readAll(blob!.read(0, 10))).rejects.toThrow(/missing/);
  });

  it('keeps NUL absent, and reads deflated text blobs from their start', async () => {
    const plain = await stored(messageWithAttachment({ subject: 'clean', attachment: noNul }));
    expect(await findBodyBlob(t.store, plain, '2')).toMatchObject({
      size: noNul.length,
      nul: false,
    });

    const raw = Buffer.concat([
      Buffer.from('Subject: text\r\nContent-Type: application/octet-stream\r\n'),
      Buffer.from('Content-Transfer-Encoding: base64\r\n\r\n'),
      Buffer.from(text.toString('base64').replace(/.{76}/g, '$&\r\n')),
    ]);
    const layout = await stored(raw);
    const blob = await findBodyBlob(t.store, layout, '1');
    const file = await t.store.db
      .collection<BlobFileDoc>(BLOB_FILES)
      .findOne({ 'metadata.size': text.length });
    expect(file?._id.endsWith('z')).toBe(true);
    expect(blob).toMatchObject({ size: text.length, nul: false });
    const bytes = await readAll(blob!.read(300_000, 300_100));
    expect(bytes.equals(text.subarray(300_000, 300_100))).toBe(true);
  });

  it('gives null for a body kept inline', async () => {
    const layout = await stored(textMessage('short'));
    expect(await findBodyBlob(t.store, layout, '1')).toBeNull();
  });
});
