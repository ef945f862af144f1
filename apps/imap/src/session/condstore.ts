import { statusResponse } from '@mailstore/imap-proto';
import type { Session } from './session.js';

/**
 * Marks the session CONDSTORE-aware after a CONDSTORE enabling command (RFC 7162 section 3.1).
 * When that command is not SELECT/EXAMINE and a mailbox is selected, the first time also sends
 * `* OK [HIGHESTMODSEQ n]`, n being the MODSEQ the session's view of the mailbox reached: any
 * later change reaches the client as an untagged FETCH before the command's tagged response.
 * LIST RETURN (STATUS (HIGHESTMODSEQ)) calls it before its first `* LIST`, so that the line does
 * not come between a `* LIST` and its `* STATUS`.
 */
export async function enableCondstore(session: Session): Promise<void> {
  if (session.condstore) return;
  session.condstore = true;
  const mailbox = session.selected;
  if (!mailbox) return;
  const code = { name: 'HIGHESTMODSEQ' as const, args: String(mailbox.modseq) };
  await session.write(statusResponse('*', 'OK', 'highest mod-sequence', code));
}
