import { MAX_SECURITY_LOG_PAGE, readSecurityLog } from '@mailstore/auth';
import { z } from 'zod';
import { identify } from '../authorize.js';
import type { AuthApp, Gateway } from '../gateway.js';

const query = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_SECURITY_LOG_PAGE).optional(),
  before: z.iso.datetime({ offset: true }).optional(),
});

/** GET /v1/security-log: the signed-in user's own authentication events, newest first. */
export function registerSecurityLogRoutes(app: AuthApp, { store }: Gateway): void {
  app.get('/v1/security-log', { schema: { querystring: query } }, async (request) => {
    const { userId } = await identify(store, request);
    const { limit, before } = request.query;
    const entries = await readSecurityLog(store, userId, {
      ...(limit ? { limit } : {}),
      ...(before ? { before: new Date(before) } : {}),
    });
    return { entries: entries.map(({ user: _user, ...entry }) => entry) };
  });
}
