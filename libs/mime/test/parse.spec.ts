import { describe, expect, it } from 'vitest';
import { headerValue, parseMessage, type MimePart } from '@mailstore/mime';

const text = (raw: Buffer, start: number, end: number): string =>
  raw.toString('latin1', start, end);
const header = (raw: Buffer, p: MimePart): string => text(raw, p.headerStart, p.headerEnd);
const body = (raw: Buffer, p: MimePart): string => text(raw, p.bodyStart, p.bodyEnd);

describe('parseMessage: header and body split', () => {
  const cases: Array<{ name: string; input: string; header: string; body: string; lines: number }> =
    [
      {
        name: 'CRLF',
        input: 'Subject: a\r\n\r\nbody\r\n',
        header: 'Subject: a\r\n\r\n',
        body: 'body\r\n',
        lines: 1,
      },
      {
        name: 'bare LF',
        input: 'Subject: a\n\nbody\nmore',
        header: 'Subject: a\n\n',
        body: 'body\nmore',
        lines: 2,
      },
      {
        name: 'bare CR',
        input: 'Subject: a\r\rbody\r',
        header: 'Subject: a\r\r',
        body: 'body\r',
        lines: 1,
      },
      {
        name: 'mixed endings',
        input: 'A: 1\r\nB: 2\n\r\nx\ry\n',
        header: 'A: 1\r\nB: 2\n\r\n',
        body: 'x\ry\n',
        lines: 2,
      },
      {
        name: 'header without body',
        input: 'Subject: x\r\n',
        header: 'Subject: x\r\n',
        body: '',
        lines: 0,
      },
      {
        name: 'header without final newline',
        input: 'Subject: x',
        header: 'Subject: x',
        body: '',
        lines: 0,
      },
      { name: 'empty message', input: '', header: '', body: '', lines: 0 },
      { name: 'body only', input: '\r\nbody', header: '\r\n', body: 'body', lines: 1 },
      {
        name: 'folded field',
        input: 'Subject: a\r\n b\r\n\r\nx',
        header: 'Subject: a\r\n b\r\n\r\n',
        body: 'x',
        lines: 1,
      },
      {
        name: 'missing blank line',
        input: 'Subject: x\nHello world\nBye\n',
        header: 'Subject: x\n',
        body: 'Hello world\nBye\n',
        lines: 2,
      },
      {
        name: 'NUL bytes',
        input: 'Subject: a\0b\n\nx\0y\n',
        header: 'Subject: a\0b\n\n',
        body: 'x\0y\n',
        lines: 1,
      },
    ];
  it.each(cases)('splits $name', (c) => {
    const raw = Buffer.from(c.input, 'latin1');
    const root = parseMessage(raw);
    expect(header(raw, root)).toBe(c.header);
    expect(body(raw, root)).toBe(c.body);
    expect(root.bodyStart).toBe(root.headerEnd);
    expect(root.size).toBe(Buffer.byteLength(c.body, 'latin1'));
    expect(root.lines).toBe(c.lines);
  });

  it('keeps a field broken across lines without indentation in the header', () => {
    const raw = Buffer.from(
      'Content-Type: application/zip;\nname="a.zip"\nContent-Disposition: attachment\n\nUEs=\n',
    );
    const root = parseMessage(raw);
    expect(body(raw, root)).toBe('UEs=\n');
    expect(root.contentType.params['name']).toBe('a.zip');
    expect(root.disposition?.type).toBe('attachment');
  });

  it('reads a first field that starts with white space', () => {
    const raw = Buffer.from(' From: a@b.example\nSubject: s\n\nx');
    expect(headerValue(raw, parseMessage(raw), 'from')).toEqual(['a@b.example']);
  });

  it('returns 8-bit header values as UTF-8 when valid, else as Latin-1', () => {
    const utf8 = Buffer.from('Subject: Grüße\n\n', 'utf8');
    expect(headerValue(utf8, parseMessage(utf8), 'Subject')).toEqual(['Grüße']);
    const latin1 = Buffer.from('Subject: Grüße\n\n', 'latin1');
    expect(headerValue(latin1, parseMessage(latin1), 'subject')).toEqual(['Grüße']);
  });

  it('unfolds every occurrence of a field in order', () => {
    const raw = Buffer.from('Received: a\r\n\tb\r\nX: y\r\nReceived: c\r\n\r\n');
    expect(headerValue(raw, parseMessage(raw), 'received')).toEqual(['a\tb', 'c']);
  });

  it('parses a 2 MB header in bounded time', () => {
    const fields = Array.from({ length: 40_000 }, (_, i) => `X-Filler-${i}: ${'v'.repeat(40)}\r\n`);
    const raw = Buffer.from(`${fields.join('')}Subject: end\r\n\r\nbody`);
    const started = performance.now();
    const root = parseMessage(raw);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(body(raw, root)).toBe('body');
    expect(headerValue(raw, root, 'subject')).toEqual(['end']);
  });
});

describe('parseMessage: content fields', () => {
  it('defaults to text/plain; charset=us-ascii and 7bit (RFC 2045 section 5.2)', () => {
    const root = parseMessage(Buffer.from('Subject: x\n\nbody'));
    expect(root.contentType).toEqual({
      type: 'text',
      subtype: 'plain',
      params: { charset: 'us-ascii' },
    });
    expect(root.encoding).toBe('7bit');
    expect(root.disposition).toBeNull();
  });

  it('treats an unusable Content-Type as the default', () => {
    const root = parseMessage(Buffer.from('Content-Type: garbage\n\nbody'));
    expect(root.contentType.type).toBe('text');
    expect(root.contentType.subtype).toBe('plain');
  });

  it('lowercases type, subtype, parameter names and the transfer encoding', () => {
    const raw =
      'Content-Type: Text/HTML; CharSet="UTF-8" (comment)\nContent-Transfer-Encoding: BASE64\n\n';
    const root = parseMessage(Buffer.from(raw));
    expect(root.contentType).toEqual({
      type: 'text',
      subtype: 'html',
      params: { charset: 'UTF-8' },
    });
    expect(root.encoding).toBe('base64');
  });

  it('decodes RFC 2231 continuations, charsets and languages', () => {
    const raw =
      'Content-Type: application/octet-stream;\n name*0*=utf-8\'en\'%E2%82%AC%20rate;\n name*1="s.txt"\n' +
      "Content-Disposition: attachment; filename*=iso-8859-1''%E9t%E9.pdf; size=12\n\n";
    const root = parseMessage(Buffer.from(raw));
    expect(root.contentType.params['name']).toBe('€ rates.txt');
    expect(root.disposition).toEqual({
      type: 'attachment',
      params: { filename: 'été.pdf', size: '12' },
    });
  });

  it('reads Content-ID, Description, MD5, Language and Location', () => {
    const raw =
      'Content-ID: <a@b>\nContent-Description: A file\nContent-MD5: Q2hlY2sgSW50ZWdyaXR5IQ==\n' +
      'Content-Language: en, de (German)\nContent-Location: http://example.com/\n  a.png\n\n';
    const root = parseMessage(Buffer.from(raw));
    expect(root.id).toBe('<a@b>');
    expect(root.description).toBe('A file');
    expect(root.md5).toBe('Q2hlY2sgSW50ZWdyaXR5IQ==');
    expect(root.language).toEqual(['en', 'de']);
    expect(root.location).toBe('http://example.com/a.png');
  });
});
