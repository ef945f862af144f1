import { readFileSync } from 'node:fs';
import { toConfig, type Config } from './config.js';
import {
  SET_TOGETHER,
  VARIABLES,
  type Variable,
  type VariableName,
  type Variables,
} from './variables.js';

/** The variable that names the optional JSON config file. */
export const CONFIG_FILE_VARIABLE = 'CONFIG_FILE';

/** A missing or invalid setting; `message` is one line naming the key and the problem. */
export class ConfigError extends Error {
  constructor(
    readonly key: string,
    readonly problem: string,
  ) {
    super(`invalid configuration: ${key} ${problem}`);
    this.name = 'ConfigError';
  }
}

/** Where {@link loadConfig} reads from; both default to the process's own. */
export interface ConfigSources {
  env?: NodeJS.ProcessEnv;
  /** Path of a JSON file whose keys are variable names; the environment overrides it. */
  file?: string;
}

/**
 * Reads, validates and shapes the configuration. The environment wins over the file, the file
 * over defaults. Throws {@link ConfigError} on the first bad value.
 */
export function loadConfig(sources: ConfigSources = {}): Config {
  const env = sources.env ?? process.env;
  const fromFile = readConfigFile(sources.file ?? env[CONFIG_FILE_VARIABLE]);
  const values: Record<string, unknown> = {};
  for (const [name, variable] of Object.entries(VARIABLES) as Array<[VariableName, Variable]>) {
    const raw = env[name] ?? fromFile[name] ?? variable.default;
    values[name] = parseVariable(name, variable, raw === '' ? undefined : raw);
  }
  for (const [a, b] of SET_TOGETHER) {
    if ((values[a] === undefined) !== (values[b] === undefined)) {
      const [set, unset] = values[a] === undefined ? [b, a] : [a, b];
      throw new ConfigError(unset, `is missing (it must be set together with ${set})`);
    }
  }
  // Retired keys only open what they sealed for a re-seal under the current key.
  if (values.AUTH_SECRETS_PREVIOUS_KEYS !== undefined && values.AUTH_SECRETS_KEY === undefined) {
    throw new ConfigError('AUTH_SECRETS_PREVIOUS_KEYS', 'needs AUTH_SECRETS_KEY, the current key');
  }
  // Requiring TLS without a certificate would refuse every login.
  if (values.IMAP_REQUIRE_TLS === true && values.TLS_KEY_FILE === undefined) {
    throw new ConfigError('IMAP_REQUIRE_TLS', 'needs TLS_KEY_FILE and TLS_CERT_FILE');
  }
  return toConfig(values as Variables);
}

function parseVariable(name: string, variable: Variable, raw: unknown): unknown {
  if (raw === undefined && !variable.schema.safeParse(undefined).success) {
    throw new ConfigError(name, 'is missing');
  }
  const result = variable.schema.safeParse(raw);
  if (result.success) return result.data;
  const problem = result.error.issues[0]?.message ?? 'is invalid';
  const shown = variable.secret ? '' : ` (got ${JSON.stringify(raw)})`;
  throw new ConfigError(name, `${problem}${shown}`);
}

function readConfigFile(path: string | undefined): Record<string, unknown> {
  if (!path) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(
      CONFIG_FILE_VARIABLE,
      `cannot be read as JSON: ${(error as Error).message}`,
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(CONFIG_FILE_VARIABLE, 'must hold a JSON object');
  }
  for (const key of Object.keys(parsed)) {
    if (!(key in VARIABLES)) throw new ConfigError(key, `in ${path} is not a known setting`);
  }
  return Object.fromEntries(
    Object.entries(parsed).map(([key, value]) => [
      key,
      typeof value === 'string' ? value : String(value),
    ]),
  );
}
