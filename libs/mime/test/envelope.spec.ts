import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { bodyStructure, envelope, parseMessage, type EnvelopeAddress } from '@mailstore/mime';
import { CORPUS_DIR } from './corpus.js';

const addr = (
  name: string | null,
  mailbox: string | null,
  host: string | null,
  adl: string | null = null,
): EnvelopeAddress => ({
  name,
  adl,
  mailbox,
  host,
});
const groupStart = (name: string): EnvelopeAddress => addr(null, name, null);
const groupEnd = addr(null, null, null);

function envelopeOf(headers: string): ReturnType<typeof envelope> {
  const raw = Buffer.from(`${headers}\r\n\r\nbody`);
  return envelope(raw, parseMessage(raw));
}

describe('envelope: address lists (RFC 5322 section 3.4, RFC 3501 section 7.4.2)', () => {
  const cases: Array<[string, EnvelopeAddress[] | null]> = [
    ['a@example.com', [addr(null, 'a', 'example.com')]],
    ['"Doe, John" <john@example.com>', [addr('Doe, John', 'john', 'example.com')]],
    [
      'John  Q. Public <jqp@x.org>, b@y.org',
      [addr('John Q. Public', 'jqp', 'x.org'), addr(null, 'b', 'y.org')],
    ],
    ['=?UTF-8?Q?J=C3=B6rg?= <j@x.de>', [addr('=?UTF-8?Q?J=C3=B6rg?=', 'j', 'x.de')]],
    ['a@x.org (Alice)', [addr('Alice', 'a', 'x.org')]],
    ['<@relay.example:user@host.example>', [addr(null, 'user', 'host.example', '@relay.example')]],
    ['"john doe"@example.com', [addr(null, '"john doe"', 'example.com')]],
    ['undisclosed-recipients:;', [groupStart('undisclosed-recipients'), groupEnd]],
    [
      'Team: a@x.org, B <b@x.org>; c@y.org',
      [
        groupStart('Team'),
        addr(null, 'a', 'x.org'),
        addr('B', 'b', 'x.org'),
        groupEnd,
        addr(null, 'c', 'y.org'),
      ],
    ],
    ['a@x.org; b@y.org', [addr(null, 'a', 'x.org'), addr(null, 'b', 'y.org')]],
    ['nobody', [addr(null, 'nobody', '')]],
    ['Broken <a@x.org', [addr('Broken', 'a', 'x.org')]],
    ['', null],
    [' , ,', null],
  ];
  it.each(cases)('parses %j', (value, expected) => {
    expect(envelopeOf(`To: ${value}`).to).toEqual(expected);
  });

  it('gives sender and reply-to the value of from when absent (RFC 3501 section 7.4.2)', () => {
    const env = envelopeOf('From: A <a@x.org>\r\nSender: \r\nSubject: hi');
    expect(env.sender).toEqual([addr('A', 'a', 'x.org')]);
    expect(env.replyTo).toEqual([addr('A', 'a', 'x.org')]);
  });

  it('keeps raw header values and NIL for missing fields', () => {
    const env = envelopeOf(
      'Date: Mon, 7 Feb 1994 21:52:25 -0800 (PST)\r\nSubject: =?ISO-8859-1?Q?caf=E9?=\r\n' +
        'Message-ID: <B27397-0100000@cac.washington.edu>\r\nIn-Reply-To: <x@y>\r\nCc: c@z.org',
    );
    expect(env).toEqual({
      date: 'Mon, 7 Feb 1994 21:52:25 -0800 (PST)',
      subject: '=?ISO-8859-1?Q?caf=E9?=',
      from: null,
      sender: null,
      replyTo: null,
      to: null,
      cc: [addr(null, 'c', 'z.org')],
      bcc: null,
      inReplyTo: '<x@y>',
      messageId: '<B27397-0100000@cac.washington.edu>',
    });
  });
});

describe('envelope and bodyStructure of corpus messages', () => {
  const raw = readFileSync(new URL('mailcore2-jwz/jwz_005.eml', CORPUS_DIR));
  const root = parseMessage(raw);

  it('reads the envelope of jwz_005', () => {
    const env = envelope(raw, root);
    expect(env.subject).toBe('mew-law encoding?');
    expect(env.from).toEqual([addr(null, 'beatty', 'COSMOS.VLSI.CS.CMU.EDU')]);
    expect(env.to).toEqual([addr(null, 'nsb', 'flash.bellcore.com')]);
    expect(env.messageId).toBe('<9208281913.AA24840@flash.bellcore.com>');
  });

  it('describes jwz_005 with an embedded message and its envelope', () => {
    const structure = bodyStructure(raw, root);
    expect(structure.kind).toBe('multipart');
    if (structure.kind !== 'multipart') return;
    expect(structure.children.map((c) => `${c.partId} ${c.type}/${c.subtype} ${c.kind}`)).toEqual([
      '1 text/richtext text',
      '2 message/rfc822 message',
      '3 text/richtext text',
    ]);
    const message = structure.children[1]!;
    if (message.kind === 'multipart') throw new Error('expected a message part');
    expect(message.envelope?.subject).toBe('mail from Wacky');
    expect(message.lines).toBe(324);
    expect(message.body?.kind).toBe('multipart');
    expect(message.body?.partId).toBe('2');
  });

  it('describes a simple text message with size, lines and default charset', () => {
    const simple = Buffer.from(
      'Subject: x\r\nContent-Type: text/plain\r\n\r\nline 1\r\nline 2\r\n',
    );
    expect(bodyStructure(simple, parseMessage(simple))).toEqual({
      partId: '1',
      kind: 'text',
      type: 'text',
      subtype: 'plain',
      params: [{ name: 'charset', value: 'us-ascii' }],
      disposition: null,
      language: null,
      location: null,
      id: null,
      description: null,
      encoding: '7bit',
      size: 16,
      lines: 2,
      envelope: null,
      body: null,
      md5: null,
    });
  });

  it('answers an empty multipart with one empty text/plain body', () => {
    const empty = Buffer.from(
      'Content-Type: multipart/mixed; boundary=zz\r\n\r\nno parts here\r\n',
    );
    const structure = bodyStructure(empty, parseMessage(empty));
    expect(
      structure.kind === 'multipart' && structure.children.map((c) => [c.partId, c.type, c.kind]),
    ).toEqual([['1', 'text', 'text']]);
  });

  it('carries disposition, language and location as extension data', () => {
    const msg = Buffer.from(
      'Content-Type: image/png; name=a.png\r\nContent-Transfer-Encoding: base64\r\n' +
        'Content-Disposition: attachment; filename=a.png\r\nContent-Language: en\r\n' +
        'Content-Location: a.png\r\nContent-ID: <p1>\r\n\r\niVBORw0KGgo=\r\n',
    );
    const structure = bodyStructure(msg, parseMessage(msg));
    expect(structure).toMatchObject({
      kind: 'basic',
      type: 'image',
      subtype: 'png',
      params: [{ name: 'name', value: 'a.png' }],
      disposition: { type: 'attachment', params: [{ name: 'filename', value: 'a.png' }] },
      language: ['en'],
      location: 'a.png',
      id: '<p1>',
      encoding: 'base64',
      size: 14,
      lines: null,
    });
  });
});
