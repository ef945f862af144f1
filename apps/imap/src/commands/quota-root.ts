import { atom, untaggedResponse } from '@mailstore/imap-proto';
import { getUser } from '@mailstore/storage';
import type { Session } from '../session/session.js';

/**
 * The one quota root of a user, holding all of the user's mailboxes (RFC 9208 section 3).
 */
export const USER_QUOTA_ROOT = '';

/** RFC 9208 section 5.1: STORAGE is counted in units of 1024 octets. */
const STORAGE_UNIT_BYTES = 1024;

/** A user's storage quota in bytes; limit 0 (unlimited) is no quota at all. */
export interface StorageQuota {
  limit: number;
  used: number;
}

/** Reads the user's quota from the users collection; null when the user has no limit. */
export async function readQuota(session: Session): Promise<StorageQuota | null> {
  const user = await getUser(session.env.store, session.userId);
  const limit = user?.quota.limit ?? 0;
  return limit > 0 ? { limit, used: Math.max(0, user?.quota.used ?? 0) } : null;
}

/**
 * `* QUOTA "" (STORAGE used limit)` (RFC 9208 section 5.1), in KiB: usage rounded up and the
 * limit rounded down, so a client never sees more room than there is.
 */
export function quotaResponse(session: Session, quota: StorageQuota): Buffer {
  const used = Math.ceil(quota.used / STORAGE_UNIT_BYTES);
  const limit = Math.floor(quota.limit / STORAGE_UNIT_BYTES);
  const resources = [atom('STORAGE'), used, limit];
  return untaggedResponse([atom('QUOTA'), USER_QUOTA_ROOT, resources], session);
}
