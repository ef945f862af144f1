import type { Duplex } from 'node:stream';
import { ImapParser, type ParserEvent } from '@mailstore/imap-proto';

/** Why {@link SessionInput.next} returned without an event. */
export type InputEnd = 'timeout' | 'closed';

/**
 * Pulls parser events from a socket. The socket stays paused except while the session waits for
 * input, so a session holds at most one received chunk plus the command being parsed, and a
 * client that pipelines faster than commands complete is held back by TCP.
 */
export class SessionInput {
  readonly parser = new ImapParser();
  private socket: Duplex;
  private wake: (() => void) | null = null;
  private ended = false;
  private readonly onData = (chunk: Buffer) => {
    this.socket.pause();
    this.parser.push(chunk);
    this.wake?.();
  };
  private readonly onEnd = () => {
    this.ended = true;
    this.wake?.();
  };

  constructor(socket: Duplex) {
    this.socket = socket;
    this.attach(socket);
  }

  /** Reads from another stream from now on: the TLS socket after STARTTLS. */
  replaceSocket(socket: Duplex): void {
    this.detach(this.socket);
    this.socket = socket;
    this.attach(socket);
  }

  /** Stops listening to the current socket, before STARTTLS hands it to TLS. */
  detach(socket: Duplex = this.socket): void {
    socket.off('data', this.onData);
    socket.off('end', this.onEnd);
    socket.off('close', this.onEnd);
  }

  /** Returns the next parser event, waiting for input up to `timeoutMs`. */
  async next(timeoutMs: number): Promise<ParserEvent | InputEnd> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const event = this.parser.next();
      if (event) return event;
      if (this.ended) return 'closed';
      const remaining = deadline - Date.now();
      if (remaining <= 0) return 'timeout';
      await this.waitForData(remaining);
    }
  }

  private waitForData(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = null;
        this.socket.pause();
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.wake = done;
      this.socket.resume();
    });
  }

  private attach(socket: Duplex): void {
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('close', this.onEnd);
    socket.pause();
  }
}
