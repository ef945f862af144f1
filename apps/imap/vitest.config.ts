import { mergeConfig } from 'vitest/config';
import { projectConfig } from '../../tools/vitest/config.js';

// --expose-gc: the streamed FETCH test measures memory without the garbage of earlier tests.
export default mergeConfig(projectConfig(import.meta.dirname, { services: true }), {
  test: { execArgv: ['--expose-gc'] },
});
