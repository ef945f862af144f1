import { AuthError, verifyToken, type AuthStore, type TokenIdentity } from '@mailstore/auth';
import type { FastifyRequest } from 'fastify';

/** Who made the request, per its bearer token (RFC 6750 section 2.1). */
export async function identify(store: AuthStore, request: FastifyRequest): Promise<TokenIdentity> {
  const header = request.headers.authorization ?? '';
  const match = /^Bearer ([A-Za-z0-9_-]+)$/.exec(header);
  if (!match) throw new AuthError('AUTH_TOKEN_INVALID', 'a bearer token is required');
  return verifyToken(store, match[1] ?? '');
}

/**
 * Like {@link identify}, but only a token from a full login (password plus any second factor)
 * may manage the account; a token an application password obtained may not.
 */
export async function identifyFull(
  store: AuthStore,
  request: FastifyRequest,
): Promise<TokenIdentity> {
  const identity = await identify(store, request);
  if (identity.appPasswordId || !identity.scopes.includes('*')) {
    throw new AuthError('AUTH_FULL_LOGIN_REQUIRED', 'this needs a token from a full login');
  }
  return identity;
}

/** The client's description for the security log. */
export function clientOf(request: FastifyRequest): string | undefined {
  return request.headers['user-agent'];
}
