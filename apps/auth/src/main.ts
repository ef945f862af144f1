import { runService } from '@mailstore/service';
import { startAuthServer } from './server.js';

await runService({ name: 'auth', start: startAuthServer });
