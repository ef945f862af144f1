// BINARY (RFC 3516): FETCH BINARY[part]<partial>, BINARY.PEEK and BINARY.SIZE answer decoded
// part bytes (literal8 when they hold NUL), \Seen as for BODY[], NO [UNKNOWN-CTE], and APPEND
// of a literal8; broken base64 and quoted-printable, and every base64 and quoted-printable part
// of the shared corpus, decode as an independent decoder reads them; checked over a raw socket
// and with Python's imaplib. Multi-megabyte parts: binary-stream.spec.ts.
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Socket } from 'node:net';
import type { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMessage, type MimePart } from '@mailstore/mime';
import { ingestMessage } from '@mailstore/storage';
import { STREAM_SECTION_MIN_BYTES } from '../src/commands/fetch-body.js';
import { python } from './clients.js';
import { referenceBase64, referenceQp } from './decode-reference.js';
import { ByteClient, literalAfter } from './byte-client.js';
import { createUser, startHarness, type Harness } from './harness.js';

let harness: Harness;
const sockets: Socket[] = [];

/** A byte-exact connection of `username`, closed after the tests. */
const login = (username = 'bea') => ByteClient.login(harness.port, username, sockets);

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const crlf = (lines: string[]) => Buffer.from(lines.join('\r\n'));
const attachment = Buffer.concat([Buffer.from([0, 0, 1]), randomBytes(150_000)]);
const nulBody = Buffer.concat([Buffer.from('a\0b\r\n'), randomBytes(STREAM_SECTION_MIN_BYTES * 2)]);

/** Message 1: a quoted-printable text, a base64 attachment and a 7bit text. */
const mixed = crlf([
  'From: ann@example.org',
  'Subject: parts',
  'Content-Type: multipart/mixed; boundary=b',
  '',
  '--b',
  'Content-Type: text/plain; charset=utf-8',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  'caf=C3=A9 =3D ok, a long line wrapped=',
  ' here',
  '--b',
  'Content-Type: application/octet-stream',
  'Content-Transfer-Encoding: base64',
  '',
  attachment.toString('base64').replace(/.{76}/g, '$&\r\n'),
  '--b',
  'Content-Type: text/plain',
  '',
  'plain text',
  '--b--',
  '',
]);

/** Message 2: one part in an encoding nobody defines. */
const unknown = crlf([
  'From: ann@example.org',
  'Subject: odd',
  'Content-Transfer-Encoding: x-rot13',
  '',
  'uryyb',
  '',
]);

async function appendText(client: ByteClient, tag: string, raw: Buffer): Promise<string> {
  const head = Buffer.from(`${tag} APPEND INBOX {${raw.length}+}\r\n`);
  const reply = await client.command(tag, Buffer.concat([head, raw, Buffer.from('\r\n')]));
  return reply.toString('latin1');
}

beforeAll(async () => {
  harness = await startHarness('imap-binary');
  await createUser(harness.store, 'bea', 'secret');
  const client = await login();
  expect(await appendText(client, 'a', mixed)).toMatch(/a OK \[APPENDUID \d+ 1\]/);
  expect(await appendText(client, 'b', unknown)).toMatch(/b OK \[APPENDUID \d+ 2\]/);
}, 60_000);

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await harness?.stop();
});

