import type { Session } from '../session/session.js';
import { no, type Completion } from '../session/types.js';

/**
 * SETQUOTA (RFC 9208 section 4.1): refused. Quotas are set by the administrator (`quota:set`
 * of the admin CLI), never by the user, and QUOTASET is not announced.
 */
export function setQuota(_session: Session): Promise<Completion> {
  return Promise.resolve(no('users cannot set their own quota', { name: 'NOPERM' }));
}
