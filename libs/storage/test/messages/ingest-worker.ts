// A separate process that ingests messages into one mailbox and prints what it got, one JSON
// line per message. Started by uid-concurrency.spec.ts with the test's database and prefix.
import { connectMongo, connectRedis } from '@mailstore/db';
import { createLogger } from '@mailstore/logger';
import { ObjectId } from 'mongodb';
import { ingestMessage, type Store } from '../../src/index.js';
import { textMessage } from './build.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const logger = createLogger({ service: 'ingest-worker', level: 'silent' });
const { client, db } = await connectMongo(
  { url: env('MONGODB_URL'), dbName: env('MONGODB_DB'), connectTimeoutMs: 10_000 },
  logger,
);
const redis = await connectRedis(
  { url: env('REDIS_URL'), prefix: env('REDIS_PREFIX'), connectTimeoutMs: 10_000 },
  logger,
);
const store: Store = { db, redis, redisPrefix: env('REDIS_PREFIX'), logger };
const user = ObjectId.createFromHexString(env('INGEST_USER'));
const mailbox = ObjectId.createFromHexString(env('INGEST_MAILBOX'));
const count = Number(env('INGEST_COUNT'));
const worker = env('INGEST_WORKER');
for (let i = 0; i < count; i++) {
  const message = textMessage(`worker ${worker} message ${i}`, 600);
  const stored = await ingestMessage(store, { user, mailbox, message });
  process.stdout.write(
    `${JSON.stringify({ worker, i, uid: stored.uid, modseq: stored.modseq })}\n`,
  );
}
redis.disconnect();
await client.close();
