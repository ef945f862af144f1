// Prepares the accounts the benchmark logs in to: users with a password and an INBOX filled
// through IMAP APPEND on the running app.
import { setPassword, type AuthStore } from '@mailstore/auth';
import { createUser } from '@mailstore/storage';
import { ImapConnection } from './client.js';

/** The password of every benchmark user. */
export const PASSWORD = 'bench-password';
const BODY_LINE = 'The quick brown fox jumps over the lazy dog, again and again and again.\r\n';

/** A benchmark user's login name. */
export function userName(n: number): string {
  return `bench${n}`;
}

/** A plain-text message of about `bytes` bytes. */
export function message(n: number, bytes: number): string {
  const head = [
    'From: Bench Sender <sender@bench.example>',
    'To: Bench Reader <reader@bench.example>',
    `Subject: benchmark message ${n}`,
    `Message-ID: <${n}.${Date.now()}@bench.example>`,
    'Date: Thu, 03 Dec 2026 12:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=us-ascii',
    '',
    '',
  ].join('\r\n');
  return head + BODY_LINE.repeat(Math.max(1, Math.ceil((bytes - head.length) / BODY_LINE.length)));
}

/** The APPEND command for `text`, with a non-synchronizing literal (RFC 7888). */
export function appendCommand(text: string): string {
  return `APPEND INBOX {${Buffer.byteLength(text)}+}\r\n${text}`;
}

/** Creates `count` users with the benchmark password. */
export async function createUsers(store: AuthStore, count: number): Promise<void> {
  for (let n = 0; n < count; n += 1) {
    const { userId } = await createUser(store, {
      username: userName(n),
      addresses: [`${userName(n)}@bench.example`],
    });
    await setPassword(store, userId, PASSWORD);
  }
}

/** Appends `perUser` messages of `bytes` bytes to each user's INBOX, one connection per user. */
export async function fillInboxes(
  port: number,
  users: number,
  perUser: number,
  bytes: number,
): Promise<void> {
  const fill = async (n: number) => {
    const connection = await ImapConnection.open(port);
    await connection.ok(`LOGIN ${userName(n)} ${PASSWORD}`);
    for (let i = 0; i < perUser; i += 1) await connection.ok(appendCommand(message(i, bytes)));
    await connection.ok('LOGOUT');
    connection.destroy();
  };
  await Promise.all(Array.from({ length: users }, (_, n) => fill(n)));
}
