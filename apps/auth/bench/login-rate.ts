// `npm run bench:auth`: the time of one argon2id hash and verification at the configured cost,
// and the rate of full password logins (POST /v1/login) through an in-process gateway.
// Prints `metric: value unit` lines. Starts FerretDB and Redis when MONGODB_URL/REDIS_URL are
// unset, as the tests do.
import { hashPassword, checkPassword, ARGON2_MEMORY_KIB, ARGON2_TIME_COST } from '@mailstore/auth';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFerretDb } from '../../../tools/stack/ferretdb.mjs';
import { ensureRedis } from '../../../tools/stack/redis.mjs';

/** Hashes timed one after another for the per-hash figures. */
const HASH_SAMPLES = 20;
/** How long the login flood runs, in milliseconds. */
const LOGIN_DURATION_MS = 5_000;
/** Logins in flight at once: the libuv pool (4 threads) runs argon2. */
const LOGIN_CONCURRENCY = 4;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1] ?? 0;
}

async function timeHashes(): Promise<void> {
  const hashMs: number[] = [];
  const verifyMs: number[] = [];
  for (let i = 0; i < HASH_SAMPLES; i++) {
    let started = performance.now();
    const encoded = await hashPassword(`bench password ${i}`);
    hashMs.push(performance.now() - started);
    started = performance.now();
    await checkPassword(encoded, `bench password ${i}`);
    verifyMs.push(performance.now() - started);
  }
  console.log(`argon2id_cost: m=${ARGON2_MEMORY_KIB}KiB,t=${ARGON2_TIME_COST},p=1 params`);
  console.log(`argon2id_hash_median: ${median(hashMs).toFixed(1)} ms`);
  console.log(`argon2id_verify_median: ${median(verifyMs).toFixed(1)} ms`);
}

async function floodLogins(baseUrl: string): Promise<void> {
  const latencies: number[] = [];
  let failures = 0;
  const deadline = performance.now() + LOGIN_DURATION_MS;
  const started = performance.now();
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
  console.log(`gateway_login_rate: ${(latencies.length / seconds).toFixed(1)} logins/s`);
  console.log(`gateway_login_latency_median: ${median(latencies).toFixed(1)} ms`);
  console.log(`gateway_login_failures: ${failures} count`);
  console.log(`cpu_cores: ${cpus().length} cores`);
  // The machine is shared: read every figure against the load it ran under.
  console.log(`load_average_1m: ${(loadavg()[0] ?? 0).toFixed(2)} runnable`);
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-auth-'));
  const stops: Array<() => Promise<void>> = [];
  try {
    if (!process.env.MONGODB_URL) {
      const ferret = await startFerretDb({ dataDir: join(dataDir, 'ferretdb') });
      process.env.MONGODB_URL = ferret.url;
      stops.push(() => ferret.stop());
    }
    if (!process.env.REDIS_URL) {
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
