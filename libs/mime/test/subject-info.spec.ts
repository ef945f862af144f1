// Whether a subject is a reply or forward, as THREAD=REFERENCES step 5 asks (RFC 5256).
import { describe, expect, it } from 'vitest';
import { subjectInfo } from '@mailstore/mime';

describe('subjectInfo (RFC 5256 section 2.1)', () => {
  it.each([
    ['Hello', 'Hello', false],
    ['  Hello  world ', 'Hello world', false],
    ['[list] Hello', 'Hello', false],
    ['[list]', '[list]', false],
    ['Reply: Hello', 'Reply: Hello', false],
    ['', '', false],
    ['Re: Hello', 'Hello', true],
    ['Fw: Hello', 'Hello', true],
    ['FWD: Hello', 'Hello', true],
    ['Re[2]: Hello', 'Hello', true],
    ['[list] Re: Hello', 'Hello', true],
    ['Hello (fwd)', 'Hello', true],
    ['[Fwd: Hello]', 'Hello', true],
    ['=?UTF-8?Q?Re=3A_Gr=C3=BC=C3=9Fe?=', 'Grüße', true],
  ])('reduces %j to %j, reply or forward: %s', (subject, base, replyOrForward) => {
    expect(subjectInfo(subject)).toEqual({ baseSubject: base, replyOrForward });
  });
});
