import type { MimePart, ThreadInfo } from './types.js';
import { baseSubject } from './base-subject.js';
import { firstValue, scanHeader } from './header.js';

/** Message ids (`<...>`) in a field value, in order (RFC 5322 section 3.6.4). */
function messageIds(value: string | null): string[] {
  if (value === null) return [];
  return value.match(/<[^<>\s]*>/g) ?? [];
}

/** The first message id of a field, or its trimmed text when it has no angle brackets. */
function firstId(value: string | null): string | null {
  const ids = messageIds(value);
  if (ids.length) return ids[0]!;
  const text = value?.trim() ?? '';
  return text && !/\s/.test(text) ? text : null;
}

/** What RFC 5256 threading needs: Message-ID, In-Reply-To, References and the base subject. */
export function threadInfo(raw: Buffer, root: MimePart): ThreadInfo {
  const { fields } = scanHeader(raw, root.headerStart, root.headerEnd);
  return {
    messageId: firstId(firstValue(raw, fields, 'message-id')),
    inReplyTo: messageIds(firstValue(raw, fields, 'in-reply-to'))[0] ?? null,
    references: messageIds(firstValue(raw, fields, 'references')),
    baseSubject: baseSubject(firstValue(raw, fields, 'subject') ?? ''),
  };
}
