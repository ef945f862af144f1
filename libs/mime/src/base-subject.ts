import { MAX_STRUCTURED_VALUE_BYTES } from './limits.js';
import { decodeWords } from './words.js';

/** subj-leader: *subj-blob subj-refwd, or white space, at the start. */
const LEADER = /^(?:(?:\[[^[\]]*\]\s*)*(?:re|fwd?)\s*(?:\[[^[\]]*\]\s*)?:|\s+)/i;
/** subj-blob at the start. */
const BLOB = /^\[[^[\]]*\]\s*/;
/** subj-fwd-hdr ... subj-fwd-trl. */
const FWD = /^\[fwd:([\s\S]*)\]$/i;

/** A subject reduced by RFC 5256 section 2.1. */
export interface SubjectInfo {
  /** The base subject, case kept: compare base subjects with a case fold. */
  baseSubject: string;
  /**
   * Whether the extraction removed a reply or forward marker: a subj-refwd leader ("Re:",
   * "Fwd:"), a "(fwd)" trailer or a "[Fwd: ...]" wrapper. THREAD=REFERENCES step 5 asks it.
   */
  replyOrForward: boolean;
}

/** Step (2): strip subj-trailer ("(fwd)" or white space) from the end while any remains. */
function stripTrailers(info: SubjectInfo): void {
  for (;;) {
    const trimmed = info.baseSubject.trimEnd();
    if (trimmed.slice(-5).toLowerCase() !== '(fwd)') {
      info.baseSubject = trimmed;
      return;
    }
    info.baseSubject = trimmed.slice(0, -5);
    info.replyOrForward = true;
  }
}

/** Steps (3) to (5): strip subject leaders and leading blobs while any remain. */
function stripLeaders(info: SubjectInfo): void {
  for (;;) {
    const before = info.baseSubject;
    let m: RegExpExecArray | null;
    while ((m = LEADER.exec(info.baseSubject)) && m[0].length > 0) {
      // A leader of white space only is no subj-refwd.
      if (m[0].trim() !== '') info.replyOrForward = true;
      info.baseSubject = info.baseSubject.slice(m[0].length);
    }
    const blob = BLOB.exec(info.baseSubject);
    if (blob && info.baseSubject.length > blob[0].length) {
      info.baseSubject = info.baseSubject.slice(blob[0].length);
    }
    if (info.baseSubject === before) return;
  }
}

/**
 * The base subject of RFC 5256 section 2.1 and whether it is a reply or forward: encoded-words
 * decoded, white space collapsed, "Re:", "Fwd:", "[list]" leaders and "(fwd)" trailers removed,
 * "[Fwd: ...]" unwrapped.
 */
export function subjectInfo(subject: string): SubjectInfo {
  // Step (1).
  const decoded = decodeWords(subject.slice(0, MAX_STRUCTURED_VALUE_BYTES));
  const info = { baseSubject: decoded.replace(/[\t\r\n ]+/g, ' '), replyOrForward: false };
  for (;;) {
    stripTrailers(info); // Step (2).
    stripLeaders(info); // Steps (3) to (5).
    const fwd = FWD.exec(info.baseSubject); // Step (6).
    if (!fwd) return info;
    info.baseSubject = fwd[1]!;
    info.replyOrForward = true;
  }
}

/**
 * The base subject of RFC 5256 section 2.1 (see {@link subjectInfo}). Case is kept: compare
 * base subjects with a case fold.
 */
export function baseSubject(subject: string): string {
  return subjectInfo(subject).baseSubject;
}
