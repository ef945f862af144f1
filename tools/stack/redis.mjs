// Finds or starts the Redis the stack uses: REDIS_URL if set, else 127.0.0.1:6379 if it
// answers, else a redis-server of our own with its files under the data folder.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { stopChild } from './ferretdb.mjs';
import { freePort, redisAnswers, waitForPort } from './net.mjs';

const DEFAULT_PORT = 6379;
const START_TIMEOUT_MS = 10_000;

/** Resolves to `{ url, started, stop() }`; `started` says whether we own the process. */
export async function ensureRedis({ dataDir }) {
  if (process.env.REDIS_URL) return { url: process.env.REDIS_URL, started: false, stop: noop };
  if (await redisAnswers(DEFAULT_PORT)) {
    return { url: `redis://127.0.0.1:${DEFAULT_PORT}`, started: false, stop: noop };
  }
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
  } catch {
    throw new Error(
      'No Redis answers on 127.0.0.1:6379 and redis-server is not installed: install Redis ' +
        '(apt-get install redis-server) or set REDIS_URL.',
    );
  }
  mkdirSync(dataDir, { recursive: true });
  const port = await freePort();
  const child = spawn(
    'redis-server',
    [
      '--bind',
      '127.0.0.1',
      '--port',
      String(port),
      '--dir',
      dataDir,
      '--save',
      '',
      '--appendonly',
      'no',
    ],
    { stdio: 'ignore', detached: true },
  );
  await waitForPort(port, START_TIMEOUT_MS, child);
  return { url: `redis://127.0.0.1:${port}`, started: true, child, stop: () => stopChild(child) };
}

async function noop() {}
