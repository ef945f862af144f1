// One lint configuration for every project. Module boundaries follow the `nx.tags` in each
// project's package.json:
//   type:app      imports any lib, through its package name only
//   type:runtime  (service, http) imports storage and util libs
//   type:storage  (db, storage, ...) imports util libs and drivers, never protocol libs or apps
//   type:proto    (imap-proto, ...) imports util libs only: no sockets' owners, no storage
//   type:util     (config, logger, address, ...) imports util libs only
//   type:testing  is for tests alone
// Nothing imports an app, and libs are reached through their package name, never a path.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const STORAGE = ['@mailstore/db', '@mailstore/storage', 'mongodb', 'ioredis', 'bullmq'];
const RUNTIME = ['@mailstore/service', '@mailstore/http', 'fastify', 'smtp-server'];
const TESTING = ['@mailstore/testing', 'vitest'];

const restrict = (groups, message) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        { group: ['**/apps/**', '@mailstore/app-*'], message: 'Nothing imports an app.' },
        {
          group: ['../../libs/**', '../../../libs/**'],
          message: 'Import a lib by its package name.',
        },
        ...(groups.length ? [{ group: groups, message }] : []),
      ],
    },
  ],
});

export default tseslint.config(
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
      ...restrict([], ''),
    },
  },
  {
    files: ['**/*.mjs', '**/*.js', '**/vitest.config.ts'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['tools/**', '**/*.spec.ts', '**/test/**', '**/vitest.config.ts', 'bench/**'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['libs/config/src/**', 'libs/logger/src/**', 'libs/address/src/**', 'libs/mime/src/**'],
    ignores: ['**/*.spec.ts'],
    rules: restrict([...STORAGE, ...RUNTIME, ...TESTING], 'A util lib imports util libs only.'),
  },
  {
    files: ['libs/*-proto/src/**'],
    ignores: ['**/*.spec.ts'],
    rules: restrict(
      [...STORAGE, ...RUNTIME, ...TESTING, 'node:net', 'node:tls'],
      'A protocol lib has no sockets and no storage.',
    ),
  },
  {
    files: ['libs/db/src/**', 'libs/storage/src/**'],
    ignores: ['**/*.spec.ts'],
    rules: restrict(
      [...RUNTIME, ...TESTING, '@mailstore/*-proto'],
      'A storage lib imports util libs and drivers only.',
    ),
  },
  {
    files: ['libs/*/src/**', 'apps/*/src/**'],
    ignores: ['**/*.spec.ts', 'libs/testing/**'],
    rules: restrict(TESTING, 'Test helpers are for tests only.'),
  },
);
