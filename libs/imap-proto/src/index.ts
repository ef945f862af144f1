export {
  isProtocolError,
  ProtocolError,
  type ProtocolErrorCode,
  type ProtocolErrorOptions,
  type ProtocolErrorStatus,
} from './errors.js';
export {
  MAX_COMMANDS_IN_FLIGHT,
  MAX_LINE_BYTES,
  MAX_LIST_ITEMS,
  MAX_LITERAL_BYTES,
  MAX_NESTING_DEPTH,
  MAX_STRING_BYTES,
} from './limits.js';
export type {
  AppendCatenateCommand,
  AppendCommand,
  AppendLiteralCommand,
  BareCommandName,
  Command,
  CommandName,
  FetchAttribute,
  Partial,
  QresyncParameter,
  QuotaResourceLimit,
  SearchKey,
  Section,
  SectionText,
  SeqNumber,
  SeqRange,
  SequenceSet,
  SimpleFetchItem,
  SortCriterion,
  SortKey,
  StatusItem,
  ThreadAlgorithm,
} from './grammar/types.js';
export { saslResponse } from './grammar/arguments.js';
export { formatSection } from './grammar/fetch.js';
export {
  parseMessageUrl,
  type ImapMessageUrl,
  type ImapUrlResult,
  type ImapUrlServer,
} from './grammar/imap-url.js';
export { isObjectId, MAX_OBJECTID_CHARS } from './grammar/objectid.js';
export { decodeModifiedUtf7, encodeModifiedUtf7, normalizeMailboxName } from './grammar/mailbox.js';
export { checkCharset, SEARCH_CHARSETS } from './grammar/search.js';
export { expandSequenceSet, formatSequenceSet } from './grammar/sequence.js';
export { THREAD_ALGORITHMS } from './grammar/thread.js';
export { ImapParser } from './parser/parser.js';
export type { ParserEvent } from './parser/events.js';
export {
  bodyStructureValue,
  MAX_BODY_DEPTH,
  type BodyStructureData,
  type DispositionData,
  type MultipartData,
  type SinglePartData,
} from './serializer/body-structure.js';
export { envelopeValue, type EnvelopeAddress, type EnvelopeData } from './serializer/envelope.js';
export { mailboxIdCode, objectIdValue } from './serializer/objectid.js';
export {
  badUrlCode,
  formatResponseCode,
  type ResponseCode,
  type ResponseCodeName,
} from './serializer/response-codes.js';
export {
  capabilityResponse,
  continuationResponse,
  fetchResponse,
  responseText,
  saslChallenge,
  statusResponse,
  untaggedResponse,
  type FetchItem,
  type ResponseStatus,
} from './serializer/responses.js';
export { MAX_THREAD_DEPTH, threadResponse, type ThreadNode } from './serializer/thread.js';
export {
  MAX_VANISHED_RANGES_PER_LINE,
  vanishedResponse,
  type UidOrRange,
} from './serializer/vanished.js';
export {
  atom,
  canQuote,
  MAX_QUOTED_BYTES,
  quote,
  ResponseBuffer,
  serializeValue,
  type Atom,
  type Concat,
  type ImapValue,
  type SerializeOptions,
} from './serializer/values.js';
