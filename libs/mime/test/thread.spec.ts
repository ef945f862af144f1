import { describe, expect, it } from 'vitest';
import { baseSubject, parseMessage, threadInfo } from '@mailstore/mime';

describe('baseSubject (RFC 5256 section 2.1)', () => {
  const cases: Array<[string, string]> = [
    ['Hello', 'Hello'],
    ['Re: Hello', 'Hello'],
    ['RE: re: Re:Hello', 'Hello'],
    ['Fwd: Hello', 'Hello'],
    ['Fw: Hello', 'Hello'],
    ['Re[2]: Hello', 'Hello'],
    ['Re [2]: Hello', 'Hello'],
    ['[list] Re: Hello', 'Hello'],
    ['[list] [other] Re: Hello', 'Hello'],
    ['Hello (fwd)', 'Hello'],
    ['Hello (fwd) (FWD)  ', 'Hello'],
    ['[Fwd: Hello]', 'Hello'],
    ['Re: [Fwd: Re: Hello (fwd)]', 'Hello'],
    ['[list]', '[list]'],
    ['[list] Hello', 'Hello'],
    ['Hello\t  world', 'Hello world'],
    ['  Hello  ', 'Hello'],
    ['Re:', ''],
    ['', ''],
    ['Reply: Hello', 'Reply: Hello'],
    ['=?UTF-8?Q?Re=3A_Gr=C3=BC=C3=9Fe?=', 'Grüße'],
    ['Re: =?ISO-8859-1?Q?caf=E9?=', 'café'],
  ];
  it.each(cases)('reduces %j to %j', (subject, expected) => {
    expect(baseSubject(subject)).toBe(expected);
  });
});

describe('threadInfo', () => {
  it('reads Message-ID, In-Reply-To, References and the base subject', () => {
    const raw = Buffer.from(
      'Message-ID: <c@x>\r\nIn-Reply-To: <b@x> (sent by B)\r\n' +
        'References: <a@x>\r\n <b@x>\r\nSubject: Re: [team] Plan\r\n\r\nbody',
    );
    expect(threadInfo(raw, parseMessage(raw))).toEqual({
      messageId: '<c@x>',
      inReplyTo: '<b@x>',
      references: ['<a@x>', '<b@x>'],
      baseSubject: 'Plan',
    });
  });

  it('gives nulls and an empty list when the fields are missing', () => {
    const raw = Buffer.from('Subject: Hi\r\n\r\n');
    expect(threadInfo(raw, parseMessage(raw))).toEqual({
      messageId: null,
      inReplyTo: null,
      references: [],
      baseSubject: 'Hi',
    });
  });
});
