// Starts the real gateway in-process on 127.0.0.1 port 0 against this file's own database and
// Redis prefix, and gives tests a small HTTP client and a way to create users per the contract
// of the `users` and `addresses` collections.
import { hashPassword } from '@mailstore/auth';
import { loadConfig } from '@mailstore/config';
import { closeContext, openContext, type ServiceContext } from '@mailstore/service';
import { createTestEnv, type TestEnv } from '@mailstore/testing';
import { ObjectId } from 'mongodb';
import { randomBytes } from 'node:crypto';
import { GATEWAY_INDEXES, startAuthServer } from '../src/server.js';

/** A running gateway for one test file. */
export interface Harness {
  env: TestEnv;
  context: ServiceContext;
  baseUrl: string;
  /** Sends a JSON request; resolves to status, headers and the parsed body (or raw text). */
  call(method: string, path: string, options?: CallOptions): Promise<Reply>;
  createUser(username: string, password: string | null, addresses?: string[]): Promise<ObjectId>;
  stop(): Promise<void>;
}

/** Options of {@link Harness.call}. */
export interface CallOptions {
  body?: unknown;
  token?: string;
  headers?: Record<string, string>;
}

/** An HTTP answer. */
export interface Reply {
  status: number;
  headers: Headers;
  // untyped JSON, checked by the tests
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  raw: Buffer;
}

/**
 * Starts a gateway with the test env's config, a random AUTH_SECRETS_KEY, plus `variables`
 * (`AUTH_SECRETS_KEY: ''` leaves the key unset).
 */
export async function startHarness(
  name: string,
  variables: Record<string, string> = {},
): Promise<Harness> {
  const env = createTestEnv(name);
  const secretsKey = randomBytes(32).toString('base64');
  const config = loadConfig({
    env: { ...env.variables, AUTH_SECRETS_KEY: secretsKey, ...variables },
  });
  const context = await openContext(config, env.logger, GATEWAY_INDEXES);
  const server = await startAuthServer(context);
  const baseUrl = `http://127.0.0.1:${server.listeners[0]?.port}`;
  return {
    env,
    context,
    baseUrl,
    call: (method, path, options) => call(baseUrl, method, path, options),
    createUser: (username, password, addresses) =>
      createUser(context, username, password, addresses),
    async stop() {
      await server.close(1000);
      await closeContext(context);
      await env.cleanup();
    },
  };
}

async function call(baseUrl: string, method: string, path: string, options: CallOptions = {}) {
  const headers: Record<string, string> = { 'user-agent': 'gateway-test', ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(baseUrl + path, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const raw = Buffer.from(await response.arrayBuffer());
  const type = response.headers.get('content-type') ?? '';
  const body: unknown = type.includes('json') && raw.length ? JSON.parse(raw.toString()) : raw;
  return { status: response.status, headers: response.headers, body, raw };
}

/** Inserts a user (and addresses) the way the accounts lib stores them. */
async function createUser(
  context: ServiceContext,
  username: string,
  password: string | null,
  addresses: string[] = [],
): Promise<ObjectId> {
  const _id = new ObjectId();
  await context.mongo.db.collection('users').insertOne({
    _id,
    username,
    disabled: false,
    quota: 0,
    settings: {},
    createdAt: new Date(),
    ...(password === null ? {} : { password: await hashPassword(password) }),
  });
  for (const lookup of addresses) {
    await context.mongo.db.collection('addresses').insertOne({ lookup, user: _id });
  }
  return _id;
}

/** Logs in with a password and no second factor; resolves to the token. */
export async function loginToken(harness: Harness, login: string, password: string) {
  const reply = await harness.call('POST', '/v1/login', { body: { login, password } });
  const body = reply.body as { status?: string; token?: string };
  if (reply.status !== 200 || body.status !== 'complete' || !body.token) {
    throw new Error(`login failed: ${reply.status} ${JSON.stringify(body)}`);
  }
  return body.token;
}

/** The caller's security log entries, newest first. */
export async function securityLog(harness: Harness, token: string) {
  const reply = await harness.call('GET', '/v1/security-log?limit=200', { token });
  if (reply.status !== 200) throw new Error(`security log: ${reply.status}`);
  return (reply.body as { entries: Array<Record<string, unknown>> }).entries;
}
