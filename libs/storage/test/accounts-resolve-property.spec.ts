// Property tests on the database: every spelling of an address that normalization says is the
// same (case, +label, dots, punycode domain, quoting) reaches the same account.
import { domainToASCII } from 'node:url';
import fc from 'fast-check';
import type { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, resolveRecipient } from '../src/index.js';
import { openAccountsStore, type AccountsTestStore } from './accounts-support/store.js';

/** Runs per property: each run is a few database round trips. */
const RUNS = { numRuns: 40 };

const ACCOUNTS = [
  { username: 'jose', local: 'josé.garcía', domain: 'bücher.de' },
  { username: 'anna', local: 'anna.lena', domain: 'example.com' },
  { username: 'kim', local: 'kim', domain: '例え.テスト' },
];

let t: AccountsTestStore;
const ids = new Map<string, ObjectId>();
beforeAll(async () => {
  t = await openAccountsStore('accounts-resolve-property');
  for (const account of ACCOUNTS) {
    const { userId } = await createUser(t.store, {
      username: account.username,
      addresses: [`${account.local}@${account.domain}`],
    });
    ids.set(account.username, userId);
  }
});
afterAll(async () => t?.close());

const labelText = fc.string({ unit: fc.constantFrom(...'abcXYZ09-_+é'), maxLength: 8 });

/** One spelling of an account's address: dots moved, case changed, label, domain form. */
const spelling = fc
  .record({
    account: fc.constantFrom(...ACCOUNTS),
    upper: fc.array(fc.boolean(), { minLength: 16, maxLength: 16 }),
    dots: fc.array(fc.boolean(), { minLength: 16, maxLength: 16 }),
    label: fc.option(labelText, { nil: undefined }),
    puny: fc.boolean(),
    quoted: fc.boolean(),
  })
  .map(({ account, upper, dots, label, puny, quoted }) => {
    const letters = [...account.local.replaceAll('.', '')];
    let local = letters
      .map((char, i) => (upper[i] ? char.toUpperCase() : char))
      .map((char, i) => (i > 0 && dots[i] ? `.${char}` : char))
      .join('');
    if (label !== undefined) local += `+${label}`;
    if (quoted) local = `"${local}"`;
    const domain = puny ? domainToASCII(account.domain) : account.domain.toUpperCase();
    return { account, address: `${local}@${domain}`, label };
  });

describe('resolveRecipient properties', () => {
  it('resolves every equivalent spelling to the same account and keeps the label', async () => {
    await fc.assert(
      fc.asyncProperty(spelling, async ({ account, address, label }) => {
        const recipient = await resolveRecipient(t.store, address);
        expect(recipient?.kind).toBe('user');
        if (recipient?.kind !== 'user') return;
        expect(recipient.userId.equals(ids.get(account.username) as ObjectId)).toBe(true);
        expect(recipient.label).toBe(label === '' ? undefined : label);
      }),
      RUNS,
    );
  });

  it('resolves no spelling of an address that differs in a letter', async () => {
    await fc.assert(
      fc.asyncProperty(spelling, fc.constantFrom('q', 'ß', 'ж'), async ({ address }, extra) => {
        // The letter goes in front: at the end it would become part of a +label.
        const changed = address.startsWith('"')
          ? `"${extra}${address.slice(1)}`
          : `${extra}${address}`;
        expect(await resolveRecipient(t.store, changed)).toBeNull();
      }),
      RUNS,
    );
  });
});
