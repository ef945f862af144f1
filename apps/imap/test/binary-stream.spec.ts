// BINARY (RFC 3516) of multi-megabyte base64 and quoted-printable parts, streamed: whole and
// partial answers equal an independent decode byte for byte (Node's base64 decoder, a reference
// quoted-printable decoder written here), BINARY.SIZE equals the literal's length, literal8 only
// when the bytes hold NUL, parts read once from their blob (or twice when decoded from encoded
// bytes: measure, then stream), and no decoded buffer over MAX_BINARY_BUFFER_BYTES.
import { createHash, randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { binaryStats, MAX_BINARY_BUFFER_BYTES } from '../src/commands/binary-source.js';
import { python } from './clients.js';
import { referenceBase64, referenceQp } from './decode-reference.js';
import { ByteClient, literalAfter } from './byte-client.js';
import { createUser, startHarness, type Harness } from './harness.js';

let harness: Harness;
const sockets: Socket[] = [];

/** A byte-exact connection of una's, closed after the tests. */
const login = () => ByteClient.login(harness.port, 'una', sockets);

/** The number after `BINARY.SIZE[part] ` in a reply. */
function sizeIn(reply: Buffer, part: string): number {
  const match = new RegExp(`BINARY\\.SIZE\\[${part}\\] (\\d+)`).exec(reply.toString('latin1'));
  expect(match, `BINARY.SIZE[${part}]`).not.toBeNull();
  return Number(match![1]);
}

/** Quoted-printable as common encoders write it: 76-column lines, soft breaks, upper-case hex. */
function encodeQp(text: Buffer): Buffer {
  const lines: string[] = [];
  for (const line of text.toString('latin1').split('\r\n')) {
    let out = '';
    let used = 0;
    for (let i = 0; i < line.length; i++) {
      const c = line.charCodeAt(i);
      const last = i === line.length - 1;
      const plain = (c >= 0x21 && c <= 0x7e && c !== 0x3d) || (c === 0x20 && !last);
      const token = plain ? line[i]! : `=${c.toString(16).toUpperCase().padStart(2, '0')}`;
      if (used + token.length > 75) {
        out += '=\r\n';
        used = 0;
      }
      out += token;
      used += token.length;
    }
    lines.push(out);
  }
  return Buffer.from(lines.join('\r\n'), 'latin1');
}

/** Random bytes with no NUL. */
function noNul(length: number): Buffer {
  const bytes = randomBytes(length);
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0) bytes[i] = 1;
  return bytes;
}

/** Text lines with UTF-8 letters, `=` signs and line-end spaces, about `length` bytes. */
function text(length: number): Buffer {
  const words = ['café', 'naïve', 'a=b', 'plain', 'text', 'over', 'the', 'line', 'end ', 'x'];
  const lines: string[] = [];
  let size = 0;
  for (let n = 0; size < length; n++) {
    const line = Array.from({ length: 5 + (n % 40) }, (_, i) => words[(n * 7 + i) % 10]).join(' ');
    lines.push(line);
    size += Buffer.byteLength(line) + 2;
  }
  return Buffer.from(lines.join('\r\n'));
}

const wrap = (encoded: string) => encoded.replace(/.{76}/g, '$&\r\n');
const nulEnds = Buffer.concat([randomBytes(1024), noNul(6 * 1024 * 1024), randomBytes(1024)]);
const clean64 = Buffer.from(wrap(nulEnds.toString('base64')));
const garbled = noNul(3 * 1024 * 1024);
/** Stray `!` and `*` and a space in every line, and no padding at the end. */
const garbage64 = Buffer.from(
  wrap(garbled.toString('base64').replace(/=+$/, '')).replace(/(.{30})(.{20})/g, '$1!*$2 '),
);
const cleanQp = encodeQp(text(1024 * 1024));
/** Bad escapes, lower-case hex, a lone `=` before CR, and a soft break at the very end. */
const brokenQp = Buffer.concat([
  Buffer.from(cleanQp.toString('latin1').replace(/=3D/g, '=ZZ=4 =c3=a9=g1=\r')),
  Buffer.from('=\r\n'),
]);
/** A soft line break followed by line ends closes the part: it decodes to those line ends. */
const tailQp = Buffer.concat([encodeQp(text(200 * 1024)), Buffer.from('=\r\n\r\n')]);
const legacy = Buffer.concat([noNul(300 * 1024), Buffer.from([0]), noNul(300 * 1024)]);

