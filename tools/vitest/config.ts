// The one Vitest configuration every project extends, so that all tests resolve libs from
// source (the `@mailstore/source` export condition) and share one way of reaching services.
import { basename, join } from 'node:path';
import { defineConfig, type ViteUserConfig } from 'vitest/config';

/** Where each project's JSON report goes; `npm test` sums them into one closing line. */
const RESULTS_DIR = new URL('../../.data/test-results/', import.meta.url).pathname;

const SOURCE_CONDITIONS = ['@mailstore/source', 'import', 'node', 'default'];

/** Options a project passes to {@link projectConfig}. */
export interface ProjectTestOptions {
  /** The project's tests need MongoDB and Redis: start them when the environment has none. */
  services: boolean;
  /** Longest time one test may take, in milliseconds. */
  testTimeoutMs?: number;
}

/** Builds the Vitest config of the project whose root folder is `dirname`. */
export function projectConfig(dirname: string, options: ProjectTestOptions): ViteUserConfig {
  return defineConfig({
    root: dirname,
    resolve: { conditions: SOURCE_CONDITIONS },
    ssr: { resolve: { conditions: SOURCE_CONDITIONS, externalConditions: SOURCE_CONDITIONS } },
    test: {
      environment: 'node',
      include: ['src/**/*.spec.ts', 'test/**/*.spec.ts'],
      globalSetup: options.services ? [new URL('./global-setup.ts', import.meta.url).pathname] : [],
      testTimeout: options.testTimeoutMs ?? 30_000,
      hookTimeout: 120_000,
      pool: 'forks',
      reporters: ['default', 'json'],
      outputFile: {
        json: join(
          RESULTS_DIR,
          `${basename(dirname)}-${dirname.includes('/apps/') ? 'app' : 'lib'}.json`,
        ),
      },
    },
  });
}
