import type { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  advanceMailbox,
  ingestMessage,
  QuotaExceededError,
  recalculateQuota,
} from '../src/index.js';
import { textMessage } from './messages/build.js';
import { insertMailbox, insertUser, openTestStore, type TestStore } from './messages/support.js';

const MESSAGE_BYTES = 3_000;
const FITTING = 5;
const ATTEMPTS = 12;

let t: TestStore;
beforeAll(async () => {
  t = await openTestStore('messages-quota');
});
afterAll(async () => t.close());

async function used(user: ObjectId): Promise<number> {
  const doc = await t.store.db
    .collection<{ quota: { used: number } }>('users')
    .findOne({ _id: user });
  return doc!.quota.used;
}

describe('quota', () => {
  it('stays exact under concurrent ingests and refuses the ones over the limit', async () => {
    const messages = Array.from({ length: ATTEMPTS }, (_, i) =>
      textMessage(`q${i}`, MESSAGE_BYTES),
    );
    const sizes = messages.map((m) => m.length);
    const limit = sizes.slice(0, FITTING).reduce((a, b) => a + b, 0) + Math.min(...sizes) - 1;
    const user = await insertUser(t.store, limit);
    const mailbox = await insertMailbox(t.store, user);

    const results = await Promise.allSettled(
      messages.map((message) => ingestMessage(t.store, { user, mailbox, message })),
    );
    const stored = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r) => r.status === 'rejected');
    for (const r of refused) {
      expect(r.reason).toBeInstanceOf(QuotaExceededError);
      expect(String(r.reason)).toMatch(/quota exceeded/);
    }
    expect(stored.length).toBeGreaterThanOrEqual(FITTING - 1);
    expect(stored.length).toBeLessThan(ATTEMPTS);
    const storedBytes = stored.reduce((sum, r) => sum + r.value.size, 0);
    expect(await used(user)).toBe(storedBytes);
    expect(await used(user)).toBeLessThanOrEqual(limit);
    expect(await recalculateQuota(t.store, user)).toBe(storedBytes);
    // A refused ingest left nothing behind: UIDs were only taken by stored messages.
    const marks = await advanceMailbox(t.store, user, mailbox);
    expect(marks.uidCommitted).toBe(stored.length);
  });
});
