import { AuthError, checkPassword, findUserById, setPassword } from '@mailstore/auth';
import { z } from 'zod';
import { identifyFull } from '../authorize.js';
import type { AuthApp, Gateway } from '../gateway.js';
import { passwordSchema } from './schemas.js';

/** Fewest characters of a new account password chosen through the gateway. */
export const MIN_NEW_PASSWORD_CHARS = 10;

/** PUT /v1/password: change the account password, knowing the current one. */
export function registerPasswordRoutes(app: AuthApp, { store }: Gateway): void {
  const body = z.object({
    currentPassword: passwordSchema,
    newPassword: passwordSchema.min(MIN_NEW_PASSWORD_CHARS),
  });
  app.put('/v1/password', { schema: { body } }, async (request, reply) => {
    const identity = await identifyFull(store, request);
    const user = await findUserById(store, identity.userId);
    const check = user?.password
      ? await checkPassword(user.password, request.body.currentPassword)
      : { ok: false };
    if (!check.ok) throw new AuthError('AUTH_INVALID_CREDENTIALS', 'the current password is wrong');
    await setPassword(store, identity.userId, request.body.newPassword);
    return reply.code(204).send();
  });
}
