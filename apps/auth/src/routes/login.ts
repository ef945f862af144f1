import {
  beginLogin,
  beginLoginWebAuthn,
  beginPasskeyLogin,
  completeLogin,
  completePasskeyLogin,
  type SecondFactor,
} from '@mailstore/auth';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { z } from 'zod';
import { clientOf } from '../authorize.js';
import type { AuthApp, Gateway } from '../gateway.js';
import { codeSchema, credentialResponseSchema, loginSchema, passwordSchema } from './schemas.js';

const ticketSchema = z.string().min(1).max(64);

const secondFactorBody = z.discriminatedUnion('method', [
  z.object({ ticket: ticketSchema, method: z.literal('totp'), code: codeSchema }),
  z.object({ ticket: ticketSchema, method: z.literal('recovery-code'), code: codeSchema }),
  z.object({
    ticket: ticketSchema,
    method: z.literal('webauthn'),
    response: credentialResponseSchema,
  }),
]);

/** POST /v1/login, its second-factor step and the WebAuthn assertion options. */
export function registerLoginRoutes(app: AuthApp, { store }: Gateway): void {
  app.post(
    '/v1/login',
    { schema: { body: z.object({ login: loginSchema, password: passwordSchema }) } },
    async (request) =>
      beginLogin(store, {
        ...request.body,
        protocol: 'api',
        remoteAddress: request.ip,
        client: clientOf(request),
      }),
  );

  app.post(
    '/v1/login/webauthn-options',
    { schema: { body: z.object({ ticket: ticketSchema }) } },
    async (request) => beginLoginWebAuthn(store, request.body.ticket),
  );

  app.post('/v1/login/second-factor', { schema: { body: secondFactorBody } }, async (request) => {
    const { ticket, ...factor } = request.body;
    return completeLogin(store, ticket, factor as SecondFactor);
  });

  app.post('/v1/login/passkey-options', async () => beginPasskeyLogin(store));

  app.post(
    '/v1/login/passkey',
    { schema: { body: z.object({ ceremony: ticketSchema, response: credentialResponseSchema }) } },
    async (request) => {
      const response = request.body.response as unknown as AuthenticationResponseJSON;
      return completePasskeyLogin(store, request.body.ceremony, response, {
        remoteAddress: request.ip,
        client: clientOf(request),
      });
    },
  );
}
