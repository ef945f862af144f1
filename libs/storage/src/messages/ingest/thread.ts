import type { ThreadInfo } from '@mailstore/mime';
import { ObjectId } from 'mongodb';
import type { Store } from '../../store.js';
import { THREADS, type ThreadDoc } from '../collections.js';
import { duplicateIndexes } from '../journal/append.js';
import { MAX_THREAD_REFERENCES } from './thread-links.js';

/** Longest thread key stored; longer Message-IDs are cut (they are still unique enough). */
const MAX_THREAD_KEY_CHARS = 250;

/** The thread keys of a message: its own Message-ID, the ids it answers, and its base subject. */
export function threadKeys(info: ThreadInfo): { own: string[]; parents: string[] } {
  const own: string[] = [];
  if (info.messageId) own.push(`m:${info.messageId}`);
  const ids = [...info.references.slice(-MAX_THREAD_REFERENCES)];
  if (info.inReplyTo) ids.push(info.inReplyTo);
  const parents = [...new Set(ids)].map((id) => `m:${id}`);
  const subject = info.baseSubject.trim().toLowerCase();
  // A reply with an unknown parent still joins the thread of its base subject (RFC 5256
  // REFERENCES falls back to subjects the same way); a fresh message only registers it.
  if (subject) (parents.length > 0 ? parents : own).push(`s:${subject}`);
  return {
    own: own.map((key) => key.slice(0, MAX_THREAD_KEY_CHARS)),
    parents: parents.map((key) => key.slice(0, MAX_THREAD_KEY_CHARS)),
  };
}

/**
 * Finds the thread of a message by looking its keys up in the user's `threads` documents (one
 * indexed query, no $lookup), and registers its keys for the messages that follow.
 */
export async function resolveThread(
  store: Store,
  user: ObjectId,
  info: ThreadInfo,
): Promise<ObjectId> {
  const threads = store.db.collection<ThreadDoc>(THREADS);
  const { own, parents } = threadKeys(info);
  const keys = [...own, ...parents];
  if (keys.length === 0) return new ObjectId();
  const prefix = `${user.toHexString()}:`;
  // Exact `_id` reads, one per key: cheap on every engine.
  const found = await Promise.all(
    keys.map((key) => threads.findOne({ _id: prefix + key }, { projection: { threadId: 1 } })),
  );
  const byKey = new Map<string, ObjectId>();
  found.forEach((doc, i) => doc && byKey.set(keys[i]!, doc.threadId));
  // Prefer the thread of a real parent over one met only by subject.
  const hit =
    [...parents, ...own].find((key) => key.startsWith('m:') && byKey.has(key)) ??
    keys.find((key) => byKey.has(key));
  const threadId = hit ? byKey.get(hit)! : new ObjectId();
  const missing = keys.filter((key) => !byKey.has(key));
  if (missing.length > 0) {
    const createdAt = new Date();
    await threads
      .insertMany(
        missing.map((key) => ({ _id: prefix + key, user, threadId, createdAt })),
        { ordered: false },
      )
      // A concurrent ingest registered the same key first: its thread stands.
      .catch((error: unknown) => duplicateIndexes(error));
  }
  return threadId;
}
