import { createMobileconfig } from '@mailstore/auth';
import { clientOf, identifyFull } from '../authorize.js';
import type { AuthApp, Gateway } from '../gateway.js';

/** The media type Apple devices install profiles from. */
const MOBILECONFIG_TYPE = 'application/x-apple-aspen-config';

/** POST /v1/profile: an Apple .mobileconfig with a new IMAP+SMTP application password. */
export function registerProfileRoutes(app: AuthApp, { store, profile }: Gateway): void {
  app.post('/v1/profile', async (request, reply) => {
    const { userId } = await identifyFull(store, request);
    const built = await createMobileconfig(store, userId, profile, {
      remoteAddress: request.ip,
      client: clientOf(request),
    });
    return reply
      .header('content-type', MOBILECONFIG_TYPE)
      .header('content-disposition', 'attachment; filename="mail.mobileconfig"')
      .header('x-profile-signed', String(built.signed))
      .send(built.body);
  });
}
