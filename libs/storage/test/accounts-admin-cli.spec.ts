// The admin command line, run as operators run it (a process from source) against this file's
// private database; every check reads the database back.
import { spawn } from 'node:child_process';
import { REPO_ROOT } from '@mailstore/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  findUserByUsername,
  listAddresses,
  listMailboxes,
  MESSAGES,
  messageId,
  resolveRecipient,
  type MessageDoc,
  type UserDoc,
} from '../src/index.js';
import { deliver, openAccountsStore, type AccountsTestStore } from './accounts-support/store.js';

/** A CLI run takes a few seconds to start from source on this shared machine. */
const CLI_TIMEOUT_MS = 60_000;

let t: AccountsTestStore;
beforeAll(async () => {
  t = await openAccountsStore('accounts-admin-cli');
});
afterAll(async () => t?.close());

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function admin(args: string[], stdin?: string): Promise<Run> {
  const child = spawn(
    process.execPath,
    ['--conditions=@mailstore/source', '--import', 'tsx', 'tools/admin/main.ts', ...args],
    { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '', ...t.env.variables } },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(stdin ?? '');
  return new Promise((resolve) =>
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr })),
  );
}

async function expectSuccess(commands: string[][]): Promise<Run[]> {
  const runs = await Promise.all(commands.map((args) => admin(args)));
  for (const [i, run] of runs.entries()) {
    const args = commands[i];
    expect({ args, code: run.code, stderr: run.stderr }).toEqual({ args, code: 0, stderr: '' });
  }
  return runs;
}

const user = async (name: string): Promise<UserDoc> => {
  const found = await findUserByUsername(t.store, name);
  if (!found) throw new Error(`user ${name} missing`);
  return found;
};