const mixed = Buffer.concat([
  Buffer.from(
    'From: ann@example.org\r\nSubject: large parts\r\n' +
      'Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\nsee attached\r\n',
  ),
  ...(
    [
      ['application/octet-stream', 'base64', clean64],
      ['application/octet-stream', 'base64', garbage64],
      ['text/plain; charset=utf-8', 'quoted-printable', cleanQp],
      ['text/plain; charset=utf-8', 'quoted-printable', brokenQp],
    ] as const
  ).flatMap(([type, encoding, body]) => [
    Buffer.from(`--b\r\nContent-Type: ${type}\r\nContent-Transfer-Encoding: ${encoding}\r\n\r\n`),
    body,
    Buffer.from('\r\n'),
  ]),
  Buffer.from('--b--\r\n'),
]);
const single = (encoding: string, body: Buffer) =>
  Buffer.concat([
    Buffer.from(`Subject: one part\r\nContent-Transfer-Encoding: ${encoding}\r\n\r\n`),
    body,
  ]);

/** What each part decodes to, as BINARY answered before it streamed. */
const decoded = {
  clean64: referenceBase64(clean64),
  garbage64: referenceBase64(garbage64),
  cleanQp: referenceQp(cleanQp),
  brokenQp: referenceQp(brokenQp),
  tailQp: referenceQp(tailQp),
  legacy,
};

async function append(client: ByteClient, tag: string, raw: Buffer): Promise<void> {
  const head = Buffer.from(`${tag} APPEND INBOX {${raw.length}+}\r\n`);
  const reply = await client.command(tag, Buffer.concat([head, raw, Buffer.from('\r\n')]));
  expect(reply.toString('latin1')).toMatch(new RegExp(`${tag} OK \\[APPENDUID \\d+ \\d+\\]`));
}

beforeAll(async () => {
  harness = await startHarness('imap-binary-stream');
  await createUser(harness.store, 'una', 'secret');
  const client = await login();
  await append(client, 'a', mixed);
  await append(client, 'b', single('quoted-printable', tailQp));
  await append(client, 'c', single('base64', Buffer.from(wrap(legacy.toString('base64')))));
  // A blob stored before ingest kept its NUL flag: BINARY must look at the bytes instead.
  const files = harness.store.db.collection('blobs.files');
  const unset = await files.updateOne(
    { 'metadata.size': legacy.length },
    { $unset: { 'metadata.nul': '' } },
  );
  expect(unset.modifiedCount).toBe(1);
}, 120_000);

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await harness?.stop();
});

beforeEach(() => {
  binaryStats.reads = 0;
  binaryStats.decodedBytes = 0;
  binaryStats.maxBufferBytes = 0;
});

/** Fetches BINARY.PEEK[part]<partial> and checks it against the expected decoded bytes. */
async function expectPartial(
  client: ByteClient,
  message: number,
  part: string,
  whole: Buffer,
  [origin, length]: [number, number],
): Promise<void> {
  const reply = await client.command(
    'p',
    `FETCH ${message} BINARY.PEEK[${part}]<${origin}.${length}>`,
  );
  const literal = literalAfter(reply, `BINARY[${part}]<${origin}> `);
  const expected = whole.subarray(origin, origin + length);
  expect(literal.bytes.length, `<${origin}.${length}>`).toBe(expected.length);
  expect(literal.bytes.equals(expected), `<${origin}.${length}>`).toBe(true);
  expect(literal.binary, `literal8 for <${origin}.${length}>`).toBe(expected.includes(0));
}

/** Partials at the start, inside and across the end, short and long (streamed). */
function partials(length: number): Array<[number, number]> {
  return [
    [0, 100],
    [0, 1_000_000],
    [1_000, 50_000],
    [Math.floor(length / 2), 900_000],
    [Math.floor(length / 3) + 7, 65_537],
    [length - 500, 100_000],
    [length - 100_000, 400_000],
    [length + 10, 100],
  ];
}

