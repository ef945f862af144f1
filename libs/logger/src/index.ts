export {
  createLogger,
  redactUrl,
  REDACTED_PATHS,
  type Logger,
  type LoggerSettings,
} from './logger.js';
