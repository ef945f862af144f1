// Which names an extended LIST answers with (RFC 5258 section 3), apart from the wire: the
// handler in list.ts checks the options, loads the names and writes the responses.
import { MAILBOX_DELIMITER, type MailboxDoc } from '@mailstore/storage';

/** What LIST selects by: the selection options it honours, and the patterns, compiled. */
export interface ListSelection {
  /** SUBSCRIBED: subscribed names, whether their mailboxes exist or not (section 3.1). */
  subscribed: boolean;
  /** SPECIAL-USE: only mailboxes with a special-use attribute (RFC 6154 section 3). */
  specialUse: boolean;
  /** RECURSIVEMATCH: also parents whose inferiors match the other options (section 3.5). */
  recursiveMatch: boolean;
  patterns: readonly RegExp[];
}

/** One LIST response to write. */
export interface ListEntry {
  path: string;
  /** The mailbox; undefined for a name that does not exist (\NonExistent). */
  box: MailboxDoc | undefined;
  subscribed: boolean;
  /** A mailbox exists below the name: \HasChildren (RFC 5258 section 4). */
  children: boolean;
  /**
   * An inferior meets the selection options: CHILDINFO ("SUBSCRIBED") with RECURSIVEMATCH
   * (section 3.5). The name itself may not.
   */
  childInfo: boolean;
}

/** The superiors of a name: `a/b/c` has `a` and `a/b`. */
function superiorsOf(path: string): string[] {
  const parts = path.split(MAILBOX_DELIMITER);
  return parts.slice(1).map((_, index) => parts.slice(0, index + 1).join(MAILBOX_DELIMITER));
}

/**
 * The entries of an extended LIST, ordered by name. A name is listed when it matches a pattern
 * and every selection option (section 3: options combine as AND). With RECURSIVEMATCH a name
 * whose inferiors meet the options is marked for CHILDINFO; when it does not meet them itself,
 * it is listed only if it matches a pattern and at least one such inferior is not listed too
 * (section 3.5: redundant responses are left out), as \NonExistent when no mailbox has it.
 */
export function selectEntries(
  boxes: readonly MailboxDoc[],
  subscriptions: ReadonlySet<string>,
  selection: ListSelection,
): ListEntry[] {
  const byPath = new Map(boxes.map((box) => [box.path, box]));
  const parents = new Set(boxes.flatMap((box) => superiorsOf(box.path)));
  const names = new Set([...byPath.keys(), ...subscriptions]);
  const matching = (path: string) => selection.patterns.some((pattern) => pattern.test(path));
  const meets = (path: string) => {
    const box = byPath.get(path);
    const base = selection.subscribed ? subscriptions.has(path) : box !== undefined;
    return base && (!selection.specialUse || Boolean(box?.specialUse));
  };

  const withInfo = new Set<string>();
  const withUnlistedInfo = new Set<string>();
  if (selection.recursiveMatch) {
    for (const path of names) {
      if (!meets(path)) continue;
      const listed = matching(path);
      for (const superior of superiorsOf(path)) {
        withInfo.add(superior);
        if (!listed) withUnlistedInfo.add(superior);
      }
    }
  }

  const entries: ListEntry[] = [];
  for (const path of new Set([...names, ...withInfo])) {
    if (!matching(path)) continue;
    if (!meets(path) && !withUnlistedInfo.has(path)) continue;
    const box = byPath.get(path);
    const subscribed = subscriptions.has(path);
    entries.push({
      path,
      box,
      subscribed,
      children: parents.has(path),
      childInfo: withInfo.has(path),
    });
  }
  return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
