import { domainToASCII } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeAddress } from './address.js';

// Characters from several scripts and both cases, with the ones case mapping treats specially
// (sigma forms, sharp s); `+` and `.` are left out so the tests place them on purpose.
const LOCAL_CHARS = [..."abcXYZ09!#$%&'*-/=?^_`{|}~", ...'éÉüÜßσςΣжЖ用户ñÑ'];
const DOMAIN_CHARS = [...'abcxyzABC019', ...'üÖäéЖж例え'];
const TLDS = ['com', 'DE', 'рф', 'テスト', 'xn--p1ai'];

const atom = fc.string({ unit: fc.constantFrom(...LOCAL_CHARS), minLength: 1, maxLength: 8 });
const localPart = fc.array(atom, { minLength: 1, maxLength: 3 }).map((atoms) => atoms.join('.'));
const label = fc.string({ unit: fc.constantFrom(...LOCAL_CHARS, '+'), maxLength: 6 });
const domainLabel = fc.string({
  unit: fc.constantFrom(...DOMAIN_CHARS),
  minLength: 1,
  maxLength: 8,
});
const domain = fc
  .tuple(fc.array(domainLabel, { minLength: 1, maxLength: 3 }), fc.constantFrom(...TLDS))
  .map(([labels, tld]) => [...labels, tld].join('.'));
// Quoted content: printable ASCII and spaces, written with quotes and backslashes escaped.
const quotedText = fc.string({
  unit: fc.constantFrom(...'ab Z."\\@+(),:;<>[]é'),
  minLength: 1,
  maxLength: 12,
});
const quote = (text: string) => `"${text.replace(/["\\]/g, (char) => `\\${char}`)}"`;

const RUNS = { numRuns: 300 };

describe('normalizeAddress properties', () => {
  it('normalizing twice changes nothing', () => {
    fc.assert(
      fc.property(localPart, quotedText, label, domain, (local, text, tag, host) => {
        for (const typed of [`${local}+${tag}`, quote(`${text}+${tag}`), quote(text)]) {
          const first = normalizeAddress(`${typed}@${host}`);
          const again = normalizeAddress(first.display);
          expect(again.lookup).toBe(first.lookup);
          expect(again.display).toBe(first.display);
          expect(normalizeAddress(first.lookup).lookup).toBe(first.lookup);
        }
      }),
      RUNS,
    );
  });

  it('resolves +label variants to the same lookup and keeps the label', () => {
    fc.assert(
      fc.property(localPart, label, domain, (local, tag, host) => {
        const plain = normalizeAddress(`${local}@${host}`);
        const labelled = normalizeAddress(`${local}+${tag}@${host}`);
        expect(labelled.lookup).toBe(plain.lookup);
        expect(labelled.label).toBe(tag === '' ? undefined : tag);
      }),
      RUNS,
    );
  });

  it('resolves dot variants alike unless the domain policy keeps dots', () => {
    fc.assert(
      fc.property(fc.array(atom, { minLength: 2, maxLength: 4 }), domain, (atoms, host) => {
        const joined = normalizeAddress(`${atoms.join('')}@${host}`);
        const dotted = normalizeAddress(`${atoms.join('.')}@${host}`);
        expect(dotted.lookup).toBe(joined.lookup);
        const strict = { ignoreDots: false };
        const strictJoined = normalizeAddress(`${atoms.join('')}@${host}`, strict);
        const strictDotted = normalizeAddress(`${atoms.join('.')}@${host}`, strict);
        expect(strictDotted.lookup).not.toBe(strictJoined.lookup);
      }),
      RUNS,
    );
  });

  it('resolves upper- and lower-case spellings alike', () => {
    fc.assert(
      fc.property(localPart, domain, (local, host) => {
        const lower = normalizeAddress(`${local.toLowerCase()}@${host.toLowerCase()}`);
        const upper = normalizeAddress(`${local.toUpperCase()}@${host.toUpperCase()}`);
        expect(upper.lookup).toBe(lower.lookup);
      }),
      RUNS,
    );
  });

  it('resolves the punycode and the Unicode form of a domain alike', () => {
    fc.assert(
      fc.property(localPart, domain, (local, host) => {
        const ascii = domainToASCII(host);
        expect(ascii).toMatch(/^[a-z0-9.-]+$/);
        const unicode = normalizeAddress(`${local}@${host}`);
        const puny = normalizeAddress(`${local}@${ascii}`);
        expect(puny.lookup).toBe(unicode.lookup);
        expect(puny.asciiDomain).toBe(ascii);
        expect(puny.domain).toBe(unicode.domain);
      }),
      RUNS,
    );
  });
});
