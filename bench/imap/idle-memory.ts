// Memory per idle connection: opens connections that log in, select INBOX and enter IDLE
// (`+ idling`), with bounded concurrency since each login costs one argon2id verification, and
// reads the server's memory after a full GC (gc-probe.mjs, preloaded into the app, runs one on
// SIGUSR2 and logs process.memoryUsage()). Two figures per step, each the growth over a
// baseline taken after a warm-up, divided by the connections open:
//   idle_memory_<n>  resident set size (VmRSS of /proc/<pid>/status)
//   idle_heap_<n>    V8 heap used plus external memory (Buffers); the sockets' native state
//                    and the kernel's buffers are not in it
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SpawnedApp } from '@mailstore/testing';
import { PASSWORD, userName } from './accounts.js';
import { ImapConnection } from './client.js';

/** Connections opened and closed before the baseline, so first-use compilation is not counted. */
const WARM_UP_CONNECTIONS = 50;
/** Pause before each reading, for the session timers and the socket buffers to settle. */
const SETTLE_MS = 2_000;
/** How long the app may take to answer the memory probe. */
const PROBE_TIMEOUT_MS = 30_000;

/**
 * Environment for the app under measurement: the probe, and a fixed malloc mmap threshold so
 * that argon2id's 19 MiB scratch buffers go back to the system after each login instead of
 * staying in glibc's arenas (where they would hide the growth the connections cause).
 */
export const MEMORY_PROBE_ENV = {
  NODE_OPTIONS: `--import ${fileURLToPath(new URL('./gc-probe.mjs', import.meta.url))}`,
  MALLOC_MMAP_THRESHOLD_: String(1024 * 1024),
};

/** Settings of the measurement. */
export interface IdleOptions {
  port: number;
  app: SpawnedApp;
  users: number;
  /** Connection counts to report, ascending (1,000 and 5,000 by default). */
  steps: number[];
  concurrency: number;
}

interface Memory {
  rss: number;
  heap: number;
}

let probes = 0;

/** Memory of the app after a full GC. */
async function memory(app: SpawnedApp): Promise<Memory> {
  probes += 1;
  app.child.kill('SIGUSR2');
  const usage = await app.waitForLog(`bench-memory-${probes}`, PROBE_TIMEOUT_MS);
  const status = await readFile(`/proc/${app.child.pid}/status`, 'utf8');
  const rssKib = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  if (rssKib === undefined) throw new Error('no VmRSS for the app');
  return { rss: Number(rssKib) * 1024, heap: Number(usage.heapUsed) + Number(usage.external) };
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

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

/** Prints the figures of each step; stops early, saying why, when a step cannot be reached. */
export async function measureIdleMemory(options: IdleOptions): Promise<void> {
  const warm: ImapConnection[] = [];
  await openMany(options, warm, WARM_UP_CONNECTIONS);
  for (const connection of warm) connection.destroy();
  await sleep(SETTLE_MS);
  const baseline = await memory(options.app);
  console.log(`# idle baseline after GC: RSS ${mib(baseline.rss)}, heap ${mib(baseline.heap)}`);

  const open: ImapConnection[] = [];
  let previous = { count: 0, memory: baseline };
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
      const seconds = (performance.now() - started) / 1000;
      await sleep(SETTLE_MS);
      const now = await memory(options.app);
      const per = (bytes: number) => (bytes / open.length / 1024).toFixed(1);
      console.log(
        `# ${open.length} idle connections (${seconds.toFixed(0)} s to open): ` +
          `RSS ${mib(now.rss)}, heap ${mib(now.heap)}`,
      );
      console.log(`idle_memory_${step}: ${per(now.rss - baseline.rss)} KiB/connection`);
      console.log(`idle_heap_${step}: ${per(now.heap - baseline.heap)} KiB/connection`);
      if (previous.count > 0) {
        // The growth between two steps does not depend on what the baseline still held.
        const added = (open.length - previous.count) * 1024;
        const rss = (now.rss - previous.memory.rss) / added;
        const heap = (now.heap - previous.memory.heap) / added;
        console.log(`idle_memory_${previous.count}_to_${step}: ${rss.toFixed(1)} KiB/connection`);
        console.log(`idle_heap_${previous.count}_to_${step}: ${heap.toFixed(1)} KiB/connection`);
      }
      previous = { count: open.length, memory: now };
    }
  } finally {
    for (const connection of open) connection.destroy();
  }
}
