import { createTestEnv, hostAndPort, TcpProxy } from '@mailstore/testing';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MONITOR_CHECK_GRACE_MS, watchMonitors } from '../src/index.js';

/** Short driver timeouts, so that a hung check is noticed within seconds. */
const CONNECT_TIMEOUT_MS = 500;
const SELECTION_TIMEOUT_MS = 500;
/** When the watchdog must have seen a hung poll check: its limit, one watch round, a margin. */
const NOTICE_MS = 2 * CONNECT_TIMEOUT_MS + MONITOR_CHECK_GRACE_MS + 1_000 + 1_000;

/** The driver internals the race is staged with (mongodb 7.9.1). */
interface Internals {
  topology?: {
    s: {
      servers: Map<
        string,
        { monitor?: { connection: { socket: { destroy(): void } } | null; requestCheck(): void } }
      >;
    };
  };
}

const env = createTestEnv('db-monitor-watchdog');
let proxy: TcpProxy;
const clients: MongoClient[] = [];

beforeAll(async () => {
  const target = hostAndPort(process.env.MONGODB_URL!);
  proxy = new TcpProxy(target.host, target.port);
  await proxy.start();
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await proxy.cut();
  await env.cleanup();
});

/** A client through the proxy, connected, whose monitor has finished its first check. */
async function openClient(): Promise<MongoClient> {
  const client = new MongoClient(`mongodb://127.0.0.1:${proxy.port}/`, {
    connectTimeoutMS: CONNECT_TIMEOUT_MS,
    serverSelectionTimeoutMS: SELECTION_TIMEOUT_MS,
    serverMonitoringMode: 'poll',
  });
  clients.push(client);
  await client.connect();
  await client.db(env.dbName).command({ ping: 1 });
  // A check asked for sooner than minHeartbeatFrequencyMS (500 ms) after the last is deferred.
  await sleep(700);
  return client;
}

/**
 * Stages the driver's race the way a reset from the peer does: the monitor's socket is destroyed
 * and the monitor checks the server before the socket's 'close' handler has run. Then the network
 * blips, so that the server is marked Unknown and only the (hung) monitor could bring it back.
 */
async function hangMonitorThenBlip(client: MongoClient): Promise<void> {
  const servers = (client as unknown as Internals).topology!.s.servers;
  const monitor = [...servers.values()][0]!.monitor!;
  monitor.connection!.socket.destroy();
  monitor.requestCheck();
  await proxy.cut();
  await expect(client.db(env.dbName).command({ ping: 1 })).rejects.toThrow();
  await proxy.restore();
}

async function pingsWithin(client: MongoClient, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    try {
      await client.db(env.dbName).command({ ping: 1 });
      return true;
    } catch {
      await sleep(200);
    }
  }
  return false;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe('monitor watchdog', () => {
  // The driver defect the watchdog is for. When a driver upgrade makes this fail, the monitor
  // recovers by itself and the watchdog can go.
  it('without it, a client whose monitor hung never finds the server again', async () => {
    const client = await openClient();
    await hangMonitorThenBlip(client);
    expect(await pingsWithin(client, NOTICE_MS)).toBe(false);
  });

  it('reopens a client whose monitor hung, and the same Db handle works again', async () => {
    const client = await openClient();
    const watchdog = watchMonitors(client, env.logger, 'test');
    let opened = 0;
    client.on('topologyOpening', () => opened++);
    try {
      const db = client.db(env.dbName);
      await hangMonitorThenBlip(client);
      expect(await pingsWithin(client, NOTICE_MS + 2_000)).toBe(true);
      expect(opened, 'the client was reopened').toBe(1);
      await db.collection('after').insertOne({ ok: true });
      expect(await db.collection('after').countDocuments()).toBe(1);
    } finally {
      watchdog.stop();
    }
  });

  it('leaves a client the app closed closed', async () => {
    const client = await openClient();
    watchMonitors(client, env.logger, 'test');
    let opened = 0;
    client.on('topologyOpening', () => opened++);
    await hangMonitorThenBlip(client);
    await client.close();
    await sleep(NOTICE_MS);
    expect(opened).toBe(0);
    await expect(client.db(env.dbName).command({ ping: 1 })).rejects.toThrow(/must be connected/);
  });
});
