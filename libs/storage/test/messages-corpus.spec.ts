import type { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestMessage, MESSAGES, type MessageDoc } from '../src/index.js';
import { readCorpusMessage, readManifest } from './messages/corpus.js';
import { expectExactSections, sha256 } from './messages/roundtrip.js';
import { insertMailbox, insertUser, openTestStore, type TestStore } from './messages/support.js';

/** Ingests run side by side: enough to overlap round trips on two cores. */
const PARALLEL_INGESTS = 4;

let t: TestStore;
let user: ObjectId;
const mailboxes: ObjectId[] = [];
beforeAll(async () => {
  t = await openTestStore('messages-corpus');
  user = await insertUser(t.store);
  // One mailbox per worker: ingests into one mailbox take turns at its lock.
  for (let i = 0; i < PARALLEL_INGESTS; i++) mailboxes.push(await insertMailbox(t.store, user));
});
afterAll(async () => t.close());

describe('corpus round trip', () => {
  it('stores every corpus message and rebuilds it, part by part, with identical bytes', async () => {
    const manifest = readManifest();
    expect(manifest.length).toBeGreaterThan(500);
    let sections = 0;
    let next = 0;
    const worker = async (mailbox: ObjectId) => {
      while (next < manifest.length) {
        const entry = manifest[next++]!;
        const raw = readCorpusMessage(entry);
        expect(sha256(raw), entry.file).toBe(entry.sha256);
        const stored = await ingestMessage(t.store, { user, mailbox, message: raw });
        const doc = await t.store.db.collection<MessageDoc>(MESSAGES).findOne({ _id: stored.id }); // the _id leads with the user
        expect(doc?.sha256, entry.file).toBe(entry.sha256);
        sections += await expectExactSections(t.store, doc!, raw);
      }
    };
    await Promise.all(mailboxes.map(worker));
    const count = await t.store.db.collection(MESSAGES).countDocuments({ user });
    expect(count).toBe(manifest.length);
    expect(sections).toBeGreaterThan(manifest.length * 4);
  }, 400_000);
});
