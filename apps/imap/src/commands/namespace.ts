import { untaggedResponse } from '@mailstore/imap-proto';
import { atom } from '@mailstore/imap-proto';
import type { Session } from '../session/session.js';
import { ok, type Completion } from '../session/types.js';

/** The hierarchy delimiter of every mailbox name. */
export const HIERARCHY_DELIMITER = '/';

/**
 * NAMESPACE (RFC 2342): one personal namespace with an empty prefix; there are no other
 * users' or shared namespaces.
 */
export async function namespace(session: Session): Promise<Completion> {
  const personal = [['', HIERARCHY_DELIMITER]];
  await session.write(untaggedResponse([atom('NAMESPACE'), personal, null, null], session));
  return ok('NAMESPACE completed');
}
