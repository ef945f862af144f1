import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestEnv, readGreeting, REPO_ROOT } from '@mailstore/testing';
import { afterAll, describe, expect, it } from 'vitest';

/** Longest time the whole stack may take to come up (FerretDB binary already built). */
const STARTUP_TIMEOUT_MS = 60_000;

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('npm start', () => {
  const env = createTestEnv('stack-start');
  const dataDir = mkdtempSync(join(tmpdir(), 'mailstore-start-'));
  afterAll(async () => {
    await env.cleanup();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts FerretDB and the four apps, serves each protocol, and leaves nothing on Ctrl-C', async () => {
    // No MONGODB_URL: the script must start its own FerretDB. Redis comes from REDIS_URL.
    const child = spawn(process.execPath, ['tools/stack/start.mjs'], {
      cwd: REPO_ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        REDIS_URL: env.variables.REDIS_URL,
        REDIS_PREFIX: env.redisPrefix,
        MAILSTORE_DATA_DIR: dataDir,
        IMAP_PORT: '0',
        LMTP_PORT: '0',
        API_PORT: '0',
        AUTH_PORT: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number>((resolve) =>
      child.on('exit', (code) => resolve(code ?? -1)),
    );

    await expect
      .poll(() => output, { timeout: STARTUP_TIMEOUT_MS, interval: 200 })
      .toContain('All apps running');
    const pids = [...output.matchAll(/\(pid (\d+)/g)].map((match) => Number(match[1]));
    expect(pids).toHaveLength(5); // FerretDB and four apps; Redis was not started here
    const port = (app: string) =>
      Number(
        new RegExp(`${app} \\(pid \\d+\\) listening: \\D*127\\.0\\.0\\.1:(\\d+)`).exec(output)?.[1],
      );

    for (const app of ['api', 'auth']) {
      const response = await fetch(`http://127.0.0.1:${port(app)}/health`);
      expect(response.status, app).toBe(200);
    }
    expect(await readGreeting('127.0.0.1', port('imap'))).toMatch(/^\* OK /);
    expect(await readGreeting('127.0.0.1', port('lmtp'))).toMatch(/^220 /);

    // Without AUTH_SECRETS_KEY, a development key is made once, readable by its owner alone.
    const keyFile = join(dataDir, 'secrets-key');
    expect(output).toContain(`Made a development AUTH_SECRETS_KEY in ${keyFile}`);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'base64')).toHaveLength(32);

    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output).toContain('Stopped.');
    expect(pids.filter(isRunning)).toEqual([]);
  });
});
