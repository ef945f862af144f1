import type { ThreadMessage } from './thread-message.js';

/**
 * A message of REFERENCES step 1, or a dummy (`message` null) for an id that is referred to but
 * names no message found. Children are a set: relinking a message is O(1) however many
 * siblings it has.
 */
interface Container {
  message: ThreadMessage | null;
  parent: Container | null;
  children: Set<Container>;
}

/** A message or dummy of the pruned tree (steps 3 to 6); children in order. */
export interface ThreadTreeNode {
  message: ThreadMessage | null;
  children: ThreadTreeNode[];
}

function container(message: ThreadMessage | null): Container {
  return { message, parent: null, children: new Set() };
}

/**
 * Whether making `parent` the parent of `child` would make a loop: `child` is `parent` or one
 * of its ancestors. A child without children cannot be an ancestor, which spares the walk up
 * for the usual new message.
 */
function makesLoop(parent: Container, child: Container): boolean {
  if (parent === child) return true;
  if (child.children.size === 0) return false;
  for (let node = parent.parent; node; node = node.parent) if (node === child) return true;
  return false;
}

function link(parent: Container, child: Container): void {
  child.parent = parent;
  parent.children.add(child);
}

function unlink(child: Container): void {
  child.parent?.children.delete(child);
  child.parent = null;
}

/**
 * The container of a message (step 1.A): the dummy an earlier reference made for its
 * Message-ID takes it; a message without Message-ID, or whose Message-ID an earlier message
 * (lower sequence number) already has, gets a container of its own, as if its id were unique.
 * Message-ID comparisons are case-sensitive.
 */
function ownContainer(
  table: Map<string, Container>,
  all: Container[],
  message: ThreadMessage,
): Container {
  const known = message.messageId === null ? undefined : table.get(message.messageId);
  if (known && known.message === null) {
    known.message = message;
    return known;
  }
  const own = container(message);
  all.push(own);
  if (message.messageId !== null && !known) table.set(message.messageId, own);
  return own;
}

/**
 * REFERENCES step 1 (RFC 5256 section 3): links each message, in sequence order, below its
 * references. 1.A: each reference becomes the parent of the next, dummies standing in for ids
 * no message has, an existing link being kept. 1.B: the last reference becomes the parent of
 * the message, replacing any parent it had; a message without references has none. No link is
 * made that would make a loop. Returns every container, in the order made.
 */
function linkMessages(messages: readonly ThreadMessage[]): Container[] {
  const table = new Map<string, Container>();
  const all: Container[] = [];
  const byId = (id: string): Container => {
    let found = table.get(id);
    if (!found) {
      found = container(null);
      table.set(id, found);
      all.push(found);
    }
    return found;
  };
  for (const message of messages) {
    const own = ownContainer(table, all, message);
    const references = message.references.map(byId);
    for (let i = 0; i + 1 < references.length; i += 1) {
      const [parent, child] = [references[i]!, references[i + 1]!];
      if (child.parent === null && !makesLoop(parent, child)) link(parent, child);
    }
    unlink(own);
    const last = references.at(-1);
    if (last && !makesLoop(last, own)) link(last, own);
  }
  return all;
}

/**
 * Steps 2 and 3: the containers without a parent are the threads (under the root); dummies
 * are pruned: one without children is deleted, one with children is replaced by them, except at
 * the top, where a dummy with several children stays (its children would become threads of
 * their own). Written with explicit stacks: a chain may be as long as the mailbox.
 */
function prune(all: readonly Container[]): ThreadTreeNode[] {
  const top: ThreadTreeNode[] = [];
  const roots = all.filter((candidate) => candidate.parent === null);
  const work = [{ from: roots as Iterable<Container>, into: top, atRoot: true }];
  for (let level = work.pop(); level; level = work.pop()) {
    const pending = [...level.from].reverse();
    for (let next = pending.pop(); next; next = pending.pop()) {
      if (next.message === null) {
        if (next.children.size === 0) continue;
        if (!level.atRoot || next.children.size === 1) {
          const children = [...next.children];
          for (let i = children.length - 1; i >= 0; i -= 1) pending.push(children[i]!);
          continue;
        }
      }
      const node: ThreadTreeNode = { message: next.message, children: [] };
      level.into.push(node);
      work.push({ from: next.children, into: node.children, atRoot: false });
    }
  }
  return top;
}

/** REFERENCES steps 1 to 3: the threads of the messages (in sequence order), dummies pruned. */
export function linkedThreads(messages: readonly ThreadMessage[]): ThreadTreeNode[] {
  return prune(linkMessages(messages));
}
