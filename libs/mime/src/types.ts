/** A media type with its parameters, as read from a Content-Type field (RFC 2045 section 5). */
export interface ContentType {
  /** Top-level media type, lowercased (`text`, `multipart`, ...). */
  type: string;
  /** Subtype, lowercased (`plain`, `mixed`, ...). */
  subtype: string;
  /** Parameters by lowercased name; RFC 2231 continuations and charsets are decoded. */
  params: Record<string, string>;
}

/** A Content-Disposition field (RFC 2183): its type and its parameters. */
export interface Disposition {
  /** Disposition type, lowercased (`inline`, `attachment`, ...). */
  type: string;
  /** Parameters by lowercased name; RFC 2231 continuations and charsets are decoded. */
  params: Record<string, string>;
}

/** One node of the MIME tree, with byte offsets into the raw message. Never throws on malformed input. */
export interface MimePart {
  /**
   * IMAP section number (RFC 3501 section 6.4.5): '' for the top level message, '1', '1.2', ...
   * The message inside a message/rfc822 body part carries that part's partId; the message
   * that is the body of a non-multipart message node X carries `X.1` ('1' under the root).
   */
  partId: string;
  /** Offset of the first header byte. */
  headerStart: number;
  /** Offset just past the header block, including the blank separator line when present. */
  headerEnd: number;
  /** Offset of the first body byte (equals headerEnd). */
  bodyStart: number;
  /** Offset just past the last body byte (for a multipart: including preamble and epilogue). */
  bodyEnd: number;
  /** The media type, with RFC 2045 defaults applied. */
  contentType: ContentType;
  /** Content-Transfer-Encoding, lowercased; '7bit' when absent. */
  encoding: string;
  /** Content-Disposition, or null when absent. */
  disposition: Disposition | null;
  /** Content-ID, unfolded and trimmed. */
  id: string | null;
  /** Content-Description, raw (encoded-words are kept). */
  description: string | null;
  /** Content-MD5, unfolded and trimmed. */
  md5: string | null;
  /** Content-Language tags (RFC 3282), or null when absent. */
  language: string[] | null;
  /** Content-Location (RFC 2557), unfolded. */
  location: string | null;
  /** Body size in bytes. */
  size: number;
  /** Body line count: line endings, plus one for a final unterminated line. */
  lines: number;
  /** Parts of a multipart, in order. */
  children: MimePart[];
  /** The message inside a message/rfc822 (or message/global) part. */
  embedded: MimePart | null;
  /** Nesting depth: 0 for the top level message. */
  depth: number;
}

/** `count` consecutive encoded lines of `length` characters each. */
export interface LineRun {
  length: number;
  count: number;
}

/**
 * How to turn decoded body bytes back into the exact original transfer-encoded bytes.
 * Small and JSON-serializable, so it can be stored beside a content-addressed blob.
 */
export interface EncodingRecipe {
  /** Transfer encoding to apply; 'identity' copies the bytes unchanged. */
  encoding: 'base64' | 'quoted-printable' | 'identity';
  /** Encoded characters per full line (without the line ending); 0 means no wrapping. */
  lineLength: number;
  /** Line ending written between encoded lines (soft line breaks for quoted-printable). */
  lineEnding: '\r\n' | '\n';
  /** Bytes (latin1) written before the encoded text, e.g. a leading blank line. */
  prefix: string;
  /** Bytes (latin1) written after the encoded text: final line ending(s), trailing blank lines. */
  suffix: string;
  /** Base64 only: line lengths, run-length encoded, when the lines are not all of lineLength. */
  lineRuns?: LineRun[];
  /** Base64 only: the original last characters when they are not the canonical last quantum. */
  finalQuantum?: string;
  /** Quoted-printable only: hex digits in `=XX` escapes are lowercase. */
  lowerHex?: boolean;
  /** Quoted-printable only: characters the original escaped though it need not have. */
  escapeExtra?: string;
  /** Quoted-printable only: bytes above 126 were written as they are (not RFC 2045, but seen). */
  literalHigh?: boolean;
  /**
   * Quoted-printable only, where soft line breaks go: 'fit' (the default) as late as possible,
   * the last token of a line using the full width; 'strict' likewise but always leaving room for
   * the '='; 'reserve' as soon as an escape might no longer fit.
   */
  softBreak?: 'fit' | 'strict' | 'reserve';
  /** Quoted-printable only: white space before a line end was left unescaped. */
  literalTrailingSpace?: boolean;
}

