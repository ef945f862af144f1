import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

// Secrets the server must read back (TOTP seeds) cannot be stored as digests: they are sealed
// with AES-256-GCM under the configured AUTH_SECRETS_KEY. The envelope names its format version
// and the key it was sealed with, so a later key ring can rotate keys without guessing.

/** Bytes of an AES-256 key. */
export const SECRETS_KEY_BYTES = 32;
/** Bytes of a GCM nonce: 96 bits, the length NIST SP 800-38D section 8.2 recommends. */
const NONCE_BYTES = 12;
/** Bytes of a GCM authentication tag: the full 128 bits. */
const TAG_BYTES = 16;
/** Hex digits of a key id: enough to tell keys apart, far too few to say anything of the key. */
const KEY_ID_HEX_DIGITS = 16;

/** A secret sealed with AES-256-GCM; every binary field is standard base64. */
export interface SealedSecret {
  v: 1;
  /** Id of the key that sealed it ({@link secretsKeyId}). */
  kid: string;
  iv: string;
  tag: string;
  data: string;
}

/** A sealed secret could not be opened: another key, another owner, or altered bytes. */
export class SealedSecretError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SealedSecretError';
  }
}

/** The public id of a key: a labelled SHA-256 prefix, stored beside what the key seals. */
export function secretsKeyId(key: Buffer): string {
  const digest = createHash('sha256').update('mailstore secrets key id\0').update(key).digest();
  return digest.toString('hex').slice(0, KEY_ID_HEX_DIGITS);
}

/**
 * Seals `secret` under `key` with a fresh random nonce. `context` (purpose and owner, such as
 * `totp:<user id>`) is authenticated but not stored, so the envelope opens only for that owner.
 */
export function sealSecret(key: Buffer, context: string, secret: string): SealedSecret {
  checkKey(key);
  const iv = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const data = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return {
    v: 1,
    kid: secretsKeyId(key),
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  };
}

/** Opens an envelope of {@link sealSecret}; throws {@link SealedSecretError} when it cannot. */
export function openSecret(key: Buffer, context: string, sealed: SealedSecret): string {
  checkKey(key);
  if (sealed.v !== 1) throw new SealedSecretError(`unknown envelope version ${String(sealed.v)}`);
  if (sealed.kid !== secretsKeyId(key)) {
    throw new SealedSecretError(`sealed with key ${sealed.kid}, not the configured key`);
  }
  const iv = Buffer.from(sealed.iv, 'base64');
  const tag = Buffer.from(sealed.tag, 'base64');
  if (iv.length !== NONCE_BYTES || tag.length !== TAG_BYTES) {
    throw new SealedSecretError('malformed envelope');
  }
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(tag);
  try {
    const data = Buffer.from(sealed.data, 'base64');
    return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
  } catch {
    // GCM says only "does not authenticate": wrong owner, altered bytes, or a colliding key id.
    throw new SealedSecretError('envelope does not authenticate');
  }
}

/** True for a value shaped like a {@link SealedSecret} (as opposed to a legacy clear string). */
export function isSealedSecret(value: unknown): value is SealedSecret {
  return typeof value === 'object' && value !== null && 'v' in value && 'data' in value;
}

function checkKey(key: Buffer): void {
  if (key.length !== SECRETS_KEY_BYTES) {
    throw new RangeError(`a secrets key has ${SECRETS_KEY_BYTES} bytes, not ${key.length}`);
  }
}
