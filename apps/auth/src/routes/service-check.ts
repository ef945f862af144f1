import { AuthError, authenticate } from '@mailstore/auth';
import { timingSafeEqual, createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { z } from 'zod';
import type { AuthApp, Gateway } from '../gateway.js';
import { loginSchema, passwordSchema } from './schemas.js';

const body = z.object({
  login: loginSchema,
  password: passwordSchema,
  protocol: z.enum(['imap', 'pop3', 'smtp', 'api']),
  remoteAddress: z.string().refine((value) => isIP(value) !== 0, 'must be an IP address'),
  client: z.string().max(200).optional(),
});

/**
 * POST /v1/service/check: a trusted service (an SMTP submission server, say) checks a client's
 * credential for a protocol under the same rules, limits and log as every other login.
 */
export function registerServiceCheckRoutes(app: AuthApp, { store, serviceToken }: Gateway): void {
  app.post('/v1/service/check', { schema: { body } }, async (request) => {
    const presented = request.headers['x-service-token'];
    if (!serviceToken || typeof presented !== 'string' || !sameSecret(presented, serviceToken)) {
      throw new AuthError('AUTH_SERVICE_TOKEN_INVALID', 'a valid X-Service-Token is required');
    }
    const result = await authenticate(store, request.body);
    if (result.ok) {
      return {
        userId: result.userId.toHexString(),
        username: result.username,
        scopes: result.scopes,
        ...(result.appPasswordId ? { appPasswordId: result.appPasswordId.toHexString() } : {}),
      };
    }
    if (result.reason === 'rate-limited') {
      throw new AuthError(
        'AUTH_RATE_LIMITED',
        'too many failed logins; try later',
        result.retryAfterMs,
      );
    }
    if (result.reason === 'disabled')
      throw new AuthError('AUTH_ACCOUNT_DISABLED', 'account disabled');
    throw new AuthError('AUTH_INVALID_CREDENTIALS', 'invalid login or password');
  });
}

/** Compares digests so that neither length nor content leaks through timing. */
function sameSecret(a: string, b: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(a), digest(b));
}
