// Response codes as RFC 3501 section 7.1, RFC 5530, RFC 4315 (UIDPLUS), RFC 7162 (CONDSTORE),
// RFC 4469 (BADURL, TOOBIG), RFC 3516 (UNKNOWN-CTE), RFC 6154 (USEATTR), RFC 7889 (APPENDLIMIT),
// RFC 8474 (MAILBOXID) and RFC 9051 spell them.

/** The name of a response code, spelled as its RFC does. */
export type ResponseCodeName =
  | 'ALERT'
  | 'ALREADYEXISTS'
  | 'APPENDUID'
  | 'AUTHENTICATIONFAILED'
  | 'AUTHORIZATIONFAILED'
  | 'BADCHARSET'
  | 'BADURL'
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

/**
 * `[BADURL url]` (RFC 4469 section 4.1) for the URL as the client sent it. url-resp-text is
 * TEXT-CHAR except "]" (section 5, as erratum 2002 corrects it); the URL's octets outside
 * printable ASCII, SP and "]" are percent-encoded, so the code always ends where it should.
 */
export function badUrlCode(url: string): ResponseCode {
  let text = '';
  for (const byte of Buffer.from(url, 'utf8')) {
    const plain = byte > 0x20 && byte < 0x7f && byte !== 0x5d;
    text += plain
      ? String.fromCharCode(byte)
      : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return { name: 'BADURL', args: text };
}
