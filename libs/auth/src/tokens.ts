import { randomBytes } from 'node:crypto';
import { ObjectId } from 'mongodb';
import { AuthError } from './errors.js';
import type { Scope } from './scopes.js';
import { digestSecret } from './secrets.js';
import { settingsOf, type AuthStore } from './store.js';
import { COLLECTIONS, findUserById, generationOf } from './users.js';

// API tokens are opaque: 256 random bits, stored as a SHA-256 digest beside the user's token
// generation at issue time. Opaque rather than signed because revoking one token is then a
// delete (a signed token would need a deny list), a stolen database yields no usable token, and
// "revoke all" is one counter per user: a token whose generation differs is void.

/** The visible prefix of every token, so that leaked tokens are recognisable by scanners. */
export const TOKEN_PREFIX = 'mst_';
/** Random bytes in a token. */
export const TOKEN_BYTES = 32;

const DIGEST_LABEL = 'api-token';

/** A stored API token. */
export interface TokenDocument {
  _id: ObjectId;
  hash: string;
  user: ObjectId;
  generation: number;
  scopes: Scope[];
  /** Set when an application password, not a full login, obtained the token. */
  appPasswordId?: ObjectId;
  createdAt: Date;
  expiresAt: Date;
  remoteAddress?: string;
  client?: string;
}

/** Who a valid token speaks for. */
export interface TokenIdentity {
  tokenId: ObjectId;
  userId: ObjectId;
  username: string;
  scopes: Scope[];
  appPasswordId?: ObjectId;
  expiresAt: Date;
}

function collection(store: AuthStore) {
  return store.db.collection<TokenDocument>(COLLECTIONS.tokens);
}

/** Issues a token for a user who has completed a login; the clear token is returned once. */
export async function issueToken(
  store: AuthStore,
  userId: ObjectId,
  options: { scopes: Scope[]; appPasswordId?: ObjectId; remoteAddress?: string; client?: string },
): Promise<{ token: string; tokenId: ObjectId; expiresAt: Date }> {
  const user = await findUserById(store, userId);
  if (!user) throw new AuthError('AUTH_NOT_FOUND', 'no such user');
  const token = TOKEN_PREFIX + randomBytes(TOKEN_BYTES).toString('base64url');
  const now = new Date();
  const document: TokenDocument = {
    _id: new ObjectId(),
    hash: digestSecret(DIGEST_LABEL, token),
    user: userId,
    generation: generationOf(user),
    scopes: options.scopes,
    createdAt: now,
    expiresAt: new Date(now.getTime() + settingsOf(store).tokenTtlSeconds * 1000),
    ...(options.appPasswordId ? { appPasswordId: options.appPasswordId } : {}),
    ...(options.remoteAddress ? { remoteAddress: options.remoteAddress } : {}),
    ...(options.client ? { client: options.client.slice(0, 200) } : {}),
  };
  await collection(store).insertOne(document);
  return { token, tokenId: document._id, expiresAt: document.expiresAt };
}

/** Resolves a token to its identity; throws AUTH_TOKEN_INVALID when unknown, expired or revoked. */
export async function verifyToken(store: AuthStore, token: string): Promise<TokenIdentity> {
  const invalid = new AuthError('AUTH_TOKEN_INVALID', 'the token is invalid or has expired');
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 100) throw invalid;
  const document = await collection(store).findOne({ hash: digestSecret(DIGEST_LABEL, token) });
  if (!document || document.expiresAt.getTime() <= Date.now()) throw invalid;
  const user = await findUserById(store, document.user);
  if (!user || user.disabled || generationOf(user) !== document.generation) throw invalid;
  return {
    tokenId: document._id,
    userId: user._id,
    username: user.username,
    scopes: document.scopes,
    expiresAt: document.expiresAt,
    ...(document.appPasswordId ? { appPasswordId: document.appPasswordId } : {}),
  };
}

/** The user's live tokens (never their digests), newest first. */
export async function listTokens(store: AuthStore, userId: ObjectId) {
  const user = await findUserById(store, userId);
  return collection(store)
    .find(
      { user: userId, generation: user ? generationOf(user) : -1, expiresAt: { $gt: new Date() } },
      { projection: { hash: 0, user: 0, generation: 0 } },
    )
    .sort({ createdAt: -1 })
    .toArray();
}

/** Revokes one token of the user; throws AUTH_NOT_FOUND when there is none with that id. */
export async function revokeToken(store: AuthStore, userId: ObjectId, tokenId: ObjectId) {
  const result = await collection(store).deleteOne({ _id: tokenId, user: userId });
  if (result.deletedCount === 0) throw new AuthError('AUTH_NOT_FOUND', 'no such token');
}

/** Deletes expired tokens (revoked generations are void already); resolves to the count. */
export async function pruneTokens(store: AuthStore, now = new Date()): Promise<number> {
  const result = await collection(store).deleteMany({ expiresAt: { $lte: now } });
  return result.deletedCount;
}