describe('FETCH BINARY', () => {
  it('announces BINARY', async () => {
    const client = await login();
    expect((await client.command('c', 'CAPABILITY')).toString()).toMatch(/ BINARY[ \r]/);
  });

  it('decodes a base64 attachment to the original bytes, as a literal8 (NUL inside)', async () => {
    const client = await login();
    await client.command('s', 'EXAMINE INBOX');
    const reply = await client.command('f', 'FETCH 1 (BINARY.PEEK[2] BINARY.SIZE[2])');
    const part = literalAfter(reply, 'BINARY[2] ');
    expect(part.binary).toBe(true);
    expect(sha256(part.bytes)).toBe(sha256(attachment));
    expect(reply.toString('latin1')).toContain(`BINARY.SIZE[2] ${attachment.length}`);
    expect(reply.toString('latin1')).toMatch(/\r\nf OK /);
  });

  it('serves a partial of the decoded bytes', async () => {
    const client = await login();
    await client.command('s', 'EXAMINE INBOX');
    const reply = await client.command('f', 'FETCH 1 BINARY.PEEK[2]<1000.5000>');
    const part = literalAfter(reply, 'BINARY[2]<1000> ');
    expect(part.bytes.equals(attachment.subarray(1000, 6000))).toBe(true);
    const past = await client.command('g', `FETCH 1 BINARY.PEEK[2]<${attachment.length}.10>`);
    expect(literalAfter(past, `BINARY[2]<${attachment.length}> `).bytes.length).toBe(0);
  });

  it('decodes quoted-printable text and leaves 7bit text as it is, as plain literals', async () => {
    const client = await login();
    await client.command('s', 'EXAMINE INBOX');
    const reply = await client.command(
      'f',
      'FETCH 1 (BINARY.PEEK[1] BINARY.PEEK[3] BINARY.SIZE[1])',
    );
    const text = literalAfter(reply, 'BINARY[1] ');
    expect(text.binary).toBe(false);
    expect(text.bytes.toString('utf8')).toBe('café = ok, a long line wrapped here');
    expect(reply.toString('latin1')).toContain(`BINARY.SIZE[1] ${text.bytes.length}`);
    expect(literalAfter(reply, 'BINARY[3] ')).toEqual({
      binary: false,
      bytes: Buffer.from('plain text'),
    });
  });

  it('gives the whole message as it is for BINARY[], and empty for a missing part', async () => {
    const client = await login();
    await client.command('s', 'EXAMINE INBOX');
    const reply = await client.command('f', 'FETCH 1 (BINARY.PEEK[] BINARY.SIZE[] BINARY.PEEK[9])');
    expect(literalAfter(reply, 'BINARY[] ').bytes.equals(mixed)).toBe(true);
    expect(reply.toString('latin1')).toContain(`BINARY.SIZE[] ${mixed.length}`);
    expect(literalAfter(reply, 'BINARY[9] ').bytes.length).toBe(0);
  });

  it('refuses an unknown Content-Transfer-Encoding with NO [UNKNOWN-CTE], \\Seen unset', async () => {
    const client = await login();
    await client.command('s', 'SELECT INBOX');
    const reply = (await client.command('f', 'FETCH 2 BINARY[1]')).toString('latin1');
    expect(reply).toMatch(/f NO \[UNKNOWN-CTE\] /);
    const size = (await client.command('z', 'FETCH 2 BINARY.SIZE[1]')).toString('latin1');
    expect(size).toMatch(/z NO \[UNKNOWN-CTE\] /);
    const flags = (await client.command('g', 'FETCH 2 FLAGS')).toString('latin1');
    expect(flags).toMatch(/\* 2 FETCH \(FLAGS \([^)]*\)\)/);
    expect(flags).not.toContain('\\Seen');
    // BODY[] of the same part still works: only decoding is refused.
    const body = await client.command('b', 'FETCH 2 BODY.PEEK[1]');
    expect(literalAfter(body, 'BODY[1] ').bytes.toString()).toBe('uryyb\r\n');
  });

  it('sets \\Seen with BINARY but not with BINARY.PEEK or BINARY.SIZE', async () => {
    const client = await login();
    await client.command('s', 'SELECT INBOX');
    const peek = (await client.command('p', 'FETCH 1 (BINARY.PEEK[3] BINARY.SIZE[2])')).toString();
    expect(peek).not.toContain('FLAGS');
    expect((await client.command('g', 'FETCH 1 FLAGS')).toString()).not.toContain('\\Seen');
    const read = (await client.command('r', 'FETCH 1 BINARY[3]')).toString();
    expect(read).toMatch(/FLAGS \(\\Seen\)/);
    expect((await client.command('h', 'FETCH 1 FLAGS')).toString()).toContain('FLAGS (\\Seen)');
  });
});

describe('APPEND with a literal8', () => {
  it('stores binary content with NUL bytes and FETCH BINARY streams it back', async () => {
    const raw = Buffer.concat([
      crlf(['From: ann@example.org', 'Subject: nul', 'Content-Transfer-Encoding: binary', '', '']),
      nulBody,
    ]);
    const client = await login();
    client.socket.write(`a APPEND INBOX ~{${raw.length}}\r\n`);
    await client.until('+ ');
    client.take();
    const appended = await client.command('a', Buffer.concat([raw, Buffer.from('\r\n')]));
    expect(appended.toString('latin1')).toMatch(/a OK \[APPENDUID \d+ 3\]/);

    await client.command('s', 'EXAMINE INBOX');
    const whole = await client.command('f', 'FETCH 3 (BODY.PEEK[] BINARY.PEEK[1] BINARY.SIZE[1])');
    expect(sha256(literalAfter(whole, 'BODY[] ').bytes)).toBe(sha256(raw));
    const part = literalAfter(whole, 'BINARY[1] ');
    expect(part.bytes.length).toBeGreaterThan(STREAM_SECTION_MIN_BYTES);
    expect(part.binary).toBe(true);
    expect(sha256(part.bytes)).toBe(sha256(nulBody));
    expect(whole.toString('latin1')).toContain(`BINARY.SIZE[1] ${nulBody.length}`);
    const partial = await client.command('p', 'FETCH 3 BINARY.PEEK[1]<0.4>');
    expect(literalAfter(partial, 'BINARY[1]<0> ')).toEqual({
      binary: true,
      bytes: Buffer.from('a\0b\r'),
    });
  });
});

