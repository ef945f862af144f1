import type { ObjectId } from 'mongodb';

/** Stable codes of the errors this module throws (listed in the lib README). */
export type MessageErrorCode =
  | 'STORAGE_QUOTA_EXCEEDED'
  | 'STORAGE_MESSAGE_TOO_LARGE'
  | 'STORAGE_MAILBOX_NOT_FOUND'
  | 'STORAGE_USER_NOT_FOUND'
  | 'STORAGE_BLOB_MISSING';

/** Base class of the message store's errors: each carries a stable code. */
export class MessageStoreError extends Error {
  constructor(
    readonly code: MessageErrorCode,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The ingest would take the user over their quota (RFC 9208 OVERQUOTA on the wire). */
export class QuotaExceededError extends MessageStoreError {
  constructor(
    readonly user: ObjectId,
    readonly limit: number,
    readonly used: number,
    readonly requested: number,
  ) {
    super(
      'STORAGE_QUOTA_EXCEEDED',
      `quota exceeded: ${used} of ${limit} bytes used, ${requested} more requested`,
    );
  }
}

/** The message is larger than {@link MAX_MESSAGE_BYTES}. */
export class MessageTooLargeError extends MessageStoreError {
  constructor(readonly limitBytes: number) {
    super('STORAGE_MESSAGE_TOO_LARGE', `message larger than ${limitBytes} bytes`);
  }
}

/** No mailbox with this id belongs to the user. */
export class MailboxNotFoundError extends MessageStoreError {
  constructor(user: ObjectId, mailbox: ObjectId) {
    super(
      'STORAGE_MAILBOX_NOT_FOUND',
      `mailbox ${mailbox.toHexString()} of user ${user.toHexString()} not found`,
    );
  }
}

/** No user with this id exists. */
export class UserNotFoundError extends MessageStoreError {
  constructor(user: ObjectId) {
    super('STORAGE_USER_NOT_FOUND', `user ${user.toHexString()} not found`);
  }
}

/** A blob a message references is gone: the store is damaged. */
export class BlobMissingError extends MessageStoreError {
  constructor(id: string) {
    super('STORAGE_BLOB_MISSING', `blob ${id} is missing`);
  }
}
