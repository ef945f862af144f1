// QUOTA (RFC 9208): GETQUOTA, GETQUOTAROOT, SETQUOTA refused, OVERQUOTA on APPEND and COPY.
import { setQuota } from '@mailstore/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, startHarness, type Harness } from './harness.js';
import { imapflow, python } from './clients.js';
import { RawClient } from './raw-client.js';

let harness: Harness;
const clients: RawClient[] = [];
const LIMIT_BYTES = 10_000;

async function loggedIn(username: string): Promise<RawClient> {
  const client = await RawClient.login(harness.port, username, 'secret');
  clients.push(client);
  return client;
}

/** A message of exactly `size` bytes. */
function messageOf(size: number, subject: string): string {
  const head = `Subject: ${subject}\r\n\r\n`;
  return head + 'x'.repeat(size - head.length - 2) + '\r\n';
}

async function usedBytes(username: string): Promise<number> {
  const user = await harness.store.db.collection('users').findOne({ username });
  return (user?.quota as { used: number }).used;
}

beforeAll(async () => {
  harness = await startHarness('imap-quota');
  const quinn = await createUser(harness.store, 'quinn', 'secret');
  await setQuota(harness.store, quinn, LIMIT_BYTES);
  const rosa = await createUser(harness.store, 'rosa', 'secret');
  await setQuota(harness.store, rosa, 1_000_000);
  await createUser(harness.store, 'free', 'secret');
  const dora = await createUser(harness.store, 'dora', 'secret');
  await setQuota(harness.store, dora, 1_000_000);
});

afterAll(async () => {
  for (const client of clients) client.end();
  await harness?.stop();
});

