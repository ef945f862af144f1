/**
 * Deepest nesting of parentheses a `* THREAD` response gets. Real discussions branch far less
 * deeply; the bound keeps this writer's recursion, and that of the clients' parsers, short.
 * Under a message at this depth its descendants are written flat (see {@link threadResponse}).
 */
export const MAX_THREAD_DEPTH = 64;

/**
 * One node of a thread tree: a message (a sequence number, or a UID for UID THREAD) or a dummy
 * (`message` null: a message that is referred to but not there), and its children in order.
 */
export interface ThreadNode {
  message: number | null;
  children: ThreadNode[];
}

/** The children of a node as they are written: each dummy replaced by its own children. */
function shownChildren(nodes: readonly ThreadNode[]): ThreadNode[] {
  const shown: ThreadNode[] = [];
  const stack = nodes.toReversed();
  for (let node = stack.pop(); node; node = stack.pop()) {
    if (node.message !== null) shown.push(node);
    else for (let i = node.children.length - 1; i >= 0; i -= 1) stack.push(node.children[i]!);
  }
  return shown;
}

/** Every message below `node`, depth first in order: what is written flat past the depth bound. */
function writeFlat(node: ThreadNode, out: string[]): void {
  const stack = shownChildren(node.children).reverse();
  for (let next = stack.pop(); next; next = stack.pop()) {
    out.push(` ${next.message}`);
    const children = shownChildren(next.children);
    for (let i = children.length - 1; i >= 0; i -= 1) stack.push(children[i]!);
  }
}

/**
 * thread-members: `nz-number *(SP nz-number) [SP thread-nested]`, a chain of only children, then
 * the children of the first message with several, each as its own thread-list.
 */
function writeMembers(first: ThreadNode, depth: number, out: string[]): void {
  let node = first;
  out.push(String(node.message));
  for (;;) {
    const children = shownChildren(node.children);
    if (children.length === 0) return;
    if (children.length > 1 && depth >= MAX_THREAD_DEPTH) return writeFlat(node, out);
    if (children.length === 1) {
      node = children[0]!;
      out.push(` ${node.message}`);
      continue;
    }
    out.push(' ');
    for (const child of children) writeList([child], depth + 1, out);
    return;
  }
}

/**
 * thread-list: `"(" (thread-members / thread-nested) ")"`; several roots (the children of a
 * dummy) are a thread-nested, `2*thread-list`.
 */
function writeList(roots: readonly ThreadNode[], depth: number, out: string[]): void {
  out.push('(');
  if (roots.length === 1) writeMembers(roots[0]!, depth, out);
  else for (const root of roots) writeList([root], depth + 1, out);
  out.push(')');
}

/**
 * Writes `* THREAD` and a thread-list per thread (RFC 5256 section 4), e.g.
 * `* THREAD (2)(3 6 (4 23)(44 7 96))`: a message's only child follows it after a space, several
 * children come as parenthesized lists side by side, and a dummy is left out, its children taking
 * its place (a dummy at the top with several children gives a list of lists). Written without
 * recursion along chains; past {@link MAX_THREAD_DEPTH} parentheses the messages below a message
 * follow it as one chain, depth first, so none is lost. No threads give `* THREAD`.
 */
export function threadResponse(threads: readonly ThreadNode[]): Buffer {
  const out = ['* THREAD'];
  for (const thread of threads) {
    const roots = shownChildren([thread]);
    if (roots.length === 0) continue;
    // thread-data: `"THREAD" [SP 1*thread-list]`, the lists side by side.
    if (out.length === 1) out.push(' ');
    writeList(roots, 1, out);
  }
  out.push('\r\n');
  return Buffer.from(out.join(''), 'latin1');
}
