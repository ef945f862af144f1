import { afterAll, describe, expect, it } from 'vitest';
import { createTestEnv } from './env.js';
import { spawnApp } from './spawn.js';

/** A port nothing listens on, for unreachable-dependency tests. */
const CLOSED_PORT = 1;
/** Start-up deadline given to apps in failure tests, so they give up quickly. */
const SHORT_CONNECT_TIMEOUT_MS = '1500';

/** A listener as an app's "listening" log line reports it. */
export interface LoggedListener {
  protocol: string;
  host: string;
  port: number;
}

/** What {@link describeAppProcess} needs to know about one app. */
export interface AppProcessSpec {
  /** Folder name under apps/. */
  app: string;
  /** Checks that a live listener speaks the app's protocol (greeting, banner, /health). */
  probe(listener: LoggedListener): Promise<void>;
}

/**
 * The process-level behaviour every app shares, run against the real app started from source:
 * it logs one "listening" line and serves; on SIGTERM it drains and exits 0; an invalid config
 * value, an unreachable MongoDB or an unreachable Redis makes it exit 1 with one clear line.
 */
export function describeAppProcess(spec: AppProcessSpec): void {
  describe(`${spec.app} process`, () => {
    const env = createTestEnv(`${spec.app}-process`);
    afterAll(() => env.cleanup());

    it('logs where it listens, serves its protocol, and exits 0 on SIGTERM', async () => {
      const app = spawnApp(spec.app, { ...env.variables, LOG_LEVEL: 'info' });
      const line = await app.waitForLog('listening');
      const listeners = line.listeners as LoggedListener[];
      expect(listeners.length).toBeGreaterThan(0);
      await spec.probe(listeners[0]!);
      app.child.kill('SIGTERM');
      expect(await app.exited).toBe(0);
      expect(app.stdout()).toContain('"msg":"stopped"');
    });

    it('exits 1 with one line naming the key of an invalid config value', async () => {
      const app = spawnApp(spec.app, { ...env.variables, SHUTDOWN_TIMEOUT_MS: '-5' });
      expect(await app.exited).toBe(1);
      expect(stderrLines(app.stderr())).toEqual([
        `${spec.app}: invalid configuration: SHUTDOWN_TIMEOUT_MS must be above 0 (got "-5")`,
      ]);
    });

    it('exits 1 with one line when MongoDB cannot be reached', async () => {
      const app = spawnApp(spec.app, {
        ...env.variables,
        MONGODB_URL: `mongodb://127.0.0.1:${CLOSED_PORT}/`,
        MONGODB_CONNECT_TIMEOUT_MS: SHORT_CONNECT_TIMEOUT_MS,
      });
      expect(await app.exited).toBe(1);
      const lines = stderrLines(app.stderr());
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        new RegExp(`^${spec.app}: cannot reach MongoDB at mongodb://127.0.0.1:1/ after \\d+ ms`),
      );
    });

    it('exits 1 with one line when Redis cannot be reached', async () => {
      const app = spawnApp(spec.app, {
        ...env.variables,
        REDIS_URL: `redis://127.0.0.1:${CLOSED_PORT}`,
        REDIS_CONNECT_TIMEOUT_MS: SHORT_CONNECT_TIMEOUT_MS,
      });
      expect(await app.exited).toBe(1);
      const lines = stderrLines(app.stderr());
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        new RegExp(`^${spec.app}: cannot reach Redis at redis://127.0.0.1:1 after \\d+ ms`),
      );
    });
  });
}

function stderrLines(text: string): string[] {
  return text.split('\n').filter((line) => line.trim() !== '');
}
