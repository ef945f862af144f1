import type { ThreadNode } from '@mailstore/imap-proto';
import { compareSent, type ThreadMessage } from './thread-message.js';

function leaf(message: ThreadMessage): ThreadNode {
  return { message: message.number, children: [] };
}

/**
 * THREAD=ORDEREDSUBJECT (RFC 5256 section 3): the messages grouped by base subject, each group
 * in sent date order; the first message of a group is the parent of all the others, which have
 * no children; groups are ordered by the sent date of their first message. Equal dates go by
 * sequence number.
 */
export function orderedSubjectThreads(messages: readonly ThreadMessage[]): ThreadNode[] {
  const groups = new Map<string, ThreadMessage[]>();
  for (const message of messages) {
    const group = groups.get(message.subject);
    if (group) group.push(message);
    else groups.set(message.subject, [message]);
  }
  const threads = [...groups.values()].map((group) => group.sort(compareSent));
  threads.sort((a, b) => compareSent(a[0]!, b[0]!));
  return threads.map(([first, ...rest]) => ({
    message: first!.number,
    children: rest.map(leaf),
  }));
}
