import { SMTPConnection } from 'smtp-server/lib/smtp-connection.js';

const ENHANCED_STATUS = /^[245]\.\d{1,3}\.\d{1,3} /;
let installed = false;

/**
 * smtp-server derives the RFC 3463 enhanced status code from the reply code alone (550 is always
 * 5.1.1), but 550 5.2.1 and 550 5.1.1 mean different things. This makes it keep a status that a
 * reply text already starts with, and add its own only when there is none. Idempotent.
 * smtp-server is pinned (3.21.6), and delivery.spec.ts expects the 550 5.2.1 of a disabled
 * account, so an upgrade that changes `send` fails there; once smtp-server takes an enhanced code
 * on the error object, this patch can go.
 */
export function keepExplicitEnhancedCodes(): void {
  if (installed) return;
  installed = true;
  type Send = (code: number, data: unknown, context?: string | false) => void;
  const proto = SMTPConnection.prototype as unknown as { send: Send };
  const send = proto.send;
  proto.send = function (this: unknown, code, data, context) {
    const explicit = typeof data === 'string' && ENHANCED_STATUS.test(data);
    send.call(this, code, data, explicit ? false : context);
  };
}
