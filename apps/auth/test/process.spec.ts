import { describeAppProcess } from '@mailstore/testing';
import { expect } from 'vitest';

describeAppProcess({
  app: 'auth',
  async probe({ host, port }) {
    const response = await fetch(`http://${host}:${port}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', mongodb: 'up', redis: 'up' });
  },
});
