import type { AuthSettings, AuthStore, ProfileSettings } from '@mailstore/auth';
import type { Config } from '@mailstore/config';
import type { Logger } from '@mailstore/logger';
import { type ServiceContext, storeOf } from '@mailstore/service';
import type { FastifyInstance, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The gateway's Fastify instance, validating with zod. */
export type AuthApp = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  Logger,
  ZodTypeProvider
>;

/** What every route module receives. */
export interface Gateway {
  store: AuthStore;
  profile: ProfileSettings;
  /** The shared secret of trusted services; the service endpoint is off without it. */
  serviceToken?: string;
}

/** Maps the app config onto the settings libs/auth reads. */
export function authSettings(config: Config): AuthSettings {
  const { auth } = config;
  return {
    serverName: config.serverName,
    rateLimit: auth.rateLimit,
    webauthn: {
      rpId: auth.webauthn.rpId,
      rpName: auth.webauthn.rpName,
      origins: auth.webauthn.origins,
    },
    tokenTtlSeconds: auth.tokenTtlSeconds,
    pendingLoginTtlSeconds: auth.pendingLoginTtlSeconds,
    logRetentionDays: auth.logRetentionDays,
    ...(auth.secretsKey ? { secretsKey: auth.secretsKey } : {}),
    previousSecretsKeys: auth.previousSecretsKeys,
  };
}

/** Builds the gateway's dependencies from the service context. */
export function createGateway(context: ServiceContext): Gateway {
  const { config } = context;
  const profile = config.auth.profile;
  return {
    store: { ...storeOf(context), settings: authSettings(config) },
    profile: {
      imap: { host: profile.imapHost ?? config.serverName, port: profile.imapPort, tls: true },
      smtp: { host: profile.smtpHost ?? config.serverName, port: profile.smtpPort, tls: true },
      ...(profile.signingCertFile ? { signingCertFile: profile.signingCertFile } : {}),
      ...(profile.signingKeyFile ? { signingKeyFile: profile.signingKeyFile } : {}),
    },
    ...(config.auth.serviceToken ? { serviceToken: config.auth.serviceToken } : {}),
  };
}
