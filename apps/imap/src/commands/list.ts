import { atom, untaggedResponse, type ImapValue } from '@mailstore/imap-proto';
import { listMailboxes, listSubscriptions, MAILBOX_DELIMITER } from '@mailstore/storage';
import { enableCondstore } from '../session/condstore.js';
import type { Session } from '../session/session.js';
import { bad, ok, type Completion } from '../session/types.js';
import { selectEntries, type ListEntry } from './list-select.js';
import { compilePattern, wireName } from './mailbox-names.js';
import type { CommandOf } from './registry.js';
import { status } from './status.js';

/**
 * Selection options this server knows (RFC 5258 section 3.1, RFC 6154 section 3). REMOTE is
 * taken and changes nothing: there are no remote mailboxes here.
 */
const SELECT_OPTIONS = ['SUBSCRIBED', 'REMOTE', 'RECURSIVEMATCH', 'SPECIAL-USE'];
/** Return options of RFC 5258 section 3.2, RFC 6154 section 3 and RFC 5819 this server knows. */
const RETURN_OPTIONS = ['SUBSCRIBED', 'CHILDREN', 'SPECIAL-USE', 'STATUS'];

/**
 * Why the options cannot be answered, or null. RFC 5258 section 3: unknown options are BAD.
 * Section 3.1: RECURSIVEMATCH alone, or with REMOTE only, is BAD; it needs a base option, and
 * SUBSCRIBED is the one here (RFC 6154 section 6 makes SPECIAL-USE an independent option, and
 * CHILDINFO names base options only).
 */
function optionsProblem(command: CommandOf<'LIST'>): string | null {
  const unknown = command.selectOptions.find((option) => !SELECT_OPTIONS.includes(option));
  if (unknown) return `unknown LIST selection option ${unknown}`;
  const unsupported = command.returnOptions.find((option) => !RETURN_OPTIONS.includes(option));
  if (unsupported) return `unknown LIST return option ${unsupported}`;
  const select = command.selectOptions;
  if (select.includes('RECURSIVEMATCH') && !select.includes('SUBSCRIBED')) {
    return 'RECURSIVEMATCH needs the SUBSCRIBED selection option';
  }
  return null;
}

/** The attributes of a LIST response (RFC 5258 sections 3 and 4, RFC 6154 section 2). */
export function listAttributes(
  entry: ListEntry,
  withSubscribed: boolean,
  withChildren: boolean,
): ImapValue {
  const list: string[] = [];
  // \NonExistent implies \Noselect (section 3.4); such a name gets \HasChildren when mailboxes
  // lie below it, and \HasNoChildren only when CHILDREN asks for one of the two.
  if (!entry.box) list.push('\\NonExistent');
  if (entry.children) list.push('\\HasChildren');
  else if (entry.box || withChildren) list.push('\\HasNoChildren');
  if (entry.box?.specialUse) list.push(entry.box.specialUse);
  if (withSubscribed && entry.subscribed) list.push('\\Subscribed');
  return list.map(atom);
}

/**
 * LIST (RFC 3501 section 6.3.8) with LIST-EXTENDED (RFC 5258): selection options SUBSCRIBED,
 * REMOTE, RECURSIVEMATCH and SPECIAL-USE (RFC 6154), several patterns, and return options
 * SUBSCRIBED, CHILDREN, SPECIAL-USE and STATUS (RFC 5819, each `* STATUS` right after its
 * `* LIST`). Every mailbox gets \HasChildren or \HasNoChildren and its special-use attribute; a
 * subscribed name without a mailbox gets \NonExistent. A name matching several patterns is
 * listed once (section 3).
 *
 * TODO(#5): no response carries the OLDNAME extended data item (RFC 5465, RFC 9051), which
 * would name a mailbox's name before a RENAME; clients learn of renames by listing again.
 */
export async function list(session: Session, command: CommandOf<'LIST'>): Promise<Completion> {
  const problem = optionsProblem(command);
  if (problem) return bad(problem);
  if (!command.extended && command.patterns[0] === '') {
    // RFC 3501 section 6.3.8: an empty pattern asks for the delimiter and the root name. Only in
    // a basic LIST: an extended one treats it as matching nothing (RFC 5258 section 3).
    const reply = [atom('LIST'), [atom('\\Noselect')], MAILBOX_DELIMITER, ''];
    await session.write(untaggedResponse(reply, session));
    return ok('LIST completed');
  }

  const { selectOptions, returnOptions } = command;
  const subscribed = selectOptions.includes('SUBSCRIBED');
  const withSubscribed = subscribed || returnOptions.includes('SUBSCRIBED');
  const [boxes, subscriptions] = await Promise.all([
    listMailboxes(session.env.store, session.userId),
    withSubscribed ? listSubscriptions(session.env.store, session.userId) : [],
  ]);
  const patterns = command.patterns
    .filter((pattern) => pattern !== '')
    .map((pattern) => compilePattern(command.reference, pattern));
  const entries = selectEntries(boxes, new Set(subscriptions), {
    subscribed,
    specialUse: selectOptions.includes('SPECIAL-USE'),
    recursiveMatch: selectOptions.includes('RECURSIVEMATCH'),
    patterns,
  });

  const withStatus = returnOptions.includes('STATUS');
  // RFC 7162 section 3.1: STATUS HIGHESTMODSEQ enables CONDSTORE, and the first enabling command
  // in the selected state sends `* OK [HIGHESTMODSEQ]`: before every LIST response, so that
  // each `* STATUS` stays right after its `* LIST` (RFC 5819 section 2).
  if (withStatus && command.statusItems.includes('HIGHESTMODSEQ')) await enableCondstore(session);
  const withChildren = returnOptions.includes('CHILDREN');
  for (const entry of entries) {
    const name = wireName(session, entry.path);
    const reply = [
      atom('LIST'),
      listAttributes(entry, withSubscribed, withChildren),
      MAILBOX_DELIMITER,
      name,
    ];
    // RFC 5258 section 3.5: CHILDINFO lists the base options the inferiors meet.
    if (entry.childInfo) reply.push(['CHILDINFO', ['SUBSCRIBED']]);
    await session.write(untaggedResponse(reply, session));
    if (entry.box && withStatus) {
      // RFC 5819 section 2: the STATUS response follows the mailbox's LIST response, and a
      // \NonExistent name gets none. A mailbox deleted in between gets none either (the STATUS
      // handler answers NO, which is dropped here).
      const items = command.statusItems;
      await status(session, { tag: command.tag, name: 'STATUS', mailbox: entry.path, items });
    }
  }
  return ok('LIST completed');
}
