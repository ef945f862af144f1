// `npm run bench:auth`: the time of one argon2id hash and verification at the configured cost,
// and the rate of full password logins (POST /v1/login) through an in-process gateway.
// Prints `metric: value unit` lines. Starts FerretDB and Redis when MONGODB_URL/REDIS_URL are
// unset, as the tests do.
import { hashPassword, checkPassword, ARGON2_MEMORY_KIB, ARGON2_TIME_COST } from '@mailstore/auth';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

/** What the bench uses of the dev-stack scripts in tools/stack. */
interface StackService {
  url: string;
  stop(): Promise<void>;
}

// The dev-stack scripts are loaded by URL, not imported, so that this bench does not make the
// app's build depend on the tools/stack project.
async function stackScript<T>(name: string): Promise<T> {
  return (await import(new URL(`../../../tools/stack/${name}`, import.meta.url).href)) as T;
}

/** Hashes timed one after another for the per-hash figures. */
const HASH_SAMPLES = 20;
/** How long the login flood runs, in milliseconds. */
const LOGIN_DURATION_MS = 5_000;
/** Logins in flight at once: the libuv pool (4 threads) runs argon2. */
const LOGIN_CONCURRENCY = 4;

/** User plus system CPU time of a `process.cpuUsage()` delta, in milliseconds. */
function cpuMs(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1] ?? 0;
}

async function timeHashes(): Promise<void> {
  const hashMs: number[] = [];
  const hashCpuMs: number[] = [];
  const verifyMs: number[] = [];
  for (let i = 0; i < HASH_SAMPLES; i++) {
    let started = performance.now();
    const cpu = process.cpuUsage();
    const encoded = await hashPassword(`bench password ${i}`);
    hashMs.push(performance.now() - started);
    hashCpuMs.push(cpuMs(process.cpuUsage(cpu)));
    started = performance.now();
    await checkPassword(encoded, `bench password ${i}`);
    verifyMs.push(performance.now() - started);
  }
  console.log(`argon2id_cost: m=${ARGON2_MEMORY_KIB}KiB,t=${ARGON2_TIME_COST},p=1 params`);
  console.log(`argon2id_hash_median: ${median(hashMs).toFixed(1)} ms`);
  console.log(`argon2id_verify_median: ${median(verifyMs).toFixed(1)} ms`);
  // CPU time is what the hash costs whatever else the machine runs; wall time is what a user waits.
  console.log(`argon2id_hash_cpu_median: ${median(hashCpuMs).toFixed(1)} ms`);
}

async function floodLogins(baseUrl: string): Promise<void> {
  const latencies: number[] = [];
  let failures = 0;
  const deadline = performance.now() + LOGIN_DURATION_MS;
  const started = performance.now();
  const cpu = process.cpuUsage();
  const worker = async () => {
    while (performance.now() < deadline) {
      const begun = performance.now();
      const response = await fetch(`${baseUrl}/v1/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login: 'bench', password: 'bench password' }),
      });
      await response.arrayBuffer();
      if (response.status === 200) latencies.push(performance.now() - begun);
      else failures++;
    }
  };
  await Promise.all(Array.from({ length: LOGIN_CONCURRENCY }, worker));
  const seconds = (performance.now() - started) / 1000;
  const cpuPerLogin = cpuMs(process.cpuUsage(cpu)) / Math.max(latencies.length, 1);
  console.log(`gateway_login_rate: ${(latencies.length / seconds).toFixed(1)} logins/s`);
  console.log(`gateway_login_latency_median: ${median(latencies).toFixed(1)} ms`);
  console.log(`gateway_login_failures: ${failures} count`);
  // Client and gateway share this process, so this slightly overstates the gateway's share.
  console.log(`gateway_login_cpu: ${cpuPerLogin.toFixed(1)} ms/login`);
  console.log(`gateway_login_capacity: ${(1000 / cpuPerLogin).toFixed(1)} logins/s/core`);
  console.log(`cpu_cores: ${cpus().length} cores`);
  // The machine is shared: read every figure against the load it ran under.
  console.log(`load_average_1m: ${(loadavg()[0] ?? 0).toFixed(2)} runnable`);
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-auth-'));
  const stops: Array<() => Promise<void>> = [];
  try {
    if (!process.env.MONGODB_URL) {
      const { startFerretDb } = await stackScript<{
        startFerretDb: (options: { dataDir: string }) => Promise<StackService>;
      }>('ferretdb.mjs');
      const ferret = await startFerretDb({ dataDir: join(dataDir, 'ferretdb') });
      process.env.MONGODB_URL = ferret.url;
      stops.push(() => ferret.stop());
    }
    if (!process.env.REDIS_URL) {
      const { ensureRedis } = await stackScript<{
        ensureRedis: (options: { dataDir: string }) => Promise<StackService>;
      }>('redis.mjs');
      const redis = await ensureRedis({ dataDir: join(dataDir, 'redis') });
      process.env.REDIS_URL = redis.url;
      stops.push(() => redis.stop());
    }
    await timeHashes();
    // Imported after the URLs are set: the harness reads them when it starts.
    const { startHarness } = await import('../test/gateway-harness.js');
    const harness = await startHarness('bench-auth', {
      AUTH_LOCKOUT_FAILURES: '100000',
      AUTH_ADDRESS_FAILURES: '100000',
    });
    try {
      await harness.createUser('bench', 'bench password');
      await floodLogins(harness.baseUrl);
    } finally {
      await harness.stop();
    }
  } finally {
    for (const stop of stops) await stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
