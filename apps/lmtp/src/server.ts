import { OutboundQueues, startOutboundWorkers, type OutboundWorkers } from '@mailstore/delivery';
import { type RunningServer, type ServiceContext, storeOf } from '@mailstore/service';
import type { Store } from '@mailstore/storage';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { keepExplicitEnhancedCodes } from './enhanced-codes.js';
import { handleData } from './session/data.js';
import type { SessionDeps } from './session/deps.js';
import { handleRcptTo } from './session/rcpt-to.js';
import { loadTls, MIN_TLS_VERSION } from './tls.js';

/** Largest message accepted over LMTP, announced with SIZE (RFC 1870); the store's own limit. */
export const MAX_MESSAGE_BYTES = 50 * 1024 * 1024;
/** Recipients per transaction: bounds the per-DATA work an MTA can ask for at once. */
export const MAX_RECIPIENTS = 1_000;
/** Idle time before a silent client is disconnected (RFC 5321 section 4.5.3.2 suggests 5 min). */
export const SOCKET_TIMEOUT_MS = 5 * 60 * 1000;

/**
 * Starts the LMTP listener (RFC 2033) on smtp-server in LMTP mode, with the outbound queues
 * for forwards and autoreplies and, when RELAY_URL is set, the workers that send them.
 */
export async function startLmtpServer(context: ServiceContext): Promise<RunningServer> {
  const { config, logger } = context;
  keepExplicitEnhancedCodes();
  const store: Store = storeOf(context);
  const retry = { attempts: config.delivery.jobAttempts, backoffMs: config.delivery.jobBackoffMs };
  const queues = new OutboundQueues(config.redis.url, config.redis.prefix, retry);
  const workers = startWorkers(context);
  logSrs(context);
  const deps: SessionDeps = {
    store,
    queues,
    options: config.delivery,
    logger,
    resolved: new WeakMap(),
  };
  const tls = await loadTls(config.tls);
  const options: SMTPServerOptions = {
    lmtp: true,
    name: config.serverName,
    banner: 'LMTP ready',
    size: MAX_MESSAGE_BYTES,
    rejectOversized: true,
    maxRecipients: MAX_RECIPIENTS,
    socketTimeout: SOCKET_TIMEOUT_MS,
    authOptional: true,
    hideDSN: true,
    hideENHANCEDSTATUSCODES: false,
    disabledCommands: tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
    ...(tls ? { key: tls.key, cert: tls.cert, minVersion: MIN_TLS_VERSION } : {}),
    logger: false,
    onConnect(session, callback) {
      logger.info({ sessionId: session.id, remoteAddress: session.remoteAddress }, 'connected');
      callback();
    },
    onRcptTo: handleRcptTo(deps),
    onData: handleData(deps),
  };
  const server = new SMTPServer(options);
  server.on('error', (error) => logger.warn({ err: error.message }, 'LMTP server error'));
  await new Promise<void>((resolve) => server.listen(config.lmtp.port, config.lmtp.host, resolve));
  const { port } = server.server.address() as { port: number };
  return {
    listeners: [{ protocol: 'lmtp', host: config.lmtp.host, port }],
    close: async (graceMs) => {
      await new Promise<void>((resolve) => {
        server.options.closeTimeout = graceMs;
        server.close(() => resolve());
      });
      await workers?.close();
      await queues.close();
    },
  };
}

function logSrs(context: ServiceContext): void {
  const { srs } = context.config.delivery;
  if (!srs) {
    context.logger.warn('SRS_DOMAIN unset: SRS is off, forwards keep the original reverse path');
    return;
  }
  context.logger.info({ srsDomain: srs.domain, maxAgeDays: srs.maxAgeDays }, 'SRS on');
}

function startWorkers(context: ServiceContext): OutboundWorkers | null {
  const { config, logger } = context;
  if (!config.delivery.relayUrl) {
    logger.warn('RELAY_URL unset: forwards and autoreplies wait in their queues');
    return null;
  }
  return startOutboundWorkers({
    redisUrl: config.redis.url,
    redisPrefix: config.redis.prefix,
    relayUrl: config.delivery.relayUrl,
    logger,
    backoffMs: config.delivery.jobBackoffMs,
  });
}
