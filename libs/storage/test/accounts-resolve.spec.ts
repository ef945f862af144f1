import { AddressError } from '@mailstore/address';
import type { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addAddress,
  addDomainAlias,
  addForward,
  createUser,
  listDomainAliases,
  removeAddress,
  removeDomainAlias,
  resolveRecipient,
  setCatchAll,
  setDomainPolicy,
} from '../src/index.js';
import { caught, openAccountsStore, type AccountsTestStore } from './accounts-support/store.js';

let t: AccountsTestStore;
let alice: ObjectId;
let bob: ObjectId;
beforeAll(async () => {
  t = await openAccountsStore('accounts-resolve');
  alice = (await createUser(t.store, { username: 'alice', addresses: ['Alice.Smith@Example.com'] }))
    .userId;
  bob = (await createUser(t.store, { username: 'bob', addresses: ['bob@bücher.de'] })).userId;
});
afterAll(async () => t?.close());

const resolve = (address: string) => resolveRecipient(t.store, address);

describe('resolveRecipient', () => {
  it.each([
    ['Alice.Smith@Example.com', undefined],
    ['alicesmith@example.com', undefined],
    ['ALICE.SMITH+Lists@EXAMPLE.COM', 'Lists'],
    ['a.l.i.c.e.s.m.i.t.h+x+y@example.com', 'x+y'],
    ['"alice.smith"@example.com', undefined],
  ])('finds the user for %j with label %j', async (address, label) => {
    const recipient = await resolve(address);
    expect(recipient).toMatchObject({ kind: 'user', address: 'Alice.Smith@example.com' });
    expect(recipient?.label).toBe(label);
    expect(recipient?.kind === 'user' && recipient.userId.equals(alice)).toBe(true);
  });

  it('resolves the punycode and the Unicode form of a domain alike', async () => {
    const unicode = await resolve('Bob@BÜCHER.de');
    const puny = await resolve('bob+x@xn--bcher-kva.de');
    expect(unicode).toMatchObject({ kind: 'user', address: 'bob@bücher.de' });
    expect(puny).toMatchObject({ kind: 'user', address: 'bob@bücher.de', label: 'x' });
  });

  it('answers null for an unknown address and throws AddressError for a malformed one', async () => {
    expect(await resolve('nobody@example.com')).toBeNull();
    expect(await resolve('alice.smith@example.net')).toBeNull();
    expect(await caught(() => resolve('alice..smith@example.com'))).toBeInstanceOf(AddressError);
  });
});

describe('domain policy', () => {
  it('counts dots once the domain says so, re-keying existing addresses', async () => {
    const { userId } = await createUser(t.store, {
      username: 'dots',
      addresses: ['first.last@dots.test'],
    });
    expect(await resolve('firstlast@dots.test')).toMatchObject({ kind: 'user' });
    await setDomainPolicy(t.store, 'dots.test', { ignoreDots: false });
    expect(await resolve('firstlast@dots.test')).toBeNull();
    const found = await resolve('First.Last+x@dots.test');
    expect(found?.kind === 'user' && found.userId.equals(userId)).toBe(true);
    await addAddress(t.store, userId, 'firstlast@dots.test');
    expect(await resolve('firstlast@dots.test')).toMatchObject({ kind: 'user' });
  });

  it('refuses a policy under which two addresses would collide, changing nothing', async () => {
    const error = await caught(() => setDomainPolicy(t.store, 'dots.test', { ignoreDots: true }));
    expect(error.code).toBe('ACCOUNT_POLICY_CONFLICT');
    expect(error.message).toContain('first.last@dots.test');
    expect(await resolve('first.last@dots.test')).toMatchObject({
      address: 'first.last@dots.test',
    });
  });
});

