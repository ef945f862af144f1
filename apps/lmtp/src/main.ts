import { DELIVERY_INDEXES } from '@mailstore/delivery';
import { runService } from '@mailstore/service';
import { ACCOUNT_INDEXES, MAILBOX_INDEXES, MESSAGE_INDEXES } from '@mailstore/storage';
import { startLmtpServer } from './server.js';

await runService({
  name: 'lmtp',
  indexes: [...ACCOUNT_INDEXES, ...MAILBOX_INDEXES, ...MESSAGE_INDEXES, ...DELIVERY_INDEXES],
  start: startLmtpServer,
});