describe('imaplib', () => {
  it('reads a literal8 BINARY answer', async () => {
    const script = [
      'import hashlib, imaplib, sys',
      "m = imaplib.IMAP4('127.0.0.1', int(sys.argv[1]))",
      "m.login('bea', 'secret')",
      "m.select('INBOX', readonly=True)",
      "typ, data = m.fetch('1', '(BINARY.PEEK[2])')",
      'print(typ, hashlib.sha256(data[0][1]).hexdigest())',
      'm.logout()',
    ].join('\n');
    expect(await python(harness.port, script)).toBe(`OK ${sha256(attachment)}`);
  });
});

/** A single-part message with the given transfer encoding and body. */
const single = (encoding: string, body: string) =>
  Buffer.from(
    `Subject: one part\r\nContent-Transfer-Encoding: ${encoding}\r\n\r\n${body}`,
    'latin1',
  );

/** Decodes a body as BINARY answered before it streamed. */
const reference = (encoding: string, body: Buffer) =>
  encoding === 'base64' ? referenceBase64(body) : referenceQp(body);

/** FETCH BINARY.SIZE and BINARY.PEEK of one part; checks both against the expected bytes. */
async function expectDecoded(
  client: ByteClient,
  message: number,
  section: string,
  expected: Buffer,
  label: string,
): Promise<void> {
  const fetch = `FETCH ${message} (BINARY.SIZE[${section}] BINARY.PEEK[${section}])`;
  const reply = await client.command('f', fetch);
  const part = literalAfter(reply, `BINARY[${section}] `);
  expect(part.bytes.equals(expected), label).toBe(true);
  expect(part.binary, `${label}: literal8 when NUL`).toBe(expected.includes(0));
  expect(reply.toString('latin1'), label).toContain(`BINARY.SIZE[${section}] ${expected.length}`);
}

describe('BINARY of broken encodings', () => {
  const cases: Array<[string, string, string]> = [
    ['base64 with stray characters and no padding', 'base64', 'QUJD!!\r\nRE*VG\r\nQQ'],
    ['base64 with data after the padding', 'base64', 'QUJDRA==\r\nQUJD\r\n'],
    ['base64 in the URL-safe alphabet after blank lines', 'base64', '\r\n  \r\nQUJD-_8\r\n'],
    ['base64 with a lone last character', 'base64', 'QUJDR'],
    [
      'quoted-printable with bad escapes and a soft break at the end',
      'quoted-printable',
      'a=ZZ b=4 c=c3=a9 d=g1 e=\rf =3D\r\nend=',
    ],
    ['quoted-printable with line ends after a final soft break', 'quoted-printable', 'x=\r\n\r\n'],
    ['quoted-printable ending in =X', 'quoted-printable', 'last =4'],
    ['quoted-printable with an escaped NUL', 'quoted-printable', 'nul=00byte=\n'],
  ];

  it('decodes each as before, with BINARY.SIZE and partials to match', async () => {
    await createUser(harness.store, 'cy', 'secret');
    const client = await login('cy');
    for (const [, encoding, body] of cases) {
      expect(await appendText(client, 'a', single(encoding, body))).toMatch(/a OK /);
    }
    await client.command('s', 'EXAMINE INBOX');
    for (const [index, [label, encoding, body]] of cases.entries()) {
      const expected = reference(encoding, Buffer.from(body, 'latin1'));
      await expectDecoded(client, index + 1, '1', expected, label);
    }
    const expected = reference('quoted-printable', Buffer.from(cases[4]![2], 'latin1'));
    for (const [origin, length] of [
      [0, 3],
      [5, 8],
      [expected.length - 2, 10],
    ] as const) {
      const reply = await client.command('p', `FETCH 5 BINARY.PEEK[1]<${origin}.${length}>`);
      const partial = literalAfter(reply, `BINARY[1]<${origin}> `).bytes;
      expect(partial.equals(expected.subarray(origin, origin + length))).toBe(true);
    }
  });
});

