// Memory per idle connection: opens connections that log in, select INBOX and enter IDLE
// (`+ idling`), with bounded concurrency since each login costs one argon2id verification, and
// reads the server process's resident set size from /proc. The figure is the RSS growth over a
// baseline taken after a warm-up, divided by the connections added; no GC is forced.
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { PASSWORD, userName } from './accounts.js';
import { ImapConnection } from './client.js';

/** Connections opened and closed before the baseline, so first-use compilation is not counted. */
const WARM_UP_CONNECTIONS = 50;
/** Pause before each RSS reading, for the allocator and the session timers to settle. */
const SETTLE_MS = 3_000;

/** Settings of the measurement. */
export interface IdleOptions {
  port: number;
  pid: number;
  users: number;
  /** Connection counts to report, ascending (1,000 and 5,000 by default). */
  steps: number[];
  concurrency: number;
}

/** The resident set size of process `pid`, in bytes (VmRSS of /proc/<pid>/status). */
export async function rssBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  if (kib === undefined) throw new Error(`no VmRSS for process ${pid}`);
  return Number(kib) * 1024;
}

async function idling(port: number, user: string): Promise<ImapConnection> {
  const connection = await ImapConnection.open(port);
  await connection.ok(`LOGIN ${user} ${PASSWORD}`);
  await connection.ok('SELECT INBOX');
  const accepted = connection.waitFor((line) => line.startsWith('+'));
  connection.send('i IDLE\r\n');
  const line = await accepted;
  if (line !== '+ idling') throw new Error(`IDLE answered ${line}`);
  return connection;
}

/** Adds idle connections to `open` until it holds `to`, at most `concurrency` opening at once. */
async function openMany(options: IdleOptions, open: ImapConnection[], to: number): Promise<void> {
  let next = open.length;
  let failed = false;
  const worker = async () => {
    while (next < to && !failed) {
      const n = next++;
      try {
        open.push(await idling(options.port, userName(n % options.users)));
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
}

/** Prints `idle_memory_<n>: x KiB/connection` for each step; stops early with the reason. */
export async function measureIdleMemory(options: IdleOptions): Promise<void> {
  const warm: ImapConnection[] = [];
  await openMany(options, warm, WARM_UP_CONNECTIONS);
  for (const connection of warm) connection.destroy();
  await sleep(SETTLE_MS);
  const baseline = await rssBytes(options.pid);
  console.log(`# idle baseline RSS: ${(baseline / 2 ** 20).toFixed(1)} MiB`);

  const open: ImapConnection[] = [];
  try {
    for (const step of options.steps) {
      const started = performance.now();
      try {
        await openMany(options, open, step);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        console.log(`# idle_memory_${step}: not reached, stopped at ${open.length}: ${reason}`);
        return;
      }
      const openedIn = (performance.now() - started) / 1000;
      await sleep(SETTLE_MS);
      const rss = await rssBytes(options.pid);
      const perConnection = (rss - baseline) / open.length / 1024;
      console.log(
        `# ${open.length} idle connections (${openedIn.toFixed(0)} s to open), ` +
          `RSS ${(rss / 2 ** 20).toFixed(1)} MiB`,
      );
      console.log(`idle_memory_${step}: ${perConnection.toFixed(1)} KiB/connection`);
    }
  } finally {
    for (const connection of open) connection.destroy();
  }
}
