import type { Logger } from '@mailstore/logger';
import type { Redis } from 'ioredis';
import type { Db } from 'mongodb';
import { DEFAULT_AUTH_SETTINGS, type AuthSettings } from './settings.js';

/**
 * The handles every auth function works with; the same shape as storage's `Store`, so the admin
 * CLI and the protocol apps pass theirs unchanged. `settings` is optional: without it the
 * documented defaults apply.
 */
export interface AuthStore {
  db: Db;
  redis: Redis;
  /** Prefix of every Redis key and channel (the REDIS_PREFIX setting). */
  redisPrefix: string;
  logger: Logger;
  settings?: AuthSettings;
}

/** The settings in force for `store`: its own, or the defaults. */
export function settingsOf(store: AuthStore): AuthSettings {
  return store.settings ?? DEFAULT_AUTH_SETTINGS;
}
