// The parsed forms of IMAP commands, named as RFC 3501 / RFC 9051 name their parts.

/** A message sequence number or UID; `*` is the largest in use (RFC 3501 section 9, seq-number). */
export type SeqNumber = number | '*';

/** One `a:b` range (or a single number when `from === to`) of a sequence set. */
export interface SeqRange {
  from: SeqNumber;
  to: SeqNumber;
}

/** A sequence set, or `$`: the saved search result of RFC 5182. */
export type SequenceSet = { ranges: SeqRange[] } | { saved: true };

/** Section text after the part numbers: `HEADER`, `HEADER.FIELDS (...)`, `TEXT` or `MIME`. */
export type SectionText = 'HEADER' | 'HEADER.FIELDS' | 'HEADER.FIELDS.NOT' | 'TEXT' | 'MIME';

/**
 * `QRESYNC (uidvalidity modseq [known-uids [seq-match-data]])` of SELECT and EXAMINE (RFC 7162
 * section 3.2.5): what the client last knew of the mailbox.
 */
export interface QresyncParameter {
  uidValidity: number;
  modseq: bigint;
  /** UIDs the client knows of; null means all of them. */
  knownUids: SequenceSet | null;
  /** Message sequence numbers and the UIDs the client had for them, or null. */
  seqMatch: { sequenceSet: SequenceSet; uids: SequenceSet } | null;
}

/** A body section spec: `1.2.MIME`, `HEADER.FIELDS (Subject)`, or empty for the whole message. */
export interface Section {
  part: number[];
  text: SectionText | null;
  /** Header field names of HEADER.FIELDS and HEADER.FIELDS.NOT, upper-cased. */
  fields: string[];
}

/** A `<origin.length>` partial, as RFC 3501 section 6.4.5 defines it. */
export interface Partial {
  origin: number;
  length: number;
}

/** A plain FETCH data item. */
export type SimpleFetchItem =
  | 'ENVELOPE'
  | 'FLAGS'
  | 'INTERNALDATE'
  | 'RFC822'
  | 'RFC822.HEADER'
  | 'RFC822.SIZE'
  | 'RFC822.TEXT'
  | 'BODY'
  | 'BODYSTRUCTURE'
  | 'UID'
  | 'MODSEQ'
  /** RFC 8474 sections 5.1 and 5.2: the message's object identifiers. */
  | 'EMAILID'
  | 'THREADID';

/** One FETCH data item. */
export type FetchAttribute =
  | { item: SimpleFetchItem }
  | { item: 'BODY[]'; peek: boolean; section: Section; partial: Partial | null }
  /** RFC 3516 section 4.2: BINARY[part]<partial> and BINARY.PEEK; `part` is section-part. */
  | { item: 'BINARY[]'; peek: boolean; part: number[]; partial: Partial | null }
  /** RFC 3516 section 4.2: BINARY.SIZE[part], the decoded size. */
  | { item: 'BINARY.SIZE'; part: number[] };

