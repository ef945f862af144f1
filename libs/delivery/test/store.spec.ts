import { createTestEnv } from '@mailstore/testing';
import type { Store } from '@mailstore/storage';
import { MongoClient, ObjectId } from 'mongodb';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  claimAutoreply,
  createFilter,
  deleteFilter,
  DeliveryError,
  getVacation,
  listFilters,
  setVacation,
  vacationActive,
} from '../src/index.js';

const env = createTestEnv('delivery-store');
let client: MongoClient;
let store: Store;

beforeAll(async () => {
  client = await MongoClient.connect(env.config.mongodb.url);
  const redis = new Redis(env.config.redis.url);
  store = { db: client.db(env.dbName), redis, redisPrefix: env.redisPrefix, logger: env.logger };
});

afterAll(async () => {
  store.redis.disconnect();
  await client.close();
  await env.cleanup();
});

describe('filters in the database', () => {
  it('stores valid filters and lists them in order', async () => {
    const user = new ObjectId();
    await createFilter(store, user, {
      name: 'second',
      order: 2,
      conditions: [],
      actions: [{ type: 'seen' }],
    });
    const first = await createFilter(store, user, {
      name: 'first',
      order: 1,
      conditions: [],
      actions: [{ type: 'stop' }],
    });
    expect((await listFilters(store, user)).map((f) => f.name)).toEqual(['first', 'second']);
    expect(await deleteFilter(store, user, first._id)).toBe(true);
    expect(await deleteFilter(store, new ObjectId(), first._id)).toBe(false);
    expect((await listFilters(store, user)).map((f) => f.name)).toEqual(['second']);
  });

  it('refuses an invalid filter with DELIVERY_INVALID_FILTER and stores nothing', async () => {
    const user = new ObjectId();
    const bad = {
      name: 'x',
      conditions: [{ field: 'size', op: 'over', bytes: -1 }],
      actions: [{ type: 'seen' }],
    };
    await expect(createFilter(store, user, bad as never)).rejects.toMatchObject({
      code: 'DELIVERY_INVALID_FILTER',
    });
    await expect(createFilter(store, user, bad as never)).rejects.toBeInstanceOf(DeliveryError);
    expect(await listFilters(store, user)).toEqual([]);
  });
});

describe('vacation', () => {
  it('keeps one autoreply per user with its date range', async () => {
    const user = new ObjectId();
    await setVacation(store, user, { text: 'old' });
    const end = new Date('2030-01-10T00:00:00Z');
    await setVacation(store, user, { text: 'new', start: '2030-01-01T00:00:00Z', end });
    const doc = (await getVacation(store, user))!;
    expect(doc.text).toBe('new');
    expect(vacationActive(doc, new Date('2030-01-05T00:00:00Z'))).toBe(true);
    expect(vacationActive(doc, new Date('2029-12-31T00:00:00Z'))).toBe(false);
    expect(vacationActive(doc, new Date('2030-01-11T00:00:00Z'))).toBe(false);
  });

  it('refuses a range that ends before it starts', async () => {
    await expect(
      setVacation(store, new ObjectId(), { text: 'x', start: '2030-02-01', end: '2030-01-01' }),
    ).rejects.toMatchObject({ code: 'DELIVERY_INVALID_VACATION' });
  });

  it('lets one autoreply claim per sender win, case-insensitively, with an expiry', async () => {
    const user = new ObjectId();
    const claims = await Promise.all(
      ['a@example.org', 'A@example.org', 'a@example.org'].map((s) =>
        claimAutoreply(store, user, s, 2),
      ),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await claimAutoreply(store, user, 'b@example.org', 2)).toBe(true);
    const keys = await store.redis.keys(`${env.redisPrefix}autoreply:*`);
    const ttl = await store.redis.ttl(keys[0]!);
    expect(ttl).toBeGreaterThan(2 * 86_400 - 10);
  });
});
