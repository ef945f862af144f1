// Issue #5: two IMAP instances and the LMTP app on one store. A session on instance A (in this
// process) IDLEs INBOX; messages delivered through the LMTP app (its own process) and flags set
// through instance B (its own process) must reach it. Prints p50/p99 of both delays.
import { setPassword } from '@mailstore/auth';
import { createUser } from '@mailstore/storage';
import { spawnApp, type SpawnedApp } from '@mailstore/testing';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.js';
import { RawClient } from './raw-client.js';

/** Deliveries and flag changes timed for the figures. */
const ROUNDS = 30;
/** Longest an update may take to reach the idling session; generous for a loaded machine. */
const UPDATE_TIMEOUT_MS = 30_000;
/** How long a spawned app may take to start listening. */
const START_TIMEOUT_MS = 60_000;
const ADDRESS = 'vic@example.org';

let harness: Harness;
const apps: SpawnedApp[] = [];
const clients: RawClient[] = [];
let imapPortB: number;
let lmtpPort: number;

async function spawnListening(app: string): Promise<number> {
  const spawned = spawnApp(app, { ...harness.env.variables, LOG_LEVEL: 'info' });
  apps.push(spawned);
  const listening = await spawned.waitForLog('listening', START_TIMEOUT_MS);
  return (listening.listeners as Array<{ port: number }>)[0]?.port as number;
}

async function loggedIn(port: number): Promise<RawClient> {
  const client = await RawClient.login(port, 'vic', 'secret');
  clients.push(client);
  expect((await client.command('s', 'SELECT INBOX')).at(-1)).toMatch(/^s OK /);
  return client;
}

/** Reads the idling session's lines until one matches, skipping others (RECENT, for one). */
async function nextMatching(client: RawClient, pattern: RegExp): Promise<string> {
  const deadline = Date.now() + UPDATE_TIMEOUT_MS;
  for (;;) {
    const line = await client.line(Math.max(1, deadline - Date.now()));
    if (pattern.test(line)) return line;
  }
}

function percentile(sorted: number[], p: number): number {
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))] as number;
}

function printDelays(name: string, delays: number[]): void {
  const sorted = [...delays].sort((a, b) => a - b);
  console.log(`${name}_p50: ${percentile(sorted, 50).toFixed(1)} ms`);
  console.log(`${name}_p99: ${percentile(sorted, 99).toFixed(1)} ms`);
}

function message(n: number): string {
  return [
    'From: Sender <sender@example.com>',
    `To: ${ADDRESS}`,
    `Subject: delivery ${n}`,
    `Message-ID: <idle-lmtp-${n}@example.com>`,
    'Date: Thu, 03 Dec 2026 12:00:00 +0000',
    '',
    'Hello.',
    '',
  ].join('\r\n');
}

beforeAll(async () => {
  harness = await startHarness('imap-idle-lmtp');
  const { userId } = await createUser(harness.store, { username: 'vic', addresses: [ADDRESS] });
  await setPassword(harness.store, userId, 'secret');
  [imapPortB, lmtpPort] = await Promise.all([spawnListening('imap'), spawnListening('lmtp')]);
});

afterAll(async () => {
  for (const client of clients) client.end();
  for (const app of apps) app.child.kill('SIGTERM');
  await Promise.all(apps.map((app) => app.exited));
  await harness?.stop();
});

describe('IDLE with the LMTP app and a second instance', () => {
  it('reports every delivery and every flag change to a session idling on another instance', async () => {
    const watcher = await loggedIn(harness.port);
    const writer = await loggedIn(imapPortB);
    const transport = nodemailer.createTransport({ lmtp: true, host: '127.0.0.1', port: lmtpPort });
    watcher.send('i IDLE\r\n');
    expect(await watcher.line()).toBe('+ idling');

    const deliveryDelays: number[] = [];
    const flagDelays: number[] = [];
    let writerExists = 0;
    const noteExists = (lines: string[]) => {
      for (const line of lines) {
        const exists = /^\* (\d+) EXISTS$/.exec(line)?.[1];
        if (exists) writerExists = Number(exists);
      }
    };
    try {
      for (let n = 1; n <= ROUNDS; n += 1) {
        // Delay from the start of the LMTP transaction (connect, LHLO, MAIL, RCPT, DATA).
        const delivered = performance.now();
        const sent = transport.sendMail({
          envelope: { from: 'sender@example.com', to: [ADDRESS] },
          raw: message(n),
        });
        await nextMatching(watcher, new RegExp(`^\\* ${n} EXISTS$`));
        deliveryDelays.push(performance.now() - delivered);
        expect((await sent).accepted).toEqual([ADDRESS]);

        // Instance B learns of the delivery through its own notice; NOOP polls until it has.
        for (let attempt = 0; writerExists < n; attempt += 1) {
          expect(attempt).toBeLessThan(UPDATE_TIMEOUT_MS / 50);
          noteExists(await writer.command('n', 'NOOP'));
          if (writerExists < n) await new Promise((resolve) => setTimeout(resolve, 50));
        }
        const flagged = performance.now();
        writer.send(`f${n} STORE ${n} +FLAGS.SILENT (\\Flagged)\r\n`);
        const fetch = new RegExp(`^\\* ${n} FETCH \\(.*FLAGS \\([^)]*\\\\Flagged`);
        await nextMatching(watcher, fetch);
        flagDelays.push(performance.now() - flagged);
        const stored = await writer.until(`f${n}`);
        noteExists(stored);
        expect(stored.at(-1)).toMatch(new RegExp(`^f${n} OK `));
      }
    } finally {
      transport.close();
    }

    watcher.send('DONE\r\n');
    expect(await nextMatching(watcher, /^i /)).toMatch(/^i OK /);
    expect(deliveryDelays).toHaveLength(ROUNDS);
    expect(flagDelays).toHaveLength(ROUNDS);
    console.log(`# ${ROUNDS} LMTP deliveries and ${ROUNDS} STOREs on instance B, A idling`);
    printDelays('idle_delay_lmtp', deliveryDelays);
    printDelays('idle_delay_flags', flagDelays);
  }, 180_000);
});