/** A search key of RFC 3501 section 6.4.4, plus `AND` for a parenthesized group. */
export type SearchKey =
  | {
      key:
        | 'ALL'
        | 'ANSWERED'
        | 'DELETED'
        | 'DRAFT'
        | 'FLAGGED'
        | 'NEW'
        | 'OLD'
        | 'RECENT'
        | 'SEEN'
        | 'UNANSWERED'
        | 'UNDELETED'
        | 'UNDRAFT'
        | 'UNFLAGGED'
        | 'UNSEEN';
    }
  | { key: 'BCC' | 'BODY' | 'CC' | 'FROM' | 'SUBJECT' | 'TEXT' | 'TO'; value: string }
  | { key: 'KEYWORD' | 'UNKEYWORD'; flag: string }
  | {
      key: 'BEFORE' | 'ON' | 'SINCE' | 'SENTBEFORE' | 'SENTON' | 'SENTSINCE';
      /** The day as `YYYY-MM-DD`; RFC 3501 compares dates without time or zone. */
      date: string;
    }
  | { key: 'HEADER'; field: string; value: string }
  | { key: 'LARGER' | 'SMALLER'; size: number }
  | { key: 'UID' | 'SEQUENCE'; set: SequenceSet }
  | {
      key: 'MODSEQ';
      /** mod-sequence-valzer: messages whose MODSEQ is at least this (RFC 7162 section 3.1.5). */
      modseq: bigint;
      /** The optional entry-name (`"/flags/\\draft"`) and entry-type-req; null when absent. */
      entry: { name: string; type: 'PRIV' | 'SHARED' | 'ALL' } | null;
    }
  /** RFC 8474 section 6: the messages whose EMAILID or THREADID is this objectid. */
  | { key: 'EMAILID' | 'THREADID'; objectId: string }
  | { key: 'NOT'; operand: SearchKey }
  | { key: 'OR'; left: SearchKey; right: SearchKey }
  | { key: 'AND'; operands: SearchKey[] };

/** sort-key of RFC 5256 section 4. */
export type SortKey = 'ARRIVAL' | 'CC' | 'DATE' | 'FROM' | 'SIZE' | 'SUBJECT' | 'TO';

/** One sort-criterion: a key, ascending unless REVERSE precedes it (RFC 5256 section 3). */
export interface SortCriterion {
  key: SortKey;
  reverse: boolean;
}

/** A thread-alg of RFC 5256 section 4 that the grammar takes. */
export type ThreadAlgorithm = 'ORDEREDSUBJECT' | 'REFERENCES';

/** A STATUS data item name. */
export type StatusItem =
  | 'MESSAGES'
  | 'RECENT'
  | 'UIDNEXT'
  | 'UIDVALIDITY'
  | 'UNSEEN'
  | 'DELETED'
  | 'DELETED-STORAGE'
  | 'SIZE'
  | 'HIGHESTMODSEQ'
  | 'APPENDLIMIT'
  | 'MAILBOXID';

/** One `resource-name resource-limit` pair of SETQUOTA (RFC 9208 section 4.3). */
export interface QuotaResourceLimit {
  /** Upper-cased: `STORAGE`, `MESSAGE`, ... */
  name: string;
  limit: number;
}

interface Tagged {
  tag: string;
}

/** Commands that take no arguments. */
export type BareCommandName =
  | 'CAPABILITY'
  | 'NOOP'
  | 'LOGOUT'
  | 'STARTTLS'
  | 'CHECK'
  | 'CLOSE'
  | 'UNSELECT'
  | 'EXPUNGE'
  | 'IDLE'
  | 'NAMESPACE';

/** What every message of an APPEND names: its mailbox, flags and internal date. */
interface AppendMessageHeader extends Tagged {
  name: 'APPEND';
  mailbox: string;
  flags: string[];
  internalDate: Date | null;
}

/** An APPEND message given as one literal: what precedes it, and the literal's size. */
export interface AppendLiteralCommand extends AppendMessageHeader {
  catenate: false;
  /** Octets the message literal announced. */
  size: number;
  /** `{n}`: the client waits for `+` before sending; `{n+}` (LITERAL+) it does not. */
  synchronizing: boolean;
  /** `~{n}`: literal8 of RFC 3516, the message may hold NUL bytes. */
  binary: boolean;
}

/**
 * An APPEND message built by CATENATE (RFC 4469 section 3): its TEXT and URL parts follow as
 * `catenate-text` and `catenate-url` parser events, in the client's order.
 */
export interface AppendCatenateCommand extends AppendMessageHeader {
  catenate: true;
}

/** One message of an APPEND (each further one of a MULTIAPPEND comes the same way). */
export type AppendCommand = AppendLiteralCommand | AppendCatenateCommand;

