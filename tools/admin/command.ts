import type { Config } from '@mailstore/config';
import type { Store } from '@mailstore/storage';

/** A refusal caused by the command line itself: shown with the usage, exit status 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The options every command may receive (parsed by node:util parseArgs). */
export interface CommandOptions {
  json: boolean;
  password?: string;
  'password-stdin'?: boolean;
  quota?: string;
  address?: string[];
  'forward-to'?: string[];
  limit?: string;
}

/** What a command returns: data for `--json` and lines for people. */
export interface CommandResult {
  data: unknown;
  text: string[];
}

/** One admin command: its usage line, a summary, and how it runs. */
export interface Command {
  usage: string;
  summary: string;
  /** Number of positional arguments accepted: [least, most]. */
  args: [number, number];
  /** Checks the arguments before any connection is made; throws {@link UsageError}. */
  check?(args: string[], options: CommandOptions): void;
  run(
    store: Store,
    args: string[],
    options: CommandOptions,
    config: Config,
  ): Promise<CommandResult>;
}

/** Parses a whole, non-negative number of bytes given on the command line. */
export function parseBytes(value: string, what: string): number {
  if (!/^[0-9]+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new UsageError(`${what} must be a whole number of bytes, got "${value}"`);
  }
  return Number(value);
}