describe('QUOTA', () => {
  it('announces QUOTA and RES-STORAGE, reports what was delivered and refuses SETQUOTA', async () => {
    const client = await loggedIn('quinn');
    const [capability] = await client.command('c', 'CAPABILITY');
    expect(capability).toMatch(/ QUOTA QUOTA=RES-STORAGE( |$)/);
    expect(capability).not.toMatch(/RES-MESSAGE|QUOTASET/);

    for (const [index, size] of [3_000, 2_500].entries()) {
      const message = messageOf(size, `m${index}`);
      client.send(`a APPEND INBOX {${message.length}+}\r\n${message}\r\n`);
      expect(await client.line()).toMatch(/^a OK /);
    }
    expect(await usedBytes('quinn')).toBe(5_500);
    const report = ['* QUOTA "" (STORAGE 6 9)'];
    expect(await client.command('r', 'GETQUOTAROOT INBOX')).toEqual([
      '* QUOTAROOT "INBOX" ""',
      ...report,
      'r OK GETQUOTAROOT completed',
    ]);
    expect(await client.command('t', 'GETQUOTAROOT Sent')).toEqual([
      '* QUOTAROOT "Sent" ""',
      ...report,
      't OK GETQUOTAROOT completed',
    ]);
    expect(await client.command('q', 'GETQUOTA ""')).toEqual([
      ...report,
      'q OK GETQUOTA completed',
    ]);
    expect(await client.command('x', 'GETQUOTA "other"')).toEqual([
      'x NO [NONEXISTENT] no quota root other',
    ]);
    expect(await client.command('m', 'GETQUOTAROOT Missing')).toEqual([
      'm NO [NONEXISTENT] mailbox Missing does not exist',
    ]);
    expect(await client.command('s', 'SETQUOTA "" (STORAGE 100000)')).toEqual([
      's NO [NOPERM] users cannot set their own quota',
    ]);
  });

  it('refuses APPEND over quota with OVERQUOTA, before the + and skipping a LITERAL+ message', async () => {
    const client = await loggedIn('quinn');
    const before = await usedBytes('quinn');
    const message = messageOf(LIMIT_BYTES - before + 1, 'too big');
    client.send(`a APPEND INBOX {${message.length}}\r\n`);
    expect(await client.line()).toBe('a NO [OVERQUOTA] mailbox quota exceeded');
    client.send(`b APPEND INBOX {${message.length}+}\r\n${message}\r\n`);
    expect(await client.line()).toBe('b NO [OVERQUOTA] mailbox quota exceeded');
    expect(await client.command('n', 'NOOP')).toEqual(['n OK NOOP completed']);
    expect(await usedBytes('quinn')).toBe(before);
  });

  it('refuses COPY over quota with OVERQUOTA and lets MOVE hand the bytes over', async () => {
    const client = await loggedIn('quinn');
    await client.command('s', 'SELECT INBOX');
    const copy = await client.command('c', 'COPY 1:2 Archive');
    expect(copy.at(-1)).toMatch(/^c NO \[OVERQUOTA\] /);
    const move = await client.command('m', 'MOVE 1:2 Archive');
    expect(move.at(-1)).toMatch(/^m OK /);
    expect(await usedBytes('quinn')).toBe(5_500);
  });

  it('reports in STATUS DELETED-STORAGE the octets an EXPUNGE frees', async () => {
    const client = await loggedIn('dora');
    expect((await client.command('c', 'CREATE Old')).at(-1)).toMatch(/^c OK /);
    for (const [index, size] of [1_000, 2_000, 3_000].entries()) {
      const message = messageOf(size, `old${index}`);
      client.send(`a APPEND Old {${message.length}+}\r\n${message}\r\n`);
      expect(await client.line()).toMatch(/^a OK /);
    }
    expect(await client.command('s', 'STATUS Old (DELETED DELETED-STORAGE SIZE)')).toEqual([
      '* STATUS "Old" (DELETED 0 DELETED-STORAGE 0 SIZE 6000)',
      's OK STATUS completed',
    ]);

    await client.command('e', 'SELECT Old');
    expect((await client.command('f', 'STORE 1,3 +FLAGS.SILENT (\\Deleted)')).at(-1)).toMatch(
      /^f OK /,
    );
    expect(await client.command('s', 'STATUS Old (deleted-storage DELETED)')).toEqual([
      '* STATUS "Old" (DELETED-STORAGE 4000 DELETED 2)',
      's OK STATUS completed',
    ]);
    expect(await client.command('l', 'LIST "" Old RETURN (STATUS (DELETED-STORAGE))')).toEqual([
      '* LIST (\\HasNoChildren) "/" "Old"',
      '* STATUS "Old" (DELETED-STORAGE 4000)',
      'l OK LIST completed',
    ]);

    expect(await usedBytes('dora')).toBe(6_000);
    expect((await client.command('x', 'EXPUNGE')).at(-1)).toMatch(/^x OK /);
    expect(await usedBytes('dora')).toBe(2_000);
    expect(await client.command('s', 'STATUS Old (DELETED-STORAGE SIZE)')).toEqual([
      '* STATUS "Old" (DELETED-STORAGE 0 SIZE 2000)',
      's OK STATUS completed',
    ]);
  });

  it('gives a user without a limit no quota root', async () => {
    const client = await loggedIn('free');
    expect(await client.command('r', 'GETQUOTAROOT INBOX')).toEqual([
      '* QUOTAROOT "INBOX"',
      'r OK GETQUOTAROOT completed',
    ]);
    expect(await client.command('q', 'GETQUOTA ""')).toEqual([
      'q NO [NONEXISTENT] no quota is set for this user',
    ]);
  });
});

describe('real clients', () => {
  it('imapflow reads the quota in bytes', async () => {
    const client = imapflow(harness.port, 'rosa', 'secret');
    await client.connect();
    await client.append('INBOX', messageOf(4_000, 'flow'));
    const quota = await client.getQuota('INBOX');
    expect(quota).toMatchObject({
      path: 'INBOX',
      storage: { usage: 4 * 1024, limit: Math.floor(1_000_000 / 1024) * 1024 },
    });
    await client.logout();
  });

  it('Python imaplib reads GETQUOTAROOT', async () => {
    const stdout = await python(
      harness.port,
      `
import imaplib, sys
m = imaplib.IMAP4('127.0.0.1', int(sys.argv[1]))
m.login('rosa', 'secret')
print(m.getquotaroot('INBOX'))
print(m.setquota('""', '(STORAGE 1)')[0])
m.logout()
`,
    );
    expect(stdout.split('\n')).toEqual([
      `('OK', [[b'"INBOX" ""'], [b'"" (STORAGE 4 976)']])`,
      'NO',
    ]);
  });
});
