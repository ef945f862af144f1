export {
  MAILBOX_COLLECTION,
  MAILBOX_INDEXES,
  SPECIAL_USES,
  SUBSCRIPTION_COLLECTION,
  type MailboxDoc,
  type SpecialUse,
  type SubscriptionDoc,
} from './collections.js';
export {
  createDefaultMailboxes,
  createMailbox,
  DEFAULT_MAILBOXES,
  type CreateMailboxOptions,
} from './create.js';
export { deleteAllMailboxes, deleteMailbox } from './delete.js';
export {
  MAILBOX_ERROR_CODES,
  MailboxError,
  type MailboxErrorCode,
  type MailboxResponseCode,
} from './errors.js';
export {
  INBOX,
  MAILBOX_DELIMITER,
  MAX_MAILBOX_DEPTH,
  MAX_MAILBOX_PATH_BYTES,
  normalizeMailboxPath,
} from './path.js';
export { getMailbox, getMailboxByPath, listMailboxes } from './read.js';
export { renameMailbox } from './rename.js';
export { deleteAllSubscriptions, listSubscriptions, subscribe, unsubscribe } from './subscribe.js';
