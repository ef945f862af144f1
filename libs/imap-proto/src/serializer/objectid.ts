// Writers of the object identifiers of RFC 8474: FETCH EMAILID and THREADID, STATUS MAILBOXID
// and the MAILBOXID response code all put the objectid in parentheses.
import { isObjectId } from '../grammar/objectid.js';
import type { ResponseCode } from './response-codes.js';
import { atom, type ImapValue } from './values.js';

function checked(id: string): string {
  // Our own ids only reach here; a bad one is a bug of ours, never written to the wire.
  if (!isObjectId(id)) throw new Error(`not an objectid: ${JSON.stringify(id)}`);
  return id;
}

/**
 * `(objectid)`, or NIL for null: the value of FETCH EMAILID and THREADID (NIL is allowed for
 * THREADID only) and of STATUS MAILBOXID (RFC 8474 section 7).
 */
export function objectIdValue(id: string | null): ImapValue {
  return id === null ? null : [atom(checked(id))];
}

/** The `[MAILBOXID (objectid)]` response code of CREATE and SELECT (RFC 8474 section 4.1). */
export function mailboxIdCode(id: string): ResponseCode {
  return { name: 'MAILBOXID', args: `(${checked(id)})` };
}
