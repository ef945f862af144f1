import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../src/load.js';
import { VARIABLES } from '../src/variables.js';

const root = new URL('../../../', import.meta.url);

interface ComposeService {
  build?: { args?: Record<string, string> };
  environment?: Record<string, string | number>;
}

function composeServices(): Record<string, ComposeService> {
  const text = readFileSync(new URL('docker-compose.yml', root), 'utf8');
  const compose = parse(text, { merge: true }) as { services: Record<string, ComposeService> };
  return compose.services;
}

const apps = readdirSync(new URL('apps/', root));
const appServices = Object.entries(composeServices()).filter(([, s]) => s.build?.args?.APP);

describe('docker-compose.yml', () => {
  it('has a service built from the Dockerfile for every app', () => {
    expect(appServices.map(([, service]) => service.build?.args?.APP).sort()).toEqual(apps.sort());
  });

  it('sets only variables the config schema knows, with values the schema accepts', () => {
    for (const [name, service] of appServices) {
      const environment = Object.fromEntries(
        Object.entries(service.environment ?? {}).map(([key, value]) => [
          key,
          String(value).replace(/\$\{[A-Z_]+:-([^}]*)\}/, '$1'),
        ]),
      );
      const unknown = Object.keys(environment).filter((key) => !(key in VARIABLES));
      expect(unknown, `service ${name}`).toEqual([]);
      expect(() => loadConfig({ env: environment }), `service ${name}`).not.toThrow();
    }
  });
});

describe('README.md', () => {
  it('lists every configuration variable in its table', () => {
    const readme = readFileSync(new URL('README.md', root), 'utf8');
    const missing = Object.keys(VARIABLES).filter((name) => !readme.includes(`| \`${name}\``));
    expect(missing).toEqual([]);
  });
});
