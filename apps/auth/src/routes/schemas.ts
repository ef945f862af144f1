import { MAX_LOGIN_CHARS, MAX_PASSWORD_BYTES, SCOPES } from '@mailstore/auth';
import { ObjectId } from 'mongodb';
import { z } from 'zod';

/** A login name as typed. */
export const loginSchema = z.string().min(1).max(MAX_LOGIN_CHARS);
/** A password as typed; bytes are checked again where it is hashed. */
export const passwordSchema = z.string().min(1).max(MAX_PASSWORD_BYTES);
/** One scope name. */
export const scopeSchema = z.enum(SCOPES);
/** A 24-hex-digit ObjectId in a path, parsed. */
export const objectIdSchema = z
  .string()
  .regex(/^[0-9a-f]{24}$/, 'must be an id of 24 hex digits')
  .transform((id) => new ObjectId(id));
/** A path with one id. */
export const idParams = z.object({ id: objectIdSchema });
/** A generated secret as typed (TOTP code, recovery code). */
export const codeSchema = z.string().min(1).max(64);
/** A WebAuthn response object (RegistrationResponseJSON or AuthenticationResponseJSON). */
export const credentialResponseSchema = z.looseObject({
  id: z.string().max(1024),
  rawId: z.string().max(1024),
  type: z.literal('public-key'),
  response: z.looseObject({ clientDataJSON: z.string().max(16_384) }),
  clientExtensionResults: z.looseObject({}),
});
