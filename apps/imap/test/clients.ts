// Real IMAP clients pointed at a test server: imapflow (Node) and Python's imaplib.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ImapFlow } from 'imapflow';

/** How long a Python script may run unless the test says otherwise. */
const PYTHON_TIMEOUT_MS = 20_000;

/** An imapflow client for `user` on the plaintext port; not yet connected. */
export function imapflow(port: number, user: string, pass: string): ImapFlow {
  return new ImapFlow({
    host: '127.0.0.1',
    port,
    secure: false,
    auth: { user, pass },
    logger: false,
    clientInfo: { name: 'imapflow-test', version: '1' },
  });
}

/**
 * Runs a Python imaplib script with the port as its first argument (`int(sys.argv[1])`);
 * returns what it printed, trimmed.
 */
export async function python(
  port: number,
  script: string,
  timeoutMs = PYTHON_TIMEOUT_MS,
): Promise<string> {
  const { stdout } = await promisify(execFile)('python3', ['-c', script, String(port)], {
    timeout: timeoutMs,
  });
  return stdout.trim();
}
