import { createTestEnv } from '@mailstore/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { checkHealth, closeContext, openContext } from '../src/index.js';

describe('openContext', () => {
  const env = createTestEnv('service-context');
  afterAll(() => env.cleanup());

  it('connects both dependencies, creates the given indexes and reports health', async () => {
    const context = await openContext(env.config, env.logger, [
      { collection: 'widgets', key: { code: 1 }, options: { name: 'code_unique', unique: true } },
    ]);
    try {
      const indexes = await context.mongo.db.collection('widgets').listIndexes().toArray();
      expect(indexes.map((index: { name?: string }) => index.name)).toContain('code_unique');
      expect(await checkHealth(context)).toEqual({ status: 'ok', mongodb: 'up', redis: 'up' });
    } finally {
      await closeContext(context);
    }
  });
});
