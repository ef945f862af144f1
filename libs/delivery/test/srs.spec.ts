import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { srsForward, srsReverse, SRS_TIMESTAMP_SLOTS, type SrsOptions } from '../src/index.js';

const OPTIONS: SrsOptions = {
  secret: 'a-long-enough-srs-secret',
  domain: 'srs.example.com',
  maxAgeDays: 21,
};
const NOW = new Date('2026-12-03T17:00:00Z');
const DAY_MS = 86_400_000;

const atext = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789');
const special = fc.constantFrom(..."!#$%&'*+-/=?^_`{|}~");
const atom = fc.string({ unit: fc.oneof({ weight: 5, arbitrary: atext }, special), minLength: 1 });
const localPart = fc.array(atom, { minLength: 1, maxLength: 3 }).map((atoms) => atoms.join('.'));
const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/);
const domain = fc
  .array(label, { minLength: 2, maxLength: 4 })
  .map((labels) => labels.join('.'))
  .filter((d) => d.toLowerCase() !== OPTIONS.domain);
/** A plain sender: not already an SRS address. */
const sender = fc
  .tuple(localPart, domain)
  .filter(([local]) => !/^SRS[01][=+-]/i.test(local))
  .map(([local, d]) => `${local}@${d}`);
const instant = fc.date({
  min: new Date('2000-01-01Z'),
  max: new Date('2100-01-01Z'),
  noInvalidDate: true,
});

/** Replaces the hash of an SRS local part (after the tag) with another one. */
function withHash(address: string, hash: string): string {
  return address.replace(/^(SRS[01]=)[^=]{4}/, `$1${hash}`);
}

describe('srsForward', () => {
  it('rewrites a sender into SRS0=HHHH=TT=domain=local at the SRS domain', () => {
    const rewritten = srsForward('Alice.Smith@example.org', OPTIONS, NOW);
    expect(rewritten).toMatch(
      /^SRS0=[A-Za-z0-9+/]{4}=[A-Z2-7]{2}=example\.org=Alice\.Smith@srs\.example\.com$/,
    );
    // The timestamp counts days since the epoch modulo 1024 in base32.
    const days = Math.floor(NOW.getTime() / DAY_MS) % SRS_TIMESTAMP_SLOTS;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
    expect(rewritten.split('=')[2]).toBe(alphabet[days >> 5]! + alphabet[days & 31]!);
  });

  it('hashes HMAC-SHA1 of timestamp, domain and local part, lowercased, base64', () => {
    const rewritten = srsForward('Bob@Example.org', OPTIONS, NOW);
    const [, hash, stamp] = rewritten.split('=');
    const expected = createHmac('sha1', OPTIONS.secret)
      .update(`${stamp!.toLowerCase()}example.orgbob`)
      .digest('base64')
      .slice(0, 4);
    expect(hash).toBe(expected);
  });

  it('keeps the null sender, an address without a domain and our own domain as they are', () => {
    expect(srsForward('', OPTIONS, NOW)).toBe('');
    expect(srsForward('postmaster', OPTIONS, NOW)).toBe('postmaster');
    expect(srsForward('me@SRS.example.com', OPTIONS, NOW)).toBe('me@SRS.example.com');
  });

  it('turns another forwarder SRS0 address into SRS1 naming that forwarder', () => {
    const srs0 = 'SRS0=abcd=XY=orig.example=bob@first.example';
    const rewritten = srsForward(srs0, OPTIONS, NOW);
    expect(rewritten).toMatch(
      /^SRS1=[A-Za-z0-9+/]{4}=first\.example==abcd=XY=orig\.example=bob@srs\.example\.com$/,
    );
  });

  it('re-hashes an SRS1 address and keeps the first forwarder', () => {
    const srs1 = 'SRS1=zzzz=first.example==abcd=XY=orig.example=bob@second.example';
    const rewritten = srsForward(srs1, OPTIONS, NOW);
    expect(rewritten).toMatch(
      /^SRS1=[A-Za-z0-9+/]{4}=first\.example==abcd=XY=orig\.example=bob@srs\.example\.com$/,
    );
    expect(rewritten.slice(5, 9)).not.toBe('zzzz');
  });
});

