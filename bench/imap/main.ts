// `npm run bench:imap`: the IMAP app runs as its own process; the benchmark prints
// `metric: value unit` lines for
//   1. a command mix on BENCH_IMAP_CLIENTS connections (ops/s, p50 and p99 latency per command),
//   2. server memory per connection with 1,000 and 5,000 connections in IDLE.
// Each part has a database of its own. Starts FerretDB and Redis like tools/stack/test.mjs when
// MONGODB_URL / REDIS_URL are unset. The knobs are listed in bench/README.md.
import { createUsers, fillInboxes } from './accounts.js';
import { measureIdleMemory, MEMORY_PROBE_ENV } from './idle-memory.js';
import { COMMANDS, runLoad } from './load.js';
import { startServices, type Services } from './services.js';
import { printCommandMetrics } from './stats.js';

function numberFrom(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number`);
  return value;
}

const CLIENTS = numberFrom('BENCH_IMAP_CLIENTS', 20);
const SECONDS = numberFrom('BENCH_IMAP_SECONDS', 20);
const MESSAGES = numberFrom('BENCH_IMAP_MESSAGES', 10);
const MESSAGE_BYTES = numberFrom('BENCH_IMAP_MESSAGE_BYTES', 4096);
const IDLE_STEPS = (process.env.BENCH_IMAP_IDLE ?? '1000,5000')
  .split(',')
  .filter((step) => step.trim() !== '')
  .map(Number)
  .sort((a, b) => a - b);
const IDLE_USERS = numberFrom('BENCH_IMAP_IDLE_USERS', 20);
const IDLE_MESSAGES = numberFrom('BENCH_IMAP_IDLE_MESSAGES', 5);
const IDLE_CONCURRENCY = numberFrom('BENCH_IMAP_IDLE_CONCURRENCY', 8);

async function commandMix(services: Services): Promise<void> {
  const run = await services.open('mix');
  try {
    await createUsers(run.store, CLIENTS);
    const imap = await run.startImap();
    try {
      const filling = performance.now();
      await fillInboxes(imap.port, CLIENTS, MESSAGES, MESSAGE_BYTES);
      console.log(
        `# mix: ${CLIENTS} users with ${MESSAGES} messages of ${MESSAGE_BYTES} bytes ` +
          `(APPENDed in ${((performance.now() - filling) / 1000).toFixed(1)} s), ` +
          `${CLIENTS} clients for ${SECONDS} s`,
      );
      const { samples, elapsedMs } = await runLoad({
        port: imap.port,
        clients: CLIENTS,
        durationMs: SECONDS * 1000,
        messageBytes: MESSAGE_BYTES,
      });
      const rounds = samples.get('logout')?.length ?? 0;
      console.log(`imap_rounds_per_s: ${(rounds / (elapsedMs / 1000)).toFixed(1)} rounds/s`);
      printCommandMetrics(samples, COMMANDS, elapsedMs);
    } finally {
      await imap.stop();
    }
  } finally {
    await run.drop();
  }
}

async function idleMemory(services: Services): Promise<void> {
  const run = await services.open('idle');
  try {
    await createUsers(run.store, IDLE_USERS);
    const imap = await run.startImap(MEMORY_PROBE_ENV);
    try {
      await fillInboxes(imap.port, IDLE_USERS, IDLE_MESSAGES, MESSAGE_BYTES);
      console.log(
        `# idle: ${IDLE_STEPS.join(', ')} connections over ${IDLE_USERS} users with ` +
          `${IDLE_MESSAGES} messages each, ${IDLE_CONCURRENCY} opening at once; ` +
          'growth over the baseline after a full GC, divided by the connections',
      );
      await measureIdleMemory({
        port: imap.port,
        app: imap.app,
        users: IDLE_USERS,
        steps: IDLE_STEPS,
        concurrency: IDLE_CONCURRENCY,
      });
    } finally {
      await imap.stop();
    }
  } finally {
    await run.drop();
  }
}

async function main(): Promise<void> {
  const services = await startServices();
  try {
    if (CLIENTS > 0 && SECONDS > 0) await commandMix(services);
    if (IDLE_STEPS.length > 0) await idleMemory(services);
  } finally {
    await services.stop();
  }
}

await main();
