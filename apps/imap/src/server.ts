import { randomUUID } from 'node:crypto';
import { createServer, type Socket } from 'node:net';
import type { RunningServer, ServiceContext } from '@mailstore/service';

/** Capabilities announced in the greeting until the command set of issue #5 lands. */
const CAPABILITIES = 'IMAP4rev1';

/**
 * Starts the IMAP listener. For now it greets (RFC 3501 section 7.1.1), answers LOGOUT and
 * refuses everything else.
 * TODO(#5): replace with the session and command handlers of the IMAP issue.
 */
export async function startImapServer(context: ServiceContext): Promise<RunningServer> {
  const { config, logger } = context;
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    const log = logger.child({ sessionId: randomUUID(), remoteAddress: socket.remoteAddress });
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', (error) => log.debug({ err: error.message }, 'socket error'));
    log.info('connected');
    socket.write(`* OK [CAPABILITY ${CAPABILITIES}] ${config.serverName} IMAP ready\r\n`);
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      for (const line of chunk.split('\r\n').filter(Boolean)) {
        const [tag = '*', command = ''] = line.split(' ');
        if (command.toUpperCase() === 'LOGOUT') {
          socket.end(`* BYE logging out\r\n${tag} OK LOGOUT completed\r\n`);
        } else {
          socket.write(`${tag} BAD command not available yet\r\n`);
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(config.imap.port, config.imap.host, resolve));
  const { port } = server.address() as { port: number };
  return {
    listeners: [{ protocol: 'imap', host: config.imap.host, port }],
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.end('* BYE server shutting down\r\n');
      await closed;
    },
  };
}
