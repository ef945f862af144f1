#!/usr/bin/env node
// `npm start`: the whole mail stack on one machine with nothing set up by hand. Installs the npm
// dependencies if missing, uses MONGODB_URL or starts FerretDB, uses REDIS_URL or the Redis on
// 127.0.0.1:6379 or starts one, then runs the four apps and prints where each listens.
// AUTH_SECRETS_KEY, when unset, is a random development key made once in .data/secrets-key.
// Ctrl-C (or SIGTERM) stops the apps (they drain), then what this script started.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ensureDependencies } from './deps.mjs';
import { startFerretDb, stopChild } from './ferretdb.mjs';
import { ensureRedis } from './redis.mjs';

const APPS = ['auth', 'api', 'imap', 'lmtp'];
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dataDir = resolve(process.env.MAILSTORE_DATA_DIR ?? join(root, '.data'));
const say = (line) => process.stdout.write(`${line}\n`);
const services = [];
const apps = [];
let stopping = false;

async function main() {
  ensureDependencies(root, say);
  let mongodbUrl = process.env.MONGODB_URL;
  if (!mongodbUrl) {
    const ferret = await startFerretDb({ dataDir: join(dataDir, 'ferretdb'), log: say });
    services.push(ferret);
    mongodbUrl = ferret.url;
    say(
      `FerretDB (pid ${ferret.child.pid}) on ${mongodbUrl}, data in ${join(dataDir, 'ferretdb')}`,
    );
  }
  const redis = await ensureRedis({ dataDir: join(dataDir, 'redis') });
  services.push(redis);
  say(`Redis on ${redis.url}${redis.started ? ` (pid ${redis.child.pid}, started here)` : ''}`);

  const logDir = join(dataDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const env = {
    ...process.env,
    MONGODB_URL: mongodbUrl,
    REDIS_URL: redis.url,
    AUTH_SECRETS_KEY: process.env.AUTH_SECRETS_KEY || devSecretsKey(),
  };
  await Promise.all(APPS.map((app) => startApp(app, env, logDir)));
  say(`All apps running; logs in ${logDir}. Press Ctrl-C to stop.`);
}

/** The development key that seals TOTP secrets: made once, kept with the data it seals. */
function devSecretsKey() {
  const path = join(dataDir, 'secrets-key');
  if (!existsSync(path)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(path, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    say(`Made a development AUTH_SECRETS_KEY in ${path}`);
  }
  return readFileSync(path, 'utf8').trim();
}

function startApp(name, env, logDir) {
  const child = spawn(
    process.execPath,
    ['--conditions=@mailstore/source', '--import', 'tsx', `apps/${name}/src/main.ts`],
    { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  apps.push(child);
  const log = createWriteStream(join(logDir, `${name}.log`), { flags: 'a' });
  child.stderr.on('data', (chunk) => process.stderr.write(chunk));
  return new Promise((resolveStart, rejectStart) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      log.write(`${line}\n`);
      const entry = parseJson(line);
      if (entry?.msg !== 'listening') return;
      for (const l of entry.listeners) say(`${name} (pid ${child.pid}) listening: ${describe(l)}`);
      resolveStart();
    });
    child.on('exit', (code) => {
      if (stopping) return;
      rejectStart(new Error(`${name} exited with code ${code} before it was stopped`));
      void shutdown(1);
    });
  });
}

function describe({ protocol, host, port }) {
  return protocol === 'http' ? `http://${host}:${port}/health` : `${protocol} ${host}:${port}`;
}

function parseJson(line) {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  say('Stopping apps...');
  await Promise.all(apps.map((child) => stopChild(child, 15_000)));
  const owned = services.filter((service) => service.child);
  if (owned.length) say('Stopping FerretDB and Redis started here...');
  await Promise.all(services.map((service) => service.stop()));
  say('Stopped.');
  process.exit(code);
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
main().catch((error) => {
  process.stderr.write(`npm start: ${error.message}\n`);
  void shutdown(1);
});
