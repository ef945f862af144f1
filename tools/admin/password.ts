import { UsageError, type CommandOptions } from './command.js';

/**
 * Reads the password a command was given: `--password P` (visible to other local users in the
 * process list) or the first line of standard input with `--password-stdin`. Undefined when
 * neither was given. Passwords are never printed or logged.
 */
export async function readPassword(options: CommandOptions): Promise<string | undefined> {
  if (options.password !== undefined && options['password-stdin']) {
    throw new UsageError('give either --password or --password-stdin, not both');
  }
  const password = options['password-stdin'] ? await firstStdinLine() : options.password;
  if (password === undefined) return undefined;
  const { MAX_PASSWORD_BYTES } = await import('@mailstore/auth');
  if (password.length === 0 || Buffer.byteLength(password) > MAX_PASSWORD_BYTES) {
    throw new UsageError(`a password has 1 to ${MAX_PASSWORD_BYTES} bytes`);
  }
  return password;
}

/** Most of standard input read for a password: more than any password libs/auth accepts. */
const MAX_STDIN_PASSWORD_BYTES = 64 * 1024;

async function firstStdinLine(): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    size += chunk.length;
    // A line longer than any password allowed needs no more reading.
    if (size > MAX_STDIN_PASSWORD_BYTES || chunk.includes(0x0a)) break;
  }
  const text = Buffer.concat(chunks).toString('utf8');
  return text.split(/\r?\n/, 1)[0] ?? '';
}
