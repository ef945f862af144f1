import {
  beginTotpEnrolment,
  beginWebAuthnRegistration,
  confirmTotpEnrolment,
  countRecoveryCodes,
  createRecoveryCodes,
  disableTotp,
  findUserById,
  finishWebAuthnRegistration,
  listWebAuthnCredentials,
  removeWebAuthnCredential,
} from '@mailstore/auth';
import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import { z } from 'zod';
import { identifyFull } from '../authorize.js';
import type { AuthApp, Gateway } from '../gateway.js';
import { codeSchema, credentialResponseSchema, idParams } from './schemas.js';

/** TOTP enrolment, WebAuthn credentials and recovery codes of the signed-in user. */
export function registerSecondFactorRoutes(app: AuthApp, { store }: Gateway): void {
  app.get('/v1/second-factors', async (request) => {
    const { userId } = await identifyFull(store, request);
    const user = await findUserById(store, userId);
    return {
      totp: Boolean(user?.auth?.totp),
      webauthn: await listWebAuthnCredentials(store, userId),
      recoveryCodesLeft: await countRecoveryCodes(store, userId),
    };
  });

  app.post('/v1/totp/enrolment', async (request) => {
    const { userId } = await identifyFull(store, request);
    return beginTotpEnrolment(store, userId);
  });

  app.post(
    '/v1/totp/confirmation',
    { schema: { body: z.object({ code: codeSchema }) } },
    async (request) => {
      const { userId } = await identifyFull(store, request);
      return confirmTotpEnrolment(store, userId, request.body.code);
    },
  );

  app.post(
    '/v1/totp/deactivation',
    { schema: { body: z.object({ code: codeSchema }) } },
    async (request, reply) => {
      const { userId } = await identifyFull(store, request);
      await disableTotp(store, userId, request.body.code);
      return reply.code(204).send();
    },
  );

  app.post('/v1/recovery-codes', async (request) => {
    const { userId } = await identifyFull(store, request);
    return { recoveryCodes: await createRecoveryCodes(store, userId) };
  });

  registerWebAuthnRoutes(app, store);
}

function registerWebAuthnRoutes(app: AuthApp, store: Gateway['store']): void {
  app.post('/v1/webauthn/registration-options', async (request) => {
    const { userId } = await identifyFull(store, request);
    return beginWebAuthnRegistration(store, userId);
  });

  const body = z.object({ name: z.string().min(1).max(100), response: credentialResponseSchema });
  app.post('/v1/webauthn/credentials', { schema: { body } }, async (request, reply) => {
    const { userId } = await identifyFull(store, request);
    const response = request.body.response as unknown as RegistrationResponseJSON;
    const created = await finishWebAuthnRegistration(store, userId, response, request.body.name);
    return reply.code(201).send(created);
  });

  app.delete(
    '/v1/webauthn/credentials/:id',
    { schema: { params: idParams } },
    async (request, reply) => {
      const { userId } = await identifyFull(store, request);
      await removeWebAuthnCredential(store, userId, request.params.id);
      return reply.code(204).send();
    },
  );
}
