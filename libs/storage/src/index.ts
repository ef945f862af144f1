export type { Store } from './store.js';
export * from './accounts/index.js';
export * from './mailboxes/index.js';
export * from './messages/index.js';
export { findBodyBlob, type BodyBlob } from './messages/rebuild/body-blob.js';

import { ACCOUNT_INDEXES } from './accounts/index.js';
import { MAILBOX_INDEXES } from './mailboxes/index.js';
import { MESSAGE_INDEXES } from './messages/index.js';

/** Every index the mail store needs; apps that use the store pass it to `runService`. */
export const STORAGE_INDEXES = [...ACCOUNT_INDEXES, ...MAILBOX_INDEXES, ...MESSAGE_INDEXES];
