// FETCH of large sections streamed to the socket as literals: bytes identical to what was
// delivered, partial ranges, a slow reader, and a store fault after the literal was announced.
import { createHash, randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STREAM_SECTION_MIN_BYTES } from '../src/commands/fetch-body.js';
import { ByteClient, literalAfter as literalIn } from './byte-client.js';
import { createUser, startHarness, type Harness } from './harness.js';
import { imapflow, python } from './clients.js';

let harness: Harness;
const sockets: Socket[] = [];

/** A multipart message: a short text part and a base64 attachment of `size` random bytes. */
function bigMessage(size: number): { raw: Buffer; attachment: Buffer } {
  const attachment = randomBytes(size);
  const encoded = attachment.toString('base64').replace(/.{76}/g, '$&\r\n');
  const raw = Buffer.from(
    [
      'From: ann@example.org',
      'Subject: big',
      'Content-Type: multipart/mixed; boundary=b',
      '',
      '--b',
      'Content-Type: text/plain',
      '',
      'see attached',
      '--b',
      'Content-Type: application/octet-stream',
      'Content-Transfer-Encoding: base64',
      '',
      encoded,
      '--b--',
      '',
    ].join('\r\n'),
  );
  return { raw, attachment };
}

/** A byte-exact connection of `username`, closed after the tests. */
const login = (username: string) => ByteClient.login(harness.port, username, sockets);

/** The plain literal (`{n}`, not a literal8) after `prefix` in a response. */
function literalAfter(reply: Buffer, prefix: string): Buffer {
  const literal = literalIn(reply, prefix);
  expect(literal.binary, `${prefix} as a literal8`).toBe(false);
  return literal.bytes;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
let big: { raw: Buffer; attachment: Buffer };

beforeAll(async () => {
  harness = await startHarness('imap-fetch-stream');
  await createUser(harness.store, 'kim', 'secret');
  await createUser(harness.store, 'lee', 'secret');
  big = bigMessage(5 * 1024 * 1024);
  const client = await login('kim');
  const head = Buffer.from(`a APPEND INBOX {${big.raw.length}+}\r\n`);
  const reply = await client.command('a', Buffer.concat([head, big.raw, Buffer.from('\r\n')]));
  expect(reply.toString()).toMatch(/a OK \[APPENDUID \d+ 1\]/);
}, 120_000);

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await harness?.stop();
});

