// Memory an idle connection costs the server: the app runs as its own process and its resident
// set size is read from /proc before and after opening connections that sit after the greeting.
import { readFile } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, spawnApp, type SpawnedApp, type TestEnv } from '@mailstore/testing';

/** Connections opened for the measurement. */
const CONNECTIONS = 1_000;
/** Upper bound asserted per idle connection, in bytes (sockets, session, parser, logger child). */
const MAX_BYTES_PER_CONNECTION = 48 * 1024;

let env: TestEnv;
let app: SpawnedApp;
let port: number;
const sockets: Socket[] = [];

async function rssBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  return Number(kib) * 1024;
}

function greeted(): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('error', reject);
    socket.once('data', () => resolve(socket));
  });
}

beforeAll(async () => {
  env = createTestEnv('imap-idle-memory');
  app = spawnApp('imap', { ...env.variables, LOG_LEVEL: 'info' });
  const listening = await app.waitForLog('listening', 60_000);
  port = (listening.listeners as Array<{ port: number }>)[0]?.port as number;
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  app?.child.kill('SIGTERM');
  await app?.exited;
  await env?.cleanup();
});

describe('idle connections', () => {
  it(`cost under ${MAX_BYTES_PER_CONNECTION / 1024} KiB each with ${CONNECTIONS} open`, async () => {
    const pid = app.child.pid as number;
    // Warm up code paths so the measurement is of connections, not of first-use compilation.
    for (let i = 0; i < 50; i += 1) sockets.push(await greeted());
    for (const socket of sockets.splice(0)) socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const before = await rssBytes(pid);
    for (let batch = 0; batch < CONNECTIONS; batch += 100) {
      sockets.push(...(await Promise.all(Array.from({ length: 100 }, () => greeted()))));
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    const after = await rssBytes(pid);
    const perConnection = (after - before) / CONNECTIONS;
    console.log(
      `idle memory: ${CONNECTIONS} connections, RSS ${(before / 2 ** 20).toFixed(1)} -> ` +
        `${(after / 2 ** 20).toFixed(1)} MiB, ${(perConnection / 1024).toFixed(1)} KiB each`,
    );
    expect(perConnection).toBeLessThan(MAX_BYTES_PER_CONNECTION);
  }, 120_000);
});
