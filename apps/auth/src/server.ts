import { AUTH_INDEXES, secretsKeyId, startPruner, type AuthSettings } from '@mailstore/auth';
import { createHttpApp, listenHttp } from '@mailstore/http';
import type { RunningServer, ServiceContext } from '@mailstore/service';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { handleError } from './errors.js';
import { createGateway, type AuthApp } from './gateway.js';
import { registerAppPasswordRoutes } from './routes/app-passwords.js';
import { registerLoginRoutes } from './routes/login.js';
import { registerPasswordRoutes } from './routes/password.js';
import { registerProfileRoutes } from './routes/profile.js';
import { registerSecondFactorRoutes } from './routes/second-factors.js';
import { registerSecurityLogRoutes } from './routes/security-log.js';
import { registerServiceCheckRoutes } from './routes/service-check.js';
import { registerTokenRoutes } from './routes/tokens.js';

/** The indexes the gateway needs; `runService` creates them at start. */
export const GATEWAY_INDEXES = AUTH_INDEXES;

const ROUTES = [
  registerLoginRoutes,
  registerTokenRoutes,
  registerPasswordRoutes,
  registerAppPasswordRoutes,
  registerSecondFactorRoutes,
  registerSecurityLogRoutes,
  registerProfileRoutes,
  registerServiceCheckRoutes,
];

/** Starts the auth gateway on the configured address, with its prune job. */
export async function startAuthServer(context: ServiceContext): Promise<RunningServer> {
  const gateway = createGateway(context);
  logSecretsKey(context, gateway.store.settings);
  const app = createHttpApp(context).withTypeProvider() as AuthApp;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);
  for (const register of ROUTES) register(app, gateway);

  const pruner = await startPruner(gateway.store, context.config.auth.pruneIntervalMs);
  const running = await listenHttp(app, context.config.auth);
  return {
    listeners: running.listeners,
    async close(graceMs) {
      await running.close(graceMs);
      await pruner.close();
    },
  };
}

/**
 * Says once at start whether TOTP secrets can be sealed, and which retired keys still open them;
 * a key's id is public, not the key.
 */
function logSecretsKey(context: ServiceContext, settings: AuthSettings | undefined): void {
  const key = settings?.secretsKey;
  if (!key) {
    context.logger.warn('AUTH_SECRETS_KEY is not set: TOTP enrolment is refused');
    return;
  }
  const retired = (settings.previousSecretsKeys ?? []).map(secretsKeyId);
  context.logger.info(
    { kid: secretsKeyId(key), ...(retired.length > 0 ? { retired } : {}) },
    'TOTP secrets sealed with this key',
  );
}
