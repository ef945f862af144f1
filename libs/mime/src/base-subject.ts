import { MAX_STRUCTURED_VALUE_BYTES } from './limits.js';
import { decodeWords } from './words.js';

/** subj-leader: *subj-blob subj-refwd, or white space, at the start. */
const LEADER = /^(?:(?:\[[^[\]]*\]\s*)*(?:re|fwd?)\s*(?:\[[^[\]]*\]\s*)?:|\s+)/i;
/** subj-blob at the start. */
const BLOB = /^\[[^[\]]*\]\s*/;
/** subj-fwd-hdr ... subj-fwd-trl. */
const FWD = /^\[fwd:([\s\S]*)\]$/i;

/** Step (2): strip subj-trailer ("(fwd)" or white space) from the end while any remains. */
function stripTrailers(subject: string): string {
  let s = subject;
  for (;;) {
    const trimmed = s.trimEnd();
    if (trimmed.slice(-5).toLowerCase() === '(fwd)') s = trimmed.slice(0, -5);
    else return trimmed;
  }
}

/** Steps (3) to (5): strip subject leaders and leading blobs while any remain. */
function stripLeaders(subject: string): string {
  let s = subject;
  for (;;) {
    const before = s;
    let m: RegExpExecArray | null;
    while ((m = LEADER.exec(s)) && m[0].length > 0) s = s.slice(m[0].length);
    const blob = BLOB.exec(s);
    if (blob && s.length > blob[0].length) s = s.slice(blob[0].length);
    if (s === before) return s;
  }
}

/**
 * The base subject of RFC 5256 section 2.1: encoded-words decoded, white space collapsed,
 * "Re:", "Fwd:", "[list]" leaders and "(fwd)" trailers removed, "[Fwd: ...]" unwrapped.
 * Case is kept: compare base subjects with a case fold.
 */
export function baseSubject(subject: string): string {
  // Step (1).
  let s = decodeWords(subject.slice(0, MAX_STRUCTURED_VALUE_BYTES)).replace(/[\t\r\n ]+/g, ' ');
  for (;;) {
    s = stripTrailers(s); // Step (2).
    s = stripLeaders(s); // Steps (3) to (5).
    const fwd = FWD.exec(s); // Step (6).
    if (!fwd) return s;
    s = fwd[1]!;
  }
}
