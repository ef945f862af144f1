import { createRedisClient } from '@mailstore/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  advanceMailbox,
  allocateModseqs,
  appendJournal,
  HOLE_EXPIRY_MS,
  journalChannel,
  JournalSlotTakenError,
  readJournal,
} from '../src/index.js';
import { insertMailbox, insertUser, openTestStore, type TestStore } from './messages/support.js';

let t: TestStore;
beforeAll(async () => {
  t = await openTestStore('journal-ledger');
});
afterAll(async () => t.close());

describe('change journal', () => {
  it('publishes a notice per append and reads entries back by MODSEQ', async () => {
    const user = await insertUser(t.store);
    const mailbox = await insertMailbox(t.store, user);
    const subscriber = createRedisClient(t.env.variables.REDIS_URL!);
    await subscriber.connect();
    const received: string[] = [];
    subscriber.on('message', (_channel: string, message: string) => received.push(message));
    await subscriber.subscribe(journalChannel(t.store, user));

    await appendJournal(t.store, { user, mailbox, kind: 'mailbox-created' });
    const [m1, m2] = await allocateModseqs(t.store, user, mailbox, 2);
    await appendJournal(t.store, { user, mailbox, kind: 'flags-changed', uid: 1, modseq: m1 });
    await appendJournal(t.store, { user, mailbox, kind: 'message-expunged', uid: 1, modseq: m2 });
    await advanceMailbox(t.store, user, mailbox);

    const entries = await readJournal(t.store, { user, mailbox, sinceModseq: m1! - 1 });
    expect(entries.map((e) => [e.kind, e.modseq])).toEqual([
      ['flags-changed', m1],
      ['message-expunged', m2],
    ]);
    const all = await readJournal(t.store, { user });
    expect(all.map((e) => e.kind).slice(-3)).toEqual([
      'mailbox-created',
      'flags-changed',
      'message-expunged',
    ]);
    await expect.poll(() => received.length).toBe(3);
    expect(JSON.parse(received[1]!)).toEqual([
      { mailbox: mailbox.toHexString(), kind: 'flags-changed', modseq: m1, uid: 1 },
    ]);
    subscriber.disconnect();
  });

  it('hides a MODSEQ written out of order until the one before it is written', async () => {
    const user = await insertUser(t.store);
    const mailbox = await insertMailbox(t.store, user);
    const [early, late] = await allocateModseqs(t.store, user, mailbox, 2);
    await appendJournal(t.store, { user, mailbox, kind: 'flags-changed', uid: 2, modseq: late });
    expect((await advanceMailbox(t.store, user, mailbox)).modseqCommitted).toBe(1);
    expect(await readJournal(t.store, { user, mailbox, sinceModseq: 0 })).toEqual([]);

    await appendJournal(t.store, { user, mailbox, kind: 'flags-changed', uid: 1, modseq: early });
    expect((await advanceMailbox(t.store, user, mailbox)).modseqCommitted).toBe(late);
    const entries = await readJournal(t.store, { user, mailbox, sinceModseq: 0 });
    expect(entries.map((e) => e.modseq)).toEqual([early, late]);
  });

  it('expires an abandoned MODSEQ and refuses its late writer', async () => {
    const user = await insertUser(t.store);
    const mailbox = await insertMailbox(t.store, user);
    const [dead, live] = await allocateModseqs(t.store, user, mailbox, 2);
    await appendJournal(t.store, { user, mailbox, kind: 'flags-changed', uid: 1, modseq: live });
    const later = new Date(Date.now() + HOLE_EXPIRY_MS + 1_000);
    expect((await advanceMailbox(t.store, user, mailbox, later)).modseqCommitted).toBe(live);

    await expect(
      appendJournal(t.store, { user, mailbox, kind: 'flags-changed', uid: 1, modseq: dead }),
    ).rejects.toBeInstanceOf(JournalSlotTakenError);
    const entries = await readJournal(t.store, { user, mailbox, sinceModseq: 0 });
    expect(entries.map((e) => e.modseq)).toEqual([live]);
  });
});
