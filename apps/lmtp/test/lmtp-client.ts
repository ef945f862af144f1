import { createConnection, type Socket } from 'node:net';

/** Longest a test waits for one reply. */
const REPLY_TIMEOUT_MS = 15_000;

/**
 * A raw LMTP client that reads replies one at a time, as RFC 2033 section 4.2 requires after
 * DATA (one reply per accepted recipient), which line-per-command clients do not.
 */
export class RawLmtpClient {
  private buffer = '';
  private readonly replies: string[] = [];
  private waiter: (() => void) | undefined;

  private constructor(private readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      this.drain();
    });
  }

  /** Connects and reads the 220 banner. */
  static async connect(port: number): Promise<{ client: RawLmtpClient; banner: string }> {
    const socket = createConnection({ host: '127.0.0.1', port });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const client = new RawLmtpClient(socket);
    return { client, banner: await client.reply() };
  }

  /** Sends one command line and reads its reply. */
  async command(line: string): Promise<string> {
    this.socket.write(`${line}\r\n`);
    return this.reply();
  }

  /** Sends DATA, the dot-stuffed message and the final dot; reads `count` replies. */
  async data(message: string | Buffer, count: number): Promise<string[]> {
    const start = await this.command('DATA');
    if (!start.startsWith('354')) return [start];
    const text = Buffer.isBuffer(message) ? message.toString('latin1') : message;
    const stuffed = text.replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..');
    this.socket.write(Buffer.from(`${stuffed.replace(/\r\n$/, '')}\r\n.\r\n`, 'latin1'));
    const replies: string[] = [];
    for (let i = 0; i < count; i++) replies.push(await this.reply());
    return replies;
  }

  /** The next complete reply (multi-line replies joined with \n). */
  async reply(): Promise<string> {
    const deadline = Date.now() + REPLY_TIMEOUT_MS;
    while (this.replies.length === 0) {
      if (Date.now() > deadline) throw new Error('no LMTP reply in time');
      await new Promise<void>((resolve) => {
        this.waiter = resolve;
        setTimeout(resolve, 200);
      });
    }
    return this.replies.shift()!;
  }

  /** Sends QUIT and closes the socket. */
  quit(): Promise<void> {
    this.socket.end('QUIT\r\n');
    this.socket.destroy();
    return Promise.resolve();
  }

  private drain(): void {
    for (;;) {
      const lines: string[] = [];
      let offset = 0;
      let done = false;
      while (!done) {
        const end = this.buffer.indexOf('\r\n', offset);
        if (end < 0) return;
        const line = this.buffer.slice(offset, end);
        lines.push(line);
        offset = end + 2;
        done = line[3] !== '-';
      }
      this.buffer = this.buffer.slice(offset);
      this.replies.push(lines.join('\n'));
      this.waiter?.();
    }
  }
}
