import { createHash, randomBytes } from 'node:crypto';
import type { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BLOB_CHUNKS,
  BLOB_FILES,
  collectGarbage,
  deleteUserMessages,
  expungeMessages,
  ingestMessage,
  MESSAGES,
  startMaintenance,
  type BlobFileDoc,
  type MessageDoc,
} from '../src/index.js';
import { messageWithAttachment } from './messages/build.js';
import { expectExactSections } from './messages/roundtrip.js';
import { insertMailbox, insertUser, openTestStore, type TestStore } from './messages/support.js';

const USERS = 10;
const MESSAGES_PER_USER = 10;
const ATTACHMENT_BYTES = 1024 * 1024;

let t: TestStore;
const attachment = randomBytes(ATTACHMENT_BYTES);
const hash = createHash('sha256').update(attachment).digest('hex');
const owners: Array<{ user: ObjectId; mailbox: ObjectId }> = [];

beforeAll(async () => {
  t = await openTestStore('blobs-dedup');
});
afterAll(async () => t.close());

async function attachmentBlobs(): Promise<BlobFileDoc[]> {
  return t.store.db.collection<BlobFileDoc>(BLOB_FILES).find({ filename: hash }).toArray();
}

describe('content-addressed attachments', () => {
  it('stores one 1 MB attachment in 100 messages of 10 users once', async () => {
    for (let u = 0; u < USERS; u++) {
      const user = await insertUser(t.store);
      owners.push({ user, mailbox: await insertMailbox(t.store, user) });
    }
    const jobs = owners.flatMap((owner, u) =>
      Array.from({ length: MESSAGES_PER_USER }, (_, m) => ({ owner, u, m })),
    );
    let next = 0;
    const worker = async () => {
      while (next < jobs.length) {
        const { owner, u, m } = jobs[next++]!;
        // Half wrap the file at 76 columns with CRLF, half at 64 with bare LF: one blob still.
        const odd = (u * MESSAGES_PER_USER + m) % 2 === 1;
        const raw = messageWithAttachment({
          subject: `report ${u}-${m}`,
          attachment,
          lineLength: odd ? 64 : 76,
          eol: odd ? '\n' : '\r\n',
        });
        const stored = await ingestMessage(t.store, { ...owner, message: raw });
        if (m === 0 && u < 2) {
          const doc = await t.store.db.collection<MessageDoc>(MESSAGES).findOne({ _id: stored.id }); // the _id leads with the user
          await expectExactSections(t.store, doc!, raw);
        }
      }
    };
    await Promise.all([worker(), worker(), worker()]);

    const blobs = await attachmentBlobs();
    expect(blobs.map((b) => [b._id, b.metadata.state, b.metadata.refs])).toEqual([
      [`${hash}.0`, 'live', USERS * MESSAGES_PER_USER],
    ]);
    expect(blobs[0]!.metadata.size).toBe(ATTACHMENT_BYTES);
    const chunks = await t.store.db
      .collection(BLOB_CHUNKS)
      .countDocuments({ files_id: blobs[0]!._id });
    expect(chunks).toBe(Math.ceil(ATTACHMENT_BYTES / (255 * 1024)));
  }, 240_000);

  it('keeps the attachment while one of the 100 messages references it', async () => {
    for (const owner of owners.slice(1)) await deleteUserMessages(t.store, owner.user);
    const first = owners[0]!;
    const uids = Array.from({ length: MESSAGES_PER_USER - 1 }, (_, i) => i + 2);
    expect(await expungeMessages(t.store, first.user, first.mailbox, uids)).toEqual(uids);

    await collectGarbage(t.store, { graceMs: 0 });
    const blobs = await attachmentBlobs();
    expect(blobs).toHaveLength(1);
    expect(blobs[0]!.metadata.refs).toBe(1);
  });

  it('removes it once the last message is gone and the scheduled collector has run', async () => {
    const first = owners[0]!;
    expect(await expungeMessages(t.store, first.user, first.mailbox, [1])).toEqual([1]);
    const [blob] = await attachmentBlobs();
    expect(blob!.metadata.refs).toBe(0);

    // Within the grace period the collector keeps it.
    await collectGarbage(t.store);
    expect(await attachmentBlobs()).toHaveLength(1);

    const maintenance = await startMaintenance(t.store, { everyMs: 200, blobGraceMs: 0 });
    try {
      await expect.poll(async () => (await attachmentBlobs()).length, { timeout: 20_000 }).toBe(0);
    } finally {
      await maintenance.close();
    }
    expect(await t.store.db.collection(BLOB_CHUNKS).countDocuments({ files_id: blob!._id })).toBe(
      0,
    );
    // Every blob of every message is gone: nothing leaked.
    expect(await t.store.db.collection(BLOB_FILES).countDocuments({})).toBe(0);
  }, 60_000);
});
