// A minimal IMAP client for the benchmark: one socket, tags of its own, one reply per tag.
// It frames responses (lines plus the literals they announce, RFC 3501 section 4.3) and keeps
// nothing but the untagged lines of the command in flight, so the client side stays cheap.
import { connect, type Socket } from 'node:net';

/** Longest the benchmark waits for one tagged reply or an awaited untagged response. */
const REPLY_TIMEOUT_MS = 60_000;
const CRLF = Buffer.from('\r\n');
/** A line announcing a literal ends `{n}`; the n bytes that follow belong to the same response. */
const LITERAL_AT_END = /\{(\d+)\}$/;

/** What one tagged command returned. */
export interface Reply {
  /** `OK`, `NO` or `BAD`. */
  status: string;
  /** The tagged line. */
  text: string;
  /** Untagged responses received while the command ran (literals as `{n}` only). */
  untagged: string[];
  /** Literal bytes received while the command ran (body sections). */
  literalBytes: number;
}

interface Pending {
  tag: string;
  untagged: string[];
  literalBytes: number;
  resolve(reply: Reply): void;
  reject(error: Error): void;
}

interface Waiter {
  match: (line: string) => boolean;
  resolve(line: string): void;
  reject(error: Error): void;
}

/** One IMAP connection. */
export class ImapConnection {
  private buffer: Buffer = Buffer.alloc(0);
  /** The response being framed: its lines so far, and literal bytes still to skip. */
  private partial = '';
  private literalLeft = 0;
  private pending: Pending | undefined;
  private waiters: Waiter[] = [];
  private nextTag = 1;
  private closedError: Error | undefined;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('close', () => this.fail(new Error('connection closed')));
    socket.on('error', (error) => this.fail(error));
  }

  /** Connects and waits for the `* OK` greeting. */
  static async open(port: number): Promise<ImapConnection> {
    const socket = connect(port, '127.0.0.1');
    socket.setNoDelay(true);
    const connection = new ImapConnection(socket);
    const greeting = await connection.waitFor((line) => line.startsWith('* '));
    if (!greeting.startsWith('* OK')) throw new Error(`greeting: ${greeting}`);
    return connection;
  }

  /** Sends `text` (a command without tag and CRLF) and resolves with its tagged reply. */
  command(text: string): Promise<Reply> {
    if (this.closedError) return Promise.reject(this.closedError);
    if (this.pending) return Promise.reject(new Error('one command at a time'));
    const tag = `b${this.nextTag++}`;
    const reply = new Promise<Reply>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no reply to ${text.slice(0, 40)}`)),
        REPLY_TIMEOUT_MS,
      );
      const done =
        <T>(settle: (value: T) => void) =>
        (value: T) => {
          clearTimeout(timer);
          this.pending = undefined;
          settle(value);
        };
      this.pending = {
        tag,
        untagged: [],
        literalBytes: 0,
        resolve: done(resolve),
        reject: done(reject),
      };
    });
    this.socket.write(`${tag} ${text}\r\n`);
    return reply;
  }

  /** Like {@link command}, but rejects unless the reply is OK. */
  async ok(text: string): Promise<Reply> {
    const reply = await this.command(text);
    if (reply.status !== 'OK') throw new Error(`${text.split(' ')[0]} failed: ${reply.text}`);
    return reply;
  }

  /** Writes raw bytes (IDLE's DONE, for instance). */
  send(text: string): void {
    this.socket.write(text);
  }

  /** Resolves with the next response line, untagged or continuation, that `match` accepts. */
  waitFor(match: (line: string) => boolean, timeoutMs = REPLY_TIMEOUT_MS): Promise<string> {
    if (this.closedError) return Promise.reject(this.closedError);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        match,
        resolve: (line) => {
          clearTimeout(timer);
          resolve(line);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((other) => other !== waiter);
        reject(new Error(`no awaited response within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Closes the socket without LOGOUT. */
  destroy(): void {
    this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (;;) {
      if (this.literalLeft > 0) {
        const taken = Math.min(this.literalLeft, this.buffer.length);
        this.literalLeft -= taken;
        if (this.pending) this.pending.literalBytes += taken;
        this.buffer = this.buffer.subarray(taken);
        if (this.literalLeft > 0) return;
      }
      const end = this.buffer.indexOf(CRLF);
      if (end < 0) return;
      const line = this.buffer.toString('latin1', 0, end);
      this.buffer = this.buffer.subarray(end + 2);
      this.partial += line;
      const literal = LITERAL_AT_END.exec(line);
      if (literal) {
        this.literalLeft = Number(literal[1]);
        continue;
      }
      const response = this.partial;
      this.partial = '';
      this.dispatch(response);
    }
  }

  private dispatch(response: string): void {
    const pending = this.pending;
    if (pending && response.startsWith(`${pending.tag} `)) {
      const status = response.slice(pending.tag.length + 1).split(' ', 1)[0] ?? '';
      const { untagged, literalBytes } = pending;
      pending.resolve({ status, text: response, untagged, literalBytes });
      return;
    }
    const waiter = this.waiters.find((candidate) => candidate.match(response));
    if (waiter) {
      this.waiters = this.waiters.filter((other) => other !== waiter);
      waiter.resolve(response);
      return;
    }
    pending?.untagged.push(response);
  }

  private fail(error: Error): void {
    this.closedError ??= error;
    this.pending?.reject(error);
    for (const waiter of this.waiters.splice(0)) waiter.reject(error);
  }
}
