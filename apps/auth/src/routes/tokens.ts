import { listTokens, recordSecurityEvent, revokeAllSessions, revokeToken } from '@mailstore/auth';
import { clientOf, identify, identifyFull } from '../authorize.js';
import type { AuthApp, Gateway } from '../gateway.js';
import { idParams } from './schemas.js';

/** Who am I, the token list, revoking one token or all of them. */
export function registerTokenRoutes(app: AuthApp, { store }: Gateway): void {
  app.get('/v1/me', async (request) => {
    const identity = await identify(store, request);
    return {
      userId: identity.userId.toHexString(),
      username: identity.username,
      scopes: identity.scopes,
      expiresAt: identity.expiresAt,
      ...(identity.appPasswordId ? { appPasswordId: identity.appPasswordId.toHexString() } : {}),
    };
  });

  app.get('/v1/tokens', async (request) => {
    const identity = await identifyFull(store, request);
    return { tokens: await listTokens(store, identity.userId) };
  });

  app.delete('/v1/tokens/current', async (request, reply) => {
    const identity = await identify(store, request);
    await revokeToken(store, identity.userId, identity.tokenId);
    await logRevocation(store, identity.userId, 'token-revoked', request.ip, clientOf(request));
    return reply.code(204).send();
  });

  app.delete('/v1/tokens/:id', { schema: { params: idParams } }, async (request, reply) => {
    const identity = await identifyFull(store, request);
    await revokeToken(store, identity.userId, request.params.id);
    await logRevocation(store, identity.userId, 'token-revoked', request.ip, clientOf(request));
    return reply.code(204).send();
  });

  app.post('/v1/tokens/revoke-all', async (request, reply) => {
    const identity = await identifyFull(store, request);
    await revokeAllSessions(store, identity.userId);
    await logRevocation(
      store,
      identity.userId,
      'tokens-revoked-all',
      request.ip,
      clientOf(request),
    );
    return reply.code(204).send();
  });
}

function logRevocation(
  store: Gateway['store'],
  user: Parameters<typeof revokeAllSessions>[1],
  event: 'token-revoked' | 'tokens-revoked-all',
  remoteAddress: string,
  client: string | undefined,
) {
  return recordSecurityEvent(store, {
    user,
    event,
    outcome: 'success',
    factor: 'token',
    remoteAddress,
    ...(client ? { client } : {}),
  });
}
