import { runService } from '@mailstore/service';
import { GATEWAY_INDEXES, startAuthServer } from './server.js';

await runService({ name: 'auth', indexes: GATEWAY_INDEXES, start: startAuthServer });
