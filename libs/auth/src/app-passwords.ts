import { ObjectId } from 'mongodb';
import { AuthError } from './errors.js';
import { MAX_NETWORKS, parseCidr } from './networks.js';
import { publishRevocation } from './revocation.js';
import type { Scope } from './scopes.js';
import { compactSecret, digestSecret, looksGenerated, randomGroups } from './secrets.js';
import type { AuthStore } from './store.js';
import { COLLECTIONS } from './users.js';

/** Groups of 4 characters in an application password: 20 characters, 100 bits. */
export const APP_PASSWORD_GROUPS = 5;
/** Most application passwords one user may hold, so the list stays reviewable. */
export const MAX_APP_PASSWORDS = 50;
/** Longest name of an application password, in characters. */
export const MAX_APP_PASSWORD_NAME_CHARS = 100;

const DIGEST_LABEL = 'app-password';

/** A stored application password (the digest is never returned to a client). */
export interface AppPasswordDocument {
  _id: ObjectId;
  user: ObjectId;
  name: string;
  /** SHA-256 of the password: see secrets.ts for why a fast digest suffices. */
  hash: string;
  scopes: Scope[];
  networks?: string[];
  expiresAt?: Date;
  createdAt: Date;
  lastUsedAt?: Date;
}

/** What a user may see of an application password. */
export type AppPasswordInfo = Omit<AppPasswordDocument, 'hash' | 'user'>;

/** What a new application password is for. */
export interface AppPasswordRequest {
  name: string;
  scopes: Scope[];
  expiresAt?: Date;
  networks?: string[];
}

function collection(store: AuthStore) {
  return store.db.collection<AppPasswordDocument>(COLLECTIONS.appPasswords);
}

/** Creates an application password; the clear password is in the result and nowhere else. */
export async function createAppPassword(
  store: AuthStore,
  userId: ObjectId,
  request: AppPasswordRequest,
): Promise<AppPasswordInfo & { password: string }> {
  validateRequest(request);
  if ((await collection(store).countDocuments({ user: userId })) >= MAX_APP_PASSWORDS) {
    throw new AuthError('AUTH_PASSWORD_REJECTED', `at most ${MAX_APP_PASSWORDS} app passwords`);
  }
  const password = randomGroups(APP_PASSWORD_GROUPS, '-');
  const document: AppPasswordDocument = {
    _id: new ObjectId(),
    user: userId,
    name: request.name,
    hash: digestSecret(DIGEST_LABEL, compactSecret(password)),
    scopes: [...new Set(request.scopes)],
    createdAt: new Date(),
    ...(request.networks?.length ? { networks: request.networks } : {}),
    ...(request.expiresAt ? { expiresAt: request.expiresAt } : {}),
  };
  await collection(store).insertOne(document);
  return { ...toInfo(document), password };
}

function toInfo(document: AppPasswordDocument): AppPasswordInfo {
  const { _id, name, scopes, networks, expiresAt, createdAt, lastUsedAt } = document;
  return { _id, name, scopes, networks, expiresAt, createdAt, lastUsedAt };
}

function validateRequest(request: AppPasswordRequest): void {
  if (request.name.length === 0 || request.name.length > MAX_APP_PASSWORD_NAME_CHARS) {
    throw new AuthError('AUTH_PASSWORD_REJECTED', 'name must have 1-100 characters');
  }
  if (request.scopes.length === 0) {
    throw new AuthError('AUTH_PASSWORD_REJECTED', 'an app password needs at least one scope');
  }
  if ((request.networks?.length ?? 0) > MAX_NETWORKS) {
    throw new AuthError('AUTH_BAD_NETWORK', `at most ${MAX_NETWORKS} networks`);
  }
  for (const network of request.networks ?? []) parseCidr(network);
  if (request.expiresAt && request.expiresAt.getTime() <= Date.now()) {
    throw new AuthError('AUTH_PASSWORD_REJECTED', 'expiry must be in the future');
  }
}

/** The user's application passwords, newest first, without digests. */
export async function listAppPasswords(
  store: AuthStore,
  userId: ObjectId,
): Promise<AppPasswordInfo[]> {
  return collection(store)
    .find({ user: userId }, { projection: { hash: 0, user: 0 } })
    .sort({ createdAt: -1 })
    .toArray();
}

/**
 * Deletes one application password, the API tokens it obtained, and asks the apps to close the
 * sessions that logged in with it (the notice names the password; other sessions stay open).
 */
export async function revokeAppPassword(
  store: AuthStore,
  userId: ObjectId,
  id: ObjectId,
): Promise<void> {
  const result = await collection(store).deleteOne({ _id: id, user: userId });
  if (result.deletedCount === 0) throw new AuthError('AUTH_NOT_FOUND', 'no such app password');
  await store.db.collection(COLLECTIONS.tokens).deleteMany({ user: userId, appPasswordId: id });
  await publishRevocation(store, userId, id);
}

/** Finds the user's application password that `typed` is, or null. */
export async function findAppPassword(
  store: AuthStore,
  userId: ObjectId,
  typed: string,
): Promise<AppPasswordDocument | null> {
  const compact = compactSecret(typed);
  if (!looksGenerated(compact, APP_PASSWORD_GROUPS * 4)) return null;
  return collection(store).findOne({ user: userId, hash: digestSecret(DIGEST_LABEL, compact) });
}

/** Notes the last use; best effort, a failure does not fail the login. */
export async function touchAppPassword(store: AuthStore, id: ObjectId): Promise<void> {
  await collection(store)
    .updateOne({ _id: id }, { $set: { lastUsedAt: new Date() } })
    .catch(() => undefined);
}
