// Starts the IMAP app in-process against this test file's database and Redis prefix.
import { ObjectId } from 'mongodb';
import { setPassword, type AuthStore } from '@mailstore/auth';
import { loadConfig, type Config } from '@mailstore/config';
import { createDefaultMailboxes } from '@mailstore/storage';
import {
  closeContext,
  openContext,
  type RunningServer,
  type ServiceContext,
} from '@mailstore/service';
import { createTestEnv, type TestEnv } from '@mailstore/testing';
import { startImapServer, type ImapServerOptions } from '../src/server.js';

/** A running IMAP app and what a test needs to reach it. */
export interface Harness {
  env: TestEnv;
  context: ServiceContext;
  server: RunningServer;
  port: number;
  tlsPort: number | undefined;
  store: AuthStore;
  stop(): Promise<void>;
}

/** Starts the app; `variables` are added to the test environment's (TLS files, IMAPS_PORT). */
export async function startHarness(
  name: string,
  options: ImapServerOptions = {},
  variables: Record<string, string> = {},
): Promise<Harness> {
  const env = createTestEnv(name);
  const config: Config = loadConfig({ env: { ...env.variables, ...variables } });
  const context = await openContext(config, env.logger);
  const server = await startImapServer(context, options);
  const store: AuthStore = {
    db: context.mongo.db,
    redis: context.redis,
    redisPrefix: config.redis.prefix,
    logger: env.logger,
  };
  return {
    env,
    context,
    server,
    store,
    port: server.listeners.find((listener) => listener.protocol === 'imap')?.port as number,
    tlsPort: server.listeners.find((listener) => listener.protocol === 'imaps')?.port,
    stop: async () => {
      await server.close(1_000);
      await closeContext(context);
      await env.cleanup();
    },
  };
}

/**
 * Inserts a user with the default mailboxes and sets the password through libs/auth; returns
 * the user's id.
 */
export async function createUser(
  store: AuthStore,
  username: string,
  password: string,
): Promise<ObjectId> {
  const _id = new ObjectId();
  await store.db.collection('users').insertOne({
    _id,
    username,
    disabled: false,
    quota: { limit: 0, used: 0 },
    settings: {},
    createdAt: new Date(),
  });
  await setPassword(store, _id, password);
  await createDefaultMailboxes(store, _id);
  return _id;
}
