// Sender Rewriting Scheme, in the address format of the SRS guide (Shevek) and libsrs2, so the
// bounce addresses we hand out read like every other forwarder's. No I/O: the caller passes the
// time.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Characters of the HMAC kept in an address: about 20 bits against forged bounces. */
export const SRS_HASH_CHARS = 4;
/** The day timestamp counts modulo this many days (two base32 characters). */
export const SRS_TIMESTAMP_SLOTS = 1024;

const DAY_MS = 86_400_000;
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
/** The separator between the fields of an SRS local part. */
const SEP = '=';
/** The tag and the separator after it; other forwarders may write `+` or `-` there. */
const SRS0_TAG = /^SRS0[=+-]/i;
const SRS1_TAG = /^SRS1[=+-]/i;

/** The forwarder's SRS settings (the SRS_* variables). */
export interface SrsOptions {
  /** Key of the HMAC; never logged. */
  secret: string;
  /** Domain of the rewritten addresses; its bounces must come back to this LMTP. */
  domain: string;
  /** Days after which a rewritten address is refused; below {@link SRS_TIMESTAMP_SLOTS}. */
  maxAgeDays: number;
}

/** Why an address at the SRS domain was refused. */
export type SrsRefusal = 'malformed' | 'bad-hash' | 'expired';

/** What reversing an address gave: not an SRS address of ours, the original, or a refusal. */
export type SrsReverse =
  | { kind: 'not-srs' }
  | { kind: 'valid'; address: string }
  | { kind: 'invalid'; reason: SrsRefusal };

/**
 * The reverse path of a forwarded copy. A null sender stays null (bounces are never
 * rewritten), an address already in our domain is kept, an SRS0 or SRS1 address of another
 * forwarder becomes SRS1 (pointing back at the first forwarder), any other becomes SRS0.
 */
export function srsForward(mailFrom: string, options: SrsOptions, now: Date): string {
  const at = mailFrom.lastIndexOf('@');
  if (mailFrom === '' || at <= 0) return mailFrom;
  const local = mailFrom.slice(0, at);
  const domain = mailFrom.slice(at + 1);
  if (asciiLower(domain) === asciiLower(options.domain)) return mailFrom;

  if (SRS1_TAG.test(local)) {
    // Keep the first forwarder's host and its opaque part; only our hash is new.
    const parts = splitN(local.slice(5), 2);
    if (parts) return srs1(parts[1]!, parts[2]!, options);
  }
  if (SRS0_TAG.test(local)) return srs1(domain, local.slice(4), options);

  const stamp = timestamp(now);
  const hash = hashOf(options.secret, stamp, domain, local);
  return `SRS0${SEP}${hash}${SEP}${stamp}${SEP}${domain}${SEP}${local}@${options.domain}`;
}

/**
 * Reverses an address of our SRS domain: SRS0 gives back the original sender, SRS1 the SRS0
 * address of the first forwarder. The hash must match (compared without case, as MTAs may fold
 * it) and an SRS0 timestamp must be at most `maxAgeDays` old.
 */
export function srsReverse(address: string, options: SrsOptions, now: Date): SrsReverse {
  const at = address.lastIndexOf('@');
  if (at <= 0 || asciiLower(address.slice(at + 1)) !== asciiLower(options.domain)) {
    return { kind: 'not-srs' };
  }
  const local = address.slice(0, at);
  if (SRS0_TAG.test(local)) return reverseSrs0(local.slice(5), options, now);
  if (SRS1_TAG.test(local)) return reverseSrs1(local.slice(5), options);
  return { kind: 'not-srs' };
}

function reverseSrs0(rest: string, options: SrsOptions, now: Date): SrsReverse {
  const parts = splitN(rest, 3);
  if (!parts) return invalid('malformed');
  const [hash, stamp, domain, local] = parts as [string, string, string, string];
  if (domain === '' || local === '' || decodeStamp(stamp) === null) return invalid('malformed');
  if (!sameHash(hash, hashOf(options.secret, stamp, domain, local))) return invalid('bad-hash');
  if (ageDays(stamp, now) > options.maxAgeDays) return invalid('expired');
  return { kind: 'valid', address: `${local}@${domain}` };
}

function reverseSrs1(rest: string, options: SrsOptions): SrsReverse {
  const parts = splitN(rest, 2);
  if (!parts) return invalid('malformed');
  const [hash, host, opaque] = parts as [string, string, string];
  if (host === '' || opaque === '') return invalid('malformed');
  if (!sameHash(hash, hashOf(options.secret, host, opaque))) return invalid('bad-hash');
  // The first forwarder checks its own SRS0 hash and age.
  return { kind: 'valid', address: `SRS0${opaque}@${host}` };
}

/** `SRS1=HHHH=host==...`: `opaque` keeps the separator that followed the SRS0 tag. */
function srs1(host: string, opaque: string, options: SrsOptions): string {
  const hash = hashOf(options.secret, host, opaque);
  return `SRS1${SEP}${hash}${SEP}${host}${SEP}${opaque}@${options.domain}`;
}

/** The first `count` fields split at SEP and the remainder, or null when there are fewer. */
function splitN(text: string, count: number): string[] | null {
  const parts: string[] = [];
  let rest = text;
  for (let i = 0; i < count; i++) {
    const index = rest.indexOf(SEP);
    if (index < 0) return null;
    parts.push(rest.slice(0, index));
    rest = rest.slice(index + 1);
  }
  parts.push(rest);
  return parts;
}

/**
 * HMAC-SHA1 of the fields (ASCII-lowercased, since an MTA may fold the case of a local part on
 * the way back), base64, cut to {@link SRS_HASH_CHARS}.
 */
function hashOf(secret: string, ...fields: string[]): string {
  const hmac = createHmac('sha1', secret);
  for (const field of fields) hmac.update(asciiLower(field), 'utf8');
  return hmac.digest('base64').slice(0, SRS_HASH_CHARS);
}

function sameHash(given: string, expected: string): boolean {
  const a = Buffer.from(asciiLower(given), 'utf8');
  const b = Buffer.from(asciiLower(expected), 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Days since the epoch modulo {@link SRS_TIMESTAMP_SLOTS}, as two base32 characters. */
function timestamp(now: Date): string {
  const days = Math.floor(now.getTime() / DAY_MS) % SRS_TIMESTAMP_SLOTS;
  return BASE32[days >> 5]! + BASE32[days & 31]!;
}

function decodeStamp(stamp: string): number | null {
  if (stamp.length !== 2) return null;
  const high = BASE32.indexOf(stamp[0]!.toUpperCase());
  const low = BASE32.indexOf(stamp[1]!.toUpperCase());
  return high < 0 || low < 0 ? null : (high << 5) | low;
}

/** Whole days since `stamp`; a stamp in the future counts as almost a full cycle old. */
function ageDays(stamp: string, now: Date): number {
  const today = Math.floor(now.getTime() / DAY_MS) % SRS_TIMESTAMP_SLOTS;
  const then = decodeStamp(stamp) ?? 0;
  return (today - then + SRS_TIMESTAMP_SLOTS) % SRS_TIMESTAMP_SLOTS;
}

function invalid(reason: SrsRefusal): SrsReverse {
  return { kind: 'invalid', reason };
}

function asciiLower(text: string): string {
  return text.replace(/[A-Z]/g, (c) => c.toLowerCase());
}
