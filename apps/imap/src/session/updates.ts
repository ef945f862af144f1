import type { Session } from './session.js';

/**
 * Untagged responses waiting for a moment the RFC allows them: at once while the session IDLEs
 * (RFC 2177), otherwise just before a command's tagged response (RFC 3501 section 7).
 * TODO(#5): fed by the change journal; EXPUNGE must be held back during FETCH, STORE and SEARCH.
 */
export const MAX_QUEUED_UPDATES = 1_000;

/** The per-session queue of untagged updates. */
export class UpdateQueue {
  private queued: Buffer[] = [];
  /** More updates came than the queue holds: the session must resynchronize from the store. */
  overflowed = false;
  idling = false;

  constructor(private readonly session: Session) {}

  /** Queues one untagged response, or writes it now while the session IDLEs. */
  push(response: Buffer): void {
    if (this.idling) {
      void this.session.write(response);
      return;
    }
    if (this.queued.length >= MAX_QUEUED_UPDATES) {
      this.overflowed = true;
      return;
    }
    this.queued.push(response);
  }

  /** Writes every queued response. */
  async flush(): Promise<void> {
    const queued = this.queued;
    this.queued = [];
    for (const response of queued) await this.session.write(response);
  }
}