describe('BINARY of a part stored as a blob', () => {
  it('streams a 6 MB base64 attachment in one read of its blob, as a literal8', async () => {
    const client = await login();
    await client.command('s', 'EXAMINE INBOX');
    const reply = await client.command('f', 'FETCH 1 (BINARY.SIZE[2] BINARY.PEEK[2])');
    const part = literalAfter(reply, 'BINARY[2] ');
    expect(part.binary).toBe(true);
    expect(part.bytes.equals(decoded.clean64)).toBe(true);
    expect(sizeIn(reply, '2')).toBe(decoded.clean64.length);
    // The size and the NUL flag come from the blob's files document: one read, no decoding.
    expect(binaryStats.reads).toBe(1);
    expect(binaryStats.maxBufferBytes).toBe(0);
  }, 60_000);

  it('serves partials of it at the start, inside and across the end', async () => {
    const client = await login();
    await client.command('s', 'EXAMINE INBOX');
    for (const range of partials(decoded.clean64.length)) {
      await expectPartial(client, 1, '2', decoded.clean64, range);
    }
    // A long partial of content that holds NUL elsewhere is looked at for NUL, then streamed.
    binaryStats.reads = 0;
    await expectPartial(client, 1, '2', decoded.clean64, [3_000_000, 2_000_000]);
    expect(binaryStats.reads).toBe(2);
  }, 60_000);

  it('decodes clean quoted-printable text from its blob; BINARY.SIZE reads nothing', async () => {
    const client = await login();
    await client.command('s', 'EXAMINE INBOX');
    const size = await client.command('z', 'FETCH 1 BINARY.SIZE[4]');
    expect(sizeIn(size, '4')).toBe(decoded.cleanQp.length);
    expect(binaryStats.reads).toBe(0);
    const reply = await client.command('f', 'FETCH 1 BINARY.PEEK[4]');
    const part = literalAfter(reply, 'BINARY[4] ');
    expect(part.binary).toBe(false);
    expect(part.bytes.equals(decoded.cleanQp)).toBe(true);
    expect(part.bytes.toString('utf8')).toContain('café naïve a=b');
    for (const range of partials(decoded.cleanQp.length)) {
      await expectPartial(client, 1, '4', decoded.cleanQp, range);
    }
  }, 60_000);

  it('adds the line ends after a final soft line break to the blob', async () => {
    const client = await login();
    await client.command('s', 'EXAMINE INBOX');
    const reply = await client.command('f', 'FETCH 2 (BINARY.SIZE[1] BINARY.PEEK[1])');
    expect(sizeIn(reply, '1')).toBe(decoded.tailQp.length);
    expect(literalAfter(reply, 'BINARY[1] ').bytes.equals(decoded.tailQp)).toBe(true);
    expect(decoded.tailQp.subarray(-2).toString()).toBe('\r\n');
    // Read from the blob, the tail from the recipe's suffix: nothing decoded from the body.
    expect(binaryStats.reads).toBe(1);
    expect(binaryStats.maxBufferBytes).toBe(0);
    await expectPartial(client, 2, '1', decoded.tailQp, [decoded.tailQp.length - 3, 10]);
  });

  it('looks for NUL in a blob stored without its NUL flag', async () => {
    const client = await login();
    await client.command('s', 'EXAMINE INBOX');
    const reply = await client.command('f', 'FETCH 3 (BINARY.SIZE[1] BINARY.PEEK[1])');
    expect(sizeIn(reply, '1')).toBe(legacy.length);
    const part = literalAfter(reply, 'BINARY[1] ');
    expect(part.binary).toBe(true);
    expect(part.bytes.equals(legacy)).toBe(true);
    // One look for NUL (it stops at the first), one read to send.
    expect(binaryStats.reads).toBe(2);
    await expectPartial(client, 3, '1', legacy, [0, 200_000]);
    await expectPartial(client, 3, '1', legacy, [310_000, 200_000]);
    await expectPartial(client, 3, '1', legacy, [100_000, 400_000]);
  }, 60_000);
});

