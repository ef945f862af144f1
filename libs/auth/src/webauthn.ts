import { redisKey } from '@mailstore/db';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { Binary, ObjectId } from 'mongodb';
import { AuthError } from './errors.js';
import { recordSecurityEvent } from './security-log.js';
import { settingsOf, type AuthStore } from './store.js';
import { COLLECTIONS, findUserById, usersOf } from './users.js';

/** How long a ceremony's challenge stays valid, in seconds (also the client's timeout). */
export const WEBAUTHN_CHALLENGE_TTL_SECONDS = 300;
/** Most credentials one user may register. */
export const MAX_WEBAUTHN_CREDENTIALS = 20;

/** A registered credential (W3C WebAuthn Level 2, section 6.1 "credential record"). */
export interface WebAuthnCredentialDocument {
  _id: ObjectId;
  user: ObjectId;
  /** The credential id, base64url. */
  credentialId: string;
  /** The COSE public key. */
  publicKey: Binary;
  counter: number;
  transports?: string[];
  name: string;
  createdAt: Date;
  lastUsedAt?: Date;
}

function credentials(store: AuthStore) {
  return store.db.collection<WebAuthnCredentialDocument>(COLLECTIONS.webauthn);
}

function challengeKey(store: AuthStore, ceremony: 'reg' | 'auth', id: string): string {
  return redisKey(store.redisPrefix, 'auth', 'webauthn', ceremony, id);
}

/** Takes a stored challenge: each one serves one ceremony only. */
async function takeChallenge(store: AuthStore, key: string): Promise<string> {
  const challenge = await store.redis.getdel(key);
  if (!challenge) {
    throw new AuthError('AUTH_WEBAUTHN_CHALLENGE_UNKNOWN', 'no open ceremony, or it expired');
  }
  return challenge;
}

