import type { ObjectId } from 'mongodb';
import type { AuthStore } from './store.js';
import { COLLECTIONS } from './users.js';

/** What happened, in the log's words. */
export type SecurityEvent =
  | 'login'
  | 'second-factor'
  | 'token-revoked'
  | 'tokens-revoked-all'
  | 'password-changed'
  | 'app-password-created'
  | 'app-password-revoked'
  | 'totp-enabled'
  | 'totp-disabled'
  | 'webauthn-registered'
  | 'webauthn-removed'
  | 'recovery-codes-created'
  | 'profile-created'
  | 'service-check';

/** The credential or factor an event used. */
export type SecurityFactor =
  'password' | 'app-password' | 'totp' | 'webauthn' | 'recovery-code' | 'token';

/** One entry of the security log. */
export interface SecurityLogEntry {
  _id?: ObjectId;
  /** Null when the login named no account: such entries are not shown to anyone. */
  user: ObjectId | null;
  at: Date;
  event: SecurityEvent;
  outcome: 'success' | 'failure';
  /** Why a failure failed (our own words, never the credential). */
  reason?: string;
  factor?: SecurityFactor;
  protocol?: string;
  remoteAddress?: string;
  client?: string;
  appPasswordId?: ObjectId;
}

/** Most entries one read of the log returns. */
export const MAX_SECURITY_LOG_PAGE = 200;
/** Longest client description kept, in characters: the client names it, so it is bounded. */
export const MAX_CLIENT_CHARS = 200;

/** Appends an entry; a failure to write is logged, never thrown into a login. */
export async function recordSecurityEvent(
  store: AuthStore,
  entry: Omit<SecurityLogEntry, 'at' | '_id'>,
): Promise<void> {
  const document: SecurityLogEntry = { ...entry, at: new Date() };
  if (document.client !== undefined) document.client = document.client.slice(0, MAX_CLIENT_CHARS);
  for (const key of Object.keys(document) as Array<keyof SecurityLogEntry>) {
    if (document[key] === undefined) delete document[key];
  }
  try {
    await store.db.collection<SecurityLogEntry>(COLLECTIONS.securityLog).insertOne(document);
  } catch (error) {
    store.logger.error({ err: error, event: entry.event }, 'security log write failed');
  }
}

/** The user's most recent entries, newest first. */
export async function readSecurityLog(
  store: AuthStore,
  userId: ObjectId,
  options: { limit?: number; before?: Date } = {},
): Promise<SecurityLogEntry[]> {
  const limit = Math.min(Math.max(options.limit ?? 50, 1), MAX_SECURITY_LOG_PAGE);
  const filter = options.before ? { user: userId, at: { $lt: options.before } } : { user: userId };
  return store.db
    .collection<SecurityLogEntry>(COLLECTIONS.securityLog)
    .find(filter)
    .sort({ at: -1, _id: -1 })
    .limit(limit)
    .toArray();
}

/** Deletes entries older than `retentionDays` days before `now`; resolves to the count. */
export async function pruneSecurityLog(
  store: AuthStore,
  retentionDays: number,
  now = new Date(),
): Promise<number> {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000);
  const result = await store.db
    .collection<SecurityLogEntry>(COLLECTIONS.securityLog)
    .deleteMany({ at: { $lt: cutoff } });
  return result.deletedCount;
}