describe('BINARY of a part decoded as it streams', () => {
  it('decodes 3 MB of base64 with stray characters and no padding, in bounded memory', async () => {
    const client = await login();
    await client.command('s', 'EXAMINE INBOX');
    const size = await client.command('z', 'FETCH 1 BINARY.SIZE[3]');
    expect(sizeIn(size, '3')).toBe(garbled.length);
    expect(binaryStats.reads).toBe(1);

    binaryStats.reads = 0;
    const reply = await client.command('f', 'FETCH 1 (BINARY.SIZE[3] BINARY.PEEK[3])');
    const part = literalAfter(reply, 'BINARY[3] ');
    expect(part.binary).toBe(false);
    expect(part.bytes.equals(garbled)).toBe(true);
    expect(decoded.garbage64.equals(garbled)).toBe(true);
    expect(sizeIn(reply, '3')).toBe(garbled.length);
    // Measured once (for BINARY[3] and BINARY.SIZE[3] both), then streamed.
    expect(binaryStats.reads).toBe(2);
    expect(MAX_BINARY_BUFFER_BYTES).toBeLessThanOrEqual(64 * 1024);
    expect(garbled.length).toBeGreaterThan(40 * MAX_BINARY_BUFFER_BYTES);
    expect(binaryStats.maxBufferBytes).toBeGreaterThan(0);
    expect(binaryStats.maxBufferBytes).toBeLessThanOrEqual(MAX_BINARY_BUFFER_BYTES);
  }, 60_000);

  it('serves partials of it, reading no further than the partial needs', async () => {
    const client = await login();
    await client.command('s', 'EXAMINE INBOX');
    await expectPartial(client, 1, '3', garbled, [1_000, 50_000]);
    // One read, stopped a decoded slice or so past the end of the partial.
    expect(binaryStats.reads).toBe(1);
    expect(binaryStats.decodedBytes).toBeGreaterThanOrEqual(51_000);
    expect(binaryStats.decodedBytes).toBeLessThan(51_000 + MAX_BINARY_BUFFER_BYTES);
    for (const range of partials(garbled.length)) {
      await expectPartial(client, 1, '3', garbled, range);
    }
    expect(binaryStats.maxBufferBytes).toBeLessThanOrEqual(MAX_BINARY_BUFFER_BYTES);
  }, 60_000);

  it('decodes broken quoted-printable as before: bad escapes kept, soft breaks removed', async () => {
    const client = await login();
    await client.command('s', 'EXAMINE INBOX');
    const reply = await client.command('f', 'FETCH 1 (BINARY.SIZE[5] BINARY.PEEK[5])');
    const part = literalAfter(reply, 'BINARY[5] ');
    expect(part.bytes.equals(decoded.brokenQp)).toBe(true);
    expect(part.binary).toBe(false);
    expect(part.bytes.toString('latin1')).toContain('a=ZZ=4 \u00c3\u00a9=g1b');
    expect(sizeIn(reply, '5')).toBe(decoded.brokenQp.length);
    expect(binaryStats.reads).toBe(2);
    for (const range of partials(decoded.brokenQp.length)) {
      await expectPartial(client, 1, '5', decoded.brokenQp, range);
    }
    expect(binaryStats.maxBufferBytes).toBeLessThanOrEqual(MAX_BINARY_BUFFER_BYTES);
  }, 60_000);

  it('sets \\Seen with a streamed BINARY', async () => {
    const client = await login();
    await client.command('s', 'SELECT INBOX');
    const reply = await client.command('f', 'FETCH 1 BINARY[3]<0.200000>');
    expect(reply.toString('latin1')).toMatch(/FLAGS \(\\Seen[ )]/);
    expect(literalAfter(reply, 'BINARY[3]<0> ').bytes.equals(garbled.subarray(0, 200_000))).toBe(
      true,
    );
  }, 60_000);
});

describe('imaplib', () => {
  it('reads long partials of both kinds of part', async () => {
    const script = [
      'import hashlib, imaplib, sys',
      "m = imaplib.IMAP4('127.0.0.1', int(sys.argv[1]))",
      "m.login('una', 'secret')",
      "m.select('INBOX', readonly=True)",
      "for part in ('2', '3'):",
      "    typ, data = m.fetch('1', '(BINARY.PEEK[%s]<1000000.1500000>)' % part)",
      '    print(typ, hashlib.sha256(data[0][1]).hexdigest())',
      'm.logout()',
    ].join('\n');
    const hash = (bytes: Buffer) =>
      createHash('sha256').update(bytes.subarray(1_000_000, 2_500_000)).digest('hex');
    expect(await python(harness.port, script, 60_000)).toBe(
      `OK ${hash(decoded.clean64)}\nOK ${hash(garbled)}`,
    );
  }, 60_000);
});
