#!/usr/bin/env node
// Creates the boilerplate of a new project so that every lib and app has the same layout:
//   node tools/scaffold.mjs lib address --tags type:lib,scope:shared [--services]
//   node tools/scaffold.mjs app imap --tags type:app
// --services: the project's tests need MongoDB and Redis (see tools/vitest/config.ts).
// Run `npm install` afterwards so the workspace link appears, then `npx nx sync`.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { tags: { type: 'string', default: '' }, services: { type: 'boolean', default: false } },
});
const [kind, name] = positionals;
if (!['lib', 'app'].includes(kind) || !name) {
  console.error('usage: node tools/scaffold.mjs lib|app NAME [--tags a,b] [--services]');
  process.exit(2);
}

const root = join(kind === 'lib' ? 'libs' : 'apps', name);
if (existsSync(root)) {
  console.error(`${root} exists already`);
  process.exit(1);
}
const tags = values.tags ? values.tags.split(',') : [`type:${kind}`];
const entry = kind === 'lib' ? 'index' : 'main';
const buildConfig = kind === 'lib' ? 'tsconfig.lib.json' : 'tsconfig.app.json';
const json = (value) => `${JSON.stringify(value, null, 2)}\n`;

const packageJson = {
  name: `@mailstore/${name}`,
  version: '0.1.0',
  private: true,
  type: 'module',
  ...(kind === 'lib'
    ? {
        exports: {
          '.': {
            '@mailstore/source': './src/index.ts',
            types: './dist/index.d.ts',
            import: './dist/index.js',
            default: './dist/index.js',
          },
        },
      }
    : { main: './dist/main.js' }),
  nx: { tags },
  dependencies: {},
};

const files = {
  'package.json': json(packageJson),
  'tsconfig.json': json({
    extends: '../../tsconfig.base.json',
    files: [],
    include: [],
    references: [{ path: `./${buildConfig}` }, { path: './tsconfig.spec.json' }],
  }),
  [buildConfig]: json({
    extends: '../../tsconfig.base.json',
    compilerOptions: {
      rootDir: 'src',
      outDir: 'dist',
      tsBuildInfoFile: `dist/${buildConfig.replace('.json', '.tsbuildinfo')}`,
    },
    include: ['src/**/*.ts'],
    exclude: ['src/**/*.spec.ts'],
    references: [],
  }),
  'tsconfig.spec.json': json({
    extends: '../../tsconfig.base.json',
    compilerOptions: {
      outDir: './out-tsc/spec',
      tsBuildInfoFile: './out-tsc/spec/tsconfig.spec.tsbuildinfo',
      noEmit: false,
      emitDeclarationOnly: true,
    },
    include: ['src/**/*.ts', 'test/**/*.ts'],
    references: [{ path: `./${buildConfig}` }],
  }),
  'vitest.config.ts': [
    "import { projectConfig } from '../../tools/vitest/config.js';",
    '',
    `export default projectConfig(import.meta.dirname, { services: ${values.services} });`,
    '',
  ].join('\n'),
  'eslint.config.mjs': [
    "import { projectLint } from '../../eslint.config.mjs';",
    '',
    'export default projectLint(import.meta.dirname);',
    '',
  ].join('\n'),
  'README.md': `# @mailstore/${name}\n\nTODO(#2): say what this ${kind} owns.\n`,
  [`src/${entry}.ts`]: 'export {};\n',
};

mkdirSync(join(root, 'src'), { recursive: true });
for (const [file, text] of Object.entries(files)) writeFileSync(join(root, file), text);
console.log(`created ${root}; now run: npm install && npx nx sync`);
