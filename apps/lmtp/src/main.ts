import { runService } from '@mailstore/service';
import { startLmtpServer } from './server.js';

await runService({ name: 'lmtp', start: startLmtpServer });
