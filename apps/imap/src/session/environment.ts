import type { SecureContext } from 'node:tls';
import type { Logger } from '@mailstore/logger';
import type { Store } from '@mailstore/storage';
import type { SessionTimeouts } from './timeouts.js';

/** What every session of one server shares. */
export interface SessionEnvironment {
  /** The host name in the greeting (SERVER_NAME). */
  serverName: string;
  logger: Logger;
  /** MongoDB, Redis and logger handles for libs/auth and libs/storage (one shape for both). */
  store: Store;
  /** Certificate and key for STARTTLS; null when TLS is not configured. */
  secureContext: SecureContext | null;
  /** LOGINDISABLED until STARTTLS (IMAP_REQUIRE_TLS; a secure context is then configured). */
  requireTls: boolean;
  timeouts: SessionTimeouts;
}