describe('domain aliases', () => {
  it('resolves x@alias as x@domain once the alias exists, and no longer after removal', async () => {
    expect(await resolve('alice.smith@example.net')).toBeNull();
    await addDomainAlias(t.store, 'EXAMPLE.net', 'example.com');
    const found = await resolve('alicesmith+tag@example.net');
    expect(found).toMatchObject({ kind: 'user', address: 'Alice.Smith@example.com', label: 'tag' });
    expect((await listDomainAliases(t.store)).map((d) => [d._id, d.aliasOf])).toEqual([
      ['example.net', 'example.com'],
    ]);
    await removeDomainAlias(t.store, 'example.net');
    expect(await resolve('alicesmith@example.net')).toBeNull();
  });

  it('refuses addresses on an alias domain, alias chains and self-aliases', async () => {
    await addDomainAlias(t.store, 'alias.test', 'example.com');
    expect((await caught(() => addAddress(t.store, alice, 'x@alias.test'))).code).toBe(
      'ACCOUNT_DOMAIN_IS_ALIAS',
    );
    expect((await caught(() => addDomainAlias(t.store, 'other.test', 'alias.test'))).code).toBe(
      'ACCOUNT_ALIAS_INVALID',
    );
    expect((await caught(() => addDomainAlias(t.store, 'example.com', 'other.test'))).code).toBe(
      'ACCOUNT_ALIAS_INVALID',
    );
    expect((await caught(() => addDomainAlias(t.store, 'a.test', 'A.TEST'))).code).toBe(
      'ACCOUNT_ALIAS_INVALID',
    );
    expect((await caught(() => addDomainAlias(t.store, 'bücher.de', 'x.test'))).code).toBe(
      'ACCOUNT_ALIAS_INVALID',
    );
    expect((await caught(() => removeDomainAlias(t.store, 'x.test'))).code).toBe(
      'ACCOUNT_ALIAS_NOT_FOUND',
    );
  });
});

describe('catch-all and forwards', () => {
  it('delivers unknown addresses of a domain to its catch-all, exact addresses first', async () => {
    await setCatchAll(t.store, 'Example.com', bob);
    const unknown = await resolve('whoever+x@example.com');
    expect(unknown).toMatchObject({ kind: 'user', address: 'whoever+x@example.com', label: 'x' });
    expect(unknown?.kind === 'user' && unknown.userId.equals(bob)).toBe(true);
    const exact = await resolve('alice.smith@example.com');
    expect(exact?.kind === 'user' && exact.userId.equals(alice)).toBe(true);

    // Login by address asks without the catch-all: a made-up address names nobody.
    expect(await resolveRecipient(t.store, 'whoever@example.com', { catchAll: false })).toBeNull();
    const own = await resolveRecipient(t.store, 'alicesmith@example.com', { catchAll: false });
    expect(own?.kind === 'user' && own.userId.equals(alice)).toBe(true);

    await setCatchAll(t.store, 'example.com', alice);
    const moved = await resolve('whoever@example.com');
    expect(moved?.kind === 'user' && moved.userId.equals(alice)).toBe(true);
    await setCatchAll(t.store, 'example.com', null);
    expect(await resolve('whoever@example.com')).toBeNull();
  });

  it('stores forward-only addresses and replaces their targets', async () => {
    await addForward(t.store, 'team@example.org', ['alice.smith@example.com', 'Bob@BÜCHER.de']);
    expect(await resolve('team+x@example.org')).toEqual({
      kind: 'forward',
      targets: ['alice.smith@example.com', 'Bob@bücher.de'],
      address: 'team@example.org',
      label: 'x',
    });
    await addForward(t.store, 'Team@example.org', ['carol@example.net']);
    expect(await resolve('team@example.org')).toMatchObject({ targets: ['carol@example.net'] });
  });

  it('refuses bad forwards and forwards over owned addresses', async () => {
    const refusals = [
      addForward(t.store, 'loop@example.org', ['l.o.o.p+x@example.org']),
      addForward(t.store, 'none@example.org', []),
      addForward(t.store, 'Alice.Smith@example.com', ['x@example.net']),
      addForward(t.store, 'bad@example.org', ['not an@address']),
    ];
    const codes = await Promise.all(refusals.map((p) => caught(() => p)));
    expect(codes.map((e) => e.code ?? e.name)).toEqual([
      'ACCOUNT_FORWARD_INVALID',
      'ACCOUNT_FORWARD_INVALID',
      'ACCOUNT_ADDRESS_TAKEN',
      'LOCAL_CHARACTER',
    ]);
  });

  it('refuses *@domain as an ordinary address and removes addresses', async () => {
    expect((await caught(() => addAddress(t.store, alice, '*@example.com'))).code).toBe(
      'ACCOUNT_ADDRESS_WILDCARD',
    );
    await addAddress(t.store, alice, 'old@example.com');
    expect((await caught(() => removeAddress(t.store, 'old@example.com', bob))).code).toBe(
      'ACCOUNT_ADDRESS_NOT_FOUND',
    );
    await removeAddress(t.store, 'O.L.D@example.com', alice);
    expect(await resolve('old@example.com')).toBeNull();
  });
});
