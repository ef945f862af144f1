import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root, for spawning apps from their sources. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** An app started as its own process from source, as `npm start` runs it. */
export interface SpawnedApp {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves to the parsed JSON log line whose `msg` is `msg`. */
  waitForLog(msg: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Resolves to the exit code (a signal counts as -1). */
  exited: Promise<number>;
}

/** Starts `apps/<app>/src/main.ts` with exactly the given environment (plus PATH). */
export function spawnApp(app: string, variables: Record<string, string>): SpawnedApp {
  const child = spawn(
    process.execPath,
    ['--conditions=@mailstore/source', '--import', 'tsx', `apps/${app}/src/main.ts`],
    { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '', ...variables }, stdio: 'pipe' },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitForLog: (msg, timeoutMs = 20_000) => waitForLog(() => out, msg, timeoutMs, exited),
  };
}

async function waitForLog(
  read: () => string,
  msg: string,
  timeoutMs: number,
  exited: Promise<number>,
): Promise<Record<string, unknown>> {
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const line of read().split('\n')) {
      if (!line.startsWith('{')) continue;
      const entry = JSON.parse(line) as Record<string, unknown>;
      if (entry.msg === msg) return entry;
    }
    if (gone) throw new Error(`process exited before logging "${msg}"`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no "${msg}" log line within ${timeoutMs} ms`);
}
