// An IMAP connection that keeps the raw bytes it receives, for tests that check literals exactly
// (NULs of a literal8, multi-megabyte sections). Its buffer grows by doubling, so collecting a
// large response costs no quadratic copying.
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { expect } from 'vitest';

/** How long a test waits for bytes it expects. */
const READ_TIMEOUT_MS = 60_000;

/** How often a waiting test looks again when no data woke it. */
const POLL_MS = 50;

export class ByteClient {
  private buffer = Buffer.alloc(64 * 1024);
  private size = 0;
  private wake: (() => void) | null = null;
  closed = false;

  constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      if (this.size + chunk.length > this.buffer.length) {
        const grown = Buffer.alloc(Math.max(this.buffer.length * 2, this.size + chunk.length));
        this.buffer.copy(grown, 0, 0, this.size);
        this.buffer = grown;
      }
      this.size += chunk.copy(this.buffer, this.size);
      this.wake?.();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake?.();
    });
    socket.on('error', () => undefined);
  }

  /** Connects, drops the greeting and logs in; the socket joins `sockets` for the cleanup. */
  static async login(port: number, username: string, sockets: Socket[]): Promise<ByteClient> {
    const socket = connect(port, '127.0.0.1');
    sockets.push(socket);
    await once(socket, 'connect');
    const client = new ByteClient(socket);
    await client.until('\r\n');
    client.take();
    await client.command('l', `LOGIN ${username} secret`);
    return client;
  }

  /** The bytes collected and not taken yet. */
  get data(): Buffer {
    return this.buffer.subarray(0, this.size);
  }

  /** Waits until the bytes collected contain `text`, or the connection closed. */
  async until(text: string): Promise<void> {
    await this.waitFor((data, from) => data.indexOf(text, Math.max(0, from - text.length)));
  }

  /** Takes everything collected so far. */
  take(): Buffer {
    return this.cut(this.size);
  }

  /** Sends a command; returns the bytes up to and including its tagged response line. */
  async command(tag: string, text: string | Buffer): Promise<Buffer> {
    this.socket.write(typeof text === 'string' ? `${tag} ${text}\r\n` : text);
    const marker = `\r\n${tag} `;
    // Where the tagged line starts, once seen: its end may come in a later chunk.
    let start = -1;
    const end = await this.waitFor((data, from) => {
      if (start < 0 && data.toString('latin1', 0, tag.length + 1) === `${tag} `) start = 0;
      if (start < 0) {
        const at = data.indexOf(marker, Math.max(0, from - marker.length));
        if (at >= 0) start = at + 2;
      }
      return start < 0 ? -1 : data.indexOf('\r\n', start);
    });
    if (end < 0) throw new Error(`no ${tag} response: the connection closed`);
    return this.cut(end + 2);
  }

  /**
   * Polls until `find` gives an index into the collected bytes (or the connection closed, when
   * it gives -1). `from` is how many bytes the previous look had seen, so a search need not
   * start over.
   */
  private async waitFor(find: (data: Buffer, from: number) => number): Promise<number> {
    const deadline = Date.now() + READ_TIMEOUT_MS;
    let from = 0;
    for (;;) {
      const at = find(this.data, from);
      if (at >= 0 || this.closed) return at;
      from = this.size;
      if (Date.now() > deadline) throw new Error('no reply in time');
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, POLL_MS);
      });
    }
  }

  /** Takes the first `length` collected bytes (a copy: the buffer is reused). */
  private cut(length: number): Buffer {
    const taken = Buffer.from(this.buffer.subarray(0, length));
    this.buffer.copy(this.buffer, 0, length, this.size);
    this.size -= length;
    return taken;
  }
}

/** The literal after `prefix` in a response: whether it was a literal8 (`~{n}`) and its bytes. */
export function literalAfter(reply: Buffer, prefix: string): { binary: boolean; bytes: Buffer } {
  const at = reply.indexOf(prefix);
  expect(at, `${prefix} in ${reply.toString('latin1', 0, 200)}`).toBeGreaterThanOrEqual(0);
  let open = at + prefix.length;
  const binary = reply[open] === 0x7e;
  if (binary) open += 1;
  expect(reply.toString('latin1', open, open + 1)).toBe('{');
  const close = reply.indexOf('}\r\n', open);
  const length = Number(reply.toString('latin1', open + 1, close));
  return { binary, bytes: reply.subarray(close + 3, close + 3 + length) };
}
