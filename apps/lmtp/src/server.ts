import type { RunningServer, ServiceContext } from '@mailstore/service';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

/** Largest message accepted over LMTP, announced with SIZE (RFC 1870). */
export const MAX_MESSAGE_BYTES = 50 * 1024 * 1024;

/**
 * Starts the LMTP listener (RFC 2033) on smtp-server in LMTP mode.
 * TODO(#4): resolve recipients and deliver to the store; until then every RCPT is refused.
 */
export async function startLmtpServer(context: ServiceContext): Promise<RunningServer> {
  const { config, logger } = context;
  const options: SMTPServerOptions = {
    lmtp: true,
    name: config.serverName,
    banner: 'LMTP ready',
    size: MAX_MESSAGE_BYTES,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onConnect(session, callback) {
      logger.info({ sessionId: session.id, remoteAddress: session.remoteAddress }, 'connected');
      callback();
    },
    onRcptTo(address, _session, callback) {
      const error = Object.assign(new Error(`5.1.1 <${address.address}>: no such user here`), {
        responseCode: 550,
      });
      callback(error);
    },
  };
  const server = new SMTPServer(options);
  server.on('error', (error) => logger.warn({ err: error.message }, 'LMTP server error'));
  await new Promise<void>((resolve) => server.listen(config.lmtp.port, config.lmtp.host, resolve));
  const { port } = server.server.address() as { port: number };
  return {
    listeners: [{ protocol: 'lmtp', host: config.lmtp.host, port }],
    close: (graceMs) =>
      new Promise<void>((resolve) => {
        server.options.closeTimeout = graceMs;
        server.close(() => resolve());
      }),
  };
}
