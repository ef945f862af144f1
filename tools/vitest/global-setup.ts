// Runs once per `vitest` run of a project whose tests need services. Under `npm test` the
// environment already names MongoDB and Redis; run alone (`npx vitest`), it starts its own.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFerretDb } from '../stack/ferretdb.mjs';
import { ensureRedis } from '../stack/redis.mjs';

export default async function setup(): Promise<() => Promise<void>> {
  const stops: Array<() => Promise<void>> = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'mailstore-test-'));
  if (!process.env.MONGODB_URL) {
    const ferret = await startFerretDb({ dataDir: join(dataDir, 'ferretdb') });
    process.env.MONGODB_URL = ferret.url;
    stops.push(ferret.stop);
  }
  if (!process.env.REDIS_URL) {
    const redis = await ensureRedis({ dataDir: join(dataDir, 'redis') });
    process.env.REDIS_URL = redis.url;
    stops.push(redis.stop);
  }
  return async () => {
    await Promise.all(stops.map((stop) => stop()));
    rmSync(dataDir, { recursive: true, force: true });
  };
}
