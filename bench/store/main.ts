// `npm run bench:store`: ingest and rebuild throughput, and stored bytes over raw bytes for the
// shared corpus delivered once and delivered to three users. One `metric: value unit` per line.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  createMailbox,
  createUser,
  getMailboxByPath,
  ingestMessage,
  openMessage,
  type Store,
} from '@mailstore/storage';
import type { ObjectId } from 'mongodb';
import { startServices } from './services.js';
import { storedBytes } from './stored.js';

const CORPUS = fileURLToPath(new URL('../../../shared/corpus/', import.meta.url));
const SMALL_MESSAGES = Number(process.env.BENCH_SMALL_MESSAGES ?? 100);
const LARGE_MESSAGES = Number(process.env.BENCH_LARGE_MESSAGES ?? 10);
/** Ingests in flight at once in the corpus scenarios. */
const PARALLEL = 4;

async function inbox(store: Store): Promise<{ user: ObjectId; mailbox: ObjectId }> {
  const { userId } = await createUser(store, {
    username: `bench${randomBytes(5).toString('hex')}`,
  });
  const mailbox =
    (await getMailboxByPath(store, userId, 'INBOX')) ??
    (await createMailbox(store, userId, 'INBOX'));
  return { user: userId, mailbox: mailbox._id };
}

function synthetic(size: number, i: number): Buffer {
  const head =
    `From: bench@example.com\r\nTo: user@example.com\r\nSubject: bench ${i}\r\n` +
    `Message-ID: <bench.${i}.${randomBytes(4).toString('hex')}@example.com>\r\nMIME-Version: 1.0\r\n` +
    'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nHello.\r\n' +
    '--b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n';
  const payload = randomBytes(Math.floor(((size - head.length - 12) * 3) / 4 / 1.027));
  const lines = payload
    .toString('base64')
    .match(/.{1,76}/g)!
    .join('\r\n');
  return Buffer.from(`${head}${lines}\r\n--b--\r\n`);
}

function print(metric: string, value: number, unit: string): void {
  console.log(`${metric}: ${value.toFixed(value < 10 ? 3 : 1)} ${unit}`);
}

async function ingestRate(store: Store, size: number, count: number, label: string) {
  const target = await inbox(store);
  const messages = Array.from({ length: count }, (_, i) => synthetic(size, i));
  const started = performance.now();
  const uids: number[] = [];
  for (const message of messages)
    uids.push((await ingestMessage(store, { ...target, message })).uid);
  const seconds = (performance.now() - started) / 1000;
  print(`ingest_${label}`, count / seconds, 'messages/s');
  return { target, uids, bytes: messages.reduce((sum, m) => sum + m.length, 0) };
}

async function rebuildRate(
  store: Store,
  target: { user: ObjectId; mailbox: ObjectId },
  uids: number[],
) {
  let bytes = 0;
  const started = performance.now();
  for (const uid of uids) {
    const open = await openMessage(store, target.user, target.mailbox, uid);
    for await (const chunk of open!.stream) bytes += (chunk as Buffer).length;
  }
  print('rebuild', bytes / 1e6 / ((performance.now() - started) / 1000), 'MB/s');
}

async function corpusRatio(store: Store, users: number, label: string): Promise<void> {
  const files = readFileSync(`${CORPUS}MANIFEST.tsv`, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split('\t')[0]!);
  const targets: Array<{ user: ObjectId; mailbox: ObjectId }> = [];
  for (let u = 0; u < users; u++) targets.push(await inbox(store));
  let raw = 0;
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const message = readFileSync(`${CORPUS}${files[next++]}`);
      // One delivery to several users, as LMTP does for mail to a team.
      for (const target of targets) {
        await ingestMessage(store, { ...target, message });
        raw += message.length;
      }
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  const stored = await storedBytes(store);
  print(
    `stored_over_raw_${label}`,
    stored.total / raw,
    `(stored ${stored.total} B / raw ${raw} B)`,
  );
}

const services = await startServices();
try {
  const small = await services.open('small');
  await ingestRate(small.store, 10 * 1024, SMALL_MESSAGES, '10kb');
  await small.drop();

  const large = await services.open('large');
  const { target, uids } = await ingestRate(large.store, 1024 * 1024, LARGE_MESSAGES, '1mb');
  await rebuildRate(large.store, target, uids);
  await large.drop();

  const once = await services.open('once');
  await corpusRatio(once.store, 1, 'corpus_once');
  await once.drop();

  const team = await services.open('team');
  await corpusRatio(team.store, 3, 'corpus_three_users');
  await team.drop();
} finally {
  await services.stop();
}
