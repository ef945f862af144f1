import { envelope, headerValue, parseMessage, type MimePart } from '@mailstore/mime';
import libmime from 'libmime';

/** Most MIME parts walked when looking for an attachment; deeper trees count as having one. */
const MAX_ATTACHMENT_SCAN_PARTS = 500;

/** What filters, spam routing and autoreply rules look at in a message: parsed once per DATA. */
export interface MessageFacts {
  raw: Buffer;
  root: MimePart;
  size: number;
  /** Decoded Subject ('' when absent). */
  subject: string;
  /** Decoded From, To and Cc field values (display names and addresses). */
  from: string;
  to: string;
  cc: string;
  /** The bare addresses of From, lowercased. */
  fromAddresses: string[];
  /** List-Id (RFC 2919) value, or null. */
  listId: string | null;
  /** Message-ID as the store keeps it (the raw field value), or null. */
  messageId: string | null;
  hasAttachment: boolean;
  /** Every unfolded value of a header field, decoded (encoded-words) for matching. */
  header(name: string): string[];
}

/** Parses a raw message once into the facts delivery decisions need. Never throws. */
export function readFacts(raw: Buffer): MessageFacts {
  const root = parseMessage(raw);
  const header = (name: string) => headerValue(raw, root, name).map(decode);
  const first = (name: string) => header(name)[0] ?? '';
  const env = envelope(raw, root);
  return {
    raw,
    root,
    size: raw.length,
    subject: first('subject'),
    from: header('from').join(', '),
    to: header('to').join(', '),
    cc: header('cc').join(', '),
    fromAddresses: (env.from ?? [])
      .filter((a) => a.mailbox && a.host)
      .map((a) => `${a.mailbox}@${a.host}`.toLowerCase()),
    listId: header('list-id')[0] ?? null,
    messageId: env.messageId,
    hasAttachment: hasAttachment(root),
    header,
  };
}

function decode(value: string): string {
  try {
    return libmime.decodeWords(value).trim();
  } catch {
    return value.trim();
  }
}

/** A part counts as an attachment when its disposition says so or it names a file. */
function hasAttachment(root: MimePart): boolean {
  const pending: MimePart[] = [root];
  for (let seen = 0; pending.length > 0; seen++) {
    if (seen >= MAX_ATTACHMENT_SCAN_PARTS) return true;
    const part = pending.pop()!;
    if (part.disposition?.type === 'attachment') return true;
    if (part.disposition?.params.filename !== undefined) return true;
    if (part.contentType.type !== 'multipart' && part.contentType.params.name !== undefined) {
      return true;
    }
    pending.push(...part.children);
  }
  return false;
}
