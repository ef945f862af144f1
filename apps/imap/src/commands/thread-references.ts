import type { ThreadNode } from '@mailstore/imap-proto';
import { linkedThreads, type ThreadTreeNode } from './thread-links.js';
import { compareSent, type ThreadMessage } from './thread-message.js';

/** The message a node is sorted and named by: its own, or a dummy's first child's. */
function firstMessage(node: ThreadTreeNode): ThreadMessage {
  let shown = node;
  while (shown.message === null) shown = shown.children[0]!;
  return shown.message;
}

function bySentDate(a: ThreadTreeNode, b: ThreadTreeNode): number {
  return compareSent(firstMessage(a), firstMessage(b));
}

/**
 * Step 4: the threads by sent date, a dummy by its first child once its children are in sent
 * date order.
 */
function sortThreads(threads: ThreadTreeNode[]): void {
  for (const thread of threads) if (thread.message === null) thread.children.sort(bySentDate);
  threads.sort(bySentDate);
}

/**
 * Step 5.B: one thread per thread subject (the base subject of the message, or of a dummy's
 * first child; an empty one is skipped): the first met, replaced by a later dummy when it is
 * none, or by a later message that is no reply or forward when it is one.
 */
function subjectTable(threads: readonly ThreadTreeNode[]): Map<string, ThreadTreeNode> {
  const table = new Map<string, ThreadTreeNode>();
  for (const thread of threads) {
    const subject = firstMessage(thread).subject;
    if (subject === '') continue;
    const held = table.get(subject);
    const replaces =
      held?.message &&
      (thread.message === null || (held.message.replyOrForward && !thread.message.replyOrForward));
    if (!held || replaces) table.set(subject, thread);
  }
  return table;
}

/**
 * Step 5.C: merges each thread into the one the subject table holds for its subject. Two
 * dummies: the children join the held dummy's. Into a dummy, or a reply or forward into a
 * message that is none: the thread becomes a child of the held one. Otherwise a new dummy
 * takes both as children and the held one's place in the table.
 */
function gatherBySubject(threads: readonly ThreadTreeNode[]): ThreadTreeNode[] {
  const table = subjectTable(threads);
  const top = new Set(threads);
  for (const thread of threads) {
    const subject = firstMessage(thread).subject;
    const held = table.get(subject);
    // Already gathered under a dummy made for an earlier thread of its subject.
    if (subject === '' || !held || held === thread || !top.has(thread)) continue;
    top.delete(thread);
    if (held.message === null && thread.message === null) {
      held.children = held.children.concat(thread.children);
    } else if (held.message === null) {
      held.children.push(thread);
    } else if (thread.message?.replyOrForward && !held.message.replyOrForward) {
      held.children.push(thread);
    } else {
      const dummy: ThreadTreeNode = { message: null, children: [held, thread] };
      top.delete(held);
      top.add(dummy);
      table.set(subject, dummy);
    }
  }
  return [...top];
}

/**
 * Step 6: every set of siblings in sent date order, children before their parents (so a
 * dummy's first child is known when the dummy is placed), then the threads.
 */
function sortSiblings(threads: ThreadTreeNode[]): void {
  const order: ThreadTreeNode[] = [];
  const stack = [...threads];
  for (let node = stack.pop(); node; node = stack.pop()) {
    order.push(node);
    for (const child of node.children) stack.push(child);
  }
  for (let i = order.length - 1; i >= 0; i -= 1) order[i]!.children.sort(bySentDate);
  threads.sort(bySentDate);
}

/** The tree with messages named by their number in the response. */
function toThreadNodes(threads: readonly ThreadTreeNode[]): ThreadNode[] {
  const convert = (node: ThreadTreeNode): ThreadNode => ({
    message: node.message?.number ?? null,
    children: [],
  });
  const top = threads.map(convert);
  const stack = threads.map((node, i) => [node, top[i]!] as const);
  for (let pair = stack.pop(); pair; pair = stack.pop()) {
    const [from, into] = pair;
    for (const child of from.children) {
      const converted = convert(child);
      into.children.push(converted);
      stack.push([child, converted]);
    }
  }
  return top;
}

/**
 * THREAD=REFERENCES (RFC 5256 section 3): threads built from Message-ID, References and
 * In-Reply-To (steps 1 to 3, thread-links.ts), sorted by sent date (step 4), gathered by base
 * subject (step 5), and every set of siblings sorted by sent date (step 6), equal dates by
 * sequence number. `messages` come in sequence order.
 */
export function referencesThreads(messages: readonly ThreadMessage[]): ThreadNode[] {
  const threads = linkedThreads(messages);
  sortThreads(threads);
  const gathered = gatherBySubject(threads);
  sortSiblings(gathered);
  return toThreadNodes(gathered);
}
