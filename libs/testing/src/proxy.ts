import { readFileSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';

/** Lowest port the proxy listens on. */
const MIN_PROXY_PORT = 10_000;
/** Ports tried before {@link TcpProxy.start} gives up. */
const START_ATTEMPTS = 50;
/** How long {@link TcpProxy.restore} keeps trying a port that is briefly in use. */
const RESTORE_WAIT_MS = 5_000;

/**
 * A TCP relay on 127.0.0.1 port 0 in front of a real service, which a test can cut and restore
 * to make that service unreachable without touching the service itself.
 */
export class TcpProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private portNumber = 0;
  private lose: { match: (request: Buffer) => boolean; lost: () => void } | undefined;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  /** The port the proxy listens on (stable across {@link cut} and {@link restore}). */
  get port(): number {
    return this.portNumber;
  }

  /**
   * Starts listening; resolves to the port. The port is chosen below the kernel's ephemeral range:
   * while the proxy is cut, a client that keeps reconnecting to an ephemeral port on 127.0.0.1
   * can be given that very port as its own local port (a TCP self-connect), and then holds it so
   * that {@link restore} cannot listen again.
   */
  async start(): Promise<number> {
    const [low] = ephemeralRange();
    for (let attempt = 0; attempt < START_ATTEMPTS; attempt++) {
      const port = MIN_PROXY_PORT + Math.floor(Math.random() * (low - MIN_PROXY_PORT));
      try {
        await this.listen(port);
        return this.portNumber;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      }
    }
    throw new Error(`no free port below ${low} after ${START_ATTEMPTS} tries`);
  }

  /** Closes the listener and every relayed connection. */
  async cut(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
    this.server = undefined;
  }

  /** Listens again on the same port, waiting a little if the port is still held. */
  async restore(): Promise<void> {
    const started = Date.now();
    for (;;) {
      try {
        await this.listen(this.portNumber);
        return;
      } catch (error) {
        const inUse = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
        if (!inUse || Date.now() - started > RESTORE_WAIT_MS) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  }

  /**
   * Arms a lost reply: the next request whose bytes `match` reaches the service, and when the
   * service answers, the connection is cut instead, so the client never learns the outcome of a
   * request that was carried out. Resolves once the reply has been dropped.
   */
  loseNextReply(match: (request: Buffer) => boolean): Promise<void> {
    return new Promise((resolve) => {
      this.lose = { match, lost: resolve };
    });
  }

  private listen(port: number): Promise<void> {
    const server = createServer((client) => this.relay(client));
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        this.server = server;
        this.portNumber = (server.address() as { port: number }).port;
        resolve();
      });
    });
  }

  private relay(client: Socket): void {
    const upstream = createConnection({ host: this.targetHost, port: this.targetPort });
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    let dropReply: (() => void) | undefined;
    client.on('data', (request: Buffer) => {
      if (this.lose?.match(request)) {
        dropReply = this.lose.lost;
        this.lose = undefined;
      }
    });
    client.pipe(upstream);
    upstream.on('data', (reply: Buffer) => {
      if (dropReply) {
        client.destroy();
        upstream.destroy();
        dropReply();
        return;
      }
      if (!client.write(reply)) {
        upstream.pause();
        client.once('drain', () => upstream.resume());
      }
    });
    upstream.on('end', () => client.end());
  }
}

/** The kernel's ephemeral port range (Linux), or the IANA range elsewhere. */
function ephemeralRange(): [number, number] {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/)
      .map(Number);
    if (low && high && low > MIN_PROXY_PORT) return [low, high];
  } catch {
    // Not Linux: fall through.
  }
  return [49_152, 65_535];
}

/** Parses host and port out of a mongodb:// or redis:// URL with a single host. */
export function hostAndPort(url: string): { host: string; port: number } {
  const parsed = new URL(url);
  return { host: parsed.hostname, port: Number(parsed.port) };
}
