import type { Logger } from '@mailstore/logger';
import type {
  MongoClient,
  ServerHeartbeatFailedEvent,
  ServerHeartbeatStartedEvent,
  ServerHeartbeatSucceededEvent,
} from 'mongodb';
import { RETRY_FIRST_DELAY_MS, RETRY_MAX_DELAY_MS } from './backoff.js';

/** How long a server check may run past the driver's own timeouts before it counts as hung. */
export const MONITOR_CHECK_GRACE_MS = 2_000;
/** How often the watchdog looks at the server checks in flight. */
const WATCH_INTERVAL_MS = 1_000;

/** The watchdog of one client; `stop` it before closing the client on purpose. */
export interface MonitorWatchdog {
  stop(): void;
}

/**
 * Reopens a MongoClient whose server monitor has hung.
 *
 * The driver (mongodb 7.9.1) can lose a server check for good. When the peer resets a
 * connection, Node marks the socket destroyed at once but runs its 'close' handler a turn later;
 * a command the driver writes in between waits for a 'drain' that never comes, and no socket
 * timeout fires on a destroyed socket. If that command is the monitor's hello, the monitor never
 * checks the server again. After a network blip the server then stays Unknown, and every
 * operation fails server selection for as long as the process lives.
 *
 * No check outlives the timeouts the driver puts on it (connect and handshake, or an awaited
 * hello). The watchdog notices one that does, closes the client and connects it again. Db and
 * Collection handles stay valid: they look the client's topology up for each operation.
 */
export function watchMonitors(
  client: MongoClient,
  logger: Logger,
  target: string,
): MonitorWatchdog {
  const { connectTimeoutMS, heartbeatFrequencyMS } = client.options;
  /** Started and unfinished checks, by server address. */
  const checks = new Map<string, { startedAt: number; limitMs: number }>();
  let reopening = false;
  let stopped = false;

  const started = (event: ServerHeartbeatStartedEvent) => {
    // A poll check may connect and then say hello, each bounded by connectTimeoutMS; an awaited
    // hello may wait heartbeatFrequencyMS for the server's answer on top of that.
    const driverLimit = event.awaited
      ? connectTimeoutMS + heartbeatFrequencyMS
      : 2 * connectTimeoutMS;
    checks.set(event.connectionId, {
      startedAt: Date.now(),
      limitMs: driverLimit + MONITOR_CHECK_GRACE_MS,
    });
  };
  const ended = (event: ServerHeartbeatSucceededEvent | ServerHeartbeatFailedEvent) => {
    checks.delete(event.connectionId);
  };
  const closed = () => {
    checks.clear();
    // The app closed the client: it must stay closed.
    if (!reopening) stop();
  };

  const reopen = async (address: string, stalledMs: number) => {
    reopening = true;
    checks.clear();
    logger.error(
      { target, address, stalledMs },
      'MongoDB server check hung in the driver; reopening the client',
    );
    await client.close().catch(() => undefined);
    for (let delay = RETRY_FIRST_DELAY_MS; !stopped;) {
      try {
        await client.connect();
        // Stopped while connecting: the app is closing the client, so it stays closed.
        if (stopped) await client.close();
        else logger.info({ target }, 'MongoDB client reopened');
        break;
      } catch (error) {
        logger.warn({ target, delayMs: delay, err: (error as Error).message }, 'reopen failed');
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay = Math.min(delay * 2, RETRY_MAX_DELAY_MS);
      }
    }
    reopening = false;
  };

  const timer = setInterval(() => {
    if (reopening) return;
    const now = Date.now();
    for (const [address, check] of checks) {
      const stalledMs = now - check.startedAt;
      if (stalledMs > check.limitMs) {
        void reopen(address, stalledMs);
        return;
      }
    }
  }, WATCH_INTERVAL_MS);
  timer.unref();

  client.on('serverHeartbeatStarted', started);
  client.on('serverHeartbeatSucceeded', ended);
  client.on('serverHeartbeatFailed', ended);
  client.on('topologyClosed', closed);

  function stop() {
    stopped = true;
    clearInterval(timer);
    client.off('serverHeartbeatStarted', started);
    client.off('serverHeartbeatSucceeded', ended);
    client.off('serverHeartbeatFailed', ended);
    client.off('topologyClosed', closed);
  }
  return { stop };
}
