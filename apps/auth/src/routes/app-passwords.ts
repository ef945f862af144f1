import {
  createAppPassword,
  listAppPasswords,
  MAX_APP_PASSWORD_NAME_CHARS,
  MAX_NETWORKS,
  recordSecurityEvent,
  revokeAppPassword,
} from '@mailstore/auth';
import { z } from 'zod';
import { clientOf, identifyFull } from '../authorize.js';
import type { AuthApp, Gateway } from '../gateway.js';
import { idParams, scopeSchema } from './schemas.js';

const createBody = z.object({
  name: z.string().min(1).max(MAX_APP_PASSWORD_NAME_CHARS),
  scopes: z.array(scopeSchema).min(1).max(5),
  expiresAt: z.iso.datetime({ offset: true }).optional(),
  networks: z.array(z.string().max(64)).max(MAX_NETWORKS).optional(),
});

/** Application passwords: list, create (shown once), revoke one. */
export function registerAppPasswordRoutes(app: AuthApp, { store }: Gateway): void {
  app.get('/v1/app-passwords', async (request) => {
    const identity = await identifyFull(store, request);
    return { appPasswords: await listAppPasswords(store, identity.userId) };
  });

  app.post('/v1/app-passwords', { schema: { body: createBody } }, async (request, reply) => {
    const identity = await identifyFull(store, request);
    const { expiresAt, ...rest } = request.body;
    const created = await createAppPassword(store, identity.userId, {
      ...rest,
      ...(expiresAt ? { expiresAt: new Date(expiresAt) } : {}),
    });
    await recordSecurityEvent(store, {
      user: identity.userId,
      event: 'app-password-created',
      outcome: 'success',
      appPasswordId: created._id,
      remoteAddress: request.ip,
      client: clientOf(request),
    });
    return reply.code(201).send(created);
  });

  app.delete('/v1/app-passwords/:id', { schema: { params: idParams } }, async (request, reply) => {
    const identity = await identifyFull(store, request);
    await revokeAppPassword(store, identity.userId, request.params.id);
    await recordSecurityEvent(store, {
      user: identity.userId,
      event: 'app-password-revoked',
      outcome: 'success',
      appPasswordId: request.params.id,
      remoteAddress: request.ip,
      client: clientOf(request),
    });
    return reply.code(204).send();
  });
}
