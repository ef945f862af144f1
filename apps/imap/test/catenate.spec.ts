// CATENATE (RFC 4469): APPEND builds messages from TEXT literals and IMAP URLs (RFC 5092) of
// messages on this server, over a raw socket that keeps bytes exact, and Python's imaplib.
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { setQuota } from '@mailstore/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPEND_LIMIT_BYTES } from '../src/commands/append.js';
import { STREAM_SECTION_MIN_BYTES } from '../src/commands/fetch-body.js';
import { python } from './clients.js';
import { createUser, startHarness, type Harness } from './harness.js';

const SERVER_NAME = 'mail.example.test';
const READ_TIMEOUT_MS = 20_000;

let harness: Harness;
const clients: ByteClient[] = [];

/** A response: its lines (literals replaced by their announcement) and its literals' bytes. */
interface Reply {
  lines: string[];
  literals: Buffer[];
}

/** A connection that keeps the bytes it receives, so literals compare exactly. */
class ByteClient {
  private data = Buffer.alloc(0);
  private closed = false;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => (this.data = Buffer.concat([this.data, chunk])));
    socket.on('close', () => (this.closed = true));
    socket.on('error', () => undefined);
  }

  static async login(username: string): Promise<ByteClient> {
    const socket = connect(harness.port, '127.0.0.1');
    await once(socket, 'connect');
    const client = new ByteClient(socket);
    clients.push(client);
    await client.line();
    const reply = await client.command('l', `LOGIN ${username} secret`);
    expect(reply.lines.at(-1)).toMatch(/^l OK /);
    return client;
  }

  send(bytes: string | Buffer): void {
    this.socket.write(bytes);
  }

  /** The next `length` bytes. */
  async take(length: number): Promise<Buffer> {
    await this.until(() => (this.data.length >= length ? length : -1));
    const bytes = this.data.subarray(0, length);
    this.data = this.data.subarray(length);
    return bytes;
  }

  /** The next line, without CRLF. */
  async line(): Promise<string> {
    const end = await this.until(() => this.data.indexOf('\r\n'));
    return (await this.take(end + 2)).toString('latin1', 0, end);
  }

  /** Reads the response to `tag`, taking the bytes of the literals it holds. */
  async reply(tag: string): Promise<Reply> {
    const reply: Reply = { lines: [], literals: [] };
    let text = '';
    for (;;) {
      text += await this.line();
      const literal = /\{(\d+)\}$/.exec(text);
      if (literal) {
        reply.literals.push(await this.take(Number(literal[1])));
        continue;
      }
      reply.lines.push(text);
      if (text.startsWith(`${tag} `)) return reply;
      text = '';
    }
  }

  async command(tag: string, text: string): Promise<Reply> {
    this.send(`${tag} ${text}\r\n`);
    return this.reply(tag);
  }

  /**
   * Sends an APPEND in pieces: after each piece that ends with a synchronizing literal, waits
   * for `+`; a tagged answer instead ends the command there, as a client must.
   */
  async append(tag: string, pieces: Array<string | Buffer>): Promise<Reply> {
    for (const piece of pieces) {
      this.send(piece);
      if (!/\{\d+\}\r\n$/.test(piece.toString('latin1'))) continue;
      const line = await this.line();
      if (line.startsWith(`${tag} `)) return { lines: [line], literals: [] };
      expect(line).toMatch(/^\+ /);
    }
    return this.reply(tag);
  }

  /** The bytes FETCH gives for `item` of the message with `uid` (selects `mailbox`). */
  async fetch(mailbox: string, uid: number, item = 'BODY.PEEK[]'): Promise<Buffer> {
    await this.command('s', `EXAMINE ${mailbox}`);
    const reply = await this.command('f', `UID FETCH ${uid} (${item})`);
    expect(reply.lines.at(-1)).toMatch(/^f OK /);
    return reply.literals[0] ?? Buffer.alloc(0);
  }

  end(): void {
    this.socket.destroy();
  }

  private async until(find: () => number): Promise<number> {
    const deadline = Date.now() + READ_TIMEOUT_MS;
    for (;;) {
      const at = find();
      if (at >= 0) return at;
      if (this.closed) throw new Error(`connection closed; unread: ${this.data.toString()}`);
      if (Date.now() > deadline) throw new Error('no reply in time');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
}

const crlf = (...lines: string[]) => lines.join('\r\n');
/** A multipart message whose second part is larger than a FETCH keeps in memory. */
const attachment = randomBytes(STREAM_SECTION_MIN_BYTES * 2)
  .toString('base64')
  .replace(/.{76}/g, '$&\r\n');
const SEED = Buffer.from(
  crlf(
    'From: Ada <ada@example.org>',
    'To: Bea <bea@example.org>',
    'Subject: the seed',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="seed"',
    '',
    '--seed',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Hello from part one.',
    '--seed',
    'Content-Type: application/octet-stream',
    'Content-Transfer-Encoding: base64',
    '',
    attachment,
    '--seed--',
    '',
  ),
);
const SMALL = Buffer.from(crlf('Subject: small', '', 'A small message, 8-bit: ü.', ''));
const BOOK = Buffer.from(crlf('Subject: book', '', 'In a UTF-8 named mailbox.', ''));

/** UIDVALIDITY, UIDNEXT and MESSAGES of a mailbox, as a fresh STATUS gives them. */
async function status(client: ByteClient, mailbox: string) {
  const reply = await client.command('st', `STATUS ${mailbox} (UIDVALIDITY UIDNEXT MESSAGES)`);
  const line = reply.lines.find((text) => text.startsWith('* STATUS')) ?? '';
  const value = (name: string) => Number(new RegExp(`${name} (\\d+)`).exec(line)?.[1]);
  return {
    uidValidity: value('UIDVALIDITY'),
    uidNext: value('UIDNEXT'),
    messages: value('MESSAGES'),
  };
}

/** The UID APPENDUID names in a tagged OK (a single message). */
function appendedUid(reply: Reply): number {
  const match = /\[APPENDUID \d+ (\d+)\]/.exec(reply.lines.at(-1) ?? '');
  expect(match, reply.lines.join(' | ')).not.toBeNull();
  return Number(match?.[1]);
}

async function quotaUsed(username: string): Promise<number> {
  const user = await harness.store.db.collection('users').findOne({ username });
  return (user?.quota as { used: number }).used;
}

let inbox: Awaited<ReturnType<typeof status>>;
let seedUid: number;
let smallUid: number;

beforeAll(async () => {
  harness = await startHarness('imap-catenate', {}, { SERVER_NAME });
  for (const name of ['cat', 'dog']) await createUser(harness.store, name, 'secret');
  const quo = await createUser(harness.store, 'quo', 'secret');
  await setQuota(harness.store, quo, SEED.length + SMALL.length + 10_000);

  for (const name of ['cat', 'dog', 'quo']) {
    const client = await ByteClient.login(name);
    for (const message of [SEED, SMALL]) {
      const reply = await client.append('a', [
        `a APPEND INBOX {${message.length}+}\r\n`,
        message,
        '\r\n',
      ]);
      expect(reply.lines.at(-1)).toMatch(/^a OK /);
    }
    client.end();
  }
  const cat = await ByteClient.login('cat');
  await cat.command('c', 'CREATE B&APw-cher');
  await cat.append('a', [`a APPEND B&APw-cher {${BOOK.length}+}\r\n`, BOOK, '\r\n']);
  inbox = await status(cat, 'INBOX');
  [seedUid, smallUid] = [inbox.uidNext - 2, inbox.uidNext - 1];
  cat.end();
});

afterAll(async () => {
  for (const client of clients) client.end();
  await harness?.stop();
});

describe('CATENATE', () => {
  it('announces CATENATE', async () => {
    const client = await ByteClient.login('cat');
    const reply = await client.command('c', 'CAPABILITY');
    expect(reply.lines[0]).toMatch(/ CATENATE( |$)/);
  });

  it('joins TEXT literals and URL sections byte for byte, answering APPENDUID', async () => {
    const client = await ByteClient.login('cat');
    const [header, part1, part2]: Buffer[] = await Promise.all(
      ['BODY.PEEK[HEADER]', 'BODY.PEEK[1]', 'BODY.PEEK[2]'].map(async (item) => {
        const probe = await ByteClient.login('cat');
        return probe.fetch('INBOX', seedUid, item);
      }),
    );
    expect(header).toEqual(SEED.subarray(0, SEED.indexOf('\r\n\r\n') + 4));
    expect(part2?.length).toBeGreaterThan(STREAM_SECTION_MIN_BYTES);
    const open = Buffer.from(crlf('', '--seed', 'Content-Type: text/plain', '', ''));
    const middle = Buffer.from(crlf('', '--seed', 'Content-Transfer-Encoding: base64', '', ''));
    const close = Buffer.from(crlf('', '--seed--', ''));
    const base = `/INBOX;UIDVALIDITY=${inbox.uidValidity}/;UID=${seedUid}`;
    const drafts = await status(client, 'Drafts');

    const reply = await client.append('a', [
      `a APPEND Drafts (\\Draft $Work) "05-Mar-2021 10:00:00 +0100" CATENATE (URL "${base}/;SECTION=HEADER" TEXT {${open.length}}\r\n`,
      open,
      ` URL "${base}/;SECTION=1" TEXT {${middle.length}+}\r\n`,
      middle,
      ` URL ${base}/;SECTION=2 TEXT {${close.length}}\r\n`,
      close,
      ')\r\n',
    ]);
    expect(reply.lines.at(-1)).toMatch(
      new RegExp(`^a OK \\[APPENDUID ${drafts.uidValidity} ${drafts.uidNext}\\] `),
    );
    const expected = Buffer.concat([header, open, part1, middle, part2, close] as Buffer[]);
    expect(await client.fetch('Drafts', drafts.uidNext)).toEqual(expected);
    const meta = await client.command(
      'm',
      `UID FETCH ${drafts.uidNext} (RFC822.SIZE FLAGS INTERNALDATE)`,
    );
    expect(meta.lines[0]).toContain(`RFC822.SIZE ${expected.length}`);
    expect(meta.lines[0]).toMatch(/FLAGS \(\\Draft \$Work( \\Recent)?\)/);
    expect(meta.lines[0]).toContain('INTERNALDATE "05-Mar-2021 09:00:00 +0000"');
    // RFC 4469 section 3: catenating a message does not set its \Seen flag.
    await client.command('s', 'EXAMINE INBOX');
    const flags = await client.command('g', `UID FETCH ${seedUid} (FLAGS)`);
    expect(flags.lines[0]).toMatch(/FLAGS \((\\Recent)?\)/);
  });

  it('resolves relative, absolute and network-path URLs, with SECTION and PARTIAL', async () => {
    const client = await ByteClient.login('cat');
    const fields = await client.fetch('INBOX', seedUid, 'BODY.PEEK[HEADER.FIELDS (SUBJECT FROM)]');
    const text = await client.fetch('INBOX', seedUid, 'BODY.PEEK[1.MIME]');
    await client.command('s', 'SELECT INBOX');
    const reply = await client.append('a', [
      'a APPEND Drafts CATENATE (',
      `URL ";UID=${smallUid}" `,
      `URL "imap://cat@${SERVER_NAME.toUpperCase()}/INBOX/;UID=${seedUid}/;SECTION=HEADER.FIELDS%20(SUBJECT%20FROM)" `,
      `URL "//cat;AUTH=*@${SERVER_NAME}:143/INBOX/;UID=${seedUid}/;SECTION=1.MIME/;PARTIAL=14.12" `,
      `URL "/Drafts/../INBOX/;UID=${smallUid}/;PARTIAL=9" `,
      `URL ;uid=${smallUid}/;section=TEXT/;partial=0.4`,
      ')\r\n',
    ]);
    const uid = appendedUid(reply);
    const expected = Buffer.concat([
      SMALL,
      fields,
      text.subarray(14, 26),
      SMALL.subarray(9),
      SMALL.subarray(SMALL.indexOf('\r\n\r\n') + 4).subarray(0, 4),
    ]);
    expect(await client.fetch('Drafts', uid)).toEqual(expected);
  });

  it('takes URLs in UTF-8 and in modified UTF-7, and the whole message', async () => {
    const client = await ByteClient.login('cat');
    const book = await status(client, 'B&APw-cher');
    const reply = await client.append('a', [
      `a APPEND Drafts CATENATE (URL "/B%C3%BCcher;UIDVALIDITY=${book.uidValidity}/;UID=1"`,
      ' URL "/B&APw-cher/;UID=1")\r\n',
    ]);
    expect(await client.fetch('Drafts', appendedUid(reply))).toEqual(Buffer.concat([BOOK, BOOK]));
  });

  it('reads URL parts sent as literals, synchronizing and LITERAL+', async () => {
    const client = await ByteClient.login('cat');
    const url = `/INBOX/;UID=${smallUid}`;
    const reply = await client.append('a', [
      `a APPEND Drafts CATENATE (URL {${url.length}}\r\n`,
      `${url} TEXT {3+}\r\n-1-`,
      ` URL {${url.length}+}\r\n${url} TEXT {3}\r\n`,
      '-2-',
      ` URL {${url.length}}\r\n`,
      `${url})\r\n`,
    ]);
    const expected = Buffer.concat([SMALL, Buffer.from('-1-'), SMALL, Buffer.from('-2-'), SMALL]);
    expect(await client.fetch('Drafts', appendedUid(reply))).toEqual(expected);
  });

  it('mixes literal and CATENATE messages in one MULTIAPPEND, with consecutive UIDs', async () => {
    const client = await ByteClient.login('cat');
    const drafts = await status(client, 'Drafts');
    const text = Buffer.from(crlf('Subject: text only', '', 'body', ''));
    const reply = await client.append('a', [
      `a APPEND Drafts (\\Seen) {${SMALL.length}+}\r\n`,
      SMALL,
      ` CATENATE (TEXT {${text.length}}\r\n`,
      text,
      `) (\\Flagged) CATENATE (URL "/INBOX/;UID=${seedUid}")`,
      ` CATENATE (URL "/INBOX/;UID=${smallUid}" TEXT {2+}\r\n!!)\r\n`,
    ]);
    const first = drafts.uidNext;
    expect(reply.lines.at(-1)).toContain(`[APPENDUID ${drafts.uidValidity} ${first}:${first + 3}]`);
    const stored = await Promise.all(
      [0, 1, 2, 3].map(async (index) => {
        const probe = await ByteClient.login('cat');
        return probe.fetch('Drafts', first + index);
      }),
    );
    expect(stored).toEqual([SMALL, text, SEED, Buffer.concat([SMALL, Buffer.from('!!')])]);
    await client.command('s', 'EXAMINE Drafts');
    const flags = await client.command('f', `UID FETCH ${first}:${first + 3} (FLAGS)`);
    expect(
      flags.lines
        .slice(0, 4)
        .map((line) => /FLAGS \(([^)]*)\)/.exec(line)?.[1]?.replace(/ ?\\Recent/, '')),
    ).toEqual(['\\Seen', '', '\\Flagged', '']);
  });
});

