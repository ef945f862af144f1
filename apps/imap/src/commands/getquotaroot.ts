import { atom, untaggedResponse } from '@mailstore/imap-proto';
import { getMailboxByPath } from '@mailstore/storage';
import type { Session } from '../session/session.js';
import { no, ok, type Completion } from '../session/types.js';
import { wireName } from './mailbox-names.js';
import { quotaResponse, readQuota, USER_QUOTA_ROOT } from './quota-root.js';
import type { CommandOf } from './registry.js';

/**
 * GETQUOTAROOT (RFC 9208 section 4.3): every mailbox of a user is under the root `""`, given
 * with its usage. A user without a limit gets `* QUOTAROOT mailbox` and no root.
 */
export async function getQuotaRoot(
  session: Session,
  command: CommandOf<'GETQUOTAROOT'>,
): Promise<Completion> {
  const { store } = session.env;
  const mailbox = await getMailboxByPath(store, session.userId, command.mailbox);
  if (!mailbox) return no(`mailbox ${command.mailbox} does not exist`, { name: 'NONEXISTENT' });

  const quota = await readQuota(session);
  const roots = quota ? [USER_QUOTA_ROOT] : [];
  const name = wireName(session, mailbox.path);
  await session.write(untaggedResponse([atom('QUOTAROOT'), name, ...roots], session));
  if (quota) await session.write(quotaResponse(session, quota));
  return ok('GETQUOTAROOT completed');
}
