import { randomBytes } from 'node:crypto';
import { connectMongo, connectRedis, ensureIndexes } from '@mailstore/db';
import { createTestEnv, hostAndPort, TcpProxy } from '@mailstore/testing';
import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACCOUNT_INDEXES,
  BLOB_FILES,
  ingestMessage,
  MAILBOX_INDEXES,
  MESSAGE_INDEXES,
  MESSAGES,
  type BlobFileDoc,
  type Store,
} from '../src/index.js';
import { settleUnsettled } from '../src/messages/ingest/unsettled.js';
import { messageWithAttachment } from './messages/build.js';
import { insertMailbox, insertUser } from './messages/support.js';

// A failed ingest gives back the quota and blob references it took. Here the database carries
// out a step and its reply is lost (the proxy cuts the connection instead of relaying it): the
// give-back must find out what happened and give back everything exactly once.

const env = createTestEnv('messages-giveback');
let proxy: TcpProxy;
let store: Store;
let close: () => Promise<void>;

beforeAll(async () => {
  const target = hostAndPort(env.variables.MONGODB_URL!);
  proxy = new TcpProxy(target.host, target.port);
  await proxy.start();
  const url = new URL(env.variables.MONGODB_URL!);
  url.hostname = '127.0.0.1';
  url.port = String(proxy.port);
  const mongo = await connectMongo(
    { url: url.toString(), dbName: env.dbName, connectTimeoutMs: 10_000 },
    env.logger,
  );
  const redis = await connectRedis(
    { url: env.variables.REDIS_URL!, prefix: env.redisPrefix, connectTimeoutMs: 10_000 },
    env.logger,
  );
  await ensureIndexes(mongo.db, [...ACCOUNT_INDEXES, ...MAILBOX_INDEXES, ...MESSAGE_INDEXES]);
  store = { db: mongo.db, redis, redisPrefix: env.redisPrefix, logger: env.logger };
  close = async () => {
    redis.disconnect();
    await mongo.close();
  };
});

afterAll(async () => {
  await close?.();
  await proxy.cut();
  await env.cleanup();
});

/** A request that carries `field` (a BSON key) and is the given command. */
function request(command: string, field: string) {
  const name = Buffer.from(`${command}\0`);
  const key = Buffer.from(`${field}\0`);
  return (bytes: Buffer) => bytes.includes(name) && bytes.includes(key);
}

function attachmentMessage() {
  const attachment = randomBytes(20_000);
  return messageWithAttachment({ subject: `giveback ${attachment.readUInt32BE(0)}`, attachment });
}

async function quotaUsed(user: ObjectId): Promise<number> {
  const doc = await store.db
    .collection<{ quota: { used: number } }>('users')
    .findOne({ _id: user });
  return doc!.quota.used;
}

/** The reference counts of the user's blobs: every blob the test stored, by id. */
async function blobRefs(): Promise<number[]> {
  const docs = await store.db.collection<BlobFileDoc>(BLOB_FILES).find({}).toArray();
  return docs.map((doc) => doc.metadata.refs);
}

describe('give-back after lost replies', () => {
  it('gives back a quota charge that was made though its reply was lost', async () => {
    const user = await insertUser(store);
    const mailbox = await insertMailbox(store, user);
    const lost = proxy.loseNextReply(request('update', 'quota.recent'));
    const ingest = ingestMessage(store, { user, mailbox, message: attachmentMessage() });
    await expect(ingest).rejects.toThrow(/unknown outcome/);
    await lost;
    await settleUnsettled(store, user);
    expect(await quotaUsed(user)).toBe(0);
    expect(await store.db.collection(MESSAGES).countDocuments({ user })).toBe(0);
  });

  it('gives back a blob reference once when the reply to its give-back was lost', async () => {
    const user = await insertUser(store);
    const message = attachmentMessage();
    // A mailbox that does not exist fails the ingest after the quota and blobs were taken.
    const missing = new ObjectId();
    const lost = proxy.loseNextReply(request('findAndModify', 'metadata.givenBack'));
    await expect(ingestMessage(store, { user, mailbox: missing, message })).rejects.toThrow(
      /not found/,
    );
    await lost;
    // The give-back waits in Redis; the next ingest (here, a direct settle) finishes it.
    await settleUnsettled(store, user);
    expect(await quotaUsed(user)).toBe(0);
    const refs = await blobRefs();
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.every((count) => count === 0)).toBe(true);
    // The same message stored now takes its references again, from zero.
    const mailbox = await insertMailbox(store, user);
    await ingestMessage(store, { user, mailbox, message });
    expect(await quotaUsed(user)).toBe(message.length);
    expect(await blobRefs()).toEqual(refs.map(() => 1));
  });

  it('gives back a quota charge once when the reply to the give-back was lost', async () => {
    const user = await insertUser(store);
    const isQuotaChange = request('update', 'quota.recent');
    let changes = 0;
    // The first quota change is the charge, the second the give-back.
    const lost = proxy.loseNextReply((bytes) => isQuotaChange(bytes) && ++changes === 2);
    const message = attachmentMessage();
    await expect(ingestMessage(store, { user, mailbox: new ObjectId(), message })).rejects.toThrow(
      /not found/,
    );
    await lost;
    expect(await store.redis.llen(`${env.redisPrefix}unsettled:${user.toHexString()}`)).toBe(1);
    await settleUnsettled(store, user);
    expect(await quotaUsed(user)).toBe(0);
    expect(await store.redis.llen(`${env.redisPrefix}unsettled:${user.toHexString()}`)).toBe(0);
  });
});
