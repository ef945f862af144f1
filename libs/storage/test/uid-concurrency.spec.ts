import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT } from '@mailstore/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  advanceMailbox,
  listMessages,
  MAILBOX_COLLECTION,
  readJournal,
  type MailboxCounters,
} from '../src/index.js';
import { insertMailbox, insertUser, openTestStore, type TestStore } from './messages/support.js';

const PROCESSES = 4;
const PER_PROCESS = 250;
const WORKER = fileURLToPath(new URL('./messages/ingest-worker.ts', import.meta.url));

interface Line {
  worker: string;
  i: number;
  uid: number;
  modseq: number;
}

let t: TestStore;
beforeAll(async () => {
  t = await openTestStore('uid-concurrency');
});
afterAll(async () => t.close());

function runWorker(worker: number, env: Record<string, string>): Promise<Line[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--conditions=@mailstore/source', '--import', 'tsx', WORKER],
      { cwd: REPO_ROOT, env: { ...process.env, ...env, INGEST_WORKER: String(worker) } },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`worker ${worker} exited with ${code}: ${err}`));
      else
        resolve(
          out
            .trim()
            .split('\n')
            .map((line) => JSON.parse(line) as Line),
        );
    });
  });
}

describe('UID and MODSEQ allocation across processes', () => {
  it('gives 4 processes x 250 ingests UIDs 1..1000 once each, with MODSEQs rising with UIDs', async () => {
    const user = await insertUser(t.store);
    const mailbox = await insertMailbox(t.store, user);
    const env = {
      ...t.env.variables,
      MONGODB_DB: t.env.dbName,
      INGEST_USER: user.toHexString(),
      INGEST_MAILBOX: mailbox.toHexString(),
      INGEST_COUNT: String(PER_PROCESS),
    };
    const results = await Promise.all(
      Array.from({ length: PROCESSES }, (_, worker) => runWorker(worker, env)),
    );
    const all = results.flat();
    expect(all).toHaveLength(PROCESSES * PER_PROCESS);

    const uids = all.map((line) => line.uid).sort((a, b) => a - b);
    expect(uids).toEqual(Array.from({ length: PROCESSES * PER_PROCESS }, (_, i) => i + 1));
    const byUid = [...all].sort((a, b) => a.uid - b.uid);
    for (let i = 1; i < byUid.length; i++) {
      expect(byUid[i]!.modseq).toBeGreaterThan(byUid[i - 1]!.modseq);
    }
    // Each process saw its own UIDs rise in the order it stored them.
    for (const lines of results) {
      for (let i = 1; i < lines.length; i++)
        expect(lines[i]!.uid).toBeGreaterThan(lines[i - 1]!.uid);
    }

    const marks = await advanceMailbox(t.store, user, mailbox);
    expect(marks.uidCommitted).toBe(PROCESSES * PER_PROCESS);
    const counters = await t.store.db
      .collection<MailboxCounters>(MAILBOX_COLLECTION)
      .findOne({ _id: mailbox });
    expect(counters!.uidNext).toBe(PROCESSES * PER_PROCESS + 1);
    expect(marks.modseqCommitted).toBe(counters!.highestModseq);
    const listed = await listMessages(t.store, user, mailbox, marks.uidCommitted);
    expect(listed.map((doc) => doc.uid)).toEqual(uids);
    const journal = await readJournal(t.store, { user, mailbox, sinceModseq: 0 });
    expect(journal.filter((entry) => entry.kind === 'message-added')).toHaveLength(
      PROCESSES * PER_PROCESS,
    );
  }, 300_000);
});
