import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withLock } from '../src/index.js';
import { openTestStore, type TestStore } from './messages/support.js';

/** A short lease, so that a holder working several leases long shows the renewal. */
const TTL_MS = 300;

let t: TestStore;
beforeAll(async () => {
  t = await openTestStore('lock');
});
afterAll(async () => t.close());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('withLock', () => {
  it('renews the lease while the holder works, so a second taker waits for the release', async () => {
    const events: string[] = [];
    const first = withLock(
      t.store,
      ['test', 'renew'],
      async () => {
        events.push('first in');
        await sleep(5 * TTL_MS);
        events.push('first out');
      },
      { ttlMs: TTL_MS },
    );
    await sleep(50);
    const second = withLock(
      t.store,
      ['test', 'renew'],
      () => Promise.resolve(events.push('second in')),
      {
        ttlMs: TTL_MS,
      },
    );
    await Promise.all([first, second]);
    expect(events).toEqual(['first in', 'first out', 'second in']);
  });

  it('lets the lease of a holder that stopped renewing lapse', async () => {
    const key = `${t.store.redisPrefix}lock:test:lapse`;
    // A holder that died: its lock is in Redis, and nobody renews it.
    await t.store.redis.set(key, 'dead-holder', 'PX', TTL_MS);
    const started = Date.now();
    await withLock(t.store, ['test', 'lapse'], () => Promise.resolve(), { ttlMs: TTL_MS });
    expect(Date.now() - started).toBeGreaterThanOrEqual(TTL_MS - 50);
    expect(await t.store.redis.exists(key)).toBe(0);
  });
});
