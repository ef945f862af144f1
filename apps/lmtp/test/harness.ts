import type { Config } from '@mailstore/config';
import { DELIVERY_INDEXES } from '@mailstore/delivery';
import { closeContext, openContext, type ServiceContext } from '@mailstore/service';
import {
  ACCOUNT_INDEXES,
  createUser,
  MAILBOX_INDEXES,
  MESSAGE_INDEXES,
  type Store,
} from '@mailstore/storage';
import { createTestEnv, type TestEnv } from '@mailstore/testing';
import type { RunningServer } from '@mailstore/service';
import { startLmtpServer } from '../src/server.js';

/** The LMTP app started in-process on port 0 against this file's database and Redis slice. */
export interface LmtpHarness {
  env: TestEnv;
  context: ServiceContext;
  store: Store;
  port: number;
  close(): Promise<void>;
}

/** Starts the app; `tune` adjusts the test config (relay, retry timing, mongo URL...). */
export async function startHarness(
  name: string,
  tune: (config: Config) => Config = (config) => config,
): Promise<LmtpHarness> {
  const env = createTestEnv(name);
  const config = tune(env.config);
  const indexes = [...ACCOUNT_INDEXES, ...MAILBOX_INDEXES, ...MESSAGE_INDEXES, ...DELIVERY_INDEXES];
  const context = await openContext(config, env.logger, indexes);
  const server: RunningServer = await startLmtpServer(context);
  const store: Store = {
    db: context.mongo.db,
    redis: context.redis,
    redisPrefix: config.redis.prefix,
    logger: env.logger,
  };
  return {
    env,
    context,
    store,
    port: server.listeners[0]!.port,
    async close() {
      await server.close(1_000);
      await closeContext(context);
      await env.cleanup();
    },
  };
}

/** Creates a user owning the given addresses; returns its id. */
export async function addUser(store: Store, username: string, addresses: string[], quotaBytes = 0) {
  const { userId } = await createUser(store, { username, addresses, quotaBytes });
  return userId;
}

/** A small RFC 5322 message with the given Message-ID and extra header lines. */
export function sampleMessage(messageId: string, extra: string[] = [], body = 'Hello.\r\n') {
  return [
    'From: Sender <sender@example.org>',
    'To: someone@example.com',
    'Subject: test message',
    `Message-ID: <${messageId}>`,
    'Date: Thu, 03 Dec 2026 12:00:00 +0000',
    ...extra,
    '',
    body,
  ].join('\r\n');
}
