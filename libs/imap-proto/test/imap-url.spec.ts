// IMAP URLs (RFC 5092) as CATENATE's URL parts name messages (RFC 4469 section 3).
import { describe, expect, it } from 'vitest';
import { badUrlCode, formatResponseCode, parseMessageUrl } from '../src/index.js';

/** The URL `reference` names, failing the test when it names none. */
function url(reference: string, selected: string | null = null) {
  const result = parseMessageUrl(reference, selected);
  if ('error' in result) throw new Error(`${reference}: ${result.error}`);
  return result.url;
}

describe('parseMessageUrl', () => {
  it('reads an absolute URL with every part (RFC 5092 section 5 example)', () => {
    expect(
      url(
        'imap://fred@example.org/INBOX;UIDVALIDITY=385759045/;UID=20/;SECTION=1.2/;PARTIAL=0.1024',
      ),
    ).toEqual({
      server: { user: 'fred', host: 'example.org', port: null },
      mailbox: 'INBOX',
      mailboxUtf7: null,
      uidValidity: 385759045,
      uid: 20,
      section: { part: [1, 2], text: null, fields: [] },
      partial: { origin: 0, length: 1024 },
      urlauth: false,
    });
  });

  it('decodes the user, lower-cases the host, and keeps the port and ;AUTH=', () => {
    expect(
      url('IMAP://fred%40example.com;AUTH=*@MAIL.Example.ORG:993/a%2Fb/;uid=5').server,
    ).toEqual({ user: 'fred@example.com', host: 'mail.example.org', port: 993 });
    expect(url('imap://mail.example.org/INBOX/;UID=5').server?.user).toBeNull();
    expect(url('//fred@[::1]:143/INBOX/;UID=5').server).toEqual({
      user: 'fred',
      host: '[::1]',
      port: 143,
    });
  });

  it.each([
    // RFC 4469 appendix A's relative forms; parameter names in any case.
    ['/Drafts;UIDVALIDITY=385759045/;UID=20/;section=HEADER', null, 'Drafts', 20, 'HEADER'],
    [';UID=7/;SECTION=2.MIME', 'Sent Items', 'Sent Items', 7, 'MIME'],
    [';uid=7', 'a/b', 'a/b', 7, null],
    ['Archive/;UID=3', 'a/b', 'a/Archive', 3, null],
    ['Archive/;UID=3', null, 'Archive', 3, null],
    ['/INBOX/../Sent/./;UID=1', null, 'Sent', 1, null],
    ['/inbox/;UID=1', null, 'INBOX', 1, null],
    ['/B%C3%BCcher%20alt/;UID=1', null, 'Bücher alt', 1, null],
    [';UID=9', 'Bücher;1%', 'Bücher;1%', 9, null],
  ])('resolves %s against the selected mailbox %s', (reference, selected, mailbox, uid, text) => {
    const result = url(reference, selected);
    expect(result).toMatchObject({ server: null, mailbox, uid });
    expect(result.section?.text ?? null).toBe(text);
  });

  it('offers the modified UTF-7 reading of RFC 2192 names', () => {
    expect(url('/B&APw-cher/;UID=1')).toMatchObject({
      mailbox: 'B&APw-cher',
      mailboxUtf7: 'Bücher',
    });
    expect(url('/A&B/;UID=1').mailboxUtf7).toBeNull();
    expect(url('/Sent/;UID=1').mailboxUtf7).toBeNull();
  });

  it('reads sections as FETCH does, and partials with or without a length', () => {
    expect(url('/INBOX/;UID=1/;SECTION=HEADER.FIELDS%20(Subject%20FROM)').section).toEqual({
      part: [],
      text: 'HEADER.FIELDS',
      fields: ['SUBJECT', 'FROM'],
    });
    expect(url('/INBOX/;UID=1/;SECTION=3.1.TEXT/;PARTIAL=10').partial).toEqual({
      origin: 10,
      length: null,
    });
    expect(url('/INBOX/;UID=1/;PARTIAL=0.5').section).toBeNull();
  });

  it('marks URLAUTH-authorized URLs (RFC 4467)', () => {
    const reference =
      'imap://joe@example.com/INBOX/;uid=20/;section=1.2;urlauth=submit+fred:internal:91354a473744909de610943775f92038';
    expect(url(reference).urlauth).toBe(true);
    expect(url('/INBOX/;UID=1;EXPIRE=2030-01-01T00:00:00Z;URLAUTH=anonymous').urlauth).toBe(true);
  });

  it.each([
    ['http://example.org/INBOX/;UID=1', null],
    ['imap:INBOX/;UID=1', null],
    ['imap:///INBOX/;UID=1', null],
    ['imap://@example.org/INBOX/;UID=1', null],
    ['/INBOX', null],
    ['/INBOX;UIDVALIDITY=1', null],
    ['/INBOX;UID=1', null],
    ['/INBOX/;UIDVALIDITY=1/;UID=1', null],
    ['/INBOX/;SECTION=1', null],
    ['/INBOX/;UID=0', null],
    ['/INBOX/;UID=01', null],
    ['/INBOX/;UID=4294967296', null],
    ['/INBOX/;UID=1/;SECTION=0', null],
    ['/INBOX/;UID=1/;SECTION=FOO', null],
    ['/INBOX/;UID=1/;PARTIAL=x', null],
    ['/INBOX/;UID=1/;PARTIAL=0.0', null],
    ['/INBOX/;UID=1/;PARTIAL=1/;SECTION=1', null],
    ['/INBOX/;UID=1/;FOO=1', null],
    ['/INBOX/;UID=1?SUBJECT%20x', null],
    ['/INBOX/;UID=1#x', null],
    ['/IN%ZZBOX/;UID=1', null],
    ['/%FF/;UID=1', null],
    ['/IN BOX/;UID=1', null],
    ['/;UID=1', null],
    [';UID=1', null],
    [';SECTION=1', 'INBOX'],
    ['', 'INBOX'],
  ])('names no message: %s', (reference, selected) => {
    const result = parseMessageUrl(reference, selected);
    expect('error' in result && result.error.length > 0).toBe(true);
  });
});

describe('badUrlCode', () => {
  it('writes the URL bare, percent-encoding what url-resp-text cannot hold', () => {
    expect(formatResponseCode(badUrlCode('/INBOX;UIDVALIDITY=1/;UID=2'))).toBe(
      '[BADURL /INBOX;UIDVALIDITY=1/;UID=2]',
    );
    expect(formatResponseCode(badUrlCode('/a]b c\r\nü'))).toBe('[BADURL /a%5Db%20c%0D%0A%C3%BC]');
  });
});
