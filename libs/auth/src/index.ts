export {
  APP_PASSWORD_GROUPS,
  createAppPassword,
  listAppPasswords,
  MAX_APP_PASSWORD_NAME_CHARS,
  MAX_APP_PASSWORDS,
  revokeAppPassword,
  type AppPasswordInfo,
  type AppPasswordRequest,
} from './app-passwords.js';
export { authenticate, type LoginAttempt, type LoginResult } from './authenticate.js';
export { checkCredentials, type CredentialCheck, type Credentials } from './credentials.js';
export { AUTH_ERROR_CODES, AuthError, type AuthErrorCode } from './errors.js';
export { AUTH_INDEXES } from './indexes.js';
export { findUserByLogin, loginKey, MAX_LOGIN_CHARS } from './login-name.js';
export { findUserById, hasSecondFactor } from './users.js';
export { addressInNetworks, MAX_NETWORKS, parseCidr } from './networks.js';
export {
  ARGON2_MEMORY_KIB,
  ARGON2_OUTPUT_BYTES,
  ARGON2_PARALLELISM,
  ARGON2_TIME_COST,
  hashPassword,
  MAX_PASSWORD_BYTES,
} from './passwords/argon2.js';
export { encodePbkdf2, MAX_PBKDF2_ITERATIONS } from './passwords/pbkdf2.js';
export { setPassword } from './passwords/set-password.js';
export {
  sha512Crypt,
  SHA512_CRYPT_DEFAULT_ROUNDS,
  SHA512_CRYPT_MAX_ROUNDS,
} from './passwords/sha512-crypt.js';
export {
  checkPassword,
  passwordScheme,
  type PasswordCheck,
  type PasswordScheme,
} from './passwords/verify.js';
export { checkLoginLimits, type LimitVerdict } from './rate-limit.js';
export {
  publishRevocation,
  revocationChannel,
  revokeAllSessions,
  subscribeRevocations,
} from './revocation.js';
export { allows, SCOPES, type Protocol, type Scope } from './scopes.js';
export {
  MAX_SECURITY_LOG_PAGE,
  pruneSecurityLog,
  readSecurityLog,
  recordSecurityEvent,
  type SecurityEvent,
  type SecurityFactor,
  type SecurityLogEntry,
} from './security-log.js';
export {
  DEFAULT_AUTH_SETTINGS,
  type AuthSettings,
  type RateLimitSettings,
  type WebAuthnSettings,
} from './settings.js';
export type { AuthStore } from './store.js';
export {
  COLLECTIONS,
  type StoredTotpSecret,
  type UserAuthState,
  type UserDocument,
} from './users.js';
export { AUTH_PRUNE_QUEUE, startPruner, type Pruner } from './prune.js';
export {
  createMobileconfig,
  PROFILE_SIGNING_TIMEOUT_MS,
  type BuiltProfile,
  type ProfileSettings,
} from './profile.js';
export {
  countRecoveryCodes,
  createRecoveryCodes,
  RECOVERY_CODE_COUNT,
  RECOVERY_CODE_GROUPS,
  useRecoveryCode,
} from './recovery.js';
export {
  issueToken,
  listTokens,
  pruneTokens,
  revokeToken,
  TOKEN_BYTES,
  TOKEN_PREFIX,
  verifyToken,
  type TokenIdentity,
} from './tokens.js';
export {
  isSealedSecret,
  SECRETS_KEY_BYTES,
  secretsKeyId,
  type SealedSecret,
} from './sealed-secret.js';
export {
  beginTotpEnrolment,
  confirmTotpEnrolment,
  disableTotp,
  TOTP_PERIOD_SECONDS,
  TOTP_TOLERANCE_SECONDS,
  verifyUserTotp,
} from './totp.js';
export { resealTotpSecrets, type ResealResult } from './totp-secret.js';
export {
  beginLogin,
  beginLoginWebAuthn,
  completeLogin,
  MAX_SECOND_FACTOR_ATTEMPTS,
  type IssuedToken,
  type LoginStep,
  type SecondFactor,
  type SecondFactorMethod,
} from './web-login.js';
export {
  beginWebAuthnRegistration,
  finishWebAuthnRegistration,
  listWebAuthnCredentials,
  MAX_WEBAUTHN_CREDENTIALS,
  removeWebAuthnCredential,
  WEBAUTHN_CHALLENGE_TTL_SECONDS,
} from './webauthn.js';
export { beginPasskeyLogin, completePasskeyLogin } from './passkey-login.js';
