// Real clients against the real server: imapflow (Node) and Python's imaplib.
import type { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imapflow as clientFor, python as runPython } from './clients.js';
import { createUser, startHarness, type Harness } from './harness.js';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness('imap-interop');
  await createUser(harness.store, 'carol', 'pässword 1');
  await createUser(harness.store, 'dave', 'plain ascii');
});

afterAll(async () => {
  await harness?.stop();
});

function imapflow(user: string, pass: string): ImapFlow {
  return clientFor(harness.port, user, pass);
}

/** Runs a Python imaplib script; the port is its first argument. Returns what it printed. */
function python(script: string): Promise<string> {
  return runPython(harness.port, script);
}

describe('imapflow', () => {
  it('connects, reads capabilities, logs in and out', async () => {
    const client = imapflow('carol', 'pässword 1');
    await client.connect();
    expect(client.capabilities.has('IDLE')).toBe(true);
    expect(client.capabilities.has('AUTH=PLAIN')).toBe(false);
    expect(client.authenticated).toBeTruthy();
    await client.noop();
    await client.logout();
  });

  it('reports a refused login', async () => {
    const client = imapflow('carol', 'wrong');
    await expect(client.connect()).rejects.toMatchObject({ authenticationFailed: true });
    client.close();
  });
});

describe('Python imaplib', () => {
  it('reads CAPABILITY and ID, refuses a bad login, logs in and out', async () => {
    const output = await python(`
import imaplib, sys
m = imaplib.IMAP4('127.0.0.1', int(sys.argv[1]))
print('caps', ' '.join(sorted(m.capabilities)))
typ, data = m.xatom('ID', '("name" "imaplib")')
print('id', typ, m.untagged_responses.get('ID'))
try:
    m.login('dave', 'wrong')
except imaplib.IMAP4.error as e:
    print('refused', e)
typ, data = m.login('dave', 'plain ascii')
print('login', typ)
typ, data = m.logout()
print('logout', typ)
`);
    const lines = output.split('\n');
    expect(lines[0]).toMatch(/^caps .*AUTH=PLAIN.*IMAP4REV1/);
    expect(lines[1]).toBe('id OK [b\'("name" "mailstore" "vendor" "mailstore")\']');
    expect(lines[2]).toMatch(/^refused .*AUTHENTICATIONFAILED/);
    expect(lines[3]).toBe('login OK');
    expect(lines[4]).toBe('logout BYE');
  });
});
