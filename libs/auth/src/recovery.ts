import type { ObjectId } from 'mongodb';
import { recordSecurityEvent } from './security-log.js';
import { compactSecret, digestSecret, looksGenerated, randomGroups } from './secrets.js';
import type { AuthStore } from './store.js';
import { usersOf } from './users.js';

/** Recovery codes in one set. */
export const RECOVERY_CODE_COUNT = 10;
/** Groups of 4 characters in a recovery code: 16 characters, 80 bits. */
export const RECOVERY_CODE_GROUPS = 4;

const DIGEST_LABEL = 'recovery-code';

/** Replaces the user's recovery codes with a fresh set; the clear codes are returned once. */
export async function createRecoveryCodes(store: AuthStore, userId: ObjectId): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () =>
    randomGroups(RECOVERY_CODE_GROUPS, '-'),
  );
  const digests = codes.map((code) => digestSecret(DIGEST_LABEL, compactSecret(code)));
  await usersOf(store).updateOne({ _id: userId }, { $set: { 'auth.recoveryCodes': digests } });
  await recordSecurityEvent(store, {
    user: userId,
    event: 'recovery-codes-created',
    outcome: 'success',
  });
  return codes;
}

/**
 * Spends one recovery code. The code is pulled from the list by a single conditional update,
 * so of two concurrent uses only one succeeds.
 */
export async function useRecoveryCode(
  store: AuthStore,
  userId: ObjectId,
  typed: string,
): Promise<boolean> {
  const compact = compactSecret(typed);
  if (!looksGenerated(compact, RECOVERY_CODE_GROUPS * 4)) return false;
  const digest = digestSecret(DIGEST_LABEL, compact);
  const result = await usersOf(store).updateOne(
    { _id: userId, 'auth.recoveryCodes': digest },
    { $pull: { 'auth.recoveryCodes': digest } },
  );
  return result.modifiedCount === 1;
}

/** How many unused recovery codes the user has. */
export async function countRecoveryCodes(store: AuthStore, userId: ObjectId): Promise<number> {
  const user = await usersOf(store).findOne({ _id: userId }, { projection: { auth: 1 } });
  return user?.auth?.recoveryCodes?.length ?? 0;
}
