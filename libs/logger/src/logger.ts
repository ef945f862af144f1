import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger } from 'pino';

/**
 * Paths pino replaces with `[redacted]`. Credentials are also kept out of log calls at the
 * source; this is the net under that rule.
 */
export const REDACTED_PATHS = [
  'password',
  'pass',
  'secret',
  'token',
  'authorization',
  'cookie',
  '*.password',
  '*.pass',
  '*.secret',
  '*.token',
  '*.authorization',
  '*.cookie',
  'req.headers.authorization',
  'req.headers.cookie',
];

/** What {@link createLogger} needs to know. */
export interface LoggerSettings {
  /** The app's name, bound to every line as `service`. */
  service: string;
  level: string;
  /** Where lines go; standard output when omitted. */
  destination?: pino.DestinationStream;
}

/** Creates an app's root logger; bind a child per connection or request with `child()`. */
export function createLogger(settings: LoggerSettings): Logger {
  const options: LoggerOptions = {
    level: settings.level,
    base: { service: settings.service },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
  return settings.destination ? pino(options, settings.destination) : pino(options);
}

/** Removes the user and password of a connection URL so it can be logged or shown. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
