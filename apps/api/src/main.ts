import { runService } from '@mailstore/service';
import { STORAGE_INDEXES } from '@mailstore/storage';
import { startApiServer } from './server.js';

await runService({ name: 'api', indexes: STORAGE_INDEXES, start: startApiServer });