describe('streamed FETCH', () => {
  it('sends a 5 MB message byte for byte, whole and as RFC822', async () => {
    expect(big.raw.length).toBeGreaterThan(STREAM_SECTION_MIN_BYTES * 50);
    const client = await login('kim');
    await client.command('s', 'EXAMINE INBOX');
    const started = performance.now();
    const whole = await client.command('f', 'FETCH 1 (UID BODY.PEEK[])');
    const seconds = (performance.now() - started) / 1000;
    console.log(`FETCH BODY[] of ${big.raw.length} bytes: ${seconds.toFixed(2)} s`);
    expect(whole.subarray(0, 30).toString()).toBe(
      `* 1 FETCH (UID 1 BODY[] {${big.raw.length}}`.slice(0, 30),
    );
    expect(sha256(literalAfter(whole, 'BODY[] '))).toBe(sha256(big.raw));
    expect(whole.toString('latin1').endsWith(')\r\nf OK FETCH completed\r\n')).toBe(true);
    const rfc822 = await client.command('r', 'FETCH 1 RFC822');
    expect(sha256(literalAfter(rfc822, 'RFC822 '))).toBe(sha256(big.raw));
  }, 60_000);

  it('serves partial ranges of the message and of the attachment part', async () => {
    const client = await login('kim');
    await client.command('s', 'EXAMINE INBOX');
    const partial = await client.command('p', 'FETCH 1 BODY.PEEK[]<1000000.2000000>');
    expect(partial.toString('latin1')).toContain('BODY[]<1000000> {2000000}\r\n');
    expect(
      literalAfter(partial, 'BODY[]<1000000> ').equals(big.raw.subarray(1_000_000, 3_000_000)),
    ).toBe(true);

    const part = await client.command('q', 'FETCH 1 (BODY.PEEK[2]<77.300000> BODY.PEEK[1])');
    const encoded = Buffer.from(big.attachment.toString('base64').replace(/.{76}/g, '$&\r\n'));
    expect(literalAfter(part, 'BODY[2]<77> ').equals(encoded.subarray(77, 300_077))).toBe(true);
    expect(literalAfter(part, 'BODY[1] ').toString()).toBe('see attached');

    const tail = await client.command('t', `FETCH 1 BODY.PEEK[]<${big.raw.length - 10}.1000>`);
    expect(
      literalAfter(tail, `BODY[]<${big.raw.length - 10}> `).equals(big.raw.subarray(-10)),
    ).toBe(true);
  }, 60_000);

  it('keeps the bytes identical for a reader that pauses while the literal is sent', async () => {
    const client = await login('kim');
    await client.command('s', 'EXAMINE INBOX');
    // With node --expose-gc the figures below leave out garbage of the earlier tests.
    const gc = (globalThis as { gc?: () => void }).gc;
    // V8 frees array buffers on a background thread after a collection: give it a moment.
    const settled = async () => {
      for (let round = 0; round < 3; round++) {
        gc?.();
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return process.memoryUsage();
    };
    const before = await settled();
    client.socket.write('f FETCH 1 BODY.PEEK[]\r\n');
    await client.until('BODY[] {');
    client.socket.pause();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    // The server (in this process) has stopped reading the section: the socket is full.
    const paused = await settled();
    // What the client itself received before it paused is not the server's.
    const received = client.data.length + client.socket.readableLength;
    client.socket.resume();
    await client.until('f OK');
    expect(sha256(literalAfter(client.take(), 'BODY[] '))).toBe(sha256(big.raw));
    const growth = paused.arrayBuffers - before.arrayBuffers - received;
    // Streamed, the server holds a few blob chunks and a socket buffer, not the message.
    if (gc) expect(growth).toBeLessThan(big.raw.length / 2);
    const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
    console.log(
      `FETCH of ${mb(big.raw.length)} MB to a paused reader: buffers grew ` +
        `${mb(growth)} MB besides the ${mb(received)} MB the client had (gc ${gc ? 'on' : 'off'})`,
    );
  }, 60_000);

  it('imapflow and Python imaplib download the same bytes', async () => {
    const flow = imapflow(harness.port, 'kim', 'secret');
    await flow.connect();
    await flow.mailboxOpen('INBOX', { readOnly: true });
    const message = await flow.fetchOne('1', { source: true });
    expect(message && sha256(message.source as Buffer)).toBe(sha256(big.raw));
    await flow.logout();

    const stdout = await python(
      harness.port,
      `
import hashlib, imaplib, sys
m = imaplib.IMAP4('127.0.0.1', int(sys.argv[1]))
m.login('kim', 'secret')
m.select('INBOX', readonly=True)
typ, data = m.fetch('1', '(BODY.PEEK[]<4000000.500000>)')
print(hashlib.sha256(data[0][1]).hexdigest())
m.logout()
`,
      60_000,
    );
    expect(stdout).toBe(sha256(big.raw.subarray(4_000_000, 4_500_000)));
  }, 60_000);

  it('drops the connection when the store fails after the literal was announced', async () => {
    const broken = bigMessage(1024 * 1024);
    const client = await login('lee');
    const head = Buffer.from(`a APPEND INBOX {${broken.raw.length}+}\r\n`);
    await client.command('a', Buffer.concat([head, broken.raw, Buffer.from('\r\n')]));
    const blob = await harness.store.db
      .collection('blobs.files')
      .findOne({ 'metadata.size': broken.attachment.length });
    expect(blob).not.toBeNull();
    await harness.store.db.collection('blobs.chunks').deleteMany({ files_id: blob!._id });

    await client.command('s', 'EXAMINE INBOX');
    client.socket.write('f FETCH 1 BODY.PEEK[]\r\n');
    await client.until('f OK');
    expect(client.closed).toBe(true);
    const data = client.take();
    expect(data.toString('latin1')).toContain(`BODY[] {${broken.raw.length}}`);
    expect(data.length).toBeLessThan(broken.raw.length);
  }, 60_000);
});
