import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openSecret, sealSecret, SealedSecretError, secretsKeyId } from './sealed-secret.js';

const key = randomBytes(32);
const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

describe('sealSecret and openSecret', () => {
  it('round-trips, with a fresh 12-byte nonce each time and no clear text in the envelope', () => {
    const a = sealSecret(key, 'totp:1', secret);
    const b = sealSecret(key, 'totp:1', secret);
    expect(a).toMatchObject({ v: 1, kid: secretsKeyId(key) });
    expect(Buffer.from(a.iv, 'base64')).toHaveLength(12);
    expect(Buffer.from(a.tag, 'base64')).toHaveLength(16);
    expect(a.iv).not.toBe(b.iv);
    expect(a.data).not.toBe(b.data);
    expect(JSON.stringify(a)).not.toContain(secret);
    expect(openSecret(key, 'totp:1', a)).toBe(secret);
    expect(openSecret(key, 'totp:1', b)).toBe(secret);
  });

  it('refuses another context, another key, altered bytes and unknown versions', () => {
    const sealed = sealSecret(key, 'totp:1', secret);
    expect(() => openSecret(key, 'totp:2', sealed)).toThrow(SealedSecretError);
    expect(() => openSecret(randomBytes(32), 'totp:1', sealed)).toThrow(/not the configured key/);
    const data = Buffer.from(sealed.data, 'base64');
    data[0] = (data[0] ?? 0) ^ 1;
    const altered = { ...sealed, data: data.toString('base64') };
    expect(() => openSecret(key, 'totp:1', altered)).toThrow('envelope does not authenticate');
    const future = { ...sealed, v: 2 } as unknown as typeof sealed;
    expect(() => openSecret(key, 'totp:1', future)).toThrow(/unknown envelope version 2/);
  });

  it('accepts only 32-byte keys', () => {
    expect(() => sealSecret(randomBytes(16), 'totp:1', secret)).toThrow(RangeError);
  });
});