describe('srsReverse', () => {
  it('gives back the original sender of any forward within the age limit', () => {
    fc.assert(
      fc.property(sender, instant, fc.integer({ min: 0, max: 21 }), (from, at, days) => {
        const rewritten = srsForward(from, OPTIONS, at);
        const later = new Date(at.getTime() + days * DAY_MS);
        expect(srsReverse(rewritten, OPTIONS, later)).toEqual({ kind: 'valid', address: from });
      }),
    );
  });

  it('accepts an address whose case an MTA folded on the way back', () => {
    fc.assert(
      fc.property(sender, instant, (from, at) => {
        const rewritten = srsForward(from, OPTIONS, at);
        const folded = srsReverse(rewritten.toLowerCase(), OPTIONS, at);
        expect(folded).toEqual({ kind: 'valid', address: from.toLowerCase() });
      }),
    );
  });

  it('gives back the first forwarder SRS0 address for an SRS1 address', () => {
    fc.assert(
      fc.property(sender, domain, instant, (from, first, at) => {
        fc.pre(!from.toLowerCase().endsWith(`@${first}`));
        const other = { ...OPTIONS, secret: 'the-first-forwarder-secret', domain: first };
        const srs0 = srsForward(from, other, at);
        const srs1 = srsForward(srs0, OPTIONS, at);
        expect(srs1.startsWith('SRS1=')).toBe(true);
        expect(srsReverse(srs1, OPTIONS, at)).toEqual({ kind: 'valid', address: srs0 });
        expect(srsReverse(srs0, other, at)).toEqual({ kind: 'valid', address: from });
      }),
    );
  });

  it('refuses a tampered hash', () => {
    fc.assert(
      fc.property(sender, instant, fc.stringMatching(/^[A-Za-z0-9+/]{4}$/), (from, at, hash) => {
        const rewritten = srsForward(from, OPTIONS, at);
        fc.pre(hash.toLowerCase() !== rewritten.slice(5, 9).toLowerCase());
        const forged = withHash(rewritten, hash);
        expect(srsReverse(forged, OPTIONS, at)).toEqual({ kind: 'invalid', reason: 'bad-hash' });
      }),
    );
  });

  it('refuses a changed original address and another secret', () => {
    fc.assert(
      fc.property(sender, instant, (from, at) => {
        const rewritten = srsForward(from, OPTIONS, at);
        const [tag, hash, stamp, host, ...local] = rewritten.split('@')[0]!.split('=');
        const redirected = `${tag}=${hash}=${stamp}=${host}=x${local.join('=')}@${OPTIONS.domain}`;
        expect(srsReverse(redirected, OPTIONS, at)).toMatchObject({ kind: 'invalid' });
        const other = { ...OPTIONS, secret: 'another-srs-secret-entirely' };
        expect(srsReverse(rewritten, other, at)).toMatchObject({ kind: 'invalid' });
      }),
    );
  });

  it('refuses an address older than the age limit, or stamped in the future', () => {
    fc.assert(
      fc.property(sender, instant, fc.integer({ min: 22, max: 1023 }), (from, at, days) => {
        const rewritten = srsForward(from, OPTIONS, at);
        const later = new Date(at.getTime() + days * DAY_MS);
        expect(srsReverse(rewritten, OPTIONS, later)).toEqual({
          kind: 'invalid',
          reason: 'expired',
        });
      }),
    );
    const tomorrow = srsForward('a@example.org', OPTIONS, new Date(NOW.getTime() + DAY_MS));
    expect(srsReverse(tomorrow, OPTIONS, NOW)).toEqual({ kind: 'invalid', reason: 'expired' });
  });

  it('refuses malformed SRS addresses and leaves other addresses alone', () => {
    const malformed = [
      'SRS0=abcd@srs.example.com',
      'SRS0=abcd=!!=d=l@srs.example.com',
      'SRS1=x@srs.example.com',
    ];
    for (const address of malformed) {
      expect(srsReverse(address, OPTIONS, NOW)).toEqual({ kind: 'invalid', reason: 'malformed' });
    }
    expect(srsReverse('alice@srs.example.com', OPTIONS, NOW)).toEqual({ kind: 'not-srs' });
    const elsewhere = srsForward('a@example.org', OPTIONS, NOW).replace('srs.example.com', 'x.org');
    expect(srsReverse(elsewhere, OPTIONS, NOW)).toEqual({ kind: 'not-srs' });
  });
});
