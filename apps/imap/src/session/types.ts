import type { ResponseCode } from '@mailstore/imap-proto';

/** The connection states of RFC 3501 section 3. */
export type SessionState = 'not-authenticated' | 'authenticated' | 'selected' | 'logout';

/** How a command ended: the tagged response the dispatcher writes. */
export interface Completion {
  status: 'OK' | 'NO' | 'BAD';
  text: string;
  code?: ResponseCode;
}

/** Shorthands for handlers' completions. */
export const ok = (text: string, code?: ResponseCode): Completion => ({ status: 'OK', text, code });
export const no = (text: string, code?: ResponseCode): Completion => ({ status: 'NO', text, code });
export const bad = (text: string, code?: ResponseCode): Completion => ({
  status: 'BAD',
  text,
  code,
});
