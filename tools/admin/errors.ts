import { AddressError } from '@mailstore/address';
import type { AuthError } from '@mailstore/auth';
import { ConfigError } from '@mailstore/config';
import { UnreachableError } from '@mailstore/db';
import { AccountError, MailboxError } from '@mailstore/storage';
import { UsageError } from './command.js';

/** How the command line shows an error: a stable code and one line, never a stack. */
export interface ShownError {
  code: string;
  message: string;
  /** The command line itself was wrong: show the hint to --help. */
  usageError: boolean;
}

/** Turns any error into the one line an operator sees. */
export function describeError(error: unknown): ShownError {
  if (error instanceof UsageError) return shown('USAGE', error.message, true);
  // node:util parseArgs throws TypeErrors with ERR_PARSE_ARGS_* codes for unknown options.
  const nodeCode = (error as { code?: unknown }).code;
  if (typeof nodeCode === 'string' && nodeCode.startsWith('ERR_PARSE_ARGS')) {
    return shown('USAGE', (error as Error).message, true);
  }
  if (error instanceof AddressError) return shown(error.code, error.message);
  if (error instanceof AccountError || error instanceof MailboxError) {
    return shown(error.code, error.message);
  }
  // libs/auth is loaded lazily (see commands/users.ts), so its errors are told by name.
  if (error instanceof Error && error.name === 'AuthError') {
    return shown((error as AuthError).code, error.message);
  }
  if (error instanceof ConfigError) return shown('CONFIG', error.message);
  if (error instanceof UnreachableError) return shown('UNREACHABLE', error.message);
  return shown('INTERNAL', error instanceof Error ? error.message : String(error));
}

function shown(code: string, message: string, usageError = false): ShownError {
  return { code, message, usageError };
}