/** Any parsed command other than APPEND (which arrives as an `append` event). */
export type Command =
  | (Tagged & { name: BareCommandName })
  | (Tagged & { name: 'LOGIN'; username: string; password: string })
  | (Tagged & { name: 'AUTHENTICATE'; mechanism: string; initialResponse: Buffer | null })
  | (Tagged & { name: 'ENABLE'; capabilities: string[] })
  | (Tagged & { name: 'ID'; parameters: Array<[string, string | null]> | null })
  | (Tagged & {
      name: 'SELECT' | 'EXAMINE';
      mailbox: string;
      /** The SELECT parameter names (`CONDSTORE`, `QRESYNC`), upper-cased. */
      parameters: string[];
      /** The QRESYNC parameter's value (RFC 7162 section 3.2.5), or null. */
      qresync: QresyncParameter | null;
    })
  | (Tagged & { name: 'CREATE' | 'DELETE' | 'SUBSCRIBE' | 'UNSUBSCRIBE'; mailbox: string })
  | (Tagged & { name: 'RENAME'; mailbox: string; newName: string })
  | (Tagged & {
      name: 'LIST';
      reference: string;
      patterns: string[];
      selectOptions: string[];
      returnOptions: string[];
      statusItems: StatusItem[];
      /**
       * Selection options, a pattern list or RETURN was given, even empty: an extended LIST
       * (RFC 5258 section 3), in which an empty pattern asks for nothing.
       */
      extended: boolean;
    })
  | (Tagged & { name: 'LSUB'; reference: string; pattern: string })
  | (Tagged & { name: 'STATUS'; mailbox: string; items: StatusItem[] })
  | (Tagged & { name: 'GETQUOTA'; quotaRoot: string })
  | (Tagged & { name: 'GETQUOTAROOT'; mailbox: string })
  | (Tagged & { name: 'SETQUOTA'; quotaRoot: string; resources: QuotaResourceLimit[] })
  | (Tagged & {
      name: 'SEARCH' | 'UID SEARCH';
      uid: boolean;
      charset: string | null;
      returnOptions: string[] | null;
      criteria: SearchKey;
    })
  | (Tagged & {
      name: 'SORT' | 'UID SORT';
      uid: boolean;
      /** ESORT's RETURN options (RFC 5267 section 3), upper-cased, or null without RETURN. */
      returnOptions: string[] | null;
      sortCriteria: SortCriterion[];
      /** The charset RFC 5256 requires, upper-cased; the session checks it (NO [BADCHARSET]). */
      charset: string;
      criteria: SearchKey;
    })
  | (Tagged & {
      name: 'THREAD' | 'UID THREAD';
      uid: boolean;
      algorithm: ThreadAlgorithm;
      /** The charset RFC 5256 requires, upper-cased; the session checks it (NO [BADCHARSET]). */
      charset: string;
      criteria: SearchKey;
    })
  | (Tagged & {
      name: 'FETCH' | 'UID FETCH';
      uid: boolean;
      sequenceSet: SequenceSet;
      attributes: FetchAttribute[];
      changedSince: bigint | null;
      /** The VANISHED modifier of RFC 7162 section 3.2.6 (UID FETCH with CHANGEDSINCE only). */
      vanished: boolean;
    })
  | (Tagged & {
      name: 'STORE' | 'UID STORE';
      uid: boolean;
      sequenceSet: SequenceSet;
      operation: 'replace' | 'add' | 'remove';
      silent: boolean;
      flags: string[];
      /** The UNCHANGEDSINCE store modifier of RFC 7162 section 3.1.3, or null. */
      unchangedSince: bigint | null;
    })
  | (Tagged & {
      name: 'COPY' | 'MOVE' | 'UID COPY' | 'UID MOVE';
      uid: boolean;
      sequenceSet: SequenceSet;
      mailbox: string;
    })
  | (Tagged & { name: 'UID EXPUNGE'; uid: true; sequenceSet: SequenceSet });

/** The name of any command, APPEND included: the key of the session's command registry. */
export type CommandName = Command['name'] | 'APPEND';
