import { describeAppProcess, readGreeting } from '@mailstore/testing';
import { expect } from 'vitest';

describeAppProcess({
  app: 'imap',
  async probe({ host, port }) {
    // RFC 3501 section 7.1.1: the greeting is an untagged OK (or PREAUTH/BYE).
    expect(await readGreeting(host, port)).toMatch(/^\* OK /);
  },
});
