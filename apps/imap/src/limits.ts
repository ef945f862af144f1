// Session limits of the IMAP app, each with its unit and reason. Parser limits live in
// @mailstore/imap-proto (MAX_LINE_BYTES, MAX_LITERAL_BYTES, ...).

/** A connection that has not logged in by then gets BYE: unauthenticated sessions are cheap to open. */
export const LOGIN_TIMEOUT_MS = 60_000;

/** RFC 3501 section 5.4: the inactivity autologout timer must be at least 30 minutes. */
export const AUTOLOGOUT_TIMEOUT_MS = 30 * 60_000;

/** RFC 2177 section 3: clients re-issue IDLE within 29 minutes; the server may end it after 30. */
export const IDLE_TIMEOUT_MS = 30 * 60_000;

/** Failed LOGIN/AUTHENTICATE attempts one connection may make before it gets BYE. */
export const MAX_FAILED_LOGINS = 3;

/** How long a closing session waits for its last bytes to flush before destroying the socket. */
export const CLOSE_FLUSH_TIMEOUT_MS = 2_000;

/** A TLS handshake (STARTTLS or implicit TLS) taking longer than this ends the connection. */
export const TLS_HANDSHAKE_TIMEOUT_MS = 15_000;

/** Longest client ID name kept for the security log (RFC 2971 allows 1024-octet values). */
export const MAX_CLIENT_NAME_CHARS = 100;
