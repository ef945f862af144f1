// Installs and starts FerretDB v1.24.2 (SQLite backend), the MongoDB-compatible server used for
// development and tests. Plain JavaScript with no dependencies: it runs before `npm ci`.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, chmodSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitForPort } from './net.mjs';

export const FERRETDB_MODULE = 'github.com/FerretDB/FerretDB';
export const FERRETDB_VERSION = 'v1.24.2';
const START_TIMEOUT_MS = 30_000;

function cacheDir() {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'mailstore', `ferretdb-${FERRETDB_VERSION}`);
}

function hasGo() {
  try {
    execFileSync('go', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function reportsVersion(bin) {
  try {
    return execFileSync(bin, ['--version'], { encoding: 'utf8' }).includes(FERRETDB_VERSION);
  } catch {
    return false;
  }
}

/**
 * Returns the path of a working FerretDB v1.24.2 binary, building it when none exists.
 *
 * A bare `go install …@v1.24.2` yields a binary that panics at start: the module archive lacks
 * the generated build/version/version.txt. So the same module is fetched with `go mod download`,
 * the version file is written into a copy, and that copy is built. The binary is cached per user,
 * so later clones and CI runs on the same machine reuse it.
 */
export function ensureFerretDb(log = console.error) {
  const fromEnv = process.env.FERRETDB_BIN;
  if (fromEnv) return fromEnv;
  const dir = cacheDir();
  const bin = join(dir, 'ferretdb');
  if (existsSync(bin) && reportsVersion(bin)) return bin;
  if (!hasGo()) {
    throw new Error(
      'FerretDB is not installed and Go is not on PATH: install Go (https://go.dev/dl/) or set ' +
        'MONGODB_URL to a running MongoDB.',
    );
  }
  log(`Building FerretDB ${FERRETDB_VERSION} with go (once per machine, about two minutes)...`);
  const info = JSON.parse(
    execFileSync('go', ['mod', 'download', '-json', `${FERRETDB_MODULE}@${FERRETDB_VERSION}`], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    }),
  );
  const src = join(dir, 'src');
  rmSync(src, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(info.Dir, src, { recursive: true });
  chmodSync(join(src, 'build', 'version'), 0o755);
  writeFileSync(join(src, 'build', 'version', 'version.txt'), `${FERRETDB_VERSION}\n`);
  execFileSync('go', ['build', '-trimpath', '-o', bin, './cmd/ferretdb'], {
    cwd: src,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, GOFLAGS: '-mod=mod' },
  });
  rmSync(src, { recursive: true, force: true, maxRetries: 3 });
  if (!reportsVersion(bin)) throw new Error(`built ${bin} but it does not run`);
  return bin;
}

/**
 * Starts FerretDB on a free port of 127.0.0.1 with its SQLite files under `dataDir`.
 * Resolves to `{ url, child, stop() }` once the port accepts connections.
 */
export async function startFerretDb({ dataDir, port, log = console.error }) {
  const bin = ensureFerretDb(log);
  mkdirSync(dataDir, { recursive: true });
  const listenPort = port ?? (await freePort());
  const child = spawn(
    bin,
    [
      '--handler=sqlite',
      `--sqlite-url=file:${dataDir}/`,
      `--listen-addr=127.0.0.1:${listenPort}`,
      `--state-dir=${dataDir}`,
      '--debug-addr=-',
      '--telemetry=disable',
      '--log-level=error',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], detached: true },
  );
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
  await waitForPort(listenPort, START_TIMEOUT_MS, child).catch((error) => {
    child.kill('SIGKILL');
    throw new Error(`FerretDB did not start: ${error.message}\n${stderr}`);
  });
  return {
    url: `mongodb://127.0.0.1:${listenPort}/`,
    child,
    stop: () => stopChild(child),
  };
}

/** Sends SIGTERM to a child's process group, then SIGKILL if it lingers. */
export function stopChild(child, graceMs = 5_000) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    signalGroup(child, 'SIGTERM');
  });
}

function signalGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}