describe('npm run admin', { timeout: CLI_TIMEOUT_MS * 3 }, () => {
  it('creates a user with addresses, quota and an argon2id password read from stdin', async () => {
    const run = await admin(
      [
        'user:create',
        'Alice',
        '--password-stdin',
        '--quota',
        '5000',
        '--address',
        'Alice@Example.com',
        '--address',
        'a.l@bücher.de',
        '--json',
      ],
      'correct horse battery\n',
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const alice = await user('alice');
    expect(JSON.parse(run.stdout)).toEqual({ id: alice._id.toHexString(), username: 'alice' });
    expect(alice.quota).toEqual({ limit: 5000, used: 0 });
    const raw = await t.store.db.collection('users').findOne({ _id: alice._id });
    expect(raw?.password).toMatch(/^\$argon2id\$/);
    expect(run.stdout + run.stderr).not.toContain('correct horse');
    expect((await listAddresses(t.store, alice._id)).map((a) => a.lookup)).toEqual([
      'al@bücher.de',
      'alice@example.com',
    ]);
    expect(await listMailboxes(t.store, alice._id)).toHaveLength(6);
  });

  it('lets exactly one of three processes creating users with one address at once win', async () => {
    const spellings = [
      'Race.Winner@example.net',
      'racewinner@EXAMPLE.NET',
      '"race.winner"@example.net',
    ];
    const runs = await Promise.all(
      spellings.map((address, i) => admin(['user:create', `racer${i}`, '--address', address])),
    );
    expect(runs.map((run) => run.code).sort()).toEqual([0, 1, 1]);
    for (const run of runs.filter((r) => r.code === 1)) {
      expect(run.stderr).toBe('error: racewinner@example.net is already in use\n');
    }
    const owners = await t.store.db
      .collection('addresses')
      .countDocuments({ lookup: 'racewinner@example.net' });
    expect(owners).toBe(1);
    expect(await t.store.db.collection('users').countDocuments({ username: /^racer/ })).toBe(1);
  });

  it('refuses bad input with one clear line, a non-zero exit and no stack trace', async () => {
    const cases: Array<[string[], number, RegExp]> = [
      [['user:create', 'bob', '--address', 'bob@@example.com'], 1, /^error: invalid local part: /],
      [['user:create', 'alice'], 1, /^error: username alice is taken/],
      [['quota:set', 'alice', 'lots'], 2, /^error: the quota must be a whole number of bytes/],
      [['user:create', 'x', '--bogus'], 2, /^error: Unknown option '--bogus'/],
      [['mailboxes', 'nobody@example.com'], 1, /^error: no user "nobody@example.com"/],
    ];
    const runs = await Promise.all(cases.map(([args]) => admin(args)));
    for (const [i, run] of runs.entries()) {
      const [, code, pattern] = cases[i]!;
      expect({ args: cases[i]![0], code: run.code }).toEqual({ args: cases[i]![0], code });
      expect(run.stderr).toMatch(pattern);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(run.stdout).toBe('');
    }
    expect(await findUserByUsername(t.store, 'bob')).toBeNull();
  });

  it('manages addresses, forwards, catch-alls, domain aliases and quotas', async () => {
    // Independent commands run side by side: each run is a process started from source.
    const first = [
      ['address:add', 'alice', 'ally@example.com'],
      [
        'address:add',
        'team@example.com',
        '--forward-to',
        'alice@example.com',
        '--forward-to',
        'x@example.net',
      ],
      ['address:add', 'alice@example.com', '*@example.com'],
      ['alias:add', 'EXAMPLE.org', 'example.com'],
      ['quota:set', 'alice', '123456'],
    ];
    await expectSuccess(first);
    const alice = await user('alice');
    expect(alice.quota.limit).toBe(123456);
    expect((await listAddresses(t.store, alice._id)).map((a) => a.display)).toContain(
      'ally@example.com',
    );
    expect(await resolveRecipient(t.store, 'team@example.org')).toMatchObject({
      kind: 'forward',
      targets: ['alice@example.com', 'x@example.net'],
    });
    const viaAlias = await resolveRecipient(t.store, 'alice+x@example.org');
    expect(viaAlias?.kind === 'user' && viaAlias.userId.equals(alice._id)).toBe(true);

    const [removed, unaliased] = await expectSuccess([
      ['address:remove', 'ally@example.com'],
      ['alias:remove', 'example.org', '--json'],
    ]);
    expect(removed!.stdout).toBe('removed ally@example.com\n');
    expect(JSON.parse(unaliased!.stdout)).toEqual({ alias: 'example.org', removed: true });
    expect((await listAddresses(t.store, alice._id)).map((a) => a.display)).not.toContain(
      'ally@example.com',
    );
    expect(await resolveRecipient(t.store, 'alice@example.org')).toBeNull();
  });

  it('lists users and mailboxes with message counts as JSON', async () => {
    const alice = await user('alice');
    const inbox = (await listMailboxes(t.store, alice._id)).find((m) => m.path === 'INBOX')!;
    await deliver(t.store, alice._id, inbox._id, 2);
    // A placeholder left by a failed ingest is no message and is not counted.
    await t.store.db.collection<Partial<MessageDoc>>(MESSAGES).insertOne({
      _id: messageId(alice._id, inbox._id, 99),
      user: alice._id,
      mailbox: inbox._id,
      uid: 99,
      hole: true,
    });
    const [boxes, users] = await Promise.all([
      admin(['mailboxes', 'alice@example.com', '--json']),
      admin(['user:list', '--json']),
    ]);
    expect(boxes.code).toBe(0);
    const listed = JSON.parse(boxes.stdout) as Array<{ path: string; messages: number }>;
    expect(listed.map((b) => [b.path, b.messages])).toEqual([
      ['Archive', 0],
      ['Drafts', 0],
      ['INBOX', 2],
      ['Junk', 0],
      ['Sent', 0],
      ['Trash', 0],
    ]);
    const listedUsers = JSON.parse(users.stdout) as Array<Record<string, unknown>>;
    // Sorted by username: alice, then the one winner of the race above.
    expect(listedUsers.map((u) => u.username)).toEqual(['alice', expect.stringMatching(/^racer/)]);
    const quota = listedUsers[0]?.quota as { limit: number; used: number };
    expect(quota.limit).toBe(123456);
    expect(quota.used).toBe((await user('alice')).quota.used);
    expect(quota.used).toBeGreaterThan(0);
    expect(listedUsers[0]?.addresses).toEqual(
      expect.arrayContaining(['Alice@example.com', '*@example.com']),
    );
  });

  it('deletes a user with everything it owns', async () => {
    const alice = await user('alice');
    const run = await admin(['user:delete', 'alice']);
    expect(run).toMatchObject({ code: 0, stdout: 'deleted user alice\n' });
    expect(await findUserByUsername(t.store, 'alice')).toBeNull();
    expect(await listMailboxes(t.store, alice._id)).toEqual([]);
    expect(await t.store.db.collection('messages').countDocuments({ user: alice._id })).toBe(0);
    expect(await resolveRecipient(t.store, 'alice@example.com')).toBeNull();
  });
});
