// Every bound a peer can push against, in one place, each with its unit and the reason for it.

/**
 * Longest command the parser buffers: the command's lines plus every literal it carries inline
 * (all literals except an APPEND message, which streams). RFC 7162 section 4 asks servers to
 * accept lines of at least 8192 octets; 64 KiB leaves room for long UID sets.
 */
export const MAX_LINE_BYTES = 64 * 1024;

/**
 * Largest literal accepted at all, which is the largest message APPEND takes; announced as
 * APPENDLIMIT (RFC 7889). Bigger literals are refused before a byte of them is read.
 */
export const MAX_LITERAL_BYTES = 64 * 1024 * 1024;

/**
 * Deepest nesting of parenthesized lists and NOT/OR search keys; deeper input is refused so
 * that the recursive descent cannot exhaust the stack.
 */
export const MAX_NESTING_DEPTH = 32;

/**
 * Commands a session runs at once. RFC 3501 section 5.5 lets a server run pipelined commands in
 * order; the session stops reading while one runs, so pipelined commands wait in the kernel's
 * socket buffer and cost the server no memory.
 */
export const MAX_COMMANDS_IN_FLIGHT = 1;

/** Most items in a sequence set, search program or list, so one command cannot build a huge tree. */
export const MAX_LIST_ITEMS = 10_000;

/** Largest quoted string or literal converted to a JavaScript string (mailbox names, search text). */
export const MAX_STRING_BYTES = MAX_LINE_BYTES;
