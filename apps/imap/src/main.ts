import { runService } from '@mailstore/service';
import { startImapServer } from './server.js';

await runService({ name: 'imap', start: (context) => startImapServer(context) });
