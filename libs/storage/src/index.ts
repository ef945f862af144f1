export type { Store } from './store.js';
export * from './accounts/index.js';
export * from './mailboxes/index.js';
export * from './messages/index.js';
