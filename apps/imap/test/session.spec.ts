import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_LINE_BYTES, MAX_LITERAL_BYTES } from '@mailstore/imap-proto';
import { setPassword } from '@mailstore/auth';
import { MAX_FAILED_LOGINS } from '../src/limits.js';
import { createUser, startHarness, type Harness } from './harness.js';
import { RawClient } from './raw-client.js';

let harness: Harness;
let userId: Awaited<ReturnType<typeof createUser>>;
const clients: RawClient[] = [];

async function open(): Promise<RawClient> {
  const client = await RawClient.open(harness.port);
  clients.push(client);
  expect(await client.line()).toMatch(/^\* OK \[CAPABILITY IMAP4rev1 /);
  return client;
}

async function loggedIn(): Promise<RawClient> {
  const client = await open();
  const reply = await client.command('l', 'LOGIN alice "correct horse"');
  expect(reply.at(-1)).toMatch(/^l OK \[CAPABILITY /);
  return client;
}

beforeAll(async () => {
  harness = await startHarness('imap-session', { timeouts: { loginMs: 1_500, idleMs: 1_000 } });
  userId = await createUser(harness.store, 'alice', 'correct horse');
});

afterAll(async () => {
  for (const client of clients) client.end();
  await harness?.stop();
});

describe('greeting and any-state commands', () => {
  it('greets with OK and the capability list, without STARTTLS when TLS is off', async () => {
    const client = await open();
    const reply = await client.command('a1', 'CAPABILITY');
    expect(reply[0]).toMatch(
      /^\* CAPABILITY IMAP4rev1 .*LITERAL\+.*SASL-IR.*AUTH=PLAIN AUTH=LOGIN$/,
    );
    expect(reply[0]).not.toContain('STARTTLS');
    expect(reply[1]).toBe('a1 OK CAPABILITY completed');
  });

  it('answers pipelined commands in order', async () => {
    const client = await open();
    client.send('p1 NOOP\r\np2 CAPABILITY\r\np3 NOOP\r\n');
    const lines = await client.until('p3');
    expect(lines.filter((line) => /^p\d /.test(line))).toEqual([
      'p1 OK NOOP completed',
      'p2 OK CAPABILITY completed',
      'p3 OK NOOP completed',
    ]);
  });

  it('answers ID with the server name', async () => {
    const client = await open();
    const reply = await client.command('i', 'ID ("name" "raw-test" "version" "1")');
    expect(reply).toEqual(['* ID ("name" "mailstore" "vendor" "mailstore")', 'i OK ID completed']);
  });

  it('sends BYE before the tagged OK on LOGOUT and closes', async () => {
    const client = await open();
    expect(await client.command('o', 'LOGOUT')).toEqual([
      '* BYE logging out',
      'o OK LOGOUT completed',
    ]);
    await client.waitClosed();
  });
});

describe('protocol errors keep the connection', () => {
  it('answers an unknown command with a tagged BAD', async () => {
    const client = await open();
    expect(await client.command('u1', 'FROBNICATE')).toEqual(['u1 BAD unknown command FROBNICATE']);
    expect(await client.command('u2', 'NOOP')).toEqual(['u2 OK NOOP completed']);
  });

  it('answers a line without a tag with an untagged BAD', async () => {
    const client = await open();
    client.send('(((\r\n');
    expect(await client.line()).toBe('* BAD missing tag');
  });

  it('refuses an overlong line with BAD and reads the next command', async () => {
    const client = await open();
    client.send(`long NOOP ${'x'.repeat(MAX_LINE_BYTES + 10)}\r\nnext NOOP\r\n`);
    expect(await client.line()).toBe('long BAD command line too long');
    expect(await client.line()).toBe('next OK NOOP completed');
  });

  it('refuses an oversized synchronizing literal with NO [TOOBIG] and no continuation', async () => {
    const client = await loggedIn();
    client.send(`big APPEND INBOX {${MAX_LITERAL_BYTES + 1}}\r\n`);
    expect(await client.line()).toMatch(/^big NO \[TOOBIG\] /);
    expect(await client.command('after', 'NOOP')).toEqual(['after OK NOOP completed']);
  });

  it('closes with BYE after an oversized LITERAL+ without reading it', async () => {
    const client = await loggedIn();
    client.send(`big APPEND INBOX {${MAX_LITERAL_BYTES + 1}+}\r\n`);
    expect(await client.line()).toMatch(/^big NO \[TOOBIG\] /);
    expect(await client.line()).toMatch(/^\* BYE /);
    await client.waitClosed();
  });

  it('sends a continuation for a synchronizing literal in LOGIN', async () => {
    const client = await open();
    client.send('lit LOGIN {5}\r\n');
    expect(await client.line()).toBe('+ Ready for literal data');
    client.send('alice {13}\r\n');
    expect(await client.line()).toBe('+ Ready for literal data');
    client.send('correct horse\r\n');
    expect(await client.line()).toMatch(/^lit OK \[CAPABILITY /);
  });
});

describe('state gate', () => {
  it.each([
    ['SELECT INBOX', 'SELECT is not allowed before login'],
    ['ENABLE UTF8=ACCEPT', 'ENABLE is not allowed before login'],
    ['NAMESPACE', 'NAMESPACE is not allowed before login'],
    ['IDLE', 'IDLE is not allowed before login'],
  ])('refuses %s before login with BAD', async (command, text) => {
    const client = await open();
    expect(await client.command('g', command)).toEqual([`g BAD ${text}`]);
  });

  it('refuses LOGIN and STARTTLS after login with BAD', async () => {
    const client = await loggedIn();
    expect(await client.command('g1', 'LOGIN alice x')).toEqual([
      'g1 BAD LOGIN is not allowed after login',
    ]);
    expect(await client.command('g2', 'STARTTLS')).toEqual([
      'g2 BAD STARTTLS is not allowed after login',
    ]);
  });

  it('refuses selected-state commands until a mailbox is selected', async () => {
    const client = await loggedIn();
    expect(await client.command('f', 'SEARCH ALL')).toEqual([
      'f BAD SEARCH needs a selected mailbox',
    ]);
    expect((await client.command('s', 'SELECT INBOX')).at(-1)).toMatch(/^s OK \[READ-WRITE\] /);
    expect(await client.command('g', 'SEARCH ALL')).toEqual(['* SEARCH', 'g OK SEARCH completed']);
  });
});

describe('login', () => {
  it('refuses a wrong password with NO [AUTHENTICATIONFAILED]', async () => {
    const client = await open();
    expect(await client.command('l', 'LOGIN alice wrong')).toEqual([
      'l NO [AUTHENTICATIONFAILED] invalid credentials',
    ]);
  });

  it(`ends the session after ${MAX_FAILED_LOGINS} failed logins`, async () => {
    const client = await open();
    for (let attempt = 1; attempt < MAX_FAILED_LOGINS; attempt += 1) {
      await client.command(`f${attempt}`, 'LOGIN nobody wrong');
    }
    const last = await client.command('last', 'LOGIN nobody wrong');
    expect(last.at(-1)).toMatch(/^last NO /);
    expect(await client.line()).toBe('* BYE too many failed logins');
    await client.waitClosed();
  });

  it('closes a connection that never logs in with BYE', async () => {
    const client = await open();
    expect(await client.line(4_000)).toBe('* BYE login timeout');
    await client.waitClosed();
  });

  it('logs in with AUTHENTICATE PLAIN and an initial response (SASL-IR)', async () => {
    const client = await open();
    const response = Buffer.from('\0alice\0correct horse').toString('base64');
    expect((await client.command('a', `AUTHENTICATE PLAIN ${response}`)).at(-1)).toMatch(/^a OK /);
  });

  it('logs in with AUTHENTICATE PLAIN after a continuation', async () => {
    const client = await open();
    client.send('a AUTHENTICATE PLAIN\r\n');
    expect(await client.line()).toBe('+ ');
    client.send(`${Buffer.from('alice\0alice\0correct horse').toString('base64')}\r\n`);
    expect(await client.line()).toMatch(/^a OK \[CAPABILITY /);
  });

  it('logs in with AUTHENTICATE LOGIN', async () => {
    const client = await open();
    client.send('a AUTHENTICATE LOGIN\r\n');
    expect(await client.line()).toBe(`+ ${Buffer.from('Username:').toString('base64')}`);
    client.send(`${Buffer.from('alice').toString('base64')}\r\n`);
    expect(await client.line()).toBe(`+ ${Buffer.from('Password:').toString('base64')}`);
    client.send(`${Buffer.from('correct horse').toString('base64')}\r\n`);
    expect(await client.line()).toMatch(/^a OK /);
  });

  it('cancels AUTHENTICATE on "*" with BAD', async () => {
    const client = await open();
    client.send('c AUTHENTICATE PLAIN\r\n');
    expect(await client.line()).toBe('+ ');
    client.send('*\r\n');
    expect(await client.line()).toBe('c BAD AUTHENTICATE cancelled');
  });

  it('refuses PLAIN acting for another user', async () => {
    const client = await open();
    const response = Buffer.from('bob\0alice\0correct horse').toString('base64');
    expect(await client.command('z', `AUTHENTICATE PLAIN ${response}`)).toEqual([
      'z NO [AUTHORIZATIONFAILED] acting as another user is not allowed',
    ]);
  });
});

describe('authenticated state', () => {
  it('answers NAMESPACE with one personal namespace', async () => {
    const client = await loggedIn();
    expect(await client.command('n', 'NAMESPACE')).toEqual([
      '* NAMESPACE (("" "/")) NIL NIL',
      'n OK NAMESPACE completed',
    ]);
  });

  it('enables UTF8=ACCEPT, CONDSTORE and IMAP4rev2 and leaves unknown extensions out', async () => {
    const client = await loggedIn();
    expect(await client.command('e', 'ENABLE CONDSTORE UTF8=ACCEPT')).toEqual([
      '* ENABLED CONDSTORE UTF8=ACCEPT',
      'e OK ENABLE completed',
    ]);
    expect(await client.command('e2', 'ENABLE X-UNKNOWN X-OTHER')).toEqual([
      '* ENABLED',
      'e2 OK ENABLE completed',
    ]);
    // Capability names are case-insensitive; ENABLED answers with the server's spelling.
    expect(await client.command('e3', 'ENABLE imap4REV2 x-unknown')).toEqual([
      '* ENABLED IMAP4rev2',
      'e3 OK ENABLE completed',
    ]);
  });

  it('ends IDLE on DONE and refuses anything else', async () => {
    const client = await loggedIn();
    client.send('i IDLE\r\n');
    expect(await client.line()).toBe('+ idling');
    client.send('DONE\r\n');
    expect(await client.line()).toBe('i OK IDLE terminated');
    client.send('j IDLE\r\n');
    expect(await client.line()).toBe('+ idling');
    client.send('NOOP\r\n');
    expect(await client.line()).toBe('j BAD expected DONE to end IDLE');
  });

  it('ends a session that IDLEs past the timeout with BYE', async () => {
    const client = await loggedIn();
    client.send('i IDLE\r\n');
    expect(await client.line()).toBe('+ idling');
    expect(await client.line(3_000)).toBe('* BYE IDLE timed out');
    await client.waitClosed();
  });

  it('closes the sessions of a user whose password changes', async () => {
    const client = await loggedIn();
    await setPassword(harness.store, userId, 'correct horse');
    expect(await client.line()).toBe('* BYE credentials changed; log in again');
    await client.waitClosed();
  });
});
