import { ensureIndexes } from '@mailstore/db';
import { MAILBOX_INDEXES } from '../mailboxes/collections.js';
import type { Store } from '../store.js';
import { ACCOUNT_INDEXES } from './collections.js';

/** Creates the accounts and mailboxes indexes (for tests and tools; apps list them at start). */
export async function ensureAccountIndexes(store: Store): Promise<void> {
  await ensureIndexes(store.db, [...ACCOUNT_INDEXES, ...MAILBOX_INDEXES]);
}
