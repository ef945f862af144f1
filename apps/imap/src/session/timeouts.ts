import { AUTOLOGOUT_TIMEOUT_MS, IDLE_TIMEOUT_MS, LOGIN_TIMEOUT_MS } from '../limits.js';

/** The timers of a session; tests shorten them, production uses the defaults in limits.ts. */
export interface SessionTimeouts {
  loginMs: number;
  autologoutMs: number;
  idleMs: number;
}

/** The timers RFC 3501 and RFC 2177 call for. */
export const DEFAULT_TIMEOUTS: SessionTimeouts = {
  loginMs: LOGIN_TIMEOUT_MS,
  autologoutMs: AUTOLOGOUT_TIMEOUT_MS,
  idleMs: IDLE_TIMEOUT_MS,
};