/** One address of an ENVELOPE (RFC 3501 section 7.4.2), or a group marker. */
export interface EnvelopeAddress {
  /** Display name (phrase), raw: quotes removed, encoded-words kept. */
  name: string | null;
  /** Source route (at-domain-list), without the trailing colon. */
  adl: string | null;
  /** Local part; for a group start marker the group name, for a group end marker null. */
  mailbox: string | null;
  /** Domain; null only in group markers (RFC 3501 section 7.4.2). */
  host: string | null;
}

/** ENVELOPE data of a message (RFC 3501 section 7.4.2); header values are raw, not decoded. */
export interface Envelope {
  date: string | null;
  subject: string | null;
  from: EnvelopeAddress[] | null;
  sender: EnvelopeAddress[] | null;
  replyTo: EnvelopeAddress[] | null;
  to: EnvelopeAddress[] | null;
  cc: EnvelopeAddress[] | null;
  bcc: EnvelopeAddress[] | null;
  inReplyTo: string | null;
  messageId: string | null;
}

/** A parameter of a body, as a name/value pair (arrays of pairs keep order and store safely). */
export interface BodyParam {
  name: string;
  value: string;
}

/** Content-Disposition as BODYSTRUCTURE extension data carries it. */
export interface BodyDisposition {
  type: string;
  params: BodyParam[];
}

/** Fields common to every BODYSTRUCTURE node. */
interface BodyStructureBase {
  /** IMAP section number of this node ('' only for a non-multipart top level message). */
  partId: string;
  /** Lowercased media type. */
  type: string;
  /** Lowercased media subtype. */
  subtype: string;
  /** body-fld-param: Content-Type parameters. */
  params: BodyParam[];
  /** body-fld-dsp extension data. */
  disposition: BodyDisposition | null;
  /** body-fld-lang extension data. */
  language: string[] | null;
  /** body-fld-loc extension data. */
  location: string | null;
}

/** BODYSTRUCTURE of a multipart (RFC 3501 section 7.4.2, body-type-mpart). */
export interface BodyStructureMultipart extends BodyStructureBase {
  kind: 'multipart';
  /** Child bodies; never empty (an empty multipart gets one empty text/plain child). */
  children: BodyStructure[];
}

/** BODYSTRUCTURE of a non-multipart body (body-type-basic, body-type-text or body-type-msg). */
export interface BodyStructureSingle extends BodyStructureBase {
  kind: 'basic' | 'text' | 'message';
  /** body-fld-id. */
  id: string | null;
  /** body-fld-desc. */
  description: string | null;
  /** body-fld-enc, lowercased. */
  encoding: string;
  /** body-fld-octets. */
  size: number;
  /** body-fld-lines, for kind 'text' and 'message'. */
  lines: number | null;
  /** For kind 'message': the envelope of the embedded message. */
  envelope: Envelope | null;
  /** For kind 'message': the body structure of the embedded message. */
  body: BodyStructure | null;
  /** body-fld-md5 extension data. */
  md5: string | null;
}

/** JSON-serializable data from which both BODY and BODYSTRUCTURE responses can be written. */
export type BodyStructure = BodyStructureMultipart | BodyStructureSingle;

/** What threading (RFC 5256) needs from a message. */
export interface ThreadInfo {
  /** The Message-ID, with angle brackets, or null. */
  messageId: string | null;
  /** The first message id of In-Reply-To, or null. */
  inReplyTo: string | null;
  /** Message ids of References, in order. */
  references: string[];
  /** Base subject per RFC 5256 section 2.1 (case kept; compare with a case fold). */
  baseSubject: string;
}
