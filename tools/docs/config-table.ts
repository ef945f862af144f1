// Rewrites the configuration table of README.md from the schema in libs/config, between the
// markers <!-- config-table:start --> and <!-- config-table:end -->. Run: npm run docs:config
import { readFileSync, writeFileSync } from 'node:fs';
import { VARIABLES, type Variable } from '@mailstore/config';

const START = '<!-- config-table:start -->';
const END = '<!-- config-table:end -->';
const readmeUrl = new URL('../../README.md', import.meta.url);

const rows = Object.entries(VARIABLES as Record<string, Variable>).map(
  ([name, variable]) =>
    `| \`${name}\` | ${variable.default === undefined ? '(unset)' : `\`${variable.default}\``} | ` +
    `${variable.description} |`,
);
const table = ['| variable | default | meaning |', '|---|---|---|', ...rows].join('\n');

const readme = readFileSync(readmeUrl, 'utf8');
const start = readme.indexOf(START);
const end = readme.indexOf(END);
if (start < 0 || end < start) throw new Error(`README.md lacks the ${START} ... ${END} markers`);
writeFileSync(
  readmeUrl,
  `${readme.slice(0, start + START.length)}\n${table}\n${readme.slice(end)}`,
);
console.log(`README.md: ${rows.length} configuration variables`);
