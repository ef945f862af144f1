import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, type ConfigError } from './load.js';

function configFile(content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'config-')), 'config.json');
  writeFileSync(path, content);
  return path;
}

describe('loadConfig', () => {
  it('applies defaults when nothing is set', () => {
    const config = loadConfig({ env: {} });
    expect(config.imap).toEqual({
      host: '127.0.0.1',
      port: 1143,
      tlsPort: undefined,
      requireTls: false,
    });
    expect(config.mongodb.dbName).toBe('mailstore');
    expect(config.redis.prefix).toBe('mailstore:');
  });

  it('coerces numbers from the environment', () => {
    const config = loadConfig({ env: { IMAP_PORT: '0', SHUTDOWN_TIMEOUT_MS: '250' } });
    expect(config.imap.port).toBe(0);
    expect(config.shutdownTimeoutMs).toBe(250);
  });

  it('names the key and the problem for an invalid value', () => {
    expect(() => loadConfig({ env: { IMAP_PORT: 'abc' } })).toThrow(
      'invalid configuration: IMAP_PORT must be a port number (got "abc")',
    );
    expect(() => loadConfig({ env: { LMTP_PORT: '70000' } })).toThrow(/LMTP_PORT must be from 0/);
    expect(() => loadConfig({ env: { LOG_LEVEL: 'loud' } })).toThrow(/LOG_LEVEL must be one of/);
  });

  it('never echoes the value of a secret variable', () => {
    const error = (() => {
      try {
        loadConfig({ env: { MONGODB_URL: 'http://user:hunter2@db' } });
      } catch (caught) {
        return caught as ConfigError;
      }
      throw new Error('expected a ConfigError');
    })();
    expect(error.key).toBe('MONGODB_URL');
    expect(error.message).not.toContain('hunter2');
  });

  it('turns SRS on only with both SRS_DOMAIN and SRS_SECRET, and never echoes the secret', () => {
    expect(loadConfig({ env: {} }).delivery.srs).toBeUndefined();
    const secret = 'a-long-enough-srs-secret';
    const config = loadConfig({ env: { SRS_DOMAIN: 'srs.example.com', SRS_SECRET: secret } });
    expect(config.delivery.srs).toEqual({ domain: 'srs.example.com', secret, maxAgeDays: 21 });
    expect(() => loadConfig({ env: { SRS_SECRET: secret } })).toThrow(
      'invalid configuration: SRS_DOMAIN is missing (it must be set together with SRS_SECRET)',
    );
    expect(() => loadConfig({ env: { SRS_DOMAIN: 'srs.example.com' } })).toThrow(
      /SRS_SECRET is missing/,
    );
    const short = (() => {
      try {
        loadConfig({ env: { SRS_DOMAIN: 'srs.example.com', SRS_SECRET: 'hunter2' } });
      } catch (caught) {
        return (caught as ConfigError).message;
      }
      return '';
    })();
    expect(short).toBe('invalid configuration: SRS_SECRET must have at least 16 characters');
  });

  it('decodes AUTH_SECRETS_KEY from base64 or hex, and never echoes a bad one', () => {
    const key = Buffer.from(
      '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff',
      'hex',
    );
    expect(loadConfig({ env: {} }).auth.secretsKey).toBeUndefined();
    const fromHex = loadConfig({ env: { AUTH_SECRETS_KEY: key.toString('hex') } });
    expect(fromHex.auth.secretsKey).toEqual(key);
    const fromBase64 = loadConfig({ env: { AUTH_SECRETS_KEY: key.toString('base64') } });
    expect(fromBase64.auth.secretsKey).toEqual(key);
    for (const bad of ['c2hvcnQta2V5', key.toString('hex').slice(2), 'not a key at all!']) {
      expect(() => loadConfig({ env: { AUTH_SECRETS_KEY: bad } })).toThrow(
        'invalid configuration: AUTH_SECRETS_KEY must be 32 bytes as base64 or 64 hex digits',
      );
    }
  });

  it('takes IMAP_REQUIRE_TLS as true or false, and only with a certificate', () => {
    const tls = { TLS_KEY_FILE: '/k.pem', TLS_CERT_FILE: '/c.pem' };
    expect(loadConfig({ env: { ...tls, IMAP_REQUIRE_TLS: 'true' } }).imap.requireTls).toBe(true);
    expect(loadConfig({ env: { IMAP_REQUIRE_TLS: 'false' } }).imap.requireTls).toBe(false);
    expect(() => loadConfig({ env: { ...tls, IMAP_REQUIRE_TLS: 'yes' } })).toThrow(
      'invalid configuration: IMAP_REQUIRE_TLS must be true or false (got "yes")',
    );
    expect(() => loadConfig({ env: { IMAP_REQUIRE_TLS: 'true' } })).toThrow(
      'invalid configuration: IMAP_REQUIRE_TLS needs TLS_KEY_FILE and TLS_CERT_FILE',
    );
  });

  it('decodes AUTH_SECRETS_PREVIOUS_KEYS, only beside a current key, never echoing them', () => {
    const [current, old1, old2] = [randomBytes(32), randomBytes(32), randomBytes(32)];
    const config = loadConfig({
      env: {
        AUTH_SECRETS_KEY: current.toString('base64'),
        AUTH_SECRETS_PREVIOUS_KEYS: `${old1.toString('hex')}, ${old2.toString('base64')}`,
      },
    });
    expect(config.auth.previousSecretsKeys).toEqual([old1, old2]);
    expect(loadConfig({ env: {} }).auth.previousSecretsKeys).toEqual([]);
    expect(() => loadConfig({ env: { AUTH_SECRETS_PREVIOUS_KEYS: old1.toString('hex') } })).toThrow(
      'invalid configuration: AUTH_SECRETS_PREVIOUS_KEYS needs AUTH_SECRETS_KEY',
    );
    const bad = `${old1.toString('hex')},short`;
    const error = (() => {
      try {
        loadConfig({
          env: { AUTH_SECRETS_KEY: current.toString('hex'), AUTH_SECRETS_PREVIOUS_KEYS: bad },
        });
      } catch (caught) {
        return caught as ConfigError;
      }
      throw new Error('expected a ConfigError');
    })();
    expect(error.message).toMatch(/AUTH_SECRETS_PREVIOUS_KEYS must be keys of 32 bytes/);
    expect(error.message).not.toContain(old1.toString('hex'));
  });

  it('reads a JSON file and lets the environment override it', () => {
    const file = configFile(JSON.stringify({ API_PORT: 9000, AUTH_PORT: 9001 }));
    const config = loadConfig({ env: { CONFIG_FILE: file, AUTH_PORT: '9002' } });
    expect(config.api.port).toBe(9000);
    expect(config.auth.port).toBe(9002);
  });

  it('refuses unknown keys and unreadable files', () => {
    expect(() => loadConfig({ env: {}, file: configFile('{"IMAP_PROT": 1}') })).toThrow(
      /IMAP_PROT in .* is not a known setting/,
    );
    expect(() => loadConfig({ env: {}, file: configFile('{nope') })).toThrow(
      /CONFIG_FILE cannot be read as JSON/,
    );
    expect(() => loadConfig({ env: {}, file: configFile('[1]') })).toThrow(
      /CONFIG_FILE must hold a JSON object/,
    );
  });
});