describe('CATENATE refusals leave nothing', () => {
  /** Sends `pieces`, expects `answer` and that Drafts (and the quota) are as they were. */
  async function refused(username: string, pieces: Array<string | Buffer>, answer: RegExp) {
    const client = await ByteClient.login(username);
    const before = await status(client, 'Drafts');
    const used = await quotaUsed(username);
    const reply = await client.append('a', pieces);
    expect(reply.lines.at(-1)).toMatch(answer);
    // The rest of the command was skipped: the connection is in step.
    expect((await client.command('n', 'NOOP')).lines.at(-1)).toMatch(/^n OK /);
    const after = await status(client, 'Drafts');
    expect(after.messages).toBe(before.messages);
    expect(await quotaUsed(username)).toBe(used);
    return { before, after };
  }

  const badUrls = (): Array<[string, string]> => [
    ['another host', `imap://cat@other.example.test/INBOX/;UID=${smallUid}`],
    ['another user', `imap://dog@${SERVER_NAME}/INBOX/;UID=${smallUid}`],
    ['no user', `imap://${SERVER_NAME}/INBOX/;UID=${smallUid}`],
    ['an unknown mailbox', `/Nowhere/;UID=${smallUid}`],
    ['a UIDVALIDITY that does not match', `/INBOX;UIDVALIDITY=${inbox.uidValidity + 1}/;UID=1`],
    ['an unknown UID', '/INBOX/;UID=999999'],
    ['an unknown section', `/INBOX/;UID=${smallUid}/;SECTION=4.2`],
    ['a bad section', `/INBOX/;UID=${smallUid}/;SECTION=BODY`],
    ['URLAUTH', `imap://cat@${SERVER_NAME}/INBOX/;UID=${smallUid};URLAUTH=anonymous:internal:00`],
    ['another scheme', `https://${SERVER_NAME}/INBOX/;UID=${smallUid}`],
    ['a relative URL with no mailbox selected', `;UID=${smallUid}`],
    ['a search', '/INBOX?SUBJECT%20seed'],
  ];

  it('answers NO [BADURL url] for each URL that names no message of the user', async () => {
    for (const [, url] of badUrls()) {
      const { before, after } = await refused(
        'cat',
        [
          `a APPEND Drafts CATENATE (TEXT {5+}\r\nhello URL "/INBOX/;UID=${smallUid}" URL "${url}"`,
          ` TEXT {5+}\r\nworld URL {13+}\r\n/INBOX/;UID=1)\r\n`,
        ],
        new RegExp(`^a NO \\[BADURL ${url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\] `),
      );
      expect(after.uidNext).toBe(before.uidNext);
    }
  });

  it('answers BADURL before a synchronizing TEXT literal, which the client then never sends', async () => {
    await refused(
      'cat',
      ['a APPEND Drafts CATENATE (URL "/Nowhere/;UID=1" TEXT {5}\r\n'],
      /^a NO \[BADURL \/Nowhere\/;UID=1\] /,
    );
  });

  it('withdraws the messages a MULTIAPPEND stored before a bad URL', async () => {
    await refused(
      'cat',
      [
        `a APPEND Drafts {${SMALL.length}+}\r\n`,
        SMALL,
        ` CATENATE (URL "/INBOX/;UID=${smallUid}") CATENATE (URL "/INBOX/;UID=999999")`,
        ` {${SMALL.length}+}\r\n`,
        SMALL,
        '\r\n',
      ],
      /^a NO \[BADURL \/INBOX\/;UID=999999\] /,
    );
  });

  it('answers NO [TOOBIG] when the parts grow past the APPEND limit', async () => {
    const size = APPEND_LIMIT_BYTES - SMALL.length + 1;
    await refused(
      'cat',
      [`a APPEND Drafts CATENATE (URL "/INBOX/;UID=${smallUid}" TEXT {${size}}\r\n`],
      /^a NO \[TOOBIG\] /,
    );
    // A message stored first is withdrawn too.
    await refused(
      'cat',
      [
        `a APPEND Drafts {${SMALL.length}+}\r\n`,
        SMALL,
        ` CATENATE (URL "/INBOX/;UID=${seedUid}" TEXT {${APPEND_LIMIT_BYTES - SEED.length + 1}}\r\n`,
      ],
      /^a NO \[TOOBIG\] /,
    );
  });

  it('answers NO [OVERQUOTA] when the parts outgrow the quota', async () => {
    await refused(
      'quo',
      [
        `a APPEND Drafts CATENATE (URL "/INBOX/;UID=${seedUid}" URL "/INBOX/;UID=${seedUid}"`,
        ` TEXT {3+}\r\nabc)\r\n`,
      ],
      /^a NO \[OVERQUOTA\] /,
    );
  });

  it('answers NO [TRYCREATE] for a mailbox that does not exist', async () => {
    const client = await ByteClient.login('cat');
    const url = `/INBOX/;UID=${smallUid}`;
    const quoted = await client.append('a', [
      `a APPEND Nowhere CATENATE (URL "${url}" TEXT {5+}\r\nhello URL {${url.length}+}\r\n${url})\r\n`,
    ]);
    expect(quoted.lines.at(-1)).toMatch(/^a NO \[TRYCREATE\] /);
    const synchronizing = await client.append('b', ['b APPEND Nowhere CATENATE (TEXT {5}\r\n']);
    expect(synchronizing.lines.at(-1)).toMatch(/^b NO \[TRYCREATE\] /);
    expect((await client.command('n', 'NOOP')).lines.at(-1)).toMatch(/^n OK /);
    expect((await client.command('l', 'LIST "" Nowhere')).lines).toHaveLength(1);
  });

  it('answers BAD for bad syntax, a TEXT literal8 and a NUL, and keeps nothing', async () => {
    const url = `/INBOX/;UID=${smallUid}`;
    await refused(
      'cat',
      [`a APPEND Drafts {3+}\r\none CATENATE (URL "${url}" FOO {3+}\r\nabc)\r\n`],
      /^a BAD /,
    );
    await refused('cat', [`a APPEND Drafts CATENATE (URL "${url}")) \r\n`], /^a BAD /);
    await refused('cat', ['a APPEND Drafts CATENATE ()\r\n'], /^a BAD /);
    await refused(
      'cat',
      [`a APPEND Drafts CATENATE (URL "${url}" TEXT ~{3+}\r\nabc)\r\n`],
      /^a BAD /,
    );
    await refused(
      'cat',
      [`a APPEND Drafts CATENATE (TEXT {5+}\r\nab\0cd URL "${url}" TEXT {2+}\r\nxy)\r\n`],
      /^a BAD .*NUL/,
    );
  });
});

describe('CATENATE with Python imaplib', () => {
  it('appends a message of URL parts and fetches it back', async () => {
    const output = await python(
      harness.port,
      [
        'import imaplib, sys, hashlib',
        "m = imaplib.IMAP4('127.0.0.1', int(sys.argv[1]))",
        "m.login('cat', 'secret')",
        "assert 'CATENATE' in m.capabilities",
        `typ, data = m._simple_command('APPEND', 'Drafts', 'CATENATE', '(URL "/INBOX/;UID=${smallUid}" URL "/INBOX/;UID=${seedUid}/;SECTION=1")')`,
        'uid = data[0].split(b"]")[0].split()[-1].decode()',
        "m.select('Drafts', readonly=True)",
        "typ, data = m.uid('FETCH', uid, '(BODY.PEEK[])')",
        'print(typ, hashlib.sha256(data[0][1]).hexdigest())',
        'm.logout()',
      ].join('\n'),
    );
    const client = await ByteClient.login('cat');
    const part1 = await client.fetch('INBOX', seedUid, 'BODY.PEEK[1]');
    const sha = createHash('sha256')
      .update(Buffer.concat([SMALL, part1]))
      .digest('hex');
    expect(output).toBe(`OK ${sha}`);
  });
});
