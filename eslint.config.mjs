// One lint configuration for every project. Each project's eslint.config.mjs calls
// `projectLint(import.meta.dirname)`, which applies the module boundaries of the project's
// `nx.tags` (in its package.json):
//   type:app      imports any lib, through its package name only
//   type:runtime  (service, http) imports storage and util libs
//   type:storage  (db, storage, auth) imports util libs and drivers; no runtime or protocol libs
//   type:proto    (imap-proto) imports util libs only: no sockets, no storage
//   type:util     (config, logger, address, mime) imports util libs only
//   type:testing  and type:tool are for tests and scripts
// Nothing imports an app, and libs are reached through their package name, never a path.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const STORAGE = ['@mailstore/db', '@mailstore/storage', 'mongodb', 'ioredis', 'bullmq'];
const RUNTIME = ['@mailstore/service', '@mailstore/http', 'fastify', 'smtp-server'];
const TESTING = ['@mailstore/testing', 'vitest'];
const PROTOCOL = ['@mailstore/imap-proto'];

/** Imports each tag forbids in a project's sources (tests aside). */
const FORBIDDEN_BY_TAG = {
  'type:util': [...STORAGE, ...RUNTIME, ...TESTING, ...PROTOCOL, '@mailstore/auth'],
  'type:proto': [...STORAGE, ...RUNTIME, ...TESTING, '@mailstore/auth', 'node:net', 'node:tls'],
  'type:storage': [...RUNTIME, ...TESTING, ...PROTOCOL],
  'type:runtime': [...TESTING, ...PROTOCOL],
  'type:app': TESTING,
};

const NODE_GLOBALS = Object.fromEntries(
  [
    'process',
    'console',
    'setTimeout',
    'clearTimeout',
    'setInterval',
    'clearInterval',
    'URL',
    'Buffer',
  ].map((name) => [name, 'readonly']),
);

function restrictImports(forbidden) {
  return {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          { group: ['**/apps/**', '@mailstore/app-*'], message: 'Nothing imports an app.' },
          { group: ['**/libs/**'], message: 'Import a lib by its package name.' },
          ...(forbidden.length
            ? [{ group: forbidden, message: 'This project’s tag does not allow this import.' }]
            : []),
        ],
      },
    ],
  };
}

function readTags(dir) {
  try {
    return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).nx?.tags ?? [];
  } catch {
    return [];
  }
}

/** The lint configuration of the project in `dir`, with the boundaries of its tags. */
export function projectLint(dir) {
  const forbidden = [...new Set(readTags(dir).flatMap((tag) => FORBIDDEN_BY_TAG[tag] ?? []))];
  return tseslint.config(
    { ignores: ['**/dist/**', '**/out-tsc/**', '**/node_modules/**', '**/.nx/**', '**/.data/**'] },
    js.configs.recommended,
    ...tseslint.configs.recommendedTypeChecked,
    {
      languageOptions: {
        parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      },
      rules: {
        '@typescript-eslint/consistent-type-imports': 'error',
        '@typescript-eslint/switch-exhaustiveness-check': 'error',
        '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
        '@typescript-eslint/no-floating-promises': 'error',
        'no-console': 'error',
        ...restrictImports(forbidden),
      },
    },
    {
      files: ['**/*.mjs', '**/*.js', '**/vitest.config.ts'],
      ...tseslint.configs.disableTypeChecked,
    },
    { files: ['**/*.mjs', '**/*.js'], languageOptions: { globals: NODE_GLOBALS } },
    {
      // Tests, benchmarks and scripts may print and may use test helpers.
      files: ['**/*.spec.ts', '**/test/**', '**/bench/**', '**/*.mjs', '**/vitest.config.ts'],
      rules: { 'no-console': 'off', ...restrictImports([]) },
    },
  );
}

export default projectLint(import.meta.dirname);
