import { ConfigError, loadConfig, type Config } from '@mailstore/config';
import { UnreachableError, type IndexDefinition } from '@mailstore/db';
import { createLogger, type Logger } from '@mailstore/logger';
import { closeContext, openContext, type ServiceContext } from './context.js';

/** A listening socket of an app, as the "listening" log line reports it. */
export interface Listener {
  protocol: string;
  host: string;
  port: number;
}

/** A started app: where it listens and how it stops. */
export interface RunningServer {
  listeners: Listener[];
  /**
   * Stops accepting, lets open connections finish for up to `graceMs`, then closes the rest.
   * Resolves once every connection is closed.
   */
  close(graceMs: number): Promise<void>;
}

/** What an app hands {@link runService}. */
export interface ServiceDefinition {
  name: string;
  indexes?: readonly IndexDefinition[];
  start(context: ServiceContext): Promise<RunningServer>;
}

/**
 * The whole life of an app process: load config, connect storage, start listeners, wait for
 * SIGTERM or SIGINT, drain, exit 0. A bad config or an unreachable dependency ends the process
 * with exit code 1 and one line on standard error that names the cause.
 */
export async function runService(definition: ServiceDefinition): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    return failStart(definition.name, error);
  }
  const logger = createLogger({ service: definition.name, level: config.logLevel });
  let context: ServiceContext;
  let server: RunningServer;
  try {
    context = await openContext(config, logger, definition.indexes);
    server = await definition.start(context);
  } catch (error) {
    return failStart(definition.name, error, logger);
  }
  logger.info({ listeners: server.listeners, pid: process.pid }, 'listening');
  await waitForStopSignal(logger);
  await stopService(server, context);
  logger.info('stopped');
  process.exit(0);
}

/** Drains the server, then closes storage connections. */
export async function stopService(server: RunningServer, context: ServiceContext): Promise<void> {
  await server.close(context.config.shutdownTimeoutMs);
  await closeContext(context);
}

function waitForStopSignal(logger: Logger): Promise<void> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      logger.info({ signal }, 'stopping: no new connections, draining open ones');
      resolve();
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
}

function failStart(name: string, error: unknown, logger?: Logger): never {
  const known = error instanceof ConfigError || error instanceof UnreachableError;
  const reason = known ? (error as Error).message : `failed to start: ${String(error)}`;
  if (!known) logger?.error({ err: error }, 'failed to start');
  process.stderr.write(`${name}: ${reason.replace(/\s+/g, ' ')}\n`);
  process.exit(1);
}
