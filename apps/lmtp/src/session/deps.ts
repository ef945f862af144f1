import type { DeliveryDeps, DeliveryRecipient } from '@mailstore/delivery';
import type { Logger } from '@mailstore/logger';
import type { SMTPServerAddress } from 'smtp-server';

/** What the session handlers share: delivery dependencies and the RCPT resolutions. */
export interface SessionDeps extends DeliveryDeps {
  logger: Logger;
  /**
   * The recipient each accepted RCPT resolved to, keyed by smtp-server's address object (the
   * same object ends up in `session.envelope.rcptTo`), so DATA does not resolve again.
   */
  resolved: WeakMap<SMTPServerAddress, DeliveryRecipient>;
}
