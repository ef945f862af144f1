import { describe, expect, it } from 'vitest';
import {
  MAX_VANISHED_RANGES_PER_LINE,
  vanishedResponse,
  atom,
  bodyStructureValue,
  encodeModifiedUtf7,
  envelopeValue,
  fetchResponse,
  serializeValue,
  statusResponse,
  ResponseBuffer,
  type BodyStructureData,
  type EnvelopeData,
  type SinglePartData,
} from '../src/index.js';

const ascii = { utf8: false };
const utf8 = { utf8: true };
const text = (value: Parameters<typeof serializeValue>[0], options = ascii) =>
  serializeValue(value, options).toString('utf8');

describe('values', () => {
  it.each([
    [null, 'NIL'],
    [42, '42'],
    ['plain', '"plain"'],
    ['say "hi" \\o/', '"say \\"hi\\" \\\\o/"'],
    ['two\r\nlines', '{10}\r\ntwo\r\nlines'],
    ['Grüße', '{7}\r\nGrüße'],
    [atom('\\Seen'), '\\Seen'],
    [[atom('\\Seen'), 'x', null, [1, 2]], '(\\Seen "x" NIL (1 2))'],
    [Buffer.from('raw'), '{3}\r\nraw'],
  ])('writes value %# as %j', (value, expected) => {
    expect(text(value)).toBe(expected);
  });

  it('writes a bigint (mod-sequence) as digits', () => {
    expect(text(2n ** 40n)).toBe('1099511627776');
  });

  it('quotes UTF-8 only when UTF8=ACCEPT is enabled', () => {
    expect(text('Grüße', utf8)).toBe('"Grüße"');
    expect(text('a\nb', utf8)).toBe('{3}\r\na\nb');
  });

  it('writes a long string as a literal', () => {
    expect(text('x'.repeat(2000)).startsWith('{2000}\r\n')).toBe(true);
  });

  it('writes a literal8 (RFC 3516 section 4.3)', () => {
    const bytes = new ResponseBuffer()
      .write('x ')
      .literal8(Buffer.from([0, 1]))
      .toBuffer();
    expect(bytes).toEqual(Buffer.from('x ~{2}\r\n\x00\x01', 'latin1'));
  });
});

describe('responses', () => {
  it('writes tagged responses with response codes as RFC 5530 spells them', () => {
    expect(statusResponse('a1', 'NO', 'oops', { name: 'SERVERBUG' }).toString()).toBe(
      'a1 NO [SERVERBUG] oops\r\n',
    );
    expect(
      statusResponse('*', 'OK', 'hi\r\nthere', {
        name: 'CAPABILITY',
        args: 'IMAP4rev1',
      }).toString(),
    ).toBe('* OK [CAPABILITY IMAP4rev1] hi there\r\n');
  });

  it('writes a FETCH response with a literal body', () => {
    const response = fetchResponse(
      3,
      [
        ['UID', 9],
        ['FLAGS', [atom('\\Seen')]],
        ['BODY[1]<0>', Buffer.from('ab')],
      ],
      ascii,
    );
    expect(response.toString()).toBe('* 3 FETCH (UID 9 FLAGS (\\Seen) BODY[1]<0> {2}\r\nab)\r\n');
  });

  it('writes VANISHED as compact UID ranges, split over lines when long', () => {
    expect(vanishedResponse([9, 1, 2, 3, 7, 3], false).toString()).toBe('* VANISHED 1:3,7,9\r\n');
    expect(vanishedResponse([5], true).toString()).toBe('* VANISHED (EARLIER) 5\r\n');
    expect(vanishedResponse([], true).length).toBe(0);
    const ranges = vanishedResponse([[5, 9], 4, [8, 12], [20, 19], 14], false).toString();
    expect(ranges).toBe('* VANISHED 4:12,14\r\n');
    const odd = Array.from({ length: MAX_VANISHED_RANGES_PER_LINE + 1 }, (_, i) => 2 * i + 1);
    const lines = vanishedResponse(odd, true).toString().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toBe(`* VANISHED (EARLIER) ${2 * MAX_VANISHED_RANGES_PER_LINE + 1}`);
  });

  it('encodes mailbox names in modified UTF-7', () => {
    expect(encodeModifiedUtf7('Entwürfe & Co')).toBe('Entw&APw-rfe &- Co');
    expect(encodeModifiedUtf7('台北')).toBe('&U,BTFw-');
  });
});

const envelope: EnvelopeData = {
  date: 'Mon, 7 Feb 1994 21:52:25 -0800',
  subject: 'afternoon meeting',
  from: [{ name: 'Fred Foobar', mailbox: 'foobar', host: 'Blurdybloop.example' }],
  sender: null,
  replyTo: [],
  to: [{ name: null, mailbox: 'mooch', host: 'owatagu.example' }],
  cc: null,
  bcc: null,
  inReplyTo: null,
  messageId: '<B27397-0100000@Blurdybloop.example>',
};

describe('ENVELOPE', () => {
  it('writes RFC 3501 order and defaults sender and reply-to to from', () => {
    const from = '(("Fred Foobar" NIL "foobar" "Blurdybloop.example"))';
    expect(text(envelopeValue(envelope))).toBe(
      `("Mon, 7 Feb 1994 21:52:25 -0800" "afternoon meeting" ${from} ${from} ${from} ` +
        '((NIL NIL "mooch" "owatagu.example")) NIL NIL NIL "<B27397-0100000@Blurdybloop.example>")',
    );
  });
});

const plain = (size: number, lines: number): SinglePartData => ({
  type: 'TEXT',
  subtype: 'PLAIN',
  parameters: { CHARSET: 'US-ASCII' },
  id: null,
  description: null,
  encoding: '7BIT',
  size,
  lines,
  md5: null,
  disposition: null,
  language: null,
  location: null,
});

describe('BODYSTRUCTURE', () => {
  it('writes a single text part as BODY and as BODYSTRUCTURE', () => {
    expect(text(bodyStructureValue(plain(3028, 92), false))).toBe(
      '("TEXT" "PLAIN" ("CHARSET" "US-ASCII") NIL NIL "7BIT" 3028 92)',
    );
    expect(text(bodyStructureValue(plain(3028, 92), true))).toBe(
      '("TEXT" "PLAIN" ("CHARSET" "US-ASCII") NIL NIL "7BIT" 3028 92 NIL NIL NIL NIL)',
    );
  });

  it('writes multipart parts side by side and embeds message/rfc822', () => {
    const message: BodyStructureData = {
      ...plain(500, 10),
      type: 'MESSAGE',
      subtype: 'RFC822',
      parameters: null,
      envelope,
      body: plain(100, 4),
    };
    const multipart: BodyStructureData = {
      type: 'multipart',
      subtype: 'MIXED',
      parts: [plain(10, 1), message],
      parameters: { BOUNDARY: 'xyz' },
      disposition: { type: 'inline', parameters: null },
      language: ['en'],
      location: null,
    };
    const written = text(bodyStructureValue(multipart, true));
    expect(written.startsWith('(("TEXT" "PLAIN"')).toBe(true);
    expect(written).toContain('NIL NIL NIL NIL)("MESSAGE" "RFC822" NIL NIL NIL "7BIT" 500 (');
    expect(written.endsWith(' "MIXED" ("BOUNDARY" "xyz") ("inline" NIL) ("en") NIL)')).toBe(true);
    expect(text(bodyStructureValue(multipart, false))).toMatch(/\) "MIXED"\)$/);
  });
});
