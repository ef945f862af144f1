import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { TLSSocket } from 'node:tls';
import { statusResponse, type ParserEvent, type ProtocolError } from '@mailstore/imap-proto';
import type { Logger } from '@mailstore/logger';
import type { ObjectId } from 'mongodb';
import { capabilitiesFor } from '../capabilities.js';
import { CLOSE_FLUSH_TIMEOUT_MS, TLS_HANDSHAKE_TIMEOUT_MS } from '../limits.js';
import { dispatch } from './dispatch.js';
import { waitForDrain } from './drain.js';
import { refreshSelected } from './refresh.js';
import type { SessionEnvironment } from './environment.js';
import { SessionInput } from './input.js';
import type { SelectedMailbox } from './selected.js';
import type { SessionState } from './types.js';
import { UpdateQueue } from './updates.js';

/** The user a session is logged in as. */
export interface SessionUser {
  id: ObjectId;
  username: string;
  /** The application password the session logged in with; absent for the main password. */
  appPasswordId?: ObjectId;
}

/**
 * One IMAP connection: its state (RFC 3501 section 3), its input and its output. Commands run
 * one at a time, in the order they arrive; handlers in ../commands do the work.
 */
export class Session {
  readonly id = randomUUID();
  readonly remoteAddress: string;
  readonly input: SessionInput;
  readonly updates = new UpdateQueue(this);
  state: SessionState = 'not-authenticated';
  log: Logger;
  secure: boolean;
  /** UTF8=ACCEPT or IMAP4rev2 was enabled: mailbox names are UTF-8 (RFC 6855, RFC 9051 5.1). */
  utf8 = false;
  /**
   * ENABLE IMAP4rev2 was seen (RFC 9051 section 6.3.1): from then on the session speaks
   * IMAP4rev2, which has no RECENT response and no \Recent flag (SELECT claims nothing), answers
   * SEARCH with ESEARCH only, and sends a LIST response with SELECT and EXAMINE.
   */
  rev2 = false;
  /**
   * A CONDSTORE enabling command was seen (RFC 7162 section 3.1): from then on every untagged
   * FETCH about a flag change carries UID and MODSEQ, until the connection ends.
   */
  condstore = false;
  /**
   * ENABLE QRESYNC was seen (RFC 7162 section 3.2.3): expunges are told with VANISHED, and
   * SELECT/EXAMINE take the QRESYNC parameter. It implies `condstore`.
   */
  qresync = false;
  user: SessionUser | null = null;
  /** The selected mailbox; non-null exactly in the `selected` state. */
  selected: SelectedMailbox | null = null;
  failedLogins = 0;
  /** The client's name and version from ID (RFC 2971), for the security log. */
  clientName: string | undefined;
  /** Set by a handler to end the session with BYE after its tagged response. */
  byeAfterResponse: string | null = null;
  private socket: Duplex;
  private readonly connectedAt = Date.now();
  private closed = false;
  private lastRefresh: Promise<void> = Promise.resolve();
  private nextRefresh: Promise<void> | null = null;
  /** A command is being dispatched, from its handler to its tagged response. */
  commandRunning = false;
  /** A notice came while a command ran: refresh before its tagged response. */
  refreshPending = false;

  constructor(
    socket: Socket | TLSSocket,
    readonly env: SessionEnvironment,
  ) {
    this.socket = socket;
    this.secure = socket instanceof TLSSocket;
    this.remoteAddress = socket.remoteAddress ?? 'unknown';
    this.log = env.logger.child({ sessionId: this.id, remoteAddress: this.remoteAddress });
    this.input = new SessionInput(socket);
    socket.on('error', (error: Error) => this.log.debug({ err: error.message }, 'socket error'));
  }

  /** Greets, then reads and runs commands until LOGOUT, a timeout or a closed socket. */
  async run(): Promise<void> {
    this.log.info({ secure: this.secure }, 'connected');
    const code = { name: 'CAPABILITY' as const, args: capabilitiesFor(this).join(' ') };
    await this.write(statusResponse('*', 'OK', `${this.env.serverName} IMAP ready`, code));
    while (this.state !== 'logout' && !this.closed) {
      const event = await this.input.next(this.readTimeoutMs());
      if (event === 'closed') break;
      if (event === 'timeout') {
        const text = this.user ? 'autologout: idle for too long' : 'login timeout';
        await this.close(text);
        break;
      }
      await this.handle(event);
    }
    await this.close();
    this.log.info('disconnected');
  }

  /** False once the connection is closing or gone: long responses stop reading the store. */
  get connected(): boolean {
    return !this.closed && !this.socket.destroyed;
  }

