// The command mix: each client loops LOGIN, SELECT, FETCH of flags and envelopes of a range,
// FETCH of one full body, APPEND, STORE \Deleted on the appended message, EXPUNGE and LOGOUT,
// timing every command, until the run's deadline. Each client has a user of its own, and its
// INBOX keeps its size (one message appended and expunged per round).
import { appendCommand, message, PASSWORD, userName } from './accounts.js';
import { ImapConnection, type Reply } from './client.js';
import { record, type Samples } from './stats.js';

/** Commands in the order they are timed and printed. */
export const COMMANDS = [
  'login',
  'select',
  'fetch_envelope',
  'fetch_body',
  'append',
  'store',
  'expunge',
  'logout',
] as const;
/** Messages whose flags and envelopes one FETCH asks for. */
export const FETCH_RANGE = 20;

/** Settings of one run of the mix. */
export interface LoadOptions {
  port: number;
  clients: number;
  durationMs: number;
  messageBytes: number;
}

async function timed(
  samples: Samples,
  name: (typeof COMMANDS)[number],
  run: () => Promise<Reply>,
): Promise<Reply> {
  const started = performance.now();
  const reply = await run();
  record(samples, name, performance.now() - started);
  return reply;
}

async function round(options: LoadOptions, samples: Samples, n: number, i: number) {
  const connection = await ImapConnection.open(options.port);
  const ok = (name: (typeof COMMANDS)[number], text: string) =>
    timed(samples, name, () => connection.ok(text));

  await ok('login', `LOGIN ${userName(n)} ${PASSWORD}`);
  const selected = await ok('select', 'SELECT INBOX');
  const exists = Number(/^\* (\d+) EXISTS/m.exec(selected.untagged.join('\n'))?.[1] ?? 0);
  if (exists > 0) {
    const first = 1 + Math.floor(Math.random() * Math.max(1, exists - FETCH_RANGE + 1));
    const last = Math.min(exists, first + FETCH_RANGE - 1);
    await ok('fetch_envelope', `FETCH ${first}:${last} (FLAGS ENVELOPE)`);
    const body = await ok('fetch_body', `FETCH ${1 + (i % exists)} BODY.PEEK[]`);
    if (body.literalBytes === 0) throw new Error('FETCH BODY.PEEK[] returned no literal');
  }
  const appended = await ok('append', appendCommand(message(i, options.messageBytes)));
  const uid = /\[APPENDUID \d+ (\d+)\]/.exec(appended.text)?.[1];
  if (!uid) throw new Error(`APPEND without APPENDUID: ${appended.text}`);
  await ok('store', `UID STORE ${uid} +FLAGS.SILENT (\\Deleted)`);
  await ok('expunge', 'EXPUNGE');
  await ok('logout', 'LOGOUT');
  connection.destroy();
}

/** Runs the mix on `clients` connections until the deadline; returns latencies per command. */
export async function runLoad(
  options: LoadOptions,
): Promise<{ samples: Samples; elapsedMs: number }> {
  const samples: Samples = new Map();
  const started = performance.now();
  const deadline = started + options.durationMs;
  const client = async (n: number) => {
    for (let i = 0; performance.now() < deadline; i += 1) await round(options, samples, n, i);
  };
  await Promise.all(Array.from({ length: options.clients }, (_, n) => client(n)));
  return { samples, elapsedMs: performance.now() - started };
}
