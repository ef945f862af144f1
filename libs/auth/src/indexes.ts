import type { IndexDefinition } from '@mailstore/db';
import { COLLECTIONS } from './users.js';

/**
 * The indexes of the collections libs/auth owns. None is TTL: expired tokens and old security
 * log entries are removed by the prune job (FerretDB v1 has no TTL indexes).
 */
export const AUTH_INDEXES: IndexDefinition[] = [
  {
    collection: COLLECTIONS.appPasswords,
    key: { user: 1, hash: 1 },
    options: { name: 'auth_app_passwords_user_hash', unique: true },
  },
  {
    collection: COLLECTIONS.tokens,
    key: { hash: 1 },
    options: { name: 'auth_tokens_hash', unique: true },
  },
  { collection: COLLECTIONS.tokens, key: { user: 1 }, options: { name: 'auth_tokens_user' } },
  {
    collection: COLLECTIONS.tokens,
    key: { expiresAt: 1 },
    options: { name: 'auth_tokens_expires_at' },
  },
  {
    collection: COLLECTIONS.webauthn,
    key: { credentialId: 1 },
    options: { name: 'auth_webauthn_credential_id', unique: true },
  },
  { collection: COLLECTIONS.webauthn, key: { user: 1 }, options: { name: 'auth_webauthn_user' } },
  {
    collection: COLLECTIONS.securityLog,
    key: { user: 1, at: -1 },
    options: { name: 'auth_security_log_user_at' },
  },
  {
    collection: COLLECTIONS.securityLog,
    key: { at: 1 },
    options: { name: 'auth_security_log_at' },
  },
];
