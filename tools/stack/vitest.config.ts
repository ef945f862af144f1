import { projectConfig } from '../vitest/config.js';

export default projectConfig(import.meta.dirname, { services: true, testTimeoutMs: 120_000 });
