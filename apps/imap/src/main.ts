import { AUTH_INDEXES } from '@mailstore/auth';
import { runService } from '@mailstore/service';
import { STORAGE_INDEXES } from '@mailstore/storage';
import { startImapServer } from './server.js';

await runService({
  name: 'imap',
  indexes: [...STORAGE_INDEXES, ...AUTH_INDEXES],
  start: (context) => startImapServer(context),
});
