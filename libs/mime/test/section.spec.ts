import { describe, expect, it } from 'vitest';
import { headerFields, parseMessage, sectionRange, type SectionText } from '@mailstore/mime';

const embedded = 'Subject: inner\r\nX-A: 1\r\n\r\ninner body';
const raw = Buffer.from(
  'Subject: outer\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n' +
    '--b\r\nContent-Type: text/plain\r\n\r\nfirst\r\n' +
    `--b\r\nContent-Type: message/rfc822\r\n\r\n${embedded}\r\n--b--\r\n`,
);
const root = parseMessage(raw);

function section(partId: string, text: SectionText): string | null {
  const range = sectionRange(root, partId, text);
  return range ? raw.toString('latin1', range.start, range.end) : null;
}

describe('sectionRange (RFC 3501 section 6.4.5)', () => {
  const cases: Array<[string, SectionText, string | null]> = [
    ['', 'HEADER', 'Subject: outer\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n'],
    ['1', '', 'first'],
    ['1', 'MIME', 'Content-Type: text/plain\r\n\r\n'],
    ['1', 'HEADER', null],
    ['2', '', embedded],
    ['2', 'MIME', 'Content-Type: message/rfc822\r\n\r\n'],
    ['2', 'HEADER', 'Subject: inner\r\nX-A: 1\r\n\r\n'],
    ['2', 'TEXT', 'inner body'],
    ['2.1', '', 'inner body'],
    ['3', '', null],
    ['', 'MIME', null],
  ];
  it.each(cases)('BODY[%s %s]', (partId, text, expected) => {
    expect(section(partId, text)).toBe(expected);
  });

  it('gives the whole message for BODY[] and its text for BODY[TEXT]', () => {
    expect(section('', '')).toBe(raw.toString('latin1'));
    expect(section('', 'TEXT')).toMatch(/^--b\r\n[\s\S]*--b--\r\n$/);
  });
});

describe('headerFields', () => {
  const msg = Buffer.from(
    'From: a@b\r\nSubject: one\r\n two\r\nTo: c@d\r\nsubject: again\r\n\r\nbody',
  );
  const top = parseMessage(msg);

  it('returns the named fields as written, folds kept, then the blank line', () => {
    expect(headerFields(msg, top, ['SUBJECT'], false).toString()).toBe(
      'Subject: one\r\n two\r\nsubject: again\r\n\r\n',
    );
  });

  it('returns the other fields for HEADER.FIELDS.NOT', () => {
    expect(headerFields(msg, top, ['subject'], true).toString()).toBe(
      'From: a@b\r\nTo: c@d\r\n\r\n',
    );
  });

  it('gives just the blank line when nothing matches, and ends an unterminated field', () => {
    expect(headerFields(msg, top, ['cc'], false).toString()).toBe('\r\n');
    const bare = Buffer.from('Subject: x');
    expect(headerFields(bare, parseMessage(bare), ['subject'], false).toString()).toBe(
      'Subject: x\r\n\r\n',
    );
  });
});
