// Response codes as RFC 3501 section 7.1, RFC 5530, RFC 4315 (UIDPLUS), RFC 7162 (CONDSTORE),
// RFC 4469 (TOOBIG), RFC 3516 (UNKNOWN-CTE), RFC 6154 (USEATTR), RFC 7889 (APPENDLIMIT),
// RFC 8474 (MAILBOXID) and RFC 9051 spell them.

/** The name of a response code, spelled as its RFC does. */
export type ResponseCodeName =
  | 'ALERT'
  | 'ALREADYEXISTS'
  | 'APPENDUID'
  | 'AUTHENTICATIONFAILED'
  | 'AUTHORIZATIONFAILED'
  | 'BADCHARSET'
  | 'CANNOT'
  | 'CAPABILITY'
  | 'CLIENTBUG'
  | 'CLOSED'
  | 'CONTACTADMIN'
  | 'COPYUID'
  | 'CORRUPTION'
  | 'EXPIRED'
  | 'EXPUNGEISSUED'
  | 'HASCHILDREN'
  | 'HIGHESTMODSEQ'
  | 'INUSE'
  | 'LIMIT'
  | 'MAILBOXID'
  | 'MODIFIED'
  | 'NOMODSEQ'
  | 'NONEXISTENT'
  | 'NOPERM'
  | 'OVERQUOTA'
  | 'PARSE'
  | 'PERMANENTFLAGS'
  | 'PRIVACYREQUIRED'
  | 'READ-ONLY'
  | 'READ-WRITE'
  | 'SERVERBUG'
  | 'TOOBIG'
  | 'TRYCREATE'
  | 'UIDNEXT'
  | 'UIDNOTSTICKY'
  | 'UIDVALIDITY'
  | 'UNAVAILABLE'
  | 'UNKNOWN-CTE'
  | 'UNSEEN'
  | 'USEATTR';

/** A response code with its arguments, in wire form (`CAPABILITY` takes `IMAP4rev1 ...`). */
export interface ResponseCode {
  name: ResponseCodeName;
  args?: string;
}

/** Writes `[NAME args]` for a response code. */
export function formatResponseCode(code: ResponseCode): string {
  return code.args ? `[${code.name} ${code.args}]` : `[${code.name}]`;
}
