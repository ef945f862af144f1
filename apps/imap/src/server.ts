import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, type TLSSocket } from 'node:tls';
import { subscribeRevocations } from '@mailstore/auth';
import type { Store } from '@mailstore/storage';
import {
  type Listener,
  type RunningServer,
  type ServiceContext,
  storeOf,
} from '@mailstore/service';
import { listenForChanges } from './changes.js';
import { TLS_HANDSHAKE_TIMEOUT_MS } from './limits.js';
import type { SessionEnvironment } from './session/environment.js';
import { Session } from './session/session.js';
import { DEFAULT_TIMEOUTS, type SessionTimeouts } from './session/timeouts.js';
import { loadTls, MIN_TLS_VERSION } from './tls.js';

/** Options tests use to shorten timers. */
export interface ImapServerOptions {
  timeouts?: Partial<SessionTimeouts>;
}

async function listen(server: Server, host: string, port: number): Promise<number> {
  server.listen(port, host);
  await once(server, 'listening');
  return (server.address() as { port: number }).port;
}

/**
 * Whether a revocation notice ends the session: a notice naming an application password ends
 * only the sessions that logged in with it; one naming just the user ends them all.
 */
function revokes(session: Session, userId: string, appPasswordId?: string): boolean {
  const user = session.user;
  if (user?.id.toHexString() !== userId) return false;
  return appPasswordId === undefined || user.appPasswordId?.toHexString() === appPasswordId;
}

/**
 * Starts the IMAP listener (STARTTLS) and, when IMAPS_PORT and a certificate are configured, the
 * implicit-TLS listener (RFC 8314). Sessions of a user whose credentials change are closed.
 */
export async function startImapServer(
  context: ServiceContext,
  options: ImapServerOptions = {},
): Promise<RunningServer> {
  const { config, logger } = context;
  const store: Store = storeOf(context);
  const tls = await loadTls(config.tls);
  const env: SessionEnvironment = {
    serverName: config.serverName,
    logger,
    store,
    secureContext: tls?.secureContext ?? null,
    requireTls: config.imap.requireTls,
    timeouts: { ...DEFAULT_TIMEOUTS, ...options.timeouts },
  };
  const sessions = new Set<Session>();
  const open = (socket: Socket | TLSSocket) => {
    const session = new Session(socket, env);
    sessions.add(session);
    session
      .run()
      .catch((error: unknown) => session.log.error({ err: error }, 'session failed'))
      .finally(() => sessions.delete(session));
  };

  const servers: Server[] = [createServer(open)];
  const listeners: Listener[] = [
    {
      protocol: 'imap',
      host: config.imap.host,
      port: await listen(servers[0] as Server, config.imap.host, config.imap.port),
    },
  ];
  if (tls && config.imap.tlsPort !== undefined) {
    const implicit = createTlsServer(
      {
        key: tls.key,
        cert: tls.cert,
        minVersion: MIN_TLS_VERSION,
        handshakeTimeout: TLS_HANDSHAKE_TIMEOUT_MS,
      },
      open,
    );
    implicit.on('tlsClientError', (error) =>
      logger.debug({ err: error.message }, 'TLS handshake failed'),
    );
    servers.push(implicit);
    listeners.push({
      protocol: 'imaps',
      host: config.imap.host,
      port: await listen(implicit, config.imap.host, config.imap.tlsPort),
    });
  }

  const stopChanges = await listenForChanges(store, sessions, logger);
  const unsubscribe = await subscribeRevocations(store, (userId, appPasswordId) => {
    for (const session of sessions) {
      if (revokes(session, userId, appPasswordId)) {
        void session.close('credentials changed; log in again');
      }
    }
  });

  return {
    listeners,
    close: async (graceMs: number) => {
      const stopped = servers.map(
        (server) => new Promise<void>((resolve) => server.close(() => resolve())),
      );
      for (const session of sessions) void session.close('server shutting down');
      const timer = setTimeout(() => {
        for (const session of sessions) session.destroy();
      }, graceMs);
      await Promise.all(stopped);
      clearTimeout(timer);
      await unsubscribe();
      await stopChanges();
    },
  };
}
