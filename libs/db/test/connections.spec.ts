import { createTestEnv } from '@mailstore/testing';
import { afterAll, describe, expect, it } from 'vitest';
import {
  connectMongo,
  connectRedis,
  ensureIndexes,
  pingMongo,
  pingRedis,
  redisKey,
  retryUntil,
  UnreachableError,
} from '../src/index.js';

describe('retryUntil', () => {
  it('retries with growing pauses until the attempt succeeds', async () => {
    const pauses: number[] = [];
    let calls = 0;
    const value = await retryUntil(
      { dependency: 'X', target: 'x://', timeoutMs: 10_000 },
      () => (++calls < 3 ? Promise.reject(new Error('not yet')) : Promise.resolve('up')),
      (_error, delayMs) => pauses.push(delayMs),
    );
    expect(value).toBe('up');
    expect(pauses).toEqual([200, 400]);
  });

  it('gives up after the deadline with an error naming the dependency and the cause', async () => {
    const attempt = () => Promise.reject(new Error('connect ECONNREFUSED'));
    const failure = retryUntil(
      { dependency: 'Redis', target: 'redis://h:1', timeoutMs: 300 },
      attempt,
      () => {},
    );
    await expect(failure).rejects.toBeInstanceOf(UnreachableError);
    await expect(failure).rejects.toThrow(
      /^cannot reach Redis at redis:\/\/h:1 after \d+ ms: connect ECONNREFUSED$/,
    );
  });
});

describe('connections', () => {
  const env = createTestEnv('db-connections');
  afterAll(() => env.cleanup());

  it('connects to MongoDB and Redis, creates indexes idempotently, and refuses TTL indexes', async () => {
    const mongo = await connectMongo(env.config.mongodb, env.logger);
    const redis = await connectRedis(env.config.redis, env.logger);
    try {
      expect(await pingMongo(mongo.db, 1_000)).toBe(true);
      expect(await pingRedis(redis, 1_000)).toBe(true);
      const index = {
        collection: 'things',
        key: { name: 1 },
        options: { name: 'name_unique', unique: true },
      };
      await ensureIndexes(mongo.db, [index]);
      await ensureIndexes(mongo.db, [index]);
      const names = (await mongo.db.collection('things').listIndexes().toArray()).map(
        (i: { name?: string }) => i.name,
      );
      expect(names.filter((name) => name === 'name_unique')).toHaveLength(1);
      await expect(
        ensureIndexes(mongo.db, [
          {
            collection: 'things',
            key: { at: 1 },
            options: { name: 'at_ttl', expireAfterSeconds: 60 },
          },
        ]),
      ).rejects.toThrow(/TTL, partial and sparse indexes are not allowed/);
    } finally {
      await mongo.client.close();
      redis.disconnect();
    }
  });

  it('builds keys and channels under the deployment prefix', () => {
    expect(redisKey('mailstore:', 'journal', 'u1')).toBe('mailstore:journal:u1');
  });
});
