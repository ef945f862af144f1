// A bare IMAP client for protocol edge cases: writes raw bytes, reads lines.
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { connect as connectTls, type TLSSocket } from 'node:tls';

const READ_TIMEOUT_MS = 5_000;

/** A line-oriented view of one test connection. */
export class RawClient {
  private buffer = '';
  private waiters: Array<() => void> = [];
  closed = false;

  private constructor(public socket: Socket | TLSSocket) {
    this.listen(socket);
  }

  /** Connects in plaintext (or with implicit TLS) and waits for the connection. */
  static async open(port: number, tls = false): Promise<RawClient> {
    const socket = tls
      ? connectTls({ port, host: '127.0.0.1', rejectUnauthorized: false })
      : connect(port, '127.0.0.1');
    await once(socket, tls ? 'secureConnect' : 'connect');
    return new RawClient(socket);
  }

  /** Opens a connection, reads the greeting and logs in; throws unless LOGIN is answered OK. */
  static async login(port: number, username: string, password: string): Promise<RawClient> {
    const client = await RawClient.open(port);
    await client.line();
    const reply = await client.command('l', `LOGIN ${username} ${password}`);
    if (!/^l OK /.test(reply.at(-1) ?? '')) {
      client.end();
      throw new Error(`LOGIN ${username} failed: ${reply.join(' | ')}`);
    }
    return client;
  }

  /** Wraps the connection in TLS after STARTTLS. */
  async startTls(): Promise<void> {
    this.socket.removeAllListeners('data');
    const secure = connectTls({ socket: this.socket, rejectUnauthorized: false });
    await once(secure, 'secureConnect');
    this.socket = secure;
    this.listen(secure);
  }

  /** Writes raw text. */
  send(text: string | Buffer): void {
    this.socket.write(text);
  }

  /** Reads one line (without CRLF), failing after a timeout. */
  async line(timeoutMs = READ_TIMEOUT_MS): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const end = this.buffer.indexOf('\r\n');
      if (end >= 0) {
        const line = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        return line;
      }
      if (this.closed) throw new Error(`connection closed; unread: ${JSON.stringify(this.buffer)}`);
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`no line within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Sends a command and returns every line up to and including its tagged response. */
  async command(tag: string, text: string): Promise<string[]> {
    this.send(`${tag} ${text}\r\n`);
    return this.until(tag);
  }

  /** Reads lines until the one tagged `tag`. */
  async until(tag: string): Promise<string[]> {
    const lines: string[] = [];
    for (;;) {
      const line = await this.line();
      lines.push(line);
      if (line.startsWith(`${tag} `)) return lines;
    }
  }

  /** Resolves once the server has closed the connection. */
  async waitClosed(timeoutMs = READ_TIMEOUT_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    if (!this.closed) throw new Error('connection still open');
  }

  /** Closes the connection from our side. */
  end(): void {
    this.socket.destroy();
  }

  private listen(socket: Socket | TLSSocket): void {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      this.wakeAll();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wakeAll();
    });
    socket.on('error', () => undefined);
  }

  private wakeAll(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
