import { createAppPassword, revokeAllSessions, revokeAppPassword } from '@mailstore/auth';
import type { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, startHarness, type Harness } from './harness.js';
import { RawClient } from './raw-client.js';

const BYE = '* BYE credentials changed; log in again';

let harness: Harness;
let userId: ObjectId;
const clients: RawClient[] = [];

async function loggedIn(password: string): Promise<RawClient> {
  const client = await RawClient.open(harness.port);
  clients.push(client);
  expect(await client.line()).toMatch(/^\* OK \[CAPABILITY IMAP4rev1 /);
  const reply = await client.command('l', `LOGIN pia "${password}"`);
  expect(reply.at(-1)).toMatch(/^l OK \[CAPABILITY /);
  return client;
}

async function expectNoopOk(client: RawClient): Promise<void> {
  const reply = await client.command('n', 'NOOP');
  expect(reply.at(-1)).toBe('n OK NOOP completed');
}

beforeAll(async () => {
  harness = await startHarness('imap-revocation');
  userId = await createUser(harness.store, 'pia', 'main password');
});

afterAll(async () => {
  for (const client of clients) client.end();
  await harness?.stop();
});

describe('revocation notices', () => {
  it('closes only the sessions of a revoked app password; revoke-all closes the rest', async () => {
    const scopes = ['imap' as const];
    const appA = await createAppPassword(harness.store, userId, { name: 'phone', scopes });
    const appB = await createAppPassword(harness.store, userId, { name: 'laptop', scopes });
    const withA = await loggedIn(appA.password);
    const withB = await loggedIn(appB.password);
    const withMain = await loggedIn('main password');

    await revokeAppPassword(harness.store, userId, appA._id);
    expect(await withA.line(10_000)).toBe(BYE);
    await withA.waitClosed(10_000);
    await expectNoopOk(withB);
    await expectNoopOk(withMain);

    await revokeAllSessions(harness.store, userId);
    for (const client of [withB, withMain]) {
      expect(await client.line(10_000)).toBe(BYE);
      await client.waitClosed(10_000);
    }
  });
});