  /** Writes bytes, waiting while the socket's buffer is full (large FETCH responses). */
  async write(data: Buffer | string): Promise<void> {
    if (this.closed || this.socket.destroyed) return;
    if (!this.socket.write(data)) {
      await waitForDrain(this.socket);
    }
  }

  /** Sends `* BYE text` when given, then closes the connection; safe to call twice. */
  async close(byeText?: string): Promise<void> {
    if (this.closed) return;
    if (byeText) await this.write(statusResponse('*', 'BYE', byeText));
    this.closed = true;
    this.state = 'logout';
    this.input.detach();
    const socket = this.socket;
    socket.end();
    const timer = setTimeout(() => socket.destroy(), CLOSE_FLUSH_TIMEOUT_MS);
    socket.once('close', () => clearTimeout(timer));
  }

  /** Drops the connection at once (shutdown after the grace period). */
  destroy(): void {
    this.socket.destroy();
  }

  /** The logged-in user; handlers behind the state gate may rely on it. */
  get userId(): ObjectId {
    if (!this.user) throw new Error('no user is logged in');
    return this.user.id;
  }

  /** Enters the selected state, or leaves it for the authenticated state with `null`. */
  select(mailbox: SelectedMailbox | null): void {
    this.selected = mailbox;
    this.state = mailbox ? 'selected' : 'authenticated';
  }

  /**
   * Called on a journal notice for the selected mailbox. While a command runs (IDLE excepted)
   * the refresh waits for its end, so that the command's own changes are known, not echoed.
   */
  mailboxChanged(): void {
    if (this.commandRunning && !this.updates.idling) {
      this.refreshPending = true;
      return;
    }
    void this.refresh();
  }

  /**
   * Refreshes the selected mailbox from the store. Refreshes run one at a time; calls made
   * while one runs share a single next one.
   */
  refresh(): Promise<void> {
    if (this.nextRefresh) return this.nextRefresh;
    const next = this.lastRefresh.then(async () => {
      this.nextRefresh = null;
      await refreshSelected(this).catch((error: unknown) => {
        this.log.error({ err: error }, 'mailbox refresh failed');
      });
    });
    this.nextRefresh = next;
    this.lastRefresh = next;
    return next;
  }

  /** Records a successful login and binds the user to the session's log lines. */
  authenticated(user: SessionUser): void {
    this.user = user;
    this.state = 'authenticated';
    this.log = this.log.child({ user: user.username });
  }

  /**
   * Upgrades the connection to TLS (RFC 3501 section 6.2.1). Plaintext that arrived after the
   * STARTTLS command is thrown away, so it cannot be taken as sent over TLS (CVE-2011-0411).
   */
  async startTls(): Promise<void> {
    const context = this.env.secureContext;
    if (!context) throw new Error('TLS is not configured');
    this.input.detach();
    this.input.parser.discardInput();
    const tlsSocket = new TLSSocket(this.socket, {
      isServer: true,
      secureContext: context,
    });
    tlsSocket.on('error', (error: Error) => this.log.debug({ err: error.message }, 'TLS error'));
    const timeout = AbortSignal.timeout(TLS_HANDSHAKE_TIMEOUT_MS);
    await once(tlsSocket, 'secure', { signal: timeout });
    this.socket = tlsSocket;
    this.input.replaceSocket(tlsSocket);
    this.secure = true;
    this.log.info({ protocol: tlsSocket.getProtocol() }, 'STARTTLS completed');
  }

  /** How long the next read may wait: the login deadline, else the autologout timer. */
  private readTimeoutMs(): number {
    const { timeouts } = this.env;
    if (this.state !== 'not-authenticated') return timeouts.autologoutMs;
    return Math.max(0, this.connectedAt + timeouts.loginMs - Date.now());
  }

  private async handle(event: ParserEvent): Promise<void> {
    switch (event.kind) {
      case 'command':
      case 'append':
      case 'catenate':
        await dispatch(this, event.command);
        return;
      case 'continue':
        await this.write('+ Ready for literal data\r\n');
        return;
      case 'error':
        await this.answerProtocolError(event.error, event.fatal);
        return;
      case 'catenate-url':
      case 'catenate-text':
      case 'literal-chunk':
      case 'literal-end':
      case 'line':
        // Only handlers that asked for these read them; one left over here is a bug of ours.
        this.log.error({ kind: event.kind }, 'unexpected parser event');
        return;
    }
  }

  private async answerProtocolError(error: ProtocolError, fatal: boolean): Promise<void> {
    const status = error.status === 'BYE' ? 'BAD' : error.status;
    this.log.debug({ code: error.code, tag: error.tag }, error.message);
    await this.write(statusResponse(error.tag, status, error.message, error.responseCode));
    if (fatal) await this.close('literal too large; closing the connection');
  }
}
