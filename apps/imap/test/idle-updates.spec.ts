// Two IMAP instances on one store: a session IDLEs on one, changes are made through the other.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '@mailstore/service';
import { startImapServer } from '../src/server.js';
import { createUser, startHarness, type Harness } from './harness.js';
import { RawClient } from './raw-client.js';

/** Deliveries timed for the delay figures. */
const DELIVERIES = 20;

let harness: Harness;
let second: RunningServer;
const clients: RawClient[] = [];

async function loggedIn(port: number): Promise<RawClient> {
  const client = await RawClient.login(port, 'vic', 'secret');
  clients.push(client);
  return client;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

beforeAll(async () => {
  harness = await startHarness('imap-idle-updates');
  second = await startImapServer(harness.context);
  await createUser(harness.store, 'vic', 'secret');
});

afterAll(async () => {
  for (const client of clients) client.end();
  await second?.close(1_000);
  await harness?.stop();
});

describe('IDLE across instances', () => {
  it('reports appends and flag changes made on another instance while idling', async () => {
    const watcher = await loggedIn(harness.port);
    const writer = await loggedIn(second.listeners[0]?.port as number);
    await watcher.command('s', 'SELECT INBOX');
    watcher.send('i IDLE\r\n');
    expect(await watcher.line()).toBe('+ idling');

    const delays: number[] = [];
    for (let n = 1; n <= DELIVERIES; n += 1) {
      const started = performance.now();
      writer.send(`a${n} APPEND INBOX {13+}\r\nSubject: ${String(n % 10)}\r\n\r\n\r\n`);
      expect(await watcher.line()).toBe(`* ${n} EXISTS`);
      delays.push(performance.now() - started);
      // The watcher has INBOX selected read-write: it claims every new message as \Recent.
      expect(await watcher.line()).toBe(`* ${n} RECENT`);
      expect(await writer.line()).toMatch(new RegExp(`^a${n} OK `));
    }

    await writer.command('s', 'SELECT INBOX');
    await writer.command('f', 'STORE 2 +FLAGS.SILENT (\\Flagged)');
    expect(await watcher.line()).toBe('* 2 FETCH (FLAGS (\\Flagged \\Recent))');

    watcher.send('DONE\r\n');
    expect(await watcher.line()).toBe('i OK IDLE terminated');
    // Neither keeps INBOX selected: the next test's reader must be the one to claim \Recent.
    await watcher.command('u', 'UNSELECT');
    await writer.command('u', 'UNSELECT');
    delays.sort((a, b) => a - b);
    console.log(
      `IDLE delay over ${DELIVERIES} appends on another instance: ` +
        `p50 ${percentile(delays, 50).toFixed(1)} ms, p99 ${percentile(delays, 99).toFixed(1)} ms`,
    );
  });

  it('sends queued updates before the tagged response of the next command', async () => {
    const reader = await loggedIn(harness.port);
    const writer = await loggedIn(second.listeners[0]?.port as number);
    const select = await reader.command('s', 'SELECT INBOX');
    const exists = Number(/^\* (\d+) EXISTS$/m.exec(select.join('\n'))?.[1]);
    expect((await writer.command('a', 'APPEND INBOX {13+}\r\nSubject: x\r\n\r\n')).at(-1)).toMatch(
      /^a OK /,
    );
    // The notice travels through Redis; NOOP is how a client without IDLE polls (RFC 3501 6.1.2).
    let reply: string[] = [];
    for (let attempt = 0; attempt < 20 && !reply.includes(`* ${exists + 1} EXISTS`); attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      reply = await reader.command('n', 'NOOP');
    }
    expect(reply).toEqual([`* ${exists + 1} EXISTS`, '* 1 RECENT', 'n OK NOOP completed']);
  });
});
