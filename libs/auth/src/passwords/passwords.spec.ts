import bcrypt from 'bcryptjs';
import { describe, expect, it } from 'vitest';
import { argon2NeedsRehash, hashPassword } from './argon2.js';
import { encodePbkdf2 } from './pbkdf2.js';
import { sha512Crypt, verifySha512Crypt } from './sha512-crypt.js';
import { checkPassword, passwordScheme } from './verify.js';

// The first three are test vectors of "Unix crypt using SHA-256 and SHA-512" (Drepper, 2008).
const SHA512_CRYPT_VECTORS: Array<[string, string, number | undefined, string]> = [
  [
    'Hello world!',
    'saltstring',
    undefined,
    '$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1',
  ],
  [
    'Hello world!',
    'saltstringsaltstring',
    10_000,
    '$6$rounds=10000$saltstringsaltst$OW1/O6BYHV6BcXZu8QVeXbDWra3Oeqh0sbHbbMCVNSnCM/UrjmM0Dp8vOuZeHBy/YTBmSK6H9qs/y3RnOaw5v.',
  ],
  [
    'This is just a test',
    'toolongsaltstring',
    5_000,
    '$6$rounds=5000$toolongsaltstrin$lQ8jolhgVRVhY4b5pZKaysCLi0QBxGoNeKQzQ3glMhwllF7oGDZxUhx1yxdYcz/e1JSbq3y6JMxxl8audkUEm0',
  ],
  [
    'we have a short salt string but not a short password',
    'short',
    1_400,
    // Computed with glibc's crypt(3) (perl -e 'print crypt(...)'), the reference implementation.
    '$6$rounds=1400$short$6BQGAjRNENRhi5dyFmCZVY3.EOdIlyiYXV/xGwknHuddr2npjVylKiiUX3.9hktANmqQ7mB5UV79urHhRXxpt0',
  ],
];

describe('SHA-512-crypt', () => {
  it.each(SHA512_CRYPT_VECTORS)('computes the specification vector for %j', (p, s, r, out) => {
    expect(sha512Crypt(p, s, r)).toBe(out);
    expect(verifySha512Crypt(out, p)).toBe(true);
    expect(verifySha512Crypt(out, `${p}x`)).toBe(false);
  });

  it('raises rounds below the minimum to 1000, as the specification says', () => {
    expect(sha512Crypt('x', 'salt', 10)).toMatch(/^\$6\$rounds=1000\$salt\$/);
  });
});

describe('checkPassword', () => {
  it('accepts argon2id and asks no rehash at the current cost', async () => {
    const encoded = await hashPassword('correct horse');
    expect(encoded).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await checkPassword(encoded, 'correct horse')).toEqual({ ok: true, needsRehash: false });
    expect(await checkPassword(encoded, 'wrong horse')).toEqual({ ok: false, needsRehash: false });
  });

  it('asks a rehash for argon2 hashes with other parameters', () => {
    expect(argon2NeedsRehash('$argon2id$v=19$m=4096,t=3,p=1$c2FsdHNhbHQ$aGFzaA')).toBe(true);
  });

  it('accepts imported bcrypt, PBKDF2 and SHA-512-crypt hashes and asks a rehash', async () => {
    const imported = [
      bcrypt.hashSync('legacy pw', 4),
      await encodePbkdf2('legacy pw', Buffer.from('0123456789abcdef'), 1000),
      sha512Crypt('legacy pw', 'abcdefgh'),
    ];
    expect(imported.map(passwordScheme)).toEqual(['bcrypt', 'pbkdf2', 'sha512-crypt']);
    for (const encoded of imported) {
      expect(await checkPassword(encoded, 'legacy pw')).toEqual({ ok: true, needsRehash: true });
      expect(await checkPassword(encoded, 'legacy px')).toEqual({ ok: false, needsRehash: false });
    }
  });

  it('refuses unknown formats and oversized passwords', async () => {
    expect(await checkPassword('plain', 'plain')).toEqual({ ok: false, needsRehash: false });
    const encoded = await hashPassword('a');
    expect((await checkPassword(encoded, 'a'.repeat(5000))).ok).toBe(false);
  });
});
