import { loadConfig } from '@mailstore/config';
import {
  openContext,
  stopService,
  type RunningServer,
  type ServiceContext,
} from '@mailstore/service';
import { createTestEnv, hostAndPort, TcpProxy } from '@mailstore/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp, listenHttp } from '../src/index.js';

/** How long the test waits for the Redis client to reconnect after the proxy is restored. */
const RECONNECT_WAIT_MS = 10_000;

describe('/health', () => {
  const env = createTestEnv('http-health');
  const mongoTarget = hostAndPort(env.variables.MONGODB_URL!);
  const redisTarget = hostAndPort(env.variables.REDIS_URL!);
  const mongoProxy = new TcpProxy(mongoTarget.host, mongoTarget.port);
  const redisProxy = new TcpProxy(redisTarget.host, redisTarget.port);
  let context: ServiceContext;
  let server: RunningServer;
  let url: string;

  beforeAll(async () => {
    const config = loadConfig({
      env: {
        ...env.variables,
        MONGODB_URL: `mongodb://127.0.0.1:${await mongoProxy.start()}/?directConnection=true`,
        REDIS_URL: `redis://127.0.0.1:${await redisProxy.start()}`,
      },
    });
    context = await openContext(config, env.logger);
    server = await listenHttp(createHttpApp(context), config.api);
    url = `http://127.0.0.1:${server.listeners[0]!.port}/health`;
  });

  afterAll(async () => {
    await mongoProxy.restore().catch(() => undefined);
    await redisProxy.restore().catch(() => undefined);
    await stopService(server, context);
    await mongoProxy.cut();
    await redisProxy.cut();
    await env.cleanup();
  });

  async function health(): Promise<{ status: number; body: unknown }> {
    const response = await fetch(url);
    return { status: response.status, body: await response.json() };
  }

  it('answers 200 when MongoDB and Redis answer', async () => {
    expect(await health()).toEqual({
      status: 200,
      body: { status: 'ok', mongodb: 'up', redis: 'up' },
    });
  });

  it('answers 503 naming Redis while Redis is unreachable, and 200 once it is back', async () => {
    await redisProxy.cut();
    expect(await health()).toEqual({
      status: 503,
      body: { status: 'degraded', mongodb: 'up', redis: 'down' },
    });
    await redisProxy.restore();
    await expect
      .poll(async () => (await health()).status, { timeout: RECONNECT_WAIT_MS })
      .toBe(200);
  });

  it('answers 503 naming MongoDB while MongoDB is unreachable', async () => {
    await mongoProxy.cut();
    expect(await health()).toEqual({
      status: 503,
      body: { status: 'degraded', mongodb: 'down', redis: 'up' },
    });
    await mongoProxy.restore();
    await expect
      .poll(async () => (await health()).status, { timeout: RECONNECT_WAIT_MS })
      .toBe(200);
  });
});
