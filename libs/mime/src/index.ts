export type {
  BodyDisposition,
  BodyParam,
  BodyStructure,
  BodyStructureMultipart,
  BodyStructureSingle,
  ContentType,
  Disposition,
  EncodingRecipe,
  Envelope,
  EnvelopeAddress,
  LineRun,
  MimePart,
  ThreadInfo,
} from './types.js';
export { MAX_MIME_DEPTH, MAX_MIME_PARTS } from './limits.js';
export { parseMessage } from './parse.js';
export { findPart } from './find-part.js';
export { headerValue } from './header-value.js';
export { decodeBody, type DecodedBody } from './transfer.js';
export { qpDecode } from './quoted-printable.js';
export { createBodyEncoder, encodeBody, type BodyEncoder } from './body-encoder.js';
export { createBodyDecoder, type BodyDecoder } from './body-decoder.js';
export { envelope } from './envelope.js';
export { bodyStructure } from './body-structure.js';
export { threadInfo } from './thread-info.js';
export { baseSubject, subjectInfo, type SubjectInfo } from './base-subject.js';
export { decodedHeader, searchText, searchTextBody, type DecodedField } from './search-text.js';
export { preview } from './preview.js';
export { headerFields, sectionRange, type ByteRange, type SectionText } from './section.js';