/** Base64 and quoted-printable leaves of a message, with their IMAP section numbers. */
function decodableParts(root: MimePart): Array<{ section: string; part: MimePart }> {
  const found: Array<{ section: string; part: MimePart }> = [];
  const visit = (node: MimePart, isMessage: boolean) => {
    if (node.children.length > 0) return node.children.forEach((child) => visit(child, false));
    if (node.embedded) return visit(node.embedded, true);
    // A multipart without delimiters is a leaf, but BINARY gives its bytes as they are.
    if (node.contentType.type === 'multipart') return;
    if (node.encoding !== 'base64' && node.encoding !== 'quoted-printable') return;
    // The body of a message node is its part 1 (RFC 3501 section 6.4.5).
    const section = isMessage ? (node.partId ? `${node.partId}.1` : '1') : node.partId;
    found.push({ section, part: node });
  };
  visit(root, true);
  return found;
}

/** The items of a `* n FETCH (...)` reply: numbers, and literals with their kind. */
function fetchItems(reply: Buffer): Map<string, number | { binary: boolean; bytes: Buffer }> {
  const items = new Map<string, number | { binary: boolean; bytes: Buffer }>();
  let at = reply.indexOf(' FETCH (') + ' FETCH ('.length;
  while (reply[at - 1] !== 0x29 && at < reply.length) {
    const space = reply.indexOf(' ', at);
    const name = reply.toString('latin1', at, space);
    const binary = reply[space + 1] === 0x7e;
    if (reply[space + 1] === 0x7b || binary) {
      const open = space + (binary ? 2 : 1);
      const close = reply.indexOf('}\r\n', open);
      const length = Number(reply.toString('latin1', open + 1, close));
      items.set(name, { binary, bytes: reply.subarray(close + 3, close + 3 + length) });
      at = close + 3 + length + 1;
    } else {
      const end = reply.findIndex((c, i) => i > space && (c === 0x20 || c === 0x29));
      items.set(name, Number(reply.toString('latin1', space + 1, end)));
      at = end + 1;
    }
  }
  return items;
}

/** Sections asked for in one FETCH: each part's layout is loaded once per FETCH. */
const SECTIONS_PER_FETCH = 40;
/** Parts checked of one message: flanker/enclosed-endless.eml alone has 3,039. */
const SECTIONS_PER_MESSAGE = 400;

describe('BINARY over the corpus', () => {
  const corpus = new URL('../../../../shared/corpus/', import.meta.url);

  it('decodes base64 and quoted-printable parts as an independent decoder does', async () => {
    const details = (await readFile(new URL('DETAILS.tsv', corpus), 'utf8')).trim().split('\n');
    const files = details
      .slice(1)
      .map((line) => line.split('\t'))
      .filter((fields) => /base64|quoted-printable/.test(fields[9] ?? ''))
      .map((fields) => fields[0]!);
    const user: ObjectId = await createUser(harness.store, 'dee', 'secret');
    const inbox = await harness.store.db.collection('mailboxes').findOne({ user, path: 'INBOX' });
    const raws: Buffer[] = [];
    for (const file of files) {
      const raw = await readFile(new URL(file, corpus));
      await ingestMessage(harness.store, { user, mailbox: inbox!._id, message: raw });
      raws.push(raw);
    }

    const client = await login('dee');
    await client.command('s', 'EXAMINE INBOX');
    let checked = 0;
    for (const [index, raw] of raws.entries()) {
      const parts = decodableParts(parseMessage(raw));
      const step = Math.ceil(parts.length / SECTIONS_PER_MESSAGE);
      const chosen = parts.filter((_, i) => i % step === 0 || i === parts.length - 1);
      for (let from = 0; from < chosen.length; from += SECTIONS_PER_FETCH) {
        const batch = chosen.slice(from, from + SECTIONS_PER_FETCH);
        const names = batch.map(({ section: s }) => `BINARY.SIZE[${s}] BINARY.PEEK[${s}]`);
        const items = fetchItems(
          await client.command('f', `FETCH ${index + 1} (${names.join(' ')})`),
        );
        for (const { section, part } of batch) {
          const label = `${files[index]} BINARY[${section}]`;
          const expected = reference(part.encoding, raw.subarray(part.bodyStart, part.bodyEnd));
          const literal = items.get(`BINARY[${section}]`) as { binary: boolean; bytes: Buffer };
          expect(literal?.bytes.equals(expected), label).toBe(true);
          expect(literal.binary, `${label}: literal8 when NUL`).toBe(expected.includes(0));
          expect(items.get(`BINARY.SIZE[${section}]`), label).toBe(expected.length);
          checked++;
        }
      }
    }
    expect(files.length).toBeGreaterThan(250);
    expect(checked).toBeGreaterThan(900);
  }, 300_000);
});
