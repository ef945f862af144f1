import { describe, expect, it } from 'vitest';
import { decodedHeader, parseMessage, preview, searchText, searchTextBody } from '@mailstore/mime';

const alternative = Buffer.from(
  [
    'From: =?UTF-8?Q?J=C3=B6rg?= <j@x.de>',
    'To: Team <team@x.de>',
    'Subject: =?ISO-8859-1?Q?Caf=E9?= plans',
    'Content-Type: multipart/mixed; boundary=m',
    '',
    '--m',
    'Content-Type: multipart/alternative; boundary=a',
    '',
    '--a',
    'Content-Type: text/plain; charset=iso-8859-1',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    'Let us meet at the caf=E9 on   Monday.=',
    ' Bring the slides.',
    '--a',
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from(
      '<html><head><style>p{}</style></head><p>Let us meet &amp; talk</p></html>',
    ).toString('base64'),
    '--a--',
    '--m',
    'Content-Type: application/pdf',
    'Content-Disposition: attachment; filename=a.pdf',
    '',
    'JVBERi0=',
    '--m--',
    '',
  ].join('\r\n'),
);

describe('searchText', () => {
  const root = parseMessage(alternative);

  it('holds decoded headers and the text of plain and html parts', () => {
    const text = searchText(alternative, root, 10_000);
    expect(text).toContain('Café plans');
    expect(text).toContain('Jörg <j@x.de>');
    expect(text).toContain('Let us meet at the café on Monday. Bring the slides.');
    expect(text).toContain('Let us meet & talk');
    expect(text).not.toContain('p{}');
    expect(text).not.toContain('JVBERi0');
  });

  it('stays within maxBytes without splitting a character', () => {
    for (let max = 0; max < 40; max++) {
      const text = searchText(alternative, root, max);
      expect(Buffer.byteLength(text)).toBeLessThanOrEqual(max);
      expect(text).not.toContain('\uFFFD');
    }
  });
});

describe('decodedHeader and searchTextBody', () => {
  const root = parseMessage(alternative);

  it('decodes every header field and splits the body text from the search text', () => {
    const header = decodedHeader(alternative);
    expect(header.slice(0, 3)).toEqual([
      { name: 'from', value: 'Jörg <j@x.de>' },
      { name: 'to', value: 'Team <team@x.de>' },
      { name: 'subject', value: 'Café plans' },
    ]);
    const body = searchTextBody(searchText(alternative, root, 10_000), header);
    expect(body).toContain('Let us meet at the café on Monday.');
    expect(body).not.toContain('Café plans');
    expect(body).not.toContain('Jörg');
  });

  it('gives an empty body when the bound cut the text inside the header fields', () => {
    const header = decodedHeader(alternative);
    expect(searchTextBody(searchText(alternative, root, 12), header)).toBe('');
  });
});

describe('preview', () => {
  const root = parseMessage(alternative);

  it('starts with the words of the plain text, white space collapsed', () => {
    expect(preview(alternative, root, 200)).toBe(
      'Let us meet at the café on Monday. Bring the slides.',
    );
  });

  it('cuts at a word boundary', () => {
    expect(preview(alternative, root, 20)).toBe('Let us meet at the');
  });

  it('leaves out quoted lines unless nothing else is there', () => {
    const reply = Buffer.from('Subject: Re\r\n\r\n> old text\r\n>> older\r\nNew answer.\r\n');
    expect(preview(reply, parseMessage(reply), 50)).toBe('New answer.');
    const quoteOnly = Buffer.from('Subject: Re\r\n\r\n> only quotes\r\n');
    expect(preview(quoteOnly, parseMessage(quoteOnly), 50)).toBe('> only quotes');
  });

  it('falls back to html text and is empty without text parts', () => {
    const html = Buffer.from('Content-Type: text/html\r\n\r\n<div>Hello <b>there</b></div>');
    expect(preview(html, parseMessage(html), 50)).toBe('Hello there');
    const image = Buffer.from('Content-Type: image/gif\r\n\r\nR0lG');
    expect(preview(image, parseMessage(image), 50)).toBe('');
  });
});
