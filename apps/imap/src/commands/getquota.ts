import type { Session } from '../session/session.js';
import { no, ok, type Completion } from '../session/types.js';
import { quotaResponse, readQuota, USER_QUOTA_ROOT } from './quota-root.js';
import type { CommandOf } from './registry.js';

/**
 * GETQUOTA (RFC 9208 section 4.2): the usage and limit of the user's root `""`. A user without
 * a limit has no quota root, so the command gets NO as for any unknown root.
 */
export async function getQuota(
  session: Session,
  command: CommandOf<'GETQUOTA'>,
): Promise<Completion> {
  if (command.quotaRoot !== USER_QUOTA_ROOT) {
    return no(`no quota root ${command.quotaRoot}`, { name: 'NONEXISTENT' });
  }
  const quota = await readQuota(session);
  if (!quota) return no('no quota is set for this user', { name: 'NONEXISTENT' });
  await session.write(quotaResponse(session, quota));
  return ok('GETQUOTA completed');
}
