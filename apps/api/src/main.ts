import { runService } from '@mailstore/service';
import { startApiServer } from './server.js';

await runService({ name: 'api', start: startApiServer });
