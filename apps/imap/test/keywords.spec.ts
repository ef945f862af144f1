// Keywords in the mailbox's FLAGS (RFC 3501 sections 7.1 and 7.2.6): SELECT lists the keywords
// its messages carry, and a new keyword, set by this session or another, is announced with
// FLAGS and PERMANENTFLAGS before the FETCH that carries it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, startHarness, type Harness } from './harness.js';
import { RawClient } from './raw-client.js';

const SYSTEM = '\\Answered \\Flagged \\Deleted \\Seen \\Draft';

let harness: Harness;
const clients: RawClient[] = [];

async function loggedIn(): Promise<RawClient> {
  const client = await RawClient.login(harness.port, 'kai', 'secret');
  clients.push(client);
  return client;
}

beforeAll(async () => {
  harness = await startHarness('imap-keywords');
  await createUser(harness.store, 'kai', 'secret');
  const client = await loggedIn();
  for (const flags of ['($Label1 \\Seen)', '(Work)']) {
    const body = 'Subject: k\r\n\r\nbody\r\n';
    const reply = await client.command('a', `APPEND INBOX ${flags} {${body.length}+}\r\n${body}`);
    expect(reply.at(-1)).toMatch(/^a OK /);
  }
});

afterAll(async () => {
  for (const client of clients) client.end();
  await harness?.stop();
});

describe('keywords in FLAGS', () => {
  it('SELECT lists the keywords in use; EXAMINE has no permanent flags', async () => {
    const client = await loggedIn();
    const selected = await client.command('s', 'SELECT INBOX');
    expect(selected).toContain(`* FLAGS (${SYSTEM} $Label1 Work)`);
    expect(selected).toContain(
      `* OK [PERMANENTFLAGS (${SYSTEM} $Label1 Work \\*)] flags permitted`,
    );
    const examined = await client.command('e', 'EXAMINE INBOX');
    expect(examined).toContain(`* FLAGS (${SYSTEM} $Label1 Work)`);
    expect(examined).toContain('* OK [PERMANENTFLAGS ()] flags permitted');
  });

  it('a new keyword is announced before the FETCH that carries it, to both sessions', async () => {
    const writer = await loggedIn();
    const reader = await loggedIn();
    await writer.command('s', 'SELECT INBOX');
    await reader.command('s', 'SELECT INBOX');

    const stored = await writer.command('t', 'STORE 2 +FLAGS (Urgent)');
    const flags = `* FLAGS (${SYSTEM} $Label1 Urgent Work)`;
    expect(stored.indexOf(flags)).toBeGreaterThanOrEqual(0);
    expect(stored.indexOf(flags)).toBeLessThan(stored.findIndex((l) => /^\* 2 FETCH/.test(l)));
    // Known keywords, in any case, announce nothing.
    const again = await writer.command('u', 'STORE 1 +FLAGS (work)');
    expect(again.some((line) => line.startsWith('* FLAGS'))).toBe(false);

    // The other session learns of it at its next command, FLAGS first.
    let noop: string[] = [];
    for (let round = 0; round < 50 && !noop.some((l) => /^\* 2 FETCH/.test(l)); round++) {
      noop = await reader.command('n', 'NOOP');
    }
    expect(noop.indexOf(flags)).toBeGreaterThanOrEqual(0);
    expect(noop.indexOf(flags)).toBeLessThan(noop.findIndex((l) => /^\* 2 FETCH/.test(l)));
  });

  it('a keyword a new message brings is announced before its EXISTS', async () => {
    const reader = await loggedIn();
    const selected = await reader.command('s', 'SELECT INBOX');
    const known = selected.find((line) => line.startsWith('* FLAGS'))!;
    expect(known).not.toContain('$Delivered');
    const exists = Number(/^\* (\d+) EXISTS/.exec(selected.find((l) => / EXISTS$/.test(l))!)![1]);

    const writer = await loggedIn();
    const body = 'Subject: new keyword\r\n\r\nbody\r\n';
    const appended = await writer.command(
      'a',
      `APPEND INBOX ($Delivered) {${body.length}+}\r\n${body}`,
    );
    expect(appended.at(-1)).toMatch(/^a OK /);

    const existsLine = `* ${exists + 1} EXISTS`;
    let noop: string[] = [];
    for (let round = 0; round < 50 && !noop.includes(existsLine); round++) {
      noop = await reader.command('n', 'NOOP');
    }
    const flagsAt = noop.findIndex(
      (line) => line.startsWith('* FLAGS') && line.includes('$Delivered'),
    );
    expect(flagsAt).toBeGreaterThanOrEqual(0);
    expect(flagsAt).toBeLessThan(noop.indexOf(existsLine));
    expect(
      noop.some((line) => /^\* OK \[PERMANENTFLAGS \(.*\$Delivered.*\\\*\)\]/.test(line)),
    ).toBe(true);
  });
});
