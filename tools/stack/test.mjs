#!/usr/bin/env node
// `npm test`: installs what the tests need, starts FerretDB (unless MONGODB_URL is set) and
// finds or starts Redis, runs every project's tests once, then stops what it started.
// Extra arguments go to `nx run-many`, e.g. `npm test -- --projects=address`.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDependencies } from './deps.mjs';
import { startFerretDb } from './ferretdb.mjs';
import { ensureRedis } from './redis.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dataDir = join(root, '.data', 'test');
const resultsDir = join(root, '.data', 'test-results');
const started = [];

async function main() {
  ensureDependencies(root);
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(resultsDir, { recursive: true, force: true });
  let mongodbUrl = process.env.MONGODB_URL;
  if (!mongodbUrl) {
    const ferret = await startFerretDb({ dataDir: join(dataDir, 'ferretdb') });
    started.push(ferret);
    mongodbUrl = ferret.url;
  }
  const redis = await ensureRedis({ dataDir: join(dataDir, 'redis') });
  started.push(redis);
  console.error(`tests use MongoDB ${mongodbUrl} and Redis ${redis.url}`);

  const args = ['nx', 'run-many', '-t', 'test', '--outputStyle=stream', ...process.argv.slice(2)];
  const child = spawn('npx', args, {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      MONGODB_URL: mongodbUrl,
      REDIS_URL: redis.url,
      NX_DAEMON: 'false',
      NX_NO_CLOUD: 'true',
      NX_TUI: 'false',
    },
  });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  return new Promise((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))),
  );
}

/** Sums the projects' Vitest JSON reports into the one closing line CI reads. */
function summary() {
  if (!existsSync(resultsDir)) return 'tests: 0 passed, 0 failed';
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const file of readdirSync(resultsDir)) {
    const report = JSON.parse(readFileSync(join(resultsDir, file), 'utf8'));
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    skipped += report.numPendingTests + report.numTodoTests;
  }
  return `tests: ${passed} passed, ${failed} failed, ${skipped} skipped`;
}

const startedAt = Date.now();
let code = 1;
try {
  code = await main();
} catch (error) {
  console.error(`npm test: ${error.message}`);
} finally {
  await Promise.all(started.map((service) => service.stop()));
}
console.log(`npm test took ${Math.round((Date.now() - startedAt) / 1000)} s`);
if (code !== 0) console.log(`npm test: a project failed (exit code ${code}); see its output above`);
console.log(summary());
process.exit(code);
