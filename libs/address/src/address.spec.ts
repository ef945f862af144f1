import { describe, expect, it } from 'vitest';
import { normalizeAddress } from './address.js';
import { catchAllLookup, normalizeDomain } from './domain.js';
import { AddressError, type AddressErrorCode, type AddressPart } from './errors.js';

describe('normalizeAddress', () => {
  it.each([
    ['John.Doe@Example.COM', 'johndoe@example.com', 'John.Doe@example.com', undefined],
    ['john+News@example.com', 'john@example.com', 'john+News@example.com', 'News'],
    ['j.o.h.n+a+b@example.com', 'john@example.com', 'j.o.h.n+a+b@example.com', 'a+b'],
    ['user+@example.com', 'user@example.com', 'user+@example.com', undefined],
    ['+tag@example.com', '+tag@example.com', '+tag@example.com', undefined],
    ['Ünïcödé@bücher.de', 'ünïcödé@bücher.de', 'Ünïcödé@bücher.de', undefined],
    ['用户@例え.テスト', '用户@例え.テスト', '用户@例え.テスト', undefined],
    ['ops@xn--bcher-kva.de', 'ops@bücher.de', 'ops@bücher.de', undefined],
    ['"john"@example.com', 'john@example.com', '"john"@example.com', undefined],
    ['"John Doe"@example.com', '"john doe"@example.com', '"John Doe"@example.com', undefined],
    ['"a\\"b"@example.com', '"a\\"b"@example.com', '"a\\"b"@example.com', undefined],
    ['"a@b"@example.com', '"a@b"@example.com', '"a@b"@example.com', undefined],
    ['  user@example.com \n', 'user@example.com', 'user@example.com', undefined],
  ])('normalizes %j', (input, lookup, display, label) => {
    const result = normalizeAddress(input);
    expect(result.lookup).toBe(lookup);
    expect(result.display).toBe(display);
    expect(result.label).toBe(label);
  });

  it('keeps dots when the domain policy says they count', () => {
    expect(normalizeAddress('J.Doe+x@example.com', { ignoreDots: false }).lookup).toBe(
      'j.doe@example.com',
    );
  });

  it('composes decomposed input to NFC in every form', () => {
    const decomposed = 'Jose\u0301@exa\u0301mple.com';
    const result = normalizeAddress(decomposed);
    expect(result.local).toBe('Jos\u00e9');
    expect(result.lookup).toBe('jos\u00e9@ex\u00e1mple.com');
    expect(result.asciiDomain).toBe('xn--exmple-qta.com');
  });

  it('gives the ASCII form of the domain', () => {
    expect(normalizeAddress('a@Bücher.de').asciiDomain).toBe('xn--bcher-kva.de');
  });
});

describe('normalizeAddress refuses invalid input', () => {
  const long = (n: number) => 'a'.repeat(n);
  it.each<[string, AddressPart, AddressErrorCode]>([
    ['', 'address', 'ADDRESS_EMPTY'],
    ['   ', 'address', 'ADDRESS_EMPTY'],
    ['user.example.com', 'address', 'ADDRESS_NO_AT'],
    ['@example.com', 'local', 'LOCAL_EMPTY'],
    ['us\ter@example.com', 'address', 'ADDRESS_CONTROL'],
    ['"a\u0000"@example.com', 'address', 'ADDRESS_CONTROL'],
    [`${long(65)}@example.com`, 'local', 'LOCAL_TOO_LONG'],
    [`${'é'.repeat(33)}@example.com`, 'local', 'LOCAL_TOO_LONG'],
    ['.user@example.com', 'local', 'LOCAL_DOT'],
    ['user.@example.com', 'local', 'LOCAL_DOT'],
    ['us..er@example.com', 'local', 'LOCAL_DOT'],
    ['us er@example.com', 'local', 'LOCAL_CHARACTER'],
    ['us"er@example.com', 'local', 'LOCAL_CHARACTER'],
    ['a@b@example.com', 'local', 'LOCAL_CHARACTER'],
    ['us(er)@example.com', 'local', 'LOCAL_CHARACTER'],
    ['us\u3000er@example.com', 'local', 'LOCAL_CHARACTER'],
    ['"user@example.com', 'local', 'LOCAL_QUOTE'],
    ['"us"er@example.com', 'local', 'LOCAL_QUOTE'],
    ['"user\\@example.com', 'local', 'LOCAL_ESCAPE'],
    ['\ud800x@example.com', 'local', 'LOCAL_UNICODE'],
    ['user@', 'domain', 'DOMAIN_EMPTY'],
    ['user@[192.0.2.1]', 'domain', 'DOMAIN_LITERAL'],
    ['user@example..com', 'domain', 'DOMAIN_LABEL_EMPTY'],
    ['user@.example.com', 'domain', 'DOMAIN_LABEL_EMPTY'],
    ['user@example.com.', 'domain', 'DOMAIN_LABEL_EMPTY'],
    [`user@${long(64)}.com`, 'domain', 'DOMAIN_LABEL_TOO_LONG'],
    [`user@${Array(5).fill(long(60)).join('.')}.com`, 'domain', 'DOMAIN_TOO_LONG'],
    ['user@xn--zz.de', 'domain', 'DOMAIN_IDNA'],
    ['user@exa mple.com', 'domain', 'DOMAIN_IDNA'],
    ['user@foo_bar.com', 'domain', 'DOMAIN_CHARACTER'],
    ['user@a*b.com', 'domain', 'DOMAIN_CHARACTER'],
    ['user@-example.com', 'domain', 'DOMAIN_HYPHEN'],
    ['user@example-.com', 'domain', 'DOMAIN_HYPHEN'],
    ['user@192.0.2.1', 'domain', 'DOMAIN_NUMERIC'],
    ['user@0x7f.1', 'domain', 'DOMAIN_NUMERIC'],
    [`${long(64)}@${long(63)}.${long(63)}.${long(60)}.com`, 'address', 'ADDRESS_TOO_LONG'],
  ])('refuses %j: %s part, %s', (input, part, code) => {
    let caught: unknown;
    try {
      normalizeAddress(input);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AddressError);
    const error = caught as AddressError;
    expect({ part: error.part, code: error.code }).toEqual({ part, code });
    expect(error.reason.length).toBeGreaterThan(10);
    expect(error.message).toContain(error.reason);
  });
});

describe('normalizeDomain and catchAllLookup', () => {
  it('gives one canonical form for the Unicode and the punycode spelling', () => {
    expect(normalizeDomain('MÜNCHEN.de')).toEqual(normalizeDomain('xn--mnchen-3ya.de'));
    expect(normalizeDomain('xn--mnchen-3ya.DE').domain).toBe('münchen.de');
  });

  it('treats ideographic full stops as dots (UTS #46 mapping)', () => {
    expect(normalizeDomain('例え\u3002テスト').domain).toBe('例え.テスト');
  });

  it('builds the catch-all key from the canonical domain', () => {
    expect(catchAllLookup('XN--BCHER-KVA.de')).toBe('*@bücher.de');
  });
});
