// `npm run admin -- secrets:reseal`, run as an operator runs it after rotating AUTH_SECRETS_KEY.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createLogger } from '@mailstore/logger';
import { createTestEnv, REPO_ROOT, type TestEnv } from '@mailstore/testing';
import { Redis } from 'ioredis';
import { MongoClient, ObjectId } from 'mongodb';
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretsKeyId } from './sealed-secret.js';
import { DEFAULT_AUTH_SETTINGS } from './settings.js';
import type { AuthStore } from './store.js';
import { beginTotpEnrolment, confirmTotpEnrolment } from './totp.js';
import { usersOf } from './users.js';

/** A CLI run takes a few seconds to start from source on this shared machine. */
const CLI_TIMEOUT_MS = 60_000;

let env: TestEnv;
let client: MongoClient;
let store: AuthStore;
const retired = randomBytes(32);
const current = randomBytes(32);

beforeAll(async () => {
  env = createTestEnv('auth-reseal-cli');
  client = await MongoClient.connect(env.config.mongodb.url);
  store = {
    db: client.db(env.dbName),
    redis: new Redis(env.config.redis.url),
    redisPrefix: env.redisPrefix,
    logger: createLogger({ service: 'auth-reseal-test', level: 'silent' }),
    settings: { ...DEFAULT_AUTH_SETTINGS, secretsKey: retired },
  };
});

afterAll(async () => {
  store.redis.disconnect();
  await client.close();
  await env.cleanup();
});

function admin(args: string[], variables: Record<string, string>) {
  const child = spawn(
    process.execPath,
    ['--conditions=@mailstore/source', '--import', 'tsx', 'tools/admin/main.ts', ...args],
    { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '', ...env.variables, ...variables } },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr })),
  );
}

describe('admin secrets:reseal', () => {
  it(
    'moves every secret of the retired key to the current one, and prints no key',
    async () => {
      const users = [new ObjectId(), new ObjectId()];
      for (const [i, _id] of users.entries()) {
        await usersOf(store).insertOne({ _id, username: `reseal${i}`, disabled: false });
        const { secret } = await beginTotpEnrolment(store, _id);
        await confirmTotpEnrolment(store, _id, await generate({ secret }));
      }
      const variables = {
        AUTH_SECRETS_KEY: current.toString('base64'),
        AUTH_SECRETS_PREVIOUS_KEYS: retired.toString('hex'),
      };
      const run = await admin(['secrets:reseal', '--json'], variables);
      expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
      expect(JSON.parse(run.stdout)).toEqual({ checked: 2, resealed: 2, unreadable: 0 });
      for (const _id of users) {
        const doc = await usersOf(store).findOne({ _id });
        expect(doc?.auth?.totp?.secret).toMatchObject({ kid: secretsKeyId(current) });
      }
      expect(run.stdout).not.toContain(current.toString('base64'));
      expect(run.stdout).not.toContain(retired.toString('hex'));
    },
    CLI_TIMEOUT_MS,
  );
});
