import type { ListenConfig } from '@mailstore/config';
import { checkHealth, type RunningServer, type ServiceContext } from '@mailstore/service';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '@mailstore/logger';
import Fastify, { LogController, type FastifyInstance, type RawServerDefault } from 'fastify';

/** The Fastify instance of an HTTP app, logging through the app's pino logger. */
export type HttpApp = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, Logger>;

/** Largest request body the HTTP apps accept unless a route says otherwise. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** A Fastify app with the `/health` route, ready for an app to add its own routes. */
export function createHttpApp(context: ServiceContext): HttpApp {
  const app = Fastify({
    loggerInstance: context.logger,
    bodyLimit: MAX_BODY_BYTES,
    forceCloseConnections: 'idle',
    // One debug line per request comes from the onResponse hook below instead.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: false,
  });
  app.addHook('onResponse', async (request, reply) => {
    request.log.debug(
      { method: request.method, url: request.url, status: reply.statusCode, ms: reply.elapsedTime },
      'request',
    );
  });

  app.get('/health', async (_request, reply) => {
    const health = await checkHealth(context);
    return reply.code(health.status === 'ok' ? 200 : 503).send(health);
  });
  return app;
}

/** Starts `app` on the given address and wraps it as a {@link RunningServer}. */
export async function listenHttp(
  app: HttpApp,
  listen: ListenConfig,
  protocol = 'http',
): Promise<RunningServer> {
  await app.listen({ host: listen.host, port: listen.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : listen.port;
  return {
    listeners: [{ protocol, host: listen.host, port }],
    close: (graceMs) => closeWithin(app, graceMs),
  };
}

async function closeWithin(app: HttpApp, graceMs: number): Promise<void> {
  const timer = setTimeout(() => app.server.closeAllConnections(), graceMs);
  try {
    await app.close();
  } finally {
    clearTimeout(timer);
  }
}