/** Starts registering a credential: the options for `navigator.credentials.create()`. */
export async function beginWebAuthnRegistration(
  store: AuthStore,
  userId: ObjectId,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const user = await findUserById(store, userId);
  if (!user) throw new AuthError('AUTH_NOT_FOUND', 'no such user');
  const existing = await credentials(store).find({ user: userId }).toArray();
  const { rpId, rpName } = settingsOf(store).webauthn;
  const options = await generateRegistrationOptions({
    rpName,
    rpID: rpId,
    userName: user.username,
    userID: new Uint8Array(userId.id),
    attestationType: 'none',
    timeout: WEBAUTHN_CHALLENGE_TTL_SECONDS * 1000,
    excludeCredentials: existing.map((c) => ({ id: c.credentialId, transports: c.transports })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
  });
  const key = challengeKey(store, 'reg', userId.toHexString());
  await store.redis.set(key, options.challenge, 'EX', WEBAUTHN_CHALLENGE_TTL_SECONDS);
  return options;
}

/** Verifies the authenticator's response and stores the new credential. */
export async function finishWebAuthnRegistration(
  store: AuthStore,
  userId: ObjectId,
  response: RegistrationResponseJSON,
  name: string,
): Promise<{ id: ObjectId; credentialId: string; name: string }> {
  const expectedChallenge = await takeChallenge(
    store,
    challengeKey(store, 'reg', userId.toHexString()),
  );
  if ((await credentials(store).countDocuments({ user: userId })) >= MAX_WEBAUTHN_CREDENTIALS) {
    throw new AuthError('AUTH_WEBAUTHN_VERIFICATION_FAILED', 'too many credentials');
  }
  const { rpId, origins } = settingsOf(store).webauthn;
  const verification = await verifyRegistrationResponse({
    response,
    expectedChallenge,
    expectedOrigin: origins,
    expectedRPID: rpId,
  }).catch((error: Error) => {
    throw new AuthError('AUTH_WEBAUTHN_VERIFICATION_FAILED', error.message);
  });
  if (!verification.verified) {
    throw new AuthError('AUTH_WEBAUTHN_VERIFICATION_FAILED', 'registration not verified');
  }
  const { credential } = verification.registrationInfo;
  const document: WebAuthnCredentialDocument = {
    _id: new ObjectId(),
    user: userId,
    credentialId: credential.id,
    publicKey: new Binary(credential.publicKey),
    counter: credential.counter,
    name: name.slice(0, 100),
    createdAt: new Date(),
    ...(credential.transports ? { transports: credential.transports } : {}),
  };
  await credentials(store).insertOne(document);
  await usersOf(store).updateOne({ _id: userId }, { $inc: { 'auth.webauthnCount': 1 } });
  await recordSecurityEvent(store, {
    user: userId,
    event: 'webauthn-registered',
    outcome: 'success',
    factor: 'webauthn',
  });
  return { id: document._id, credentialId: document.credentialId, name: document.name };
}

/** The user's credentials, without public keys. */
export async function listWebAuthnCredentials(store: AuthStore, userId: ObjectId) {
  return credentials(store)
    .find({ user: userId }, { projection: { publicKey: 0, user: 0 } })
    .sort({ createdAt: 1 })
    .toArray();
}

/** Removes one credential of the user. */
export async function removeWebAuthnCredential(
  store: AuthStore,
  userId: ObjectId,
  id: ObjectId,
): Promise<void> {
  const result = await credentials(store).deleteOne({ _id: id, user: userId });
  if (result.deletedCount === 0) throw new AuthError('AUTH_NOT_FOUND', 'no such credential');
  await usersOf(store).updateOne({ _id: userId }, { $inc: { 'auth.webauthnCount': -1 } });
  await recordSecurityEvent(store, { user: userId, event: 'webauthn-removed', outcome: 'success' });
}

/**
 * Starts an assertion: the options for `navigator.credentials.get()`. With a user (half-way
 * through a password login) it lists that user's credentials; with `null` it starts a passkey
 * login that any discoverable credential may answer, with user verification required.
 * `ceremonyId` ties the challenge to that login.
 */
export async function beginWebAuthnAuthentication(
  store: AuthStore,
  userId: ObjectId | null,
  ceremonyId: string,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const owned = userId ? await credentials(store).find({ user: userId }).toArray() : [];
  const options = await generateAuthenticationOptions({
    rpID: settingsOf(store).webauthn.rpId,
    allowCredentials: owned.map((c) => ({ id: c.credentialId, transports: c.transports })),
    timeout: WEBAUTHN_CHALLENGE_TTL_SECONDS * 1000,
    userVerification: userId ? 'preferred' : 'required',
  });
  const key = challengeKey(store, 'auth', ceremonyId);
  await store.redis.set(key, options.challenge, 'EX', WEBAUTHN_CHALLENGE_TTL_SECONDS);
  return options;
}

/**
 * Verifies an assertion and advances the credential's signature counter. Resolves to the
 * credential's owner (null for an unknown credential) and whether the assertion held. With `userId` null (a passkey login) any user's credential may
 * answer, and the authenticator must have verified the user (WebAuthn section 7.2 step 17).
 */
export async function finishWebAuthnAuthentication(
  store: AuthStore,
  userId: ObjectId | null,
  ceremonyId: string,
  response: AuthenticationResponseJSON,
): Promise<{ owner: ObjectId | null; verified: boolean }> {
  const expectedChallenge = await takeChallenge(store, challengeKey(store, 'auth', ceremonyId));
  const filter = userId
    ? { user: userId, credentialId: response.id }
    : { credentialId: response.id };
  const stored = await credentials(store).findOne(filter);
  if (!stored) return { owner: null, verified: false };
  const { rpId, origins } = settingsOf(store).webauthn;
  const verification = await verifyAuthenticationResponse({
    response,
    expectedChallenge,
    expectedOrigin: origins,
    expectedRPID: rpId,
    requireUserVerification: userId === null,
    credential: {
      id: stored.credentialId,
      publicKey: new Uint8Array(stored.publicKey.buffer),
      counter: stored.counter,
      transports: stored.transports,
    },
  }).catch(() => ({ verified: false as const, authenticationInfo: undefined }));
  if (!verification.verified) return { owner: stored.user, verified: false };
  await credentials(store).updateOne(
    { _id: stored._id },
    { $set: { counter: verification.authenticationInfo.newCounter, lastUsedAt: new Date() } },
  );
  return { owner: stored.user, verified: true };
}
