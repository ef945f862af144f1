import { projectLint } from '../../eslint.config.mjs';

export default projectLint(import.meta.dirname);
