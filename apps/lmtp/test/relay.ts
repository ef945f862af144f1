import { SMTPServer } from 'smtp-server';

/** A message the test relay accepted. */
export interface Relayed {
  mailFrom: string;
  rcptTo: string[];
  raw: string;
}

/**
 * A real smtp-server standing in for the outbound relay on 127.0.0.1 port 0. `refuseNext`
 * makes it answer the next MAIL FROMs with 451; `stop` and `start` take it off the network and
 * back on the same port.
 */
export class TestRelay {
  readonly received: Relayed[] = [];
  refuseNext = 0;
  refused = 0;
  port = 0;
  private server: SMTPServer | undefined;

  /** Starts listening (on the previous port when restarted). */
  async start(): Promise<number> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onMailFrom: (_address, _session, callback) => {
        if (this.refuseNext > 0) {
          this.refuseNext--;
          this.refused++;
          callback(Object.assign(new Error('try again later'), { responseCode: 451 }));
          return;
        }
        callback();
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          this.received.push({
            mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            rcptTo: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        });
      },
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.server.address() as { port: number }).port;
    return this.port;
  }

  /** Stops listening; the port stays reserved in `port` for {@link start}. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Waits until `count` messages arrived, or throws after `timeoutMs`. */
  async waitFor(count: number, timeoutMs = 15_000): Promise<Relayed[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.received.length < count) {
      if (Date.now() > deadline) {
        throw new Error(`relay got ${this.received.length} of ${count} messages`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return this.received.slice(0, count);
  }
}
